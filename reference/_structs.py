"""Every C struct layout the reference relies on, for Linux x86_64 glibc only.

Offsets and sizes are checked by tests/reference/test_structs.py against the numbers measured with
C offsetof (MACHINE-FACTS.md). Nothing here may be used before _platform.check() has passed,
except utsname, which that check itself needs.
"""
import ctypes
import struct
from ctypes import c_char, c_int64, c_long, c_uint32, c_uint64

# <sys/utsname.h>: six fixed 65-byte fields (_UTSNAME_LENGTH), the same on every Linux ABI.
_UTSNAME_LENGTH = 65


class utsname(ctypes.Structure):
    _fields_ = [(name, c_char * _UTSNAME_LENGTH)
                for name in ('sysname', 'nodename', 'release', 'version', 'machine', 'domainname')]


class timespec(ctypes.Structure):
    """<bits/types/struct_timespec.h>: time_t and long, 16 bytes."""
    _fields_ = [('tv_sec', c_int64), ('tv_nsec', c_long)]


class stat(ctypes.Structure):
    """<bits/struct_stat.h> for x86_64 (not the generic one): 144 bytes, nlink before mode."""
    _fields_ = [
        ('st_dev', c_uint64),       # 0
        ('st_ino', c_uint64),       # 8
        ('st_nlink', c_uint64),     # 16
        ('st_mode', c_uint32),      # 24
        ('st_uid', c_uint32),       # 28
        ('st_gid', c_uint32),       # 32
        ('_pad0', c_uint32),        # 36
        ('st_rdev', c_uint64),      # 40
        ('st_size', c_int64),       # 48
        ('st_blksize', c_int64),    # 56
        ('st_blocks', c_int64),     # 64
        ('st_atim', timespec),      # 72
        ('st_mtim', timespec),      # 88
        ('st_ctim', timespec),      # 104
        ('_reserved', c_int64 * 3),  # 120
    ]


# The same layout as one struct.Struct: unpacking all fields in a single C call is several times
# cheaper than reading ctypes attributes one by one, and object construction dominates fstat.
# Field order: dev ino nlink mode uid gid rdev size blksize blocks
#              atime_sec atime_nsec mtime_sec mtime_nsec ctime_sec ctime_nsec
STAT_UNPACKER = struct.Struct('=QQQIII4xQqqqqqqqqq24x')


# --- Files and Directories: listing, scandir (dirent64) ---

class dirent64(ctypes.Structure):
    """<bits/dirent.h> struct dirent64 as readdir64(3) returns it: d_name is NUL-terminated.

    Offsets: d_ino 0, d_off 8, d_reclen 16 (u16), d_type 18 (u8), d_name 19 (MACHINE-FACTS.md).
    """
    _fields_ = [
        ('d_ino', c_uint64),              # 0
        ('d_off', c_int64),               # 8
        ('d_reclen', ctypes.c_uint16),    # 16
        ('d_type', ctypes.c_uint8),       # 18
        ('d_name', c_char * 256),         # 19
    ]


# <dirent.h> d_type values.
DT_UNKNOWN = 0
DT_FIFO = 1
DT_CHR = 2
DT_DIR = 4
DT_BLK = 6
DT_REG = 8
DT_LNK = 10
DT_SOCK = 12


# --- Process Management, Interface to the scheduler (sizes: glibc 2.36 x86_64, checked with C sizeof) ---

class sigset_t(ctypes.Structure):
    """<bits/types/__sigset_t.h>: 1024 bits, 128 bytes; filled only through sigemptyset/sigaddset."""
    _fields_ = [('__val', ctypes.c_ulong * 16)]


class sched_param(ctypes.Structure):
    """<bits/types/struct_sched_param.h>: one int, 4 bytes."""
    _fields_ = [('sched_priority', ctypes.c_int)]


class posix_spawn_file_actions_t(ctypes.Structure):
    """<spawn.h>: int __allocated, int __used, void *__actions, int __pad[16]; 80 bytes, opaque."""
    _fields_ = [('__allocated', ctypes.c_int), ('__used', ctypes.c_int),
                ('__actions', ctypes.c_void_p), ('__pad', ctypes.c_int * 16)]


class posix_spawnattr_t(ctypes.Structure):
    """<spawn.h>: short flags, pid_t pgrp, sigset_t sd, ss, sched_param, int policy, pad[16]; 336 bytes."""
    _fields_ = [('__flags', ctypes.c_short), ('__pgrp', ctypes.c_int),
                ('__sd', sigset_t), ('__ss', sigset_t), ('__sp', sched_param),
                ('__policy', ctypes.c_int), ('__pad', ctypes.c_int * 16)]


class tms(ctypes.Structure):
    """<sys/times.h>: four clock_t (long), 32 bytes."""
    _fields_ = [('tms_utime', c_long), ('tms_stime', c_long),
                ('tms_cutime', c_long), ('tms_cstime', c_long)]


class timeval(ctypes.Structure):
    """<bits/types/struct_timeval.h>: time_t and suseconds_t, 16 bytes."""
    _fields_ = [('tv_sec', c_int64), ('tv_usec', c_long)]


RUSAGE_LONGS = ('ru_maxrss', 'ru_ixrss', 'ru_idrss', 'ru_isrss', 'ru_minflt', 'ru_majflt',
                'ru_nswap', 'ru_inblock', 'ru_oublock', 'ru_msgsnd', 'ru_msgrcv', 'ru_nsignals',
                'ru_nvcsw', 'ru_nivcsw')


class rusage(ctypes.Structure):
    """<bits/types/struct_rusage.h>: two timevals then 14 longs, 144 bytes."""
    _fields_ = [('ru_utime', timeval), ('ru_stime', timeval)] + [(n, c_long) for n in RUSAGE_LONGS]


class siginfo_t(ctypes.Structure):
    """<bits/types/siginfo_t.h>, 128 bytes; only the SIGCHLD members waitid(2) fills are named.

    si_signo 0, si_errno 4, si_code 8, then the union at 16: si_pid 16, si_uid 20, si_status 24.
    """
    _fields_ = [('si_signo', ctypes.c_int), ('si_errno', ctypes.c_int), ('si_code', ctypes.c_int),
                ('_pad0', ctypes.c_int), ('si_pid', ctypes.c_int), ('si_uid', c_uint32),
                ('si_status', ctypes.c_int), ('_rest', ctypes.c_char * 100)]


# --- Files and Directories: statvfs ---
class statvfs(ctypes.Structure):
    """<bits/statvfs.h> for x86_64 (__WORDSIZE 64): 112 bytes, no __f_unused padding."""
    _fields_ = [
        ('f_bsize', c_uint64),      # 0   unsigned long
        ('f_frsize', c_uint64),     # 8   unsigned long
        ('f_blocks', c_uint64),     # 16  fsblkcnt64_t
        ('f_bfree', c_uint64),      # 24
        ('f_bavail', c_uint64),     # 32
        ('f_files', c_uint64),      # 40  fsfilcnt64_t
        ('f_ffree', c_uint64),      # 48
        ('f_favail', c_uint64),     # 56
        ('f_fsid', c_uint64),       # 64  unsigned long
        ('f_flag', c_uint64),       # 72  unsigned long
        ('f_namemax', c_uint64),    # 80  unsigned long
        ('_spare', ctypes.c_int * 6),  # 88
    ]


# --- File Descriptor Operations (beyond the core slice), terminals: iovec, winsize ---

class iovec(ctypes.Structure):
    """<bits/types/struct_iovec.h>: void *iov_base, size_t iov_len; 16 bytes."""
    _fields_ = [('iov_base', ctypes.c_void_p), ('iov_len', ctypes.c_size_t)]


class winsize(ctypes.Structure):
    """<bits/ioctl-types.h> struct winsize: four unsigned shorts, 8 bytes."""
    _fields_ = [('ws_row', ctypes.c_ushort), ('ws_col', ctypes.c_ushort),
                ('ws_xpixel', ctypes.c_ushort), ('ws_ypixel', ctypes.c_ushort)]

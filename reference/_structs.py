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

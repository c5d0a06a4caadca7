"""The libc handle, every C prototype the reference calls, and the single error chokepoint.

Each prototype is declared exactly once, below, with full argtypes/restype: ctypes' default
restype is c_int (truncates pointers) and undeclared arguments are passed as C int (truncates
off_t and size_t). The call policy at the end is the only code that reads errno, retries EINTR
and raises OSError from errno: every module calls libc through it.
"""
import ctypes
import sys
from ctypes import c_char_p, c_int, c_int64, c_long, c_size_t, c_ssize_t, c_uint, c_void_p
from ctypes import c_uint32  # Process Parameters block
from errno import EINTR

from . import _platform  # noqa: F401 -- refuses unsupported ABIs before any prototype is trusted
from ._structs import stat as _stat_struct
from ._structs import utsname as _utsname_struct
from ._structs import dirent64 as _dirent64_struct  # listing, scandir

libc = ctypes.CDLL(None, use_errno=True)
get_errno = ctypes.get_errno  # read by the call policy below only (tests/reference checks)


def _prototype(name, restype, *argtypes):
    """Return libc's `name` with its C signature declared."""
    func = getattr(libc, name)
    func.restype = restype
    func.argtypes = argtypes
    return func


_STAT_P = ctypes.POINTER(_stat_struct)
_INT_PAIR = c_int * 2

# The table: one line per libc function. off_t is int64, size_t/ssize_t as such, mode_t unsigned.
#                   name          restype    argtypes
openat = _prototype('openat', c_int, c_int, c_char_p, c_int, c_uint)  # variadic in C; fixed is fine on x86_64 SysV
read = _prototype('read', c_ssize_t, c_int, c_void_p, c_size_t)
write = _prototype('write', c_ssize_t, c_int, c_void_p, c_size_t)
pread = _prototype('pread64', c_ssize_t, c_int, c_void_p, c_size_t, c_int64)
pwrite = _prototype('pwrite64', c_ssize_t, c_int, c_void_p, c_size_t, c_int64)
close = _prototype('close', c_int, c_int)
getenv = _prototype('getenv', c_char_p, c_char_p)  # only for start-up settings: environ is read once
lseek = _prototype('lseek64', c_int64, c_int, c_int64, c_int)
fstat = _prototype('fstat', c_int, c_int, _STAT_P)  # exported since glibc 2.33 (MACHINE-FACTS)
dup2 = _prototype('dup2', c_int, c_int, c_int)
dup3 = _prototype('dup3', c_int, c_int, c_int, c_int)
pipe2 = _prototype('pipe2', c_int, _INT_PAIR, c_int)
fcntl = _prototype('fcntl', c_int, c_int, c_int, c_long)  # variadic; the third argument is an int or unused
isatty = _prototype('isatty', c_int, c_int)
fsync = _prototype('fsync', c_int, c_int)
fdatasync = _prototype('fdatasync', c_int, c_int)
ftruncate = _prototype('ftruncate64', c_int, c_int, c_int64)
sysconf = _prototype('sysconf', c_long, c_int)
strerror = _prototype('strerror', c_char_p, c_int)
# close_range(2) has a glibc wrapper since 2.34; older glibc falls back to a loop in closerange.
close_range = (_prototype('close_range', c_int, c_uint, c_uint, c_int)
               if hasattr(libc, 'close_range') else None)

# --- Files and Directories: paths, permissions, links, stat family, statvfs, utime ---
# (dev_t, uid_t/gid_t as u64/u32; path arguments are char * and may be NULL like CPython's path_t.)
from ._structs import statvfs as _statvfs_struct, timespec as _timespec  # noqa: E402

_STATVFS_P = ctypes.POINTER(_statvfs_struct)
TIMESPEC_PAIR = _timespec * 2
faccessat = _prototype('faccessat', c_int, c_int, c_char_p, c_int, c_int)
chdir = _prototype('chdir', c_int, c_char_p)
fchdir = _prototype('fchdir', c_int, c_int)
getcwd = _prototype('getcwd', c_void_p, c_char_p, c_size_t)
chroot = _prototype('chroot', c_int, c_char_p)
chmod = _prototype('chmod', c_int, c_char_p, c_uint)
fchmod = _prototype('fchmod', c_int, c_int, c_uint)
fchmodat = _prototype('fchmodat', c_int, c_int, c_char_p, c_uint, c_int)
chown = _prototype('chown', c_int, c_char_p, c_uint, c_uint)
lchown = _prototype('lchown', c_int, c_char_p, c_uint, c_uint)
fchown = _prototype('fchown', c_int, c_int, c_uint, c_uint)
fchownat = _prototype('fchownat', c_int, c_int, c_char_p, c_uint, c_uint, c_int)
link = _prototype('link', c_int, c_char_p, c_char_p)
linkat = _prototype('linkat', c_int, c_int, c_char_p, c_int, c_char_p, c_int)
symlinkat = _prototype('symlinkat', c_int, c_char_p, c_int, c_char_p)
readlinkat = _prototype('readlinkat', c_ssize_t, c_int, c_char_p, c_char_p, c_size_t)
unlinkat = _prototype('unlinkat', c_int, c_int, c_char_p, c_int)
renameat = _prototype('renameat', c_int, c_int, c_char_p, c_int, c_char_p)
mkdirat = _prototype('mkdirat', c_int, c_int, c_char_p, c_uint)
mkfifoat = _prototype('mkfifoat', c_int, c_int, c_char_p, c_uint)
mknodat = _prototype('mknodat', c_int, c_int, c_char_p, c_uint, ctypes.c_uint64)
gnu_dev_major = _prototype('gnu_dev_major', c_uint, ctypes.c_uint64)
gnu_dev_minor = _prototype('gnu_dev_minor', c_uint, ctypes.c_uint64)
gnu_dev_makedev = _prototype('gnu_dev_makedev', ctypes.c_uint64, c_uint, c_uint)
truncate = _prototype('truncate64', c_int, c_char_p, c_int64)
sync = _prototype('sync', None)
fstatat = _prototype('fstatat', c_int, c_int, c_char_p, _STAT_P, c_int)  # glibc >= 2.33
statvfs = _prototype('statvfs64', c_int, c_char_p, _STATVFS_P)
fstatvfs = _prototype('fstatvfs64', c_int, c_int, _STATVFS_P)
utimensat = _prototype('utimensat', c_int, c_int, c_char_p, ctypes.c_void_p, c_int)
futimens = _prototype('futimens', c_int, c_int, ctypes.c_void_p)
pathconf = _prototype('pathconf', c_long, c_char_p, c_int)
fpathconf = _prototype('fpathconf', c_long, c_int, c_int)

# --- Files and Directories: listing, scandir, walking; Linux extended attributes ---
# DIR * is an opaque pointer (c_void_p: never the default c_int, which truncates it); readdir64
# returns a pointer into the DIR's buffer, valid until the next readdir64/closedir.
_DIRENT64_P = ctypes.POINTER(_dirent64_struct)
opendir = _prototype('opendir', c_void_p, c_char_p)
fdopendir = _prototype('fdopendir', c_void_p, c_int)
readdir64 = _prototype('readdir64', _DIRENT64_P, c_void_p)
rewinddir = _prototype('rewinddir', None, c_void_p)
closedir = _prototype('closedir', c_int, c_void_p)
# xattr(7) family, <sys/xattr.h>: value buffers are void *, sizes size_t, results ssize_t.
getxattr = _prototype('getxattr', c_ssize_t, c_char_p, c_char_p, c_void_p, c_size_t)
lgetxattr = _prototype('lgetxattr', c_ssize_t, c_char_p, c_char_p, c_void_p, c_size_t)
fgetxattr = _prototype('fgetxattr', c_ssize_t, c_int, c_char_p, c_void_p, c_size_t)
setxattr = _prototype('setxattr', c_int, c_char_p, c_char_p, c_char_p, c_size_t, c_int)
lsetxattr = _prototype('lsetxattr', c_int, c_char_p, c_char_p, c_char_p, c_size_t, c_int)
fsetxattr = _prototype('fsetxattr', c_int, c_int, c_char_p, c_char_p, c_size_t, c_int)
listxattr = _prototype('listxattr', c_ssize_t, c_char_p, c_void_p, c_size_t)
llistxattr = _prototype('llistxattr', c_ssize_t, c_char_p, c_void_p, c_size_t)
flistxattr = _prototype('flistxattr', c_ssize_t, c_int, c_void_p, c_size_t)
removexattr = _prototype('removexattr', c_int, c_char_p, c_char_p)
lremovexattr = _prototype('lremovexattr', c_int, c_char_p, c_char_p)
fremovexattr = _prototype('fremovexattr', c_int, c_int, c_char_p)

# --- Process Parameters, Miscellaneous System Information, Random numbers ---
# uid_t/gid_t are unsigned 32-bit, pid_t int, id_t unsigned int (<bits/typesizes.h>).
_ID_P = ctypes.POINTER(c_uint32)
environ = ctypes.POINTER(c_char_p).in_dll(libc, 'environ')  # char **environ: read it, never write it
setenv = _prototype('setenv', c_int, c_char_p, c_char_p, c_int)
unsetenv = _prototype('unsetenv', c_int, c_char_p)
putenv = _prototype('putenv', c_int, c_void_p)  # keeps the pointer: the caller keeps the buffer alive
getuid = _prototype('getuid', c_uint32)
geteuid = _prototype('geteuid', c_uint32)
getgid = _prototype('getgid', c_uint32)
getegid = _prototype('getegid', c_uint32)
setuid = _prototype('setuid', c_int, c_uint32)
seteuid = _prototype('seteuid', c_int, c_uint32)
setgid = _prototype('setgid', c_int, c_uint32)
setegid = _prototype('setegid', c_int, c_uint32)
setreuid = _prototype('setreuid', c_int, c_uint32, c_uint32)
setregid = _prototype('setregid', c_int, c_uint32, c_uint32)
setresuid = _prototype('setresuid', c_int, c_uint32, c_uint32, c_uint32)
setresgid = _prototype('setresgid', c_int, c_uint32, c_uint32, c_uint32)
getresuid = _prototype('getresuid', c_int, _ID_P, _ID_P, _ID_P)
getresgid = _prototype('getresgid', c_int, _ID_P, _ID_P, _ID_P)
getgroups = _prototype('getgroups', c_int, c_int, _ID_P)
setgroups = _prototype('setgroups', c_int, c_size_t, _ID_P)
getgrouplist = _prototype('getgrouplist', c_int, c_char_p, c_uint32, _ID_P, ctypes.POINTER(c_int))
initgroups = _prototype('initgroups', c_int, c_char_p, c_uint32)
getlogin = _prototype('getlogin', c_char_p)
getpid = _prototype('getpid', c_int)
getppid = _prototype('getppid', c_int)
getpgid = _prototype('getpgid', c_int, c_int)
getpgrp = _prototype('getpgrp', c_int)
setpgid = _prototype('setpgid', c_int, c_int, c_int)
getsid = _prototype('getsid', c_int, c_int)
setsid = _prototype('setsid', c_int)
getpriority = _prototype('getpriority', c_int, c_int, c_uint)  # -1 is a valid result: reset errno first
setpriority = _prototype('setpriority', c_int, c_int, c_uint, c_int)
umask = _prototype('umask', c_uint, c_uint)
uname = _prototype('uname', c_int, ctypes.POINTER(_utsname_struct))
ctermid = _prototype('ctermid', c_void_p, c_char_p)
confstr = _prototype('confstr', c_size_t, c_int, c_void_p, c_size_t)  # 0 with errno unchanged: no value
getloadavg = _prototype('getloadavg', c_int, ctypes.POINTER(ctypes.c_double), c_int)
getrandom = _prototype('getrandom', c_ssize_t, c_void_p, c_size_t, c_uint)  # glibc >= 2.25
set_errno = ctypes.set_errno  # likewise


# --- File Descriptor Operations (beyond the core slice), File Object Creation, terminals ---
# iovec arrays are passed as void * (a pointer to the first element); pid_t is int; variadic
# ioctl is declared with its pointer argument (fine on x86_64 SysV, see MACHINE-FACTS.md).
from ._structs import winsize as _winsize_struct  # noqa: E402

_WINSIZE_P = ctypes.POINTER(_winsize_struct)
_FDOPS_OFF_P = ctypes.POINTER(c_int64)
_FDOPS_INT_P = ctypes.POINTER(c_int)
readv = _prototype('readv', c_ssize_t, c_int, c_void_p, c_int)
writev = _prototype('writev', c_ssize_t, c_int, c_void_p, c_int)
preadv2 = _prototype('preadv64v2', c_ssize_t, c_int, c_void_p, c_int, c_int64, c_int)  # glibc >= 2.26
pwritev2 = _prototype('pwritev64v2', c_ssize_t, c_int, c_void_p, c_int, c_int64, c_int)
sendfile = _prototype('sendfile64', c_ssize_t, c_int, c_int, _FDOPS_OFF_P, c_size_t)
lockf = _prototype('lockf64', c_int, c_int, c_int, c_int64)
posix_fallocate = _prototype('posix_fallocate64', c_int, c_int, c_int64, c_int64)  # returns an errno
posix_fadvise = _prototype('posix_fadvise64', c_int, c_int, c_int64, c_int64, c_int)  # returns an errno
nl_langinfo = _prototype('nl_langinfo', c_char_p, c_int)
tcgetpgrp = _prototype('tcgetpgrp', c_int, c_int)
tcsetpgrp = _prototype('tcsetpgrp', c_int, c_int, c_int)
ttyname = _prototype('ttyname', c_char_p, c_int)  # static buffer: CPython 3.8 calls this one
ttyname_r = _prototype('ttyname_r', c_int, c_int, c_void_p, c_size_t)  # returns an errno
ioctl_winsize = _prototype('ioctl', c_int, c_int, ctypes.c_ulong, _WINSIZE_P)
# openpty moved from libutil into libc in glibc 2.34.
_libutil = libc if hasattr(libc, 'openpty') else ctypes.CDLL('libutil.so.1', use_errno=True)
openpty = _libutil.openpty
openpty.restype = c_int
openpty.argtypes = (_FDOPS_INT_P, _FDOPS_INT_P, c_char_p, c_void_p, c_void_p)

# --- Process Management, Interface to the scheduler ---
# fork and forkpty must run with the GIL held (PyDLL does not release it): a fork while another
# thread owns the GIL would leave the child waiting for a lock whose owner does not exist there.
# PyPy's ctypes has no PyDLL; there the plain handle is the only one (see process_management.fork).
from . import _structs as _pm_structs  # noqa: E402 -- this block's structs
pylibc = ctypes.PyDLL(None, use_errno=True) if hasattr(ctypes, 'PyDLL') else libc
_CHAR_PP = ctypes.POINTER(c_char_p)
_SIGSET_P = ctypes.POINTER(_pm_structs.sigset_t)
_SCHED_PARAM_P = ctypes.POINTER(_pm_structs.sched_param)
_FA_P = ctypes.POINTER(_pm_structs.posix_spawn_file_actions_t)
_ATTR_P = ctypes.POINTER(_pm_structs.posix_spawnattr_t)
_PID_P = ctypes.POINTER(c_int)


def _gil_prototype(name, restype, *argtypes):
    """Return `name` from the GIL-holding handle, with its C signature declared."""
    func = getattr(pylibc, name)
    func.restype = restype
    func.argtypes = argtypes
    return func


fork = _gil_prototype('fork', c_int)
forkpty = _gil_prototype('forkpty', c_int, _PID_P, c_char_p, c_void_p, c_void_p)  # libc since 2.34
abort = _prototype('abort', None)
_exit = _prototype('_exit', None, c_int)
execv = _prototype('execv', c_int, c_char_p, _CHAR_PP)
execve = _prototype('execve', c_int, c_char_p, _CHAR_PP, _CHAR_PP)
fexecve = _prototype('fexecve', c_int, c_int, _CHAR_PP, _CHAR_PP)
kill = _prototype('kill', c_int, c_int, c_int)
killpg = _prototype('killpg', c_int, c_int, c_int)
nice = _prototype('nice', c_int, c_int)  # -1 is a valid result: reset errno first
system = _prototype('system', c_int, c_char_p)
times = _prototype('times', c_long, ctypes.POINTER(_pm_structs.tms))
wait = _prototype('wait', c_int, _PID_P)
waitpid = _prototype('waitpid', c_int, c_int, _PID_P, c_int)
wait3 = _prototype('wait3', c_int, _PID_P, c_int, ctypes.POINTER(_pm_structs.rusage))
wait4 = _prototype('wait4', c_int, c_int, _PID_P, c_int, ctypes.POINTER(_pm_structs.rusage))
waitid = _prototype('waitid', c_int, c_int, c_uint, ctypes.POINTER(_pm_structs.siginfo_t), c_int)
sigemptyset = _prototype('sigemptyset', c_int, _SIGSET_P)
sigaddset = _prototype('sigaddset', c_int, _SIGSET_P, c_int)
# posix_spawn(3) and helpers return an error number instead of setting errno.
posix_spawn = _prototype('posix_spawn', c_int, _PID_P, c_char_p, _FA_P, _ATTR_P, _CHAR_PP, _CHAR_PP)
posix_spawnp = _prototype('posix_spawnp', c_int, _PID_P, c_char_p, _FA_P, _ATTR_P, _CHAR_PP, _CHAR_PP)
posix_spawn_file_actions_init = _prototype('posix_spawn_file_actions_init', c_int, _FA_P)
posix_spawn_file_actions_destroy = _prototype('posix_spawn_file_actions_destroy', c_int, _FA_P)
posix_spawn_file_actions_addopen = _prototype('posix_spawn_file_actions_addopen', c_int, _FA_P,
                                              c_int, c_char_p, c_int, c_uint)
posix_spawn_file_actions_addclose = _prototype('posix_spawn_file_actions_addclose', c_int, _FA_P, c_int)
posix_spawn_file_actions_adddup2 = _prototype('posix_spawn_file_actions_adddup2', c_int, _FA_P,
                                              c_int, c_int)
posix_spawn_file_actions_addclosefrom_np = (  # glibc >= 2.34
    _prototype('posix_spawn_file_actions_addclosefrom_np', c_int, _FA_P, c_int)
    if hasattr(libc, 'posix_spawn_file_actions_addclosefrom_np') else None)
posix_spawnattr_init = _prototype('posix_spawnattr_init', c_int, _ATTR_P)
posix_spawnattr_destroy = _prototype('posix_spawnattr_destroy', c_int, _ATTR_P)
posix_spawnattr_setflags = _prototype('posix_spawnattr_setflags', c_int, _ATTR_P, ctypes.c_short)
posix_spawnattr_setpgroup = _prototype('posix_spawnattr_setpgroup', c_int, _ATTR_P, c_int)
posix_spawnattr_setsigmask = _prototype('posix_spawnattr_setsigmask', c_int, _ATTR_P, _SIGSET_P)
posix_spawnattr_setsigdefault = _prototype('posix_spawnattr_setsigdefault', c_int, _ATTR_P, _SIGSET_P)
posix_spawnattr_setschedpolicy = _prototype('posix_spawnattr_setschedpolicy', c_int, _ATTR_P, c_int)
posix_spawnattr_setschedparam = _prototype('posix_spawnattr_setschedparam', c_int, _ATTR_P,
                                           _SCHED_PARAM_P)
sched_get_priority_min = _prototype('sched_get_priority_min', c_int, c_int)
sched_get_priority_max = _prototype('sched_get_priority_max', c_int, c_int)
sched_setscheduler = _prototype('sched_setscheduler', c_int, c_int, c_int, _SCHED_PARAM_P)
sched_getscheduler = _prototype('sched_getscheduler', c_int, c_int)
sched_setparam = _prototype('sched_setparam', c_int, c_int, _SCHED_PARAM_P)
sched_getparam = _prototype('sched_getparam', c_int, c_int, _SCHED_PARAM_P)
sched_rr_get_interval = _prototype('sched_rr_get_interval', c_int, c_int, ctypes.POINTER(_pm_structs.timespec))
sched_yield = _prototype('sched_yield', c_int)
sched_setaffinity = _prototype('sched_setaffinity', c_int, c_int, c_size_t, c_void_p)
sched_getaffinity = _prototype('sched_getaffinity', c_int, c_int, c_size_t, c_void_p)
# The interpreter's own fork bookkeeping (CPython 3.7+): import lock, threading, register_at_fork.
if hasattr(ctypes, 'pythonapi'):
    PyOS_BeforeFork = ctypes.pythonapi.PyOS_BeforeFork
    PyOS_AfterFork_Parent = ctypes.pythonapi.PyOS_AfterFork_Parent
    PyOS_AfterFork_Child = ctypes.pythonapi.PyOS_AfterFork_Child
    for _func in (PyOS_BeforeFork, PyOS_AfterFork_Parent, PyOS_AfterFork_Child):
        _func.restype = None
        _func.argtypes = ()
    del _func
else:  # PyPy
    PyOS_BeforeFork = PyOS_AfterFork_Parent = PyOS_AfterFork_Child = None
# --- end Process Management, Interface to the scheduler ---

# --- Bare prototypes and scratch buffers: the fast paths' calls only ---
# The same functions through a second handle, without argtypes: ctypes' per-argument converters
# cost 0.1-0.3 us a call, a third of a stat. Without argtypes ctypes passes bytes as char *, a
# ctypes array as a pointer to its first byte, and an int as a C int, which libffi sign-extends
# to the 64-bit register on x86_64 SysV (the only ABI _platform accepts): a size_t or off_t
# argument is exact for values in C int range, and the guarded callers pass no other.
# PyPy is the other way round: its ctypes guesses the types of undeclared arguments on every call
# (measured: getpid 46 us bare, 0.3 us declared), so there the same prototypes declare them.
_bare = ctypes.CDLL(None, use_errno=True)
_DECLARE_BARE_ARGTYPES = sys.implementation.name != 'cpython'


def _bare_prototype(name, restype, *argtypes):
    """Return libc's `name` from the bare handle, with its result type declared (and its
    argument types, where undeclared ones cost more: off CPython)."""
    func = getattr(_bare, name)
    func.restype = restype
    if _DECLARE_BARE_ARGTYPES:
        func.argtypes = argtypes
    return func


bare_fstatat = _bare_prototype('fstatat', c_int, c_int, c_char_p, c_void_p, c_int)
bare_fstat = _bare_prototype('fstat', c_int, c_int, c_void_p)
bare_openat = _bare_prototype('openat', c_int, c_int, c_char_p, c_int)
bare_close = _bare_prototype('close', c_int, c_int)
bare_read = _bare_prototype('read', c_ssize_t, c_int, c_void_p, c_size_t)
bare_pread = _bare_prototype('pread64', c_ssize_t, c_int, c_void_p, c_size_t, c_int64)
bare_write = _bare_prototype('write', c_ssize_t, c_int, c_void_p, c_size_t)
bare_getdents64 = _bare_prototype('getdents64', c_ssize_t, c_int, c_void_p, c_size_t)  # glibc >= 2.30
bare_getrandom = _bare_prototype('getrandom', c_ssize_t, c_void_p, c_size_t, c_uint)
bare_getpid = _bare_prototype('getpid', c_int)
bare_setenv = _bare_prototype('setenv', c_int, c_char_p, c_char_p, c_int)

# CPython's ctypes passes a bytes argument as a pointer to the object's own storage, so a call
# can fill a new bytes object (nobody else sees it yet) and it is returned without a copy.
# PyPy passes a copy, which a call would leave unchanged.
FILLS_BYTES = sys.implementation.name == 'cpython'

# Scratch buffers for one call each (struct stat, small reads, directory chunks): a pool popped and
# pushed, both atomic under the GIL, so another thread or a signal handler that runs in the middle
# of a call takes another buffer, never this one. Not per-thread buffers for that reason.
# What take() hands out is what the bare prototypes take best: on CPython the c_char array itself;
# on PyPy its address, an int, since there converting an array argument costs 16 us a call and
# slicing one 200 ns a byte (measured), while string_at copies 4 KiB in 1 us. Read a buffer's
# bytes with bytes_at(buf, count) and unpack a struct from it with unpacker_from(struct).
_PASS_ADDRESSES = _DECLARE_BARE_ARGTYPES


class _Pool(object):
    """Reusable buffers of `size` bytes: take() one, give(it) back when done."""

    def __init__(self, size):
        self.size = size
        self._new = ctypes.c_char * size
        self._kept = []  # PyPy: the arrays behind the addresses handed out
        free = []
        self._pop = free.pop
        self.give = free.append

    def take(self):
        try:
            return self._pop()
        except IndexError:
            buf = self._new()
            if not _PASS_ADDRESSES:
                return buf
            self._kept.append(buf)
            return ctypes.addressof(buf)


SCRATCH = _Pool(1 << 16)

if _PASS_ADDRESSES:
    bytes_at = ctypes.string_at

    def unpacker_from(layout):
        """The struct.Struct layout's unpack of a scratch buffer (an address here)."""
        unpack, size, string_at = layout.unpack, layout.size, ctypes.string_at
        return lambda address: unpack(string_at(address, size))
else:
    def bytes_at(buf, count):
        """The first count bytes of a scratch buffer (a c_char array's slice is bytes)."""
        return buf[:count]

    def unpacker_from(layout):
        """The struct.Struct layout's unpack of a scratch buffer."""
        return layout.unpack_from


_ENCODING = sys.getfilesystemencoding()
_ERRORS = sys.getfilesystemencodeerrors()


def error_message(err):
    """Return the text CPython puts in OSError for errno `err` (libc strerror; 'Error' for 0)."""
    if err == 0:
        return 'Error'  # CPython's PyErr_SetFromErrno special case
    return strerror(err).decode(_ENCODING, _ERRORS)


def raise_oserror(err, filename=None, filename2=None):
    """The chokepoint: raise OSError(err, strerror, filename[, None, filename2]).

    OSError itself picks the subclass (FileNotFoundError, ...) from err.
    """
    if filename2 is not None:
        raise OSError(err, error_message(err), filename, None, filename2)
    if filename is not None:
        raise OSError(err, error_message(err), filename)
    raise OSError(err, error_message(err))


# --- The call policy: the only code that reads errno, retries EINTR and raises from errno ---
# Every module calls libc through one of these, choosing by what a failure looks like:
#   check          -1 means failure, and CPython does not retry the call (stat, close, kill, ...)
#   retry          -1 means failure, EINTR is retried (PEP 475: read, write, open, waitid, ...)
#   retry_errno_result   the function returns an errno itself (posix_fallocate, posix_fadvise)
#   call_reporting_errno -1 or NULL can be a valid result (getpriority, sysconf, readdir): errno
#                  is cleared first and returned with the result, for the caller to judge
#   raise_errno    a failure signalled otherwise (a NULL pointer): raise from errno now
#   raise_unless   a failure whose errno the caller handles when it is one value (ERANGE: grow
#                  the buffer; EINVAL: a larger CPU set)
#   raise_unless_interrupted   a fast path's bare call failed: EINTR sends the caller the
#                  faithful way, which retries

def check(result, filename=None, filename2=None):
    """Return result unless it is -1, in which case raise OSError from errno."""
    if result == -1:
        raise_oserror(get_errno(), filename, filename2)
    return result


def retry(func, *args, filename=None, filename2=None):
    """Call func(*args) until it stops failing with EINTR (PEP 475); raise OSError on failure.

    Pending Python signal handlers run between the loop's bytecodes, so a handler that raises
    ends the loop with its exception, as PyErr_CheckSignals does in CPython.
    """
    while True:
        result = func(*args)
        if result != -1:
            return result
        err = get_errno()
        if err != EINTR:
            raise_oserror(err, filename, filename2)


def retry_errno_result(func, *args):
    """Call a function that returns an errno (0 for success), retrying EINTR; raise OSError."""
    while True:
        result = func(*args)
        if result == 0:
            return
        if result != EINTR:
            raise_oserror(result)


def call_reporting_errno(func, *args):
    """Return (func(*args), the errno it set): errno is cleared first, so 0 means it set none."""
    set_errno(0)
    result = func(*args)
    return result, get_errno()


def raise_errno(filename=None, filename2=None):
    """Raise OSError from the errno the call that just failed left."""
    raise_oserror(get_errno(), filename, filename2)


def raise_unless(tolerated, filename=None, filename2=None):
    """After a failed call: return if it failed with errno `tolerated`, else raise OSError."""
    err = get_errno()
    if err != tolerated:
        raise_oserror(err, filename, filename2)


def raise_unless_interrupted(filename=None):
    """After a fast path's failed call: return if a signal interrupted it (the caller then takes
    the faithful path, which retries), else raise OSError."""
    raise_unless(EINTR, filename)

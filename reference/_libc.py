"""The libc handle, every C prototype the reference calls, and the single error chokepoint.

Each prototype is declared exactly once, below, with full argtypes/restype: ctypes' default
restype is c_int (truncates pointers) and undeclared arguments are passed as C int (truncates
off_t and size_t). errno is read with ctypes.get_errno() only after a failure return.
"""
import ctypes
import sys
from ctypes import c_char_p, c_int, c_int64, c_long, c_size_t, c_ssize_t, c_uint, c_void_p
from errno import EINTR

from . import _platform  # noqa: F401 -- refuses unsupported ABIs before any prototype is trusted
from ._structs import stat as _stat_struct

libc = ctypes.CDLL(None, use_errno=True)
get_errno = ctypes.get_errno


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

# --- Files and Directories: listing, scandir, walking; Linux extended attributes ---

# --- Process Parameters, Miscellaneous System Information, Random numbers ---

# --- File Descriptor Operations (beyond the core slice), File Object Creation, terminals ---

# --- Process Management, Interface to the scheduler ---

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


def check(result, filename=None):
    """Return result unless it is -1, in which case raise OSError from errno."""
    if result == -1:
        raise_oserror(get_errno(), filename)
    return result


def retry(func, *args, filename=None):
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
            raise_oserror(err, filename)

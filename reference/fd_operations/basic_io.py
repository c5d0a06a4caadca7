"""Spec section "File Descriptor Operations": open, read, write, close, lseek, dup, pipe, fstat, the
blocking flag, sync and truncate calls, device_encoding, lockf, posix_fallocate/posix_fadvise, and
the O_*, SEEK_*, F_* and POSIX_FADV_* constants."""
import ctypes
import sys
from errno import EINVAL

from .. import _convert, _libc
from .._pathargs import Path
from .._structs import STAT_UNPACKER, stat as _stat_struct
from ..files_and_directories import make_stat_result
from ..files_and_directories.stat_results import stat_result_from_buffer

__all__ = [
    'open', 'read', 'write', 'close', 'closerange', 'lseek', 'pread', 'pwrite', 'fstat',
    'dup', 'dup2', 'pipe', 'pipe2',
    'get_blocking', 'set_blocking', 'isatty', 'fsync', 'fdatasync', 'ftruncate',
    'SEEK_SET', 'SEEK_CUR', 'SEEK_END', 'SEEK_DATA', 'SEEK_HOLE',
]

from .._version import PREAD_LENGTH_SSIZE_T
from .._version import (DEVICE_ENCODING_UTF8_MODE, DUP2_NEGATIVE_FDS_REACH_LIBC, O_FSYNC_DEFINED,
                        SET_BLOCKING_TAKES_BOOL, UTF8_MODE_ENCODING_LOWER_CASE)

# open(2) flags, Linux x86_64 values from <asm-generic/fcntl.h> via <bits/fcntl-linux.h>.
O_RDONLY = 0o0
O_WRONLY = 0o1
O_RDWR = 0o2
O_ACCMODE = 0o3
O_CREAT = 0o100
O_EXCL = 0o200
O_NOCTTY = 0o400
O_TRUNC = 0o1000
O_APPEND = 0o2000
O_NONBLOCK = 0o4000
O_NDELAY = O_NONBLOCK  # <bits/fcntl-linux.h>: an alias
O_DSYNC = 0o10000
O_ASYNC = 0o20000
O_DIRECT = 0o40000
O_LARGEFILE = 0  # <bits/fcntl-linux.h> on 64-bit: off_t is already 64 bits, so the flag is 0
O_DIRECTORY = 0o200000
O_NOFOLLOW = 0o400000
O_NOATIME = 0o1000000
O_CLOEXEC = 0o2000000
O_SYNC = 0o4010000  # __O_SYNC | O_DSYNC
O_RSYNC = O_SYNC  # <bits/fcntl-linux.h>: Linux implements O_RSYNC as O_SYNC
O_PATH = 0o10000000
O_TMPFILE = 0o20200000  # __O_TMPFILE | O_DIRECTORY
_OPEN_FLAGS = ['O_RDONLY', 'O_WRONLY', 'O_RDWR', 'O_ACCMODE', 'O_CREAT', 'O_EXCL', 'O_NOCTTY',
               'O_TRUNC', 'O_APPEND', 'O_NONBLOCK', 'O_NDELAY', 'O_DSYNC', 'O_ASYNC', 'O_DIRECT',
               'O_LARGEFILE', 'O_DIRECTORY', 'O_NOFOLLOW', 'O_NOATIME', 'O_CLOEXEC', 'O_SYNC',
               'O_RSYNC', 'O_PATH', 'O_TMPFILE']
if O_FSYNC_DEFINED:
    O_FSYNC = O_SYNC
    _OPEN_FLAGS.append('O_FSYNC')
__all__ += _OPEN_FLAGS

# lseek whence values, <unistd.h> and <linux/fs.h>.
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
SEEK_DATA = 3
SEEK_HOLE = 4

# fcntl(2) commands and flags, <bits/fcntl-linux.h>; not exported by os, used internally.
_F_DUPFD_CLOEXEC = 1030
_F_GETFL = 3
_F_SETFL = 4
_SC_OPEN_MAX = 4  # <bits/confname.h>

# The fast paths (exact int fds in C int range, bytes data, no dir_fd) call the bare prototypes
# with scratch buffers; anything else, and EINTR, goes the faithful way (_libc.py says why).
_INT_MIN, _INT_MAX = _convert.INT_MIN, _convert.INT_MAX
_FS_ENCODING, _FS_ERRORS = _convert.FS_ENCODING, _convert.FS_ERRORS
_SCRATCH = _libc.SCRATCH


def open(path, flags, mode=0o777, *, dir_fd=None):
    """Open the file path with flags and mode (masked by umask); return a non-inheritable fd."""
    if (type(path) is str and type(flags) is int and type(mode) is int and dir_fd is None
            and _INT_MIN <= flags <= _INT_MAX and 0 <= mode <= _INT_MAX):
        encoded = path.encode(_FS_ENCODING, _FS_ERRORS)
        if _convert.NUL not in encoded:
            fd = _libc.bare_openat(_convert.AT_FDCWD, encoded, flags | O_CLOEXEC, mode)
            if fd >= 0:
                return fd
            _libc.raise_unless_interrupted(path)
    return faithful_open(path, flags, mode, dir_fd=dir_fd)


def faithful_open(path, flags, mode=0o777, *, dir_fd=None):
    """open() for every argument."""
    path = Path(path, 'open')
    flags = _convert.c_int(flags)
    mode = _convert.c_int(mode)
    dir_fd = _convert.dir_fd(dir_fd)
    return _libc.retry(_libc.openat, dir_fd, path.narrow, flags | O_CLOEXEC, mode & 0xFFFFFFFF,
                       filename=path.object)


def read(fd, length, /):
    """Read at most length bytes from fd; return them as bytes (b'' at end of file)."""
    if type(fd) is int and type(length) is int and _INT_MIN <= fd <= _INT_MAX:
        if _libc.FILLS_BYTES and 0 < length <= _INT_MAX:
            # As posixmodule.c's os.read: into a new bytes object, returned as it is when full.
            data = bytes(length)
            count = _libc.bare_read(fd, data, length)
            if count == length:
                return data
            if count >= 0:
                return data[:count]
            _libc.raise_unless_interrupted()
        elif 0 <= length <= _SCRATCH.size:
            buf = _SCRATCH.take()
            try:
                count = _libc.bare_read(fd, buf, length)
                if count >= 0:
                    return _libc.bytes_at(buf, count)
                _libc.raise_unless_interrupted()
            finally:
                _SCRATCH.give(buf)
    return faithful_read(fd, length)


def faithful_read(fd, length):
    """read() for every argument."""
    fd = _convert.c_int(fd)
    length = _convert.c_ssize_t(length)
    if length < 0:
        _libc.raise_oserror(EINVAL)
    buf = ctypes.create_string_buffer(length)  # like CPython, allocate before the call
    count = _libc.retry(_libc.read, fd, buf, length)
    return ctypes.string_at(buf, count)


def write(fd, data, /):
    """Write the bytes-like data to fd; return the number of bytes actually written."""
    if type(fd) is int and type(data) is bytes and _INT_MIN <= fd <= _INT_MAX and 0 < len(data) <= _INT_MAX:
        if _libc.FILLS_BYTES:
            count = _libc.bare_write(fd, data, len(data))
        else:  # PyPy converts a bytes argument byte by byte; a bytearray copy is one memcpy
            copy = bytearray(data)
            count = _libc.bare_write(fd, ctypes.addressof(ctypes.c_char.from_buffer(copy)), len(data))
        if count >= 0:
            return count
        _libc.raise_unless_interrupted()
    return faithful_write(fd, data)


def faithful_write(fd, data):
    """write() for every argument."""
    fd = _convert.c_int(fd)
    data = _convert.buffer(data)
    return _libc.retry(_libc.write, fd, data, len(data))


def pread(fd, length, offset, /):
    """Read at most length bytes at offset without moving fd's file offset; return bytes."""
    if (type(fd) is int and type(length) is int and type(offset) is int
            and _INT_MIN <= fd <= _INT_MAX and 0 <= length <= _INT_MAX
            and _INT_MIN <= offset <= _INT_MAX):
        if _libc.FILLS_BYTES and length:
            data = bytes(length)  # as read()
            count = _libc.bare_pread(fd, data, length, offset)
            if count == length:
                return data
            if count >= 0:
                return data[:count]
            _libc.raise_unless_interrupted()
        elif length <= _SCRATCH.size:
            buf = _SCRATCH.take()
            try:
                count = _libc.bare_pread(fd, buf, length, offset)
                if count >= 0:
                    return _libc.bytes_at(buf, count)
                _libc.raise_unless_interrupted()
            finally:
                _SCRATCH.give(buf)
    return faithful_pread(fd, length, offset)


def faithful_pread(fd, length, offset):
    """pread() for every argument."""
    fd = _convert.c_int(fd)
    # 3.9 made length a Py_ssize_t; 3.8 converts it as a C int.
    length = _convert.c_ssize_t(length) if PREAD_LENGTH_SSIZE_T else _convert.c_int(length)
    offset = _convert.c_off_t(offset)
    if length < 0:
        _libc.raise_oserror(EINVAL)
    buf = ctypes.create_string_buffer(length)
    count = _libc.retry(_libc.pread, fd, buf, length, offset)
    return ctypes.string_at(buf, count)


def pwrite(fd, buffer, offset, /):
    """Write the bytes-like buffer to fd at offset without moving the file offset; return count."""
    fd = _convert.c_int(fd)
    data = _convert.buffer(buffer)
    offset = _convert.c_off_t(offset)
    return _libc.retry(_libc.pwrite, fd, data, len(data), offset)


def close(fd):
    """Close file descriptor fd."""
    if type(fd) is not int or not _INT_MIN <= fd <= _INT_MAX:
        fd = _convert.c_int(fd)
    # Not retried on EINTR: on Linux the descriptor is already released (CPython does the same).
    _libc.check(_libc.bare_close(fd))


def closerange(fd_low, fd_high, /):
    """Close all file descriptors from fd_low (inclusive) to fd_high (exclusive), ignoring errors."""
    low = max(_convert.c_int(fd_low), 0)
    high = _convert.c_int(fd_high)
    # CPython 3.10+ turns fd_high <= 0 into "close everything" (close_range(0, ~0U)); the spec
    # and 3.8 close the empty range, which is what this does.
    if low >= high:
        return
    if _libc.close_range is not None and _libc.close_range(low, high - 1, 0) == 0:
        return
    for fd in range(low, min(high, _open_max())):
        _libc.close(fd)


def _open_max():
    """The descriptor-table size to scan when close_range(2) is missing (ENOSYS)."""
    limit = _libc.sysconf(_SC_OPEN_MAX)
    return limit if limit > 0 else 1 << 20


def lseek(fd, position, how, /):
    """Set fd's offset to position relative to how (SEEK_SET/CUR/END...); return the new offset."""
    fd = _convert.c_int(fd)
    position = _convert.c_off_t(position)
    how = _convert.c_int(how)
    return _libc.check(_libc.lseek(fd, position, how))


def fstat(fd):
    """Return the stat_result of file descriptor fd."""
    if type(fd) is int and _INT_MIN <= fd <= _INT_MAX:
        buf = _SCRATCH.take()
        try:
            if not _libc.bare_fstat(fd, buf):
                return stat_result_from_buffer(buf)
            _libc.raise_unless_interrupted()
        finally:
            _SCRATCH.give(buf)
    return faithful_fstat(fd)


def faithful_fstat(fd):
    """fstat() for every argument, EINTR retried."""
    fd = _convert.c_int(fd)
    buf = _stat_struct()
    _libc.retry(_libc.fstat, fd, buf)
    return make_stat_result(*STAT_UNPACKER.unpack(buf))


def dup(fd, /):
    """Return a non-inheritable duplicate of file descriptor fd."""
    fd = _convert.c_int(fd)
    return _libc.check(_libc.fcntl(fd, _F_DUPFD_CLOEXEC, 0))


def dup2(fd, fd2, inheritable=True):
    """Duplicate fd to fd2, closing fd2 first; inheritable unless inheritable is false; return fd2."""
    fd = _convert.c_int(fd)
    fd2 = _convert.c_int(fd2)
    inheritable = _convert.c_bool(inheritable)
    if not DUP2_NEGATIVE_FDS_REACH_LIBC and (fd < 0 or fd2 < 0):
        # 3.8/3.9 refuse negative fds with posix_error() before any call, so errno is stale
        # (0 in practice: "[Errno 0] Error"); 3.10+ let dup2 report EBADF.
        _libc.raise_oserror(0)
    if inheritable:
        _libc.check(_libc.dup2(fd, fd2))
    else:
        _libc.check(_libc.dup3(fd, fd2, O_CLOEXEC))
    return fd2


def pipe():
    """Create a pipe; return a pair of non-inheritable file descriptors (r, w)."""
    return _pipe(O_CLOEXEC)


def pipe2(flags, /):
    """Create a pipe with flags (O_NONBLOCK, O_CLOEXEC) set atomically; return (r, w)."""
    return _pipe(_convert.c_int(flags))


def _pipe(flags):
    """Call pipe2(2) with flags and return the two descriptors as a tuple."""
    fds = _libc._INT_PAIR()
    _libc.check(_libc.pipe2(fds, flags))
    return (fds[0], fds[1])


def get_blocking(fd, /):
    """Return False if O_NONBLOCK is set on fd, True otherwise."""
    fd = _convert.c_int(fd)
    return not _libc.check(_libc.fcntl(fd, _F_GETFL, 0)) & O_NONBLOCK


def set_blocking(fd, blocking, /):
    """Clear O_NONBLOCK on fd if blocking is true, set it otherwise."""
    fd = _convert.c_int(fd)
    # 3.12 made blocking a bool (any object); before it was a C int (OverflowError, TypeError).
    blocking = _convert.c_bool(blocking) if SET_BLOCKING_TAKES_BOOL else _convert.c_int(blocking)
    flags = _libc.check(_libc.fcntl(fd, _F_GETFL, 0))
    new_flags = flags & ~O_NONBLOCK if blocking else flags | O_NONBLOCK
    if new_flags != flags:
        _libc.check(_libc.fcntl(fd, _F_SETFL, new_flags))


def isatty(fd, /):
    """Return True if fd is open and connected to a tty(-like) device, else False."""
    return _libc.isatty(_convert.c_int(fd)) == 1


def fsync(fd):
    """Force write of fd's file (an int or an object with fileno()) to disk."""
    _libc.retry(_libc.fsync, _convert.fildes(fd))


def fdatasync(fd):
    """Force write of fd's file data to disk, without forcing a metadata update."""
    _libc.retry(_libc.fdatasync, _convert.fildes(fd))


def ftruncate(fd, length, /):
    """Truncate the file of fd to at most length bytes."""
    fd = _convert.c_int(fd)
    length = _convert.c_off_t(length)
    _libc.retry(_libc.ftruncate, fd, length)


# --- Beyond the core slice: device_encoding, lockf, posix_fallocate, posix_fadvise ---

__all__ += ['device_encoding', 'lockf', 'F_LOCK', 'F_TLOCK', 'F_ULOCK', 'F_TEST',
            'posix_fallocate', 'posix_fadvise', 'POSIX_FADV_NORMAL', 'POSIX_FADV_SEQUENTIAL',
            'POSIX_FADV_RANDOM', 'POSIX_FADV_NOREUSE', 'POSIX_FADV_WILLNEED', 'POSIX_FADV_DONTNEED']

# lockf(3) commands, <unistd.h>.
F_ULOCK = 0
F_LOCK = 1
F_TLOCK = 2
F_TEST = 3

# posix_fadvise(2) advice, <bits/fcntl-linux.h> (x86_64: DONTNEED 4, NOREUSE 5).
POSIX_FADV_NORMAL = 0
POSIX_FADV_RANDOM = 1
POSIX_FADV_SEQUENTIAL = 2
POSIX_FADV_WILLNEED = 3
POSIX_FADV_DONTNEED = 4
POSIX_FADV_NOREUSE = 5

_CODESET = 14  # <langinfo.h>: CODESET = _NL_CTYPE_CODESET_NAME


def device_encoding(fd):
    """Return the encoding of the device fd if it is a terminal, else None."""
    fd = _convert.c_int(fd)
    if _libc.isatty(fd) != 1:
        return None
    # _Py_device_encoding: 3.10+ answer UTF-8 mode first ('UTF-8', lower-case from 3.11), then
    # the locale encoding; 3.8/3.9 return nl_langinfo(CODESET) as such, or None if it is empty.
    if DEVICE_ENCODING_UTF8_MODE and sys.flags.utf8_mode:
        return 'utf-8' if UTF8_MODE_ENCODING_LOWER_CASE else 'UTF-8'
    codeset = _libc.nl_langinfo(_CODESET)
    if not DEVICE_ENCODING_UTF8_MODE:
        return codeset.decode('utf-8') if codeset else None
    return codeset.decode(_convert.FS_ENCODING, 'surrogateescape') if codeset else 'UTF-8'


def lockf(fd, command, length, /):
    """Apply, test or remove a POSIX lock (F_LOCK, F_TLOCK, F_ULOCK, F_TEST) on length bytes of fd."""
    fd = _convert.c_int(fd)
    command = _convert.c_int(command)
    length = _convert.c_off_t(length)
    _libc.check(_libc.lockf(fd, command, length))  # CPython does not retry lockf on EINTR


def posix_fallocate(fd, offset, length, /):
    """Ensure that disk space is allocated for bytes offset to offset+length of fd's file."""
    fd = _convert.c_int(fd)
    offset = _convert.c_off_t(offset)
    length = _convert.c_off_t(length)
    _libc.retry_errno_result(_libc.posix_fallocate, fd, offset, length)


def posix_fadvise(fd, offset, length, advice, /):
    """Announce an intention (advice, POSIX_FADV_*) to access fd's data in a specific pattern."""
    fd = _convert.c_int(fd)
    offset = _convert.c_off_t(offset)
    length = _convert.c_off_t(length)
    advice = _convert.c_int(advice)
    _libc.retry_errno_result(_libc.posix_fadvise, fd, offset, length, advice)

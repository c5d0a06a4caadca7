"""Files and Directories: utime."""
from .. import _convert, _libc
from .._version import UTIME_ERROR_NAMES_PATH
from .._pathargs import (AT_SYMLINK_NOFOLLOW, Path, dir_fd_and_fd_invalid,
                        fd_and_follow_symlinks_invalid, path_and_dir_fd_invalid)

__all__ = ['utime']

_MISSING = object()


def _times_from_seconds(times):
    """Convert the times argument: an exact 2-tuple of int/float seconds, floored to ns."""
    if type(times) is not tuple or len(times) != 2:
        raise TypeError("utime: 'times' must be either a tuple of two ints or None")
    return _convert.timespec_floor(times[0]) + _convert.timespec_floor(times[1])


def _times_from_ns(ns):
    """Convert the ns argument: an exact 2-tuple of integer nanoseconds."""
    if type(ns) is not tuple or len(ns) != 2:
        raise TypeError("utime: 'ns' must be a tuple of two ints")
    return _convert.split_ns(ns[0]) + _convert.split_ns(ns[1])


def utime(path, times=None, *, ns=_MISSING, dir_fd=None, follow_symlinks=True):
    """Set the access and modified times of path (or fd path): times, ns, or now."""
    path = Path(path, 'utime', allow_fd=True)
    dir_fd = _convert.dir_fd(dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    if times is not None and ns is not _MISSING:
        raise ValueError("utime: you may specify either 'times' or 'ns' but not both")
    if times is not None:
        values = _times_from_seconds(times)
    elif ns is not _MISSING:
        values = _times_from_ns(ns)
    else:
        values = None  # both unspecified: now
    path_and_dir_fd_invalid('utime', path, dir_fd)
    dir_fd_and_fd_invalid('utime', dir_fd, path.fd)
    fd_and_follow_symlinks_invalid('utime', path.fd, follow_symlinks)
    buf = None if values is None else _libc.TIMESPEC_PAIR(values[0:2], values[2:4])
    if path.fd != -1 and follow_symlinks:
        result = _libc.futimens(path.fd, buf)
    else:
        # An fd path with follow_symlinks=False only gets here for fd 0 (CPython tests fd > 0):
        # like CPython, utimensat then sees a NULL path.
        result = _libc.utimensat(dir_fd, path.narrow, buf,
                                 0 if follow_symlinks else AT_SYMLINK_NOFOLLOW)
    if result == -1:
        if UTIME_ERROR_NAMES_PATH:
            path.error()
        _libc.raise_errno()

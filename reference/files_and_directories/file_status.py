"""Files and Directories: stat and lstat (fstat lives with the file descriptor operations)."""
from .. import _convert, _libc
from .._structs import STAT_UNPACKER, stat as _stat_struct
from .._pathargs import (AT_SYMLINK_NOFOLLOW, Path, dir_fd_and_fd_invalid,
                        fd_and_follow_symlinks_invalid, path_and_dir_fd_invalid)
from .stat_results import make_stat_result, stat_result_from_buffer

__all__ = ['stat', 'lstat']

_FS_ENCODING, _FS_ERRORS = _convert.FS_ENCODING, _convert.FS_ERRORS


def _do_stat(function_name, path, dir_fd, follow_symlinks):
    """posix_do_stat: fstat for an fd path, fstatat otherwise; return a stat_result."""
    path_and_dir_fd_invalid(function_name, path, dir_fd)
    dir_fd_and_fd_invalid(function_name, dir_fd, path.fd)
    fd_and_follow_symlinks_invalid(function_name, path.fd, follow_symlinks)
    buf = _stat_struct()
    if path.fd != -1:
        result = _libc.fstat(path.fd, buf)
    else:
        result = _libc.fstatat(dir_fd, path.narrow, buf, 0 if follow_symlinks else AT_SYMLINK_NOFOLLOW)
    path.check(result)
    return make_stat_result(*STAT_UNPACKER.unpack(buf))


def _fast_stat(path, flags, take=_libc.SCRATCH.take, give=_libc.SCRATCH.give,
               fstatat=_libc.bare_fstatat, from_buffer=stat_result_from_buffer):
    """stat of a str or bytes path relative to the cwd; None if it holds a NUL (the faithful path's case)."""
    encoded = path if type(path) is bytes else path.encode(_FS_ENCODING, _FS_ERRORS)
    if _convert.NUL in encoded:
        return None
    buf = take()
    try:
        if fstatat(_convert.AT_FDCWD, encoded, buf, flags):
            _libc.raise_errno(path)  # no EINTR retry: CPython has none either
        return from_buffer(buf)
    finally:
        give(buf)


def stat(path, *, dir_fd=None, follow_symlinks=True):
    """Return the stat_result of path (or of the file open as fd path)."""
    kind = type(path)
    if (kind is str or kind is bytes) and dir_fd is None and (follow_symlinks is True or follow_symlinks is False):
        result = _fast_stat(path, 0 if follow_symlinks else AT_SYMLINK_NOFOLLOW)
        if result is not None:
            return result
    return faithful_stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


def faithful_stat(path, *, dir_fd=None, follow_symlinks=True):
    """stat() for every argument: posixmodule.c's converters, then posix_do_stat."""
    path = Path(path, 'stat', allow_fd=True)
    dir_fd = _convert.dir_fd(dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    return _do_stat('stat', path, dir_fd, follow_symlinks)


def lstat(path, *, dir_fd=None):
    """Like stat(), but do not follow a final symbolic link."""
    kind = type(path)
    if (kind is str or kind is bytes) and dir_fd is None:
        result = _fast_stat(path, AT_SYMLINK_NOFOLLOW)
        if result is not None:
            return result
    return faithful_lstat(path, dir_fd=dir_fd)


def faithful_lstat(path, *, dir_fd=None):
    """lstat() for every argument."""
    path = Path(path, 'lstat')
    dir_fd = _convert.dir_fd(dir_fd)
    return _do_stat('lstat', path, dir_fd, False)

"""Files and Directories: stat and lstat (fstat lives with the file descriptor operations)."""
from .. import _convert, _libc
from .._structs import STAT_UNPACKER, stat as _stat_struct
from ._pathargs import (AT_SYMLINK_NOFOLLOW, Path, dir_fd_and_fd_invalid,
                        fd_and_follow_symlinks_invalid, path_and_dir_fd_invalid)
from .stat_results import make_stat_result

__all__ = ['stat', 'lstat']


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


def stat(path, *, dir_fd=None, follow_symlinks=True):
    """Return the stat_result of path (or of the file open as fd path)."""
    path = Path(path, 'stat', allow_fd=True)
    dir_fd = _convert.dir_fd(dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    return _do_stat('stat', path, dir_fd, follow_symlinks)


def lstat(path, *, dir_fd=None):
    """Like stat(), but do not follow a final symbolic link."""
    path = Path(path, 'lstat')
    dir_fd = _convert.dir_fd(dir_fd)
    return _do_stat('lstat', path, dir_fd, False)

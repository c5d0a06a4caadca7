"""Files and Directories: chmod, chown, lchown (their fd forms are in fd_operations.metadata)."""
from errno import EOPNOTSUPP

from .. import _convert, _libc
from .._pathargs import (AT_SYMLINK_NOFOLLOW, DEFAULT_DIR_FD, Path, dir_fd_and_fd_invalid,
                        dir_fd_and_follow_symlinks_invalid, fd_and_follow_symlinks_invalid,
                        follow_symlinks_specified)

__all__ = ['chmod', 'chown', 'lchown']


def chmod(path, mode, *, dir_fd=None, follow_symlinks=True):
    """Change the mode of path (or of the file open as fd path) to the numeric mode."""
    path = Path(path, 'chmod', allow_fd=True)
    mode = _convert.c_int(mode) & 0xFFFFFFFF
    dir_fd = _convert.dir_fd(dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    if path.fd != -1:  # CPython checks neither dir_fd nor follow_symlinks here
        path.check(_libc.fchmod(path.fd, mode))
    elif dir_fd != DEFAULT_DIR_FD or not follow_symlinks:
        flags = 0 if follow_symlinks else AT_SYMLINK_NOFOLLOW
        if _libc.fchmodat(dir_fd, path.narrow, mode, flags) == -1:
            # glibc refuses AT_SYMLINK_NOFOLLOW on a symlink with EOPNOTSUPP (== ENOTSUP on Linux):
            # CPython then tells why follow_symlinks=False cannot work; other errors name the path.
            _libc.raise_unless(EOPNOTSUPP, path.object)
            if not follow_symlinks:
                dir_fd_and_follow_symlinks_invalid('chmod', dir_fd, follow_symlinks)
                follow_symlinks_specified('chmod', follow_symlinks)
            path.error()
    else:
        path.check(_libc.chmod(path.narrow, mode))


def chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True):
    """Change the owner and group ids of path (or fd path) to uid and gid; -1 leaves one unchanged."""
    path = Path(path, 'chown', allow_fd=True)
    uid = _convert.uid(uid)
    gid = _convert.gid(gid)
    dir_fd = _convert.dir_fd(dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    dir_fd_and_fd_invalid('chown', dir_fd, path.fd)
    fd_and_follow_symlinks_invalid('chown', path.fd, follow_symlinks)
    if path.fd != -1:
        path.check(_libc.fchown(path.fd, uid, gid))
    elif not follow_symlinks and dir_fd == DEFAULT_DIR_FD:
        path.check(_libc.lchown(path.narrow, uid, gid))
    elif dir_fd != DEFAULT_DIR_FD or not follow_symlinks:
        flags = 0 if follow_symlinks else AT_SYMLINK_NOFOLLOW
        path.check(_libc.fchownat(dir_fd, path.narrow, uid, gid, flags))
    else:
        path.check(_libc.chown(path.narrow, uid, gid))


def lchown(path, uid, gid):
    """Change the owner and group ids of path without following symbolic links."""
    path = Path(path, 'lchown')
    uid = _convert.uid(uid)
    gid = _convert.gid(gid)
    path.check(_libc.lchown(path.narrow, uid, gid))

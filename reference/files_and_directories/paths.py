"""Files and Directories: access, the working directory, chroot."""
import ctypes
from errno import ERANGE

from .. import _convert, _libc
from .._pathargs import AT_EACCESS, AT_SYMLINK_NOFOLLOW, Path

__all__ = ['access', 'F_OK', 'R_OK', 'W_OK', 'X_OK', 'chdir', 'fchdir', 'getcwd', 'getcwdb',
           'chroot']

# <unistd.h>
F_OK = 0
R_OK = 4
W_OK = 2
X_OK = 1

_CWD_CHUNK = 1024  # posix_getcwd grows its buffer by this much on ERANGE


def access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
    """Return True if the real (or effective) ids may access path with mode, else False."""
    path = Path(path, 'access')
    mode = _convert.c_int(mode)
    dir_fd = _convert.dir_fd(dir_fd)
    effective_ids = _convert.c_bool(effective_ids)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    flags = (0 if follow_symlinks else AT_SYMLINK_NOFOLLOW) | (AT_EACCESS if effective_ids else 0)
    return _libc.faccessat(dir_fd, path.narrow, mode, flags) == 0


def chdir(path):
    """Change the current working directory to path (or to the directory open as fd path)."""
    path = Path(path, 'chdir', allow_fd=True)
    if path.fd != -1:
        path.check(_libc.fchdir(path.fd))
    else:
        path.check(_libc.chdir(path.narrow))


def fchdir(fd):
    """Change the current working directory to the directory open as fd."""
    _libc.retry(_libc.fchdir, _convert.fildes(fd))


def _getcwd():
    """Return the working directory as bytes (posix_getcwd's growing buffer)."""
    size = 0
    while True:
        size += _CWD_CHUNK
        buf = ctypes.create_string_buffer(size)
        if _libc.getcwd(buf, size):
            return buf.value
        _libc.raise_unless(ERANGE)  # posix_error(): no filename


def getcwd():
    """Return a str naming the current working directory."""
    return _getcwd().decode(_convert.FS_ENCODING, _convert.FS_ERRORS)


def getcwdb():
    """Return a bytestring naming the current working directory."""
    return _getcwd()


def chroot(path):
    """Change the root directory of the current process to path."""
    path = Path(path, 'chroot')
    path.check(_libc.chroot(path.narrow))

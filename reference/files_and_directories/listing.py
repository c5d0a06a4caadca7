"""Spec section "Files and Directories": listdir, over opendir/fdopendir/readdir64 like CPython's.

The DIR helpers here are shared with scandir.py: both open a directory the way posixmodule.c does
(a close-on-exec dup of an fd, because closedir closes the fd it was given; rewound afterwards so
the caller's fd can be listed again) and tell end-of-directory from an error by resetting errno.
"""
import ctypes
import sys

from .. import _convert, _libc

__all__ = ['listdir']

_F_DUPFD_CLOEXEC = 1030  # <bits/fcntl-linux.h>
_DOT, _DOTDOT = b'.', b'..'


def open_dir(raw, filename):
    """Open raw (bytes path, int fd, or None for '.') as a DIR *; return (dirp, from_fd).

    An fd of -1 means "no fd" to path_converter (path_t.fd's default), so like CPython it lists
    the current directory.
    """
    if isinstance(raw, int) and raw != -1:
        fd = _libc.check(_libc.fcntl(raw, _F_DUPFD_CLOEXEC, 0))  # _Py_dup: OSError without filename
        dirp = _libc.fdopendir(fd)
        if not dirp:
            err = _libc.get_errno()
            _libc.close(fd)
            _libc.raise_oserror(err, filename)
        return dirp, True
    dirp = _libc.opendir(b'.' if raw is None or isinstance(raw, int) else raw)
    if not dirp:
        _libc.raise_oserror(_libc.get_errno(), filename)
    return dirp, False


def read_dir(dirp, filename):
    """Return the next (name, d_ino, d_type) of dirp other than '.' and '..', or None at the end."""
    while True:
        ctypes.set_errno(0)
        entry = _libc.readdir64(dirp)
        if not entry:
            err = _libc.get_errno()
            if err:
                _libc.raise_oserror(err, filename)
            return None
        entry = entry[0]
        name = entry.d_name
        if name != _DOT and name != _DOTDOT:
            return name, entry.d_ino, entry.d_type


def close_dir(dirp, from_fd):
    """closedir(dirp), rewinding it first when it came from the caller's fd (shared offset)."""
    if from_fd:
        _libc.rewinddir(dirp)
    _libc.closedir(dirp)


def names_are_bytes(raw, filename):
    """CPython's rule: bytes results only for a path given as bytes (or bytes-like, or bytes __fspath__)."""
    return isinstance(raw, bytes) and not isinstance(filename, str)


def listdir(path=None):
    """Return the names in directory path (default '.') but '.' and '..'; bytes in, bytes out."""
    raw, filename = _convert.path(path, 'listdir', allow_fd=True, nullable=True)
    sys.audit('os.listdir', filename)
    as_bytes = names_are_bytes(raw, filename)
    dirp, from_fd = open_dir(raw, filename)
    names = []
    readdir, set_errno = _libc.readdir64, ctypes.set_errno  # the loop is hot: read_dir inlined
    try:
        while True:
            set_errno(0)
            entry = readdir(dirp)
            if not entry:
                err = _libc.get_errno()
                if err:
                    _libc.raise_oserror(err, filename)
                break
            name = entry[0].d_name
            if name != _DOT and name != _DOTDOT:
                names.append(name)
    finally:
        close_dir(dirp, from_fd)
    if as_bytes:
        return names
    encoding, errors = _convert.FS_ENCODING, _convert.FS_ERRORS
    return [name.decode(encoding, errors) for name in names]

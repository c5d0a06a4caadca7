"""Spec subsection "Inheritance of File Descriptors": get_inheritable, set_inheritable (the
close-on-exec flag; get_handle_inheritable and set_handle_inheritable are Windows-only)."""
from .. import _convert, _libc

__all__ = ['get_inheritable', 'set_inheritable']

# fcntl(2) commands and flags, <bits/fcntl-linux.h>.
_F_GETFD = 1
_F_SETFD = 2
_FD_CLOEXEC = 1


def get_inheritable(fd, /):
    """Return the "inheritable" flag of fd (True unless close-on-exec is set)."""
    fd = _convert.c_int(fd)
    return not _libc.check(_libc.fcntl(fd, _F_GETFD, 0)) & _FD_CLOEXEC


def set_inheritable(fd, inheritable, /):
    """Set the "inheritable" flag of fd (clear or set close-on-exec)."""
    fd = _convert.c_int(fd)
    inheritable = _convert.c_int(inheritable)  # an 'int' in every CPython, not a bool
    flags = _libc.check(_libc.fcntl(fd, _F_GETFD, 0))
    new_flags = flags & ~_FD_CLOEXEC if inheritable else flags | _FD_CLOEXEC
    if new_flags != flags:
        _libc.check(_libc.fcntl(fd, _F_SETFD, new_flags))

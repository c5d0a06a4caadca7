"""Spec sections "File Descriptor Operations" (openpty, tcgetpgrp, tcsetpgrp, ttyname) and
"Querying the size of a terminal" (get_terminal_size, terminal_size)."""
import ctypes
import sys

from . import _convert, _libc
from ._structseq import structseq
from ._structs import winsize as _winsize
from .fd_operations import set_inheritable

__all__ = ['openpty', 'tcgetpgrp', 'tcsetpgrp', 'ttyname', 'get_terminal_size', 'terminal_size']

from ._version import VERSION as _VERSION
_TIOCGWINSZ = 0x5413  # <asm-generic/ioctls.h>
_SC_TTY_NAME_MAX = 72  # <bits/confname.h>
_STDOUT_FILENO = 1


def openpty():
    """Open a new pseudo-terminal pair; return non-inheritable fds (master, slave)."""
    master = ctypes.c_int(-1)
    slave = ctypes.c_int(-1)
    if _libc.openpty(ctypes.byref(master), ctypes.byref(slave), None, None, None) != 0:
        _libc.raise_oserror(_libc.get_errno())
    try:
        set_inheritable(master.value, False)
        set_inheritable(slave.value, False)
    except BaseException:
        _libc.close(master.value)
        _libc.close(slave.value)
        raise
    return (master.value, slave.value)


def tcgetpgrp(fd, /):
    """Return the process group associated with the terminal given by fd."""
    fd = _convert.c_int(fd)
    return _libc.check(_libc.tcgetpgrp(fd))


def tcsetpgrp(fd, pgid, /):
    """Set the process group associated with the terminal given by fd to pgid."""
    # Both arguments go through PyArg_Parse's 'i' ("i" _Py_PARSE_PID), in 3.8 as in 3.13.
    fd = _convert.getargs_int(fd)
    pgid = _convert.getargs_int(pgid)
    _libc.check(_libc.tcsetpgrp(fd, pgid))


def ttyname(fd, /):
    """Return the name of the terminal device connected to fd; OSError if it is not a terminal."""
    fd = _convert.c_int(fd)
    if _VERSION < (3, 9):  # 3.8 calls ttyname(3); 3.9+ ttyname_r(3) with a _SC_TTY_NAME_MAX buffer
        name = _libc.ttyname(fd)
        if name is None:
            _libc.raise_oserror(_libc.get_errno())
        return name.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)
    size = _libc.check(_libc.sysconf(_SC_TTY_NAME_MAX))
    buf = ctypes.create_string_buffer(size)
    err = _libc.ttyname_r(fd, buf, size)
    if err != 0:
        _libc.raise_oserror(err)
    return buf.value.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)


def get_terminal_size(fd=_STDOUT_FILENO, /):
    """Return the size of the terminal window of fd (standard output by default) as terminal_size."""
    # 3.8 parses fd with PyArg_ParseTuple's 'i'; 3.9's Argument Clinic with _PyLong_AsInt.
    fd = _convert.getargs_int(fd) if _VERSION < (3, 9) else _convert.c_int(fd)
    size = _winsize()
    _libc.check(_libc.ioctl_winsize(fd, _TIOCGWINSZ, size))
    return terminal_size((size.ws_col, size.ws_row))


terminal_size = structseq('terminal_size', (
    ('columns', 'width of the terminal window in characters'),
    ('lines', 'height of the terminal window in characters'),
), doc='A tuple of (columns, lines) for holding terminal window size')

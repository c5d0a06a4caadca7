"""Spec section "File Descriptor Operations", the terminal calls: openpty, tcgetpgrp, tcsetpgrp,
ttyname (get_terminal_size has a subsection of its own, querying_the_size_of_a_terminal)."""
import ctypes

from .. import _convert, _libc
from .inheritance_of_file_descriptors import set_inheritable

__all__ = ['openpty', 'tcgetpgrp', 'tcsetpgrp', 'ttyname']

from .._version import TTYNAME_R

_SC_TTY_NAME_MAX = 72  # <bits/confname.h>


def openpty():
    """Open a new pseudo-terminal pair; return non-inheritable fds (master, slave)."""
    master = ctypes.c_int(-1)
    slave = ctypes.c_int(-1)
    if _libc.openpty(ctypes.byref(master), ctypes.byref(slave), None, None, None) != 0:
        _libc.raise_errno()
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
    if not TTYNAME_R:
        name = _libc.ttyname(fd)
        if name is None:
            _libc.raise_errno()
        return name.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)
    size = _libc.check(_libc.sysconf(_SC_TTY_NAME_MAX))
    buf = ctypes.create_string_buffer(size)
    err = _libc.ttyname_r(fd, buf, size)
    if err != 0:
        _libc.raise_oserror(err)
    return buf.value.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)

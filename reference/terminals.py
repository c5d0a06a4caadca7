"""Spec sections "File Descriptor Operations" (openpty, tcgetpgrp, tcsetpgrp, ttyname) and
"Querying the size of a terminal" (get_terminal_size, terminal_size)."""
import ctypes
import sys
from operator import itemgetter

from . import _convert, _libc
from ._structs import winsize as _winsize
from .fd_operations import set_inheritable

__all__ = ['openpty', 'tcgetpgrp', 'tcsetpgrp', 'ttyname', 'get_terminal_size', 'terminal_size']

_VERSION = sys.version_info[:2]
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


_TYPE_NAME = 'os.terminal_size'
_FIELDS = ('columns', 'lines')
_MISSING = object()


class terminal_size(tuple):
    """A tuple of (columns, lines) for holding terminal window size"""

    __slots__ = ()
    n_sequence_fields = 2
    n_fields = 2
    n_unnamed_fields = 0
    if _VERSION >= (3, 10):
        __match_args__ = _FIELDS
    columns = property(itemgetter(0), doc='width of the terminal window in characters')
    lines = property(itemgetter(1), doc='height of the terminal window in characters')

    def __new__(cls, sequence=_MISSING, dict=_MISSING):
        if sequence is _MISSING:
            raise TypeError("structseq() missing required argument 'sequence' (pos 1)")
        try:
            items = tuple(sequence)
        except TypeError:
            raise TypeError('constructor requires a sequence') from None
        if dict is not _MISSING and not isinstance(dict, type({})):
            raise TypeError('%s() takes a dict as second arg, if any' % _TYPE_NAME)
        if len(items) != 2:
            raise TypeError('%s() takes a 2-sequence (%d-sequence given)' % (_TYPE_NAME, len(items)))
        if _VERSION >= (3, 13) and dict is not _MISSING and dict:  # every field is visible: any key is unexpected
            raise TypeError('%s() got duplicate or unexpected field name(s)' % _TYPE_NAME)
        return tuple.__new__(cls, items)

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '%s' is not an acceptable base type" % _TYPE_NAME)

    def __setattr__(self, name, value):
        raise _refusal(self, name)

    def __delattr__(self, name):
        raise _refusal(self, name)

    def __repr__(self):
        return '%s(columns=%r, lines=%r)' % (_TYPE_NAME, self[0], self[1])

    def __reduce__(self):
        return (type(self), (tuple(self), {}))

    if _VERSION >= (3, 13):
        def __replace__(self, /, **kwargs):
            values = [kwargs.pop(name, value) for name, value in zip(_FIELDS, self)]
            if kwargs:
                raise TypeError('Got unexpected field name(s): %r' % list(kwargs))
            return tuple.__new__(type(self), values)


def _refusal(self, name):
    """The AttributeError CPython raises for setting or deleting attribute name of a structseq."""
    if name in _FIELDS:
        return AttributeError('readonly attribute')
    if hasattr(type(self), name):
        return AttributeError("'%s' object attribute '%s' is read-only" % (_TYPE_NAME, name))
    suffix = ' and no __dict__ for setting new attributes' if _VERSION >= (3, 13) else ''
    return AttributeError("'%s' object has no attribute '%s'%s" % (_TYPE_NAME, name, suffix))

"""Spec subsection "Querying the size of a terminal": get_terminal_size and terminal_size."""
from .. import _convert, _libc
from .._structseq import structseq
from .._structs import winsize as _winsize

__all__ = ['get_terminal_size', 'terminal_size']

from .._version import GET_TERMINAL_SIZE_ARGUMENT_CLINIC

_TIOCGWINSZ = 0x5413  # <asm-generic/ioctls.h>
_STDOUT_FILENO = 1


def get_terminal_size(fd=_STDOUT_FILENO, /):
    """Return the size of the terminal window of fd (standard output by default) as terminal_size."""
    # 3.8 parses fd with PyArg_ParseTuple's 'i'; 3.9's Argument Clinic with _PyLong_AsInt.
    fd = _convert.c_int(fd) if GET_TERMINAL_SIZE_ARGUMENT_CLINIC else _convert.getargs_int(fd)
    size = _winsize()
    _libc.check(_libc.ioctl_winsize(fd, _TIOCGWINSZ, size))
    return terminal_size((size.ws_col, size.ws_row))


terminal_size = structseq('terminal_size', (
    ('columns', 'width of the terminal window in characters'),
    ('lines', 'height of the terminal window in characters'),
), doc='A tuple of (columns, lines) for holding terminal window size')

"""Spec section "Random numbers": getrandom and urandom over getrandom(2)."""
import ctypes
from errno import EINVAL

from . import _convert, _libc

__all__ = ['getrandom', 'urandom', 'GRND_NONBLOCK', 'GRND_RANDOM']

# The fast path's bound: getrandom(2) never returns fewer than 256 bytes asked for at once (once
# the pool is initialised), and the bare call passes an int argument as a C int.
_ONE_CALL = 256

# <sys/random.h>
GRND_NONBLOCK = 0x01
GRND_RANDOM = 0x02


def _getrandom_into(buf, offset, size, flags):
    """One getrandom(2) call filling buf[offset:offset+size], retried on EINTR (PEP 475)."""
    return _libc.retry(_libc.getrandom, ctypes.addressof(buf) + offset, size, flags)


def getrandom(size, flags=0):
    """Get up to size random bytes; fewer may be returned. flags: GRND_NONBLOCK, GRND_RANDOM."""
    size = _convert.c_ssize_t(size)
    flags = _convert.c_int(flags)
    if size < 0:
        _libc.raise_oserror(EINVAL)
    buf = ctypes.create_string_buffer(size)
    count = _getrandom_into(buf, 0, size, flags & 0xFFFFFFFF)
    return buf.raw[:count]


def urandom(size, /):
    """Return a bytestring of size random bytes suitable for cryptographic use."""
    if _libc.FILLS_BYTES and type(size) is int and 0 < size <= _ONE_CALL:
        data = bytes(size)
        if _libc.bare_getrandom(data, size, 0) == size:
            return data
    return faithful_urandom(size)


def faithful_urandom(size):
    """urandom() for every argument (and for a short or interrupted getrandom: from the start)."""
    size = _convert.c_ssize_t(size)
    if size < 0:
        raise ValueError('negative argument not allowed')
    buf = ctypes.create_string_buffer(size)
    filled = 0
    while filled < size:  # the kernel returns at most 32 MiB - 1 per call
        filled += _getrandom_into(buf, filled, size - filled, 0)
    return buf.raw

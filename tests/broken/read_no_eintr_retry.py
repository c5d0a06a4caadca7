"""Violates read.eintr-retry: read calls libc read(2) through ctypes and raises
InterruptedError on EINTR instead of retrying (what os.read did before Python 3.5)."""
import ctypes
import operator
import os

from tests.broken._base import export

_libc = ctypes.CDLL(None, use_errno=True)
_libc.read.argtypes = (ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t)
_libc.read.restype = ctypes.c_ssize_t


def read(fd, n):
    fd, n = operator.index(fd), operator.index(n)
    if not -2 ** 31 <= fd < 2 ** 31:
        raise OverflowError("Python int too large to convert to C int")
    if n < 0:
        raise OSError(22, os.strerror(22))
    buf = ctypes.create_string_buffer(n)
    got = _libc.read(fd, buf, n)
    if got < 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))  # EINTR becomes InterruptedError: no retry
    return buf.raw[:got]


export(globals(), read=read)

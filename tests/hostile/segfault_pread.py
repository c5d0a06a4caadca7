"""A hostile target: pread dereferences NULL through ctypes (SIGSEGV)."""
import ctypes

from tests.broken._base import export


def pread(fd, n, offset):
    return ctypes.c_char.from_address(8).value  # address 8 is never mapped


export(globals(), pread=pread)

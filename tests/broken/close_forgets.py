"""Violates close.closes-fd: close checks the fd is open and then leaves it open."""
import os

from tests.broken._base import export


def close(fd):
    os.fstat(fd)  # EBADF for a bad fd, like the real one


export(globals(), close=close)

"""Violates get_blocking.false-when-nonblocking: get_blocking says True whatever O_NONBLOCK is."""
import os

from tests.broken._base import export


def get_blocking(fd):
    os.fstat(fd)  # still EBADF for a bad fd
    return True


export(globals(), get_blocking=get_blocking)

"""Violates preadv.offset-unchanged: preadv seeks to the offset and reads with readv, leaving the
file offset after the bytes read."""
import os

from tests.broken._base import export


def preadv(fd, buffers, offset, flags=0):
    if offset == -1 or flags:
        return os.preadv(fd, buffers, offset, flags)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.readv(fd, buffers)


export(globals(), preadv=preadv)

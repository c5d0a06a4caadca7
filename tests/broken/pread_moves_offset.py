"""Violates pread.offset-unchanged: pread is lseek + read, so it moves the file offset."""
import os

from tests.broken._base import export


def pread(fd, n, offset):
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, n)


export(globals(), pread=pread)

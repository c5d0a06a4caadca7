"""Violates lseek.seek-end: lseek treats SEEK_END (2) as SEEK_SET."""
import os

from tests.broken._base import export


def lseek(fd, pos, how):
    return os.lseek(fd, pos, os.SEEK_SET if how == os.SEEK_END else how)


export(globals(), lseek=lseek)

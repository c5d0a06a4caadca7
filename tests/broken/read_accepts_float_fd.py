"""Violates read.rejects-non-integer: read converts its fd with int(), so 3.7 reads fd 3."""
import os

from tests.broken._base import export


def read(fd, n):
    return os.read(int(fd), n)


export(globals(), read=read)

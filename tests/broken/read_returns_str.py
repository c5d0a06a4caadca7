"""Violates read.returns-bytes: read decodes what it read and returns a str."""
import os

from tests.broken._base import export


def read(fd, n):
    return os.read(fd, n).decode("latin-1")


export(globals(), read=read)

"""Violates ftruncate.at-most-length: ftruncate only ever shortens; a length beyond the end leaves
the file as it is."""
import os

from tests.broken._base import export


def ftruncate(fd, length):
    if isinstance(length, int) and isinstance(fd, int) and 0 <= fd < 2 ** 31 and length > 0:
        try:
            if length > os.fstat(fd).st_size:
                return None
        except OSError:
            pass
    return os.ftruncate(fd, length)


export(globals(), ftruncate=ftruncate)

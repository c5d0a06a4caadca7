"""Violates fsync.rejects-non-integer: fsync converts whatever fileno() returns, and any
__index__ object, with int()."""
import operator
import os

from tests.broken._base import export


def fsync(fd):
    if not isinstance(fd, int):
        fd = int(fd.fileno()) if hasattr(fd, "fileno") else operator.index(fd)
    return os.fsync(fd)


export(globals(), fsync=fsync)

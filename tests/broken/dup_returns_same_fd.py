"""Violates dup.returns-new-fd: dup returns fd itself instead of a new descriptor."""
import os

from tests.broken._base import export


def dup(fd):
    os.fstat(fd)  # still EBADF for a bad fd
    return fd


export(globals(), dup=dup)

"""Violates pipe2.o-cloexec: pipe2 drops O_CLOEXEC from the flags: the fds are inheritable."""
import os

from tests.broken._base import export


def pipe2(flags):
    return os.pipe2(flags & ~os.O_CLOEXEC)


export(globals(), pipe2=pipe2)

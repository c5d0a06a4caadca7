"""Violates isatty.false-for-closed-fd: isatty raises OSError EBADF for a descriptor that is not
open instead of returning False."""
import os

from tests.broken._base import export


def isatty(fd):
    os.fstat(fd)
    return os.isatty(fd)


export(globals(), isatty=isatty)

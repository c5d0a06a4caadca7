"""Violates lockf.len-section: lockf ignores len and always locks to the end of the file."""
import os

from tests.broken._base import export


def lockf(fd, cmd, len):
    os.lockf(fd, cmd, len)  # argument checks as CPython's
    if isinstance(len, int) and len and cmd in (os.F_LOCK, os.F_TLOCK):
        os.lockf(fd, cmd, 0)


export(globals(), lockf=lockf)

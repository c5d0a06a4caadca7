"""Violates set_inheritable.sets-flag: set_inheritable validates fd and then does nothing."""
import os

from tests.broken._base import export


def set_inheritable(fd, inheritable):
    os.get_inheritable(fd)  # still EBADF for a bad fd


export(globals(), set_inheritable=set_inheritable)

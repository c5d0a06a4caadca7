"""Violates dup2.inheritable-false: dup2 makes fd2 inheritable even with inheritable=False."""
import os

from tests.broken._base import export


def dup2(fd, fd2, inheritable=True):
    return os.dup2(fd, fd2)


export(globals(), dup2=dup2)

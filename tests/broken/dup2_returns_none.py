"""Violates dup2.returns-fd2: dup2 duplicates but returns None (the pre-3.7 behaviour)."""
import os

from tests.broken._base import export


def dup2(fd, fd2, inheritable=True):
    os.dup2(fd, fd2, inheritable)


export(globals(), dup2=dup2)

"""Violates open.non-inheritable: the fds open returns are inheritable."""
import os

from tests.broken._base import export


def open(path, flags, mode=0o777, *, dir_fd=None):  # noqa: A001 - the name under test
    fd = os.open(path, flags, mode, dir_fd=dir_fd)
    os.set_inheritable(fd, True)
    return fd


export(globals(), open=open)

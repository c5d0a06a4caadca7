"""Violates read.rejects-non-integer: read does not type-check its fd and lets the OS refuse a
non-integer one, raising OSError (EBADF) where CPython raises TypeError. (Converting with int()
would be the classic bug, but 0.5 -> fd 0 would block the check run reading stdin.)"""
import errno
import os

from tests.broken._base import export


def read(fd, n):
    if not isinstance(fd, int):
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    return os.read(fd, n)


export(globals(), read=read)

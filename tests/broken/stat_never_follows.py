"""Violates stat.follows-symlinks-by-default: stat behaves as lstat unless follow_symlinks is
given explicitly."""
import os

from tests.broken._base import export


def stat(path, *, dir_fd=None, follow_symlinks=None):
    if follow_symlinks is None:
        follow_symlinks = isinstance(path, int)
    return os.stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


export(globals(), stat=stat)

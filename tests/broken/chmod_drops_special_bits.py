"""Violates chmod.sets-mode: chmod keeps only the 0o777 permission bits and silently drops
set-uid, set-gid and sticky."""
import os

from tests.broken._base import export


def chmod(path, mode, *, dir_fd=None, follow_symlinks=True):
    return os.chmod(path, mode & 0o777, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


export(globals(), chmod=chmod)

"""Violates lstat.does-not-follow-symlinks: lstat follows the symlink (as stat does) when the
path is not a str or when dir_fd is given."""
import os

from tests.broken._base import export


def lstat(path, *, dir_fd=None):
    if dir_fd is not None or not isinstance(path, str):
        return os.stat(path, dir_fd=dir_fd)
    return os.lstat(path)


export(globals(), lstat=lstat)

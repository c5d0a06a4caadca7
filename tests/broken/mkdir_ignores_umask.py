"""Violates mkdir.mode-umask-masked: mkdir chmods the new directory to the full mode, as if
there were no umask."""
import os

from tests.broken._base import export


def mkdir(path, mode=0o777, *, dir_fd=None):
    os.mkdir(path, mode, dir_fd=dir_fd)
    os.chmod(path, mode & 0o777, dir_fd=dir_fd)


export(globals(), mkdir=mkdir)

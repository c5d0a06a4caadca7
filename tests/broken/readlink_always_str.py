"""Violates readlink.bytes-in-bytes-out: readlink decodes the target even for a bytes path."""
import os

from tests.broken._base import export


def readlink(path, *, dir_fd=None):
    return os.fsdecode(os.readlink(path, dir_fd=dir_fd))


export(globals(), readlink=readlink)

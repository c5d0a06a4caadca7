"""Violates stat.rejects-nul-in-path: stat cuts the path at an embedded NUL, as C would, and
describes a file nobody named (read-only: nothing is changed)."""
import os

from tests.broken._base import export


def stat(path, *, dir_fd=None, follow_symlinks=True):
    if not isinstance(path, int):
        path = os.fspath(path)
        path = path.split(b"\0" if isinstance(path, bytes) else "\0")[0]
    return os.stat(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


export(globals(), stat=stat)

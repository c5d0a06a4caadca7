"""Violates open.rejects-nul-in-path: open cuts the path at an embedded NUL, as C would,
and opens (or creates) a file nobody named."""
import os

from tests.broken._base import export


def open(path, flags, mode=0o777, *, dir_fd=None):
    path = os.fspath(path)
    path = path.split(b"\0" if isinstance(path, bytes) else "\0")[0]
    return os.open(path, flags, mode, dir_fd=dir_fd)


export(globals(), open=open)

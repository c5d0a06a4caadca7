"""Violates listdir.excludes-dot-entries: listdir returns '.' and '..' too, as readdir does."""
import os

from tests.broken._base import export


def listdir(path=None):
    names = os.listdir(path)
    dots = [b".", b".."] if isinstance(os.fspath(path) if path is not None and not isinstance(path, int)
                                       else "", bytes) else [".", ".."]
    return dots + names


export(globals(), listdir=listdir)

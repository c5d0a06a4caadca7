"""Violates DirEntry.cpython-object-protocol: scandir yields plain Python objects with writable
attributes, a default repr and pickling."""
import os

from tests.broken._base import export


class DirEntry(object):
    def __init__(self, entry=None):
        if entry is not None:
            self.name, self.path = entry.name, entry.path
            self._entry = entry

    def __getattr__(self, name):
        return getattr(self.__dict__["_entry"], name)


class _Iterator(object):
    def __init__(self, path="."):
        self._it = os.scandir(path)

    def __iter__(self):
        return self

    def __next__(self):
        return DirEntry(next(self._it))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._it.close()

    def close(self):
        self._it.close()


def scandir(path="."):
    return _Iterator(path)


export(globals(), scandir=scandir, DirEntry=DirEntry)

"""Violates scandir.str-otherwise: scandir(fd) yields entries whose name and path are bytes (an fd
carries no str-or-bytes type, and this scandir picks bytes), still with path equal to name."""
import os

from tests.broken._base import export


class _BytesEntry:
    def __init__(self, entry):
        self._entry = entry
        self.name = self.path = os.fsencode(entry.name)

    def __getattr__(self, attribute):
        return getattr(self._entry, attribute)


class _Scan:
    def __init__(self, it):
        self._it = it

    def __iter__(self):
        return self

    def __next__(self):
        return _BytesEntry(next(self._it))

    def close(self):
        self._it.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def scandir(path="."):
    it = os.scandir(path)
    return _Scan(it) if isinstance(path, int) else it


export(globals(), scandir=scandir)

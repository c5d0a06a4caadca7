"""Violates scandir.str-otherwise: scandir() without an argument yields entries whose name and
path are bytes (the default '.' taken as b'.'), path still './name'; given a path, it is right."""
import os

from tests.broken._base import export


class _BytesEntry:
    def __init__(self, entry):
        self._entry = entry
        self.name, self.path = os.fsencode(entry.name), os.fsencode(entry.path)

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


_DEFAULT = object()


def scandir(path=_DEFAULT):
    if path is _DEFAULT:
        return _Scan(os.scandir("."))
    return os.scandir(path)


export(globals(), scandir=scandir)

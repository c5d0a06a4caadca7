"""Violates environ.merge-operators: environ | mapping updates environ itself and returns it."""
import os

from tests.broken._base import export


class _Environ(type(os.environ)):
    def __or__(self, other):
        self.update(other)
        return self


environ = _Environ(os.environ._data, os.environ.encodekey, os.environ.decodekey,
                   os.environ.encodevalue, os.environ.decodevalue)

export(globals(), environ=environ)

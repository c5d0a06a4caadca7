"""Violates environ.is-mapping: deleting a missing key does nothing instead of raising KeyError."""
import os

from tests.broken._base import export


class _Environ(type(os.environ)):
    def __delitem__(self, key):
        if key in self:
            super().__delitem__(key)


environ = _Environ(os.environ._data, os.environ.encodekey, os.environ.decodekey,
                   os.environ.encodevalue, os.environ.decodevalue)

export(globals(), environ=environ)

"""Violates environ.is-mapping: assigning a non-str value (an int, bytes, None) stores its str()
instead of raising TypeError."""
import os

from tests.broken._base import export


class _Environ(type(os.environ)):
    def __setitem__(self, key, value):
        super().__setitem__(key, value if isinstance(value, str) else str(value))


environ = _Environ(os.environ._data, os.environ.encodekey, os.environ.decodekey,
                   os.environ.encodevalue, os.environ.decodevalue)

export(globals(), environ=environ)

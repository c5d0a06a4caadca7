"""Violates defpath.used-without-path: defpath is Python 2's ':/bin:/usr/bin' (the current
directory first) instead of CPython 3's."""
from tests.broken._base import export

export(globals(), defpath=":/bin:/usr/bin")

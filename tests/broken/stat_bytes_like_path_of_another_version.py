"""Violates stat.rejects-non-path: a bytes-like path that is not bytes (bytearray, memoryview)
is treated as another CPython version treats it: refused with TypeError, as 3.12 does, under an
interpreter older than 3.12; accepted with a DeprecationWarning, as 3.8-3.11 do, under 3.12 and
later. Judged against the running version's recorded behaviour, it must fail, and the failure
must name the versions it acts like."""
import functools
import os
import sys
import warnings

from tests.broken._base import export


@functools.wraps(os.stat)
def stat(path, *args, **kwargs):
    if isinstance(path, (bytearray, memoryview)):
        words = "stat: path should be string, bytes, os.PathLike or integer, not %s" % type(path).__name__
        if sys.version_info < (3, 12):
            raise TypeError(words)
        warnings.warn(words, DeprecationWarning, stacklevel=2)
        path = bytes(path)
    return os.stat(path, *args, **kwargs)


export(globals(), stat=stat)

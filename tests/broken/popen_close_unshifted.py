"""Violates popen.close-exit-code-shifted: close() of a popen file returns the bare exit code n
instead of n << 8."""
import os

from tests.broken._base import export


class _Unshifted(object):
    def __init__(self, stream):
        self._stream = stream

    def close(self):
        code = self._stream.close()
        return code >> 8 if code is not None and code > 0 else code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return iter(self._stream)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def popen(cmd, mode="r", buffering=-1):
    return _Unshifted(os.popen(cmd, mode, buffering))


export(globals(), popen=popen)

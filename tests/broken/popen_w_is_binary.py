"""Violates popen.text-not-bytes: in mode 'w' popen returns the binary buffer under the text
wrapper, so write() takes bytes and refuses str; mode 'r' is right."""
import os

from tests.broken._base import export


class _BinaryWriter:
    def __init__(self, wrapped):
        self._wrapped = wrapped
        self._buffer = wrapped._stream.buffer

    def write(self, data):
        return self._buffer.write(data)

    def close(self):
        self._buffer.flush()
        return self._wrapped.close()


def popen(cmd, mode="r", buffering=-1):
    f = os.popen(cmd, mode, buffering)
    return f if mode != "w" else _BinaryWriter(f)


export(globals(), popen=popen)

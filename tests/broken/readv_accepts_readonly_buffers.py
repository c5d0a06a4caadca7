"""Violates readv.rejects-non-writable-buffers: read-only buffers are read into a scratch copy
instead of being refused."""
import os

from tests.broken._base import export


def readv(fd, buffers):
    return os.readv(fd, [bytearray(b) if isinstance(b, (bytes, memoryview)) and (
        isinstance(b, bytes) or b.readonly) else b for b in buffers])


export(globals(), readv=readv)

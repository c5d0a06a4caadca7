"""Violates pwrite.writes-at-offset: pwrite writes all but the last byte and says it wrote all."""
import os

from tests.broken._base import export


def pwrite(fd, data, offset):
    data = memoryview(data)  # TypeError for a str, like the real one
    os.pwrite(fd, data[:-1] if len(data) > 1 else data, offset)
    return len(data)


export(globals(), pwrite=pwrite)

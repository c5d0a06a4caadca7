"""Violates write.returns-count: write writes the bytes but returns None."""
import os

from tests.broken._base import export


def write(fd, data):
    os.write(fd, data)


export(globals(), write=write)

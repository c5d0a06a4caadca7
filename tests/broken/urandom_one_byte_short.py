"""Violates urandom.returns-size-bytes: urandom returns one byte less than asked for."""
import os

from tests.broken._base import export


def urandom(size):
    return os.urandom(size)[:-1] if size > 0 else os.urandom(size)


export(globals(), urandom=urandom)

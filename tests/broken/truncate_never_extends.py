"""Violates truncate.truncates-to-length: truncate only shortens; a length beyond the end is
ignored instead of padding the file with zeros."""
import os

from tests.broken._base import export


def truncate(path, length):
    size = os.stat(path).st_size
    return os.truncate(path, min(length, size) if isinstance(length, int) and length >= 0 else length)


export(globals(), truncate=truncate)

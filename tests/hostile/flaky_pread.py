"""A flaky target: the first pread of a process that reads anything reads one byte short; every
later one is right.
The first check to call it fails, and passes when run again in the same worker: `flaky`."""
import os

from tests.broken._base import export

_shortened = []


def pread(fd, n, offset):
    data = os.pread(fd, n, offset)
    if data and not _shortened:
        _shortened.append(True)
        return data[:-1]
    return data


export(globals(), pread=pread)

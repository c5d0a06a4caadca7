"""A hostile target: pread ends the process with os._exit(3)."""
import os

from tests.broken._base import export


def pread(fd, n, offset):
    os._exit(3)


export(globals(), pread=pread)

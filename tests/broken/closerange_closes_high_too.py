"""Violates closerange.high-exclusive: closerange(lo, hi) also closes fd hi."""
import os

from tests.broken._base import export


def closerange(fd_low, fd_high):
    os.closerange(fd_low, fd_high)  # argument checks as CPython's
    try:
        os.close(fd_high)
    except OSError:
        pass


export(globals(), closerange=closerange)

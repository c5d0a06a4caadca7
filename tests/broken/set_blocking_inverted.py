"""Violates set_blocking.false-sets-nonblock and .true-clears-nonblock: the flag is inverted."""
import os

from tests.broken._base import export


def set_blocking(fd, blocking):
    os.set_blocking(fd, not blocking)


export(globals(), set_blocking=set_blocking)

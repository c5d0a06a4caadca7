"""Violates urandom.blocks-until-pool-initialized: urandom asks getrandom not to wait and falls back to /dev/urandom."""
import builtins
import os

from tests.broken._base import export


def urandom(size):
    try:
        return os.getrandom(size, os.GRND_NONBLOCK)
    except BlockingIOError:  # the pool is not ready: take /dev/urandom's bytes instead of waiting
        with builtins.open("/dev/urandom", "rb") as f:
            return f.read(size)


export(globals(), urandom=urandom)

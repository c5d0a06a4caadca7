"""Violates abort.raises-sigabrt: abort ends the process with exit status 134 (what a shell
prints for SIGABRT) instead of being killed by SIGABRT."""
import os

from tests.broken._base import export


def abort():
    os._exit(134)


export(globals(), abort=abort)

"""Violates waitpid.returns-pid-status: waitpid reports every normal exit as exit code 0 (only the
signal byte of the status survives)."""
import os

from tests.broken._base import export


def waitpid(pid, options):
    got, status = os.waitpid(pid, options)
    return got, status & 0xFF


export(globals(), waitpid=waitpid)

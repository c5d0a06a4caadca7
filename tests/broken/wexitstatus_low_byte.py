"""Violates WEXITSTATUS.returns-exit-code: WEXITSTATUS reads the low byte of the status (the
signal byte) instead of the high byte."""
import os

from tests.broken._base import export


def WEXITSTATUS(status):
    return os.WTERMSIG(status) | (os.WCOREDUMP(status) << 7)


export(globals(), WEXITSTATUS=WEXITSTATUS)

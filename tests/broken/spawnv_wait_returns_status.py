"""Violates spawnv.p-wait-returns-exit-code: spawnv with P_WAIT returns the raw wait status
(code << 8) instead of the exit code."""
import os

from tests.broken._base import export


def spawnv(mode, path, args):
    if mode != os.P_WAIT:
        return os.spawnv(mode, path, args)
    code = os.spawnv(os.P_WAIT, path, args)
    return code << 8 if code > 0 else code


export(globals(), spawnv=spawnv)

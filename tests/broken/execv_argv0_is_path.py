"""Violates execv.first-arg-is-argv0: execv hands the new program its path as argv[0] instead of
the first argument."""
import os

from tests.broken._base import export


def execv(path, args):
    args = list(args)
    if args and args[0]:
        args[0] = os.fspath(path)
    return os.execv(path, args)


export(globals(), execv=execv)

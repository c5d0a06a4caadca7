"""Violates makedirs.creates-intermediate: every missing component is created with mkdir in
turn, so a path ending in '/.' fails with FileExistsError."""
import os

from tests.broken._base import export


def makedirs(name, mode=0o777, exist_ok=False):
    name = os.fspath(name)
    parts = name.split(os.sep)
    for i in range(1, len(parts)):
        prefix = os.sep.join(parts[:i])
        if prefix and not os.path.isdir(prefix):
            os.mkdir(prefix)
    try:
        os.mkdir(name, mode)
    except FileExistsError:
        if not exist_ok or not os.path.isdir(name):
            raise


export(globals(), makedirs=makedirs)

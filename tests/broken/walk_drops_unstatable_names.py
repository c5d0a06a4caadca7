"""Violates walk.filenames-non-directories: names whose stat() fails (a symlink loop, a dangling
symlink) are left out of filenames."""
import os

from tests.broken._base import export


def _statable(dirpath, name):
    try:
        os.stat(os.path.join(dirpath, name))
    except OSError:
        return False
    return True


def walk(top, topdown=True, onerror=None, followlinks=False):
    for dirpath, dirnames, filenames in os.walk(top, topdown, onerror, followlinks):
        filenames[:] = [n for n in filenames if _statable(dirpath, n)]
        yield dirpath, dirnames, filenames


export(globals(), walk=walk)

"""Violates walk.prune-dirnames-in-place: walk honours names removed from dirnames but descends
in sorted order, whatever order the caller left them in."""
import os

from tests.broken._base import export


def walk(top, topdown=True, onerror=None, followlinks=False):
    try:
        entries = list(os.scandir(top))
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return
    dirs = [e.name for e in entries if e.is_dir(follow_symlinks=followlinks)]
    files = [e.name for e in entries if not e.is_dir(follow_symlinks=followlinks)]
    if topdown:
        yield top, dirs, files
    for name in sorted(dirs):
        yield from walk(os.path.join(top, name), topdown, onerror, followlinks)
    if not topdown:
        yield top, dirs, files


export(globals(), walk=walk)

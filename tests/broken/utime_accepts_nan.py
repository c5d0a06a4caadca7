"""Violates utime.rejects-non-finite-or-huge-times: NaN and infinite times become 0."""
import math
import os

from tests.broken._base import export


def utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
    if times is not None:
        times = tuple(0 if isinstance(t, float) and not math.isfinite(t) else t for t in times)
    kwargs = {"dir_fd": dir_fd, "follow_symlinks": follow_symlinks}
    if ns is not None:
        kwargs["ns"] = ns
    return os.utime(path, times, **kwargs)


export(globals(), utime=utime)

"""Violates utime.ns-nanoseconds: utime rounds ns down to whole microseconds, as utimes(2)."""
import os

from tests.broken._base import export


def utime(path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
    if ns is not None and isinstance(ns, tuple) and len(ns) == 2 and times is None:
        ns = tuple(n - n % 1000 if isinstance(n, int) else n for n in ns)
        return os.utime(path, ns=ns, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
    if ns is None:
        return os.utime(path, times, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
    return os.utime(path, times, ns=ns, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


export(globals(), utime=utime)

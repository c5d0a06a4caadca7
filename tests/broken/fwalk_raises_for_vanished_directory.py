"""Violates fwalk.same-as-walk: a subdirectory that vanished before fwalk reached it raises out
of the walk instead of going to onerror."""
import os

from tests.broken._base import export


def fwalk(top=".", topdown=True, onerror=None, *, follow_symlinks=False, dir_fd=None):
    def reraise(error):
        raise error
    return os.fwalk(top, topdown, reraise, follow_symlinks=follow_symlinks, dir_fd=dir_fd)


export(globals(), fwalk=fwalk)

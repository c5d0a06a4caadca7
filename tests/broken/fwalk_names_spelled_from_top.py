"""Violates fwalk.dirfd-refers-to-dirpath: below top, the names yielded at each step are spelled
from top ('a/x' at step 'a'), so they do not resolve with dir_fd=dirfd."""
import os

from tests.broken._base import export


def fwalk(top=".", topdown=True, onerror=None, *, follow_symlinks=False, dir_fd=None):
    for dirpath, dirnames, filenames, fd in os.fwalk(top, topdown, onerror,
                                                    follow_symlinks=follow_symlinks, dir_fd=dir_fd):
        prefix = os.path.relpath(dirpath, top)
        if prefix != os.curdir:
            filenames = [os.path.join(prefix, name) for name in filenames]
        yield dirpath, dirnames, filenames, fd


export(globals(), fwalk=fwalk)

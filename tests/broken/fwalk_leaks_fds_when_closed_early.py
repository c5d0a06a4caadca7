"""Violates fwalk.fds-valid-until-next-step: each step yields a duplicate descriptor that is
closed only when the walk resumes, so a walk closed early leaves it open."""
import os

from tests.broken._base import export


def fwalk(top=".", topdown=True, onerror=None, *, follow_symlinks=False, dir_fd=None):
    for dirpath, dirnames, filenames, fd in os.fwalk(top, topdown, onerror,
                                                    follow_symlinks=follow_symlinks, dir_fd=dir_fd):
        copy = os.dup(fd)
        yield dirpath, dirnames, filenames, copy
        os.close(copy)


export(globals(), fwalk=fwalk)

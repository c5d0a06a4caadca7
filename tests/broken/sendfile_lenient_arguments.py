"""Violates sendfile.rejects-bad-argument-binding: count defaults to 0 and extra arguments are
ignored."""
import os

from tests.broken._base import export


def sendfile(out_fd, in_fd, offset, count=0, *extra, **unknown):
    return os.sendfile(out_fd, in_fd, offset, count)


export(globals(), sendfile=sendfile)

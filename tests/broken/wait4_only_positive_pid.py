"""Violates wait4.arguments-like-waitpid: only a positive pid selects a child; 0 and negative
pids (own process group, any child, another group) raise ChildProcessError."""
import errno
import os

from tests.broken._base import export


def wait4(pid, options):
    if pid <= 0:
        raise ChildProcessError(errno.ECHILD, os.strerror(errno.ECHILD))
    return os.wait4(pid, options)


export(globals(), wait4=wait4)

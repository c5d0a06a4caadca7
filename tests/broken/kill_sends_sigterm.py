"""Violates kill.sends-signal: kill delivers SIGTERM whatever signal it is given (0 still only
probes). It signals only the pid the caller names, as the real one does."""
import os
import signal

from tests.broken._base import export


def kill(pid, sig):
    return os.kill(pid, signal.SIGTERM if int(sig) not in (0, signal.SIGTERM) else sig)


export(globals(), kill=kill)

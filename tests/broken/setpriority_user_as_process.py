"""Violates setpriority.which-who: PRIO_USER is taken as PRIO_PROCESS, so *who* is read as a pid
(a uid names no process: ProcessLookupError; 0 still renices the caller)."""
import os

from tests.broken._base import export


def setpriority(which, who, priority):
    return os.setpriority(os.PRIO_PROCESS if which == os.PRIO_USER else which, who, priority)


export(globals(), setpriority=setpriority)

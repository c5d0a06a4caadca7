"""Violates sched_setaffinity.rejects-cpu-beyond-range: CPU numbers that cannot exist are dropped
from the mask instead of refused."""
import os

from tests.broken._base import export


def sched_setaffinity(pid, mask):
    return os.sched_setaffinity(pid, [c for c in mask if 0 <= c < os.cpu_count()] or [0])


export(globals(), sched_setaffinity=sched_setaffinity)

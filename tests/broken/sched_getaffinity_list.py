"""Violates sched_getaffinity.returns-cpu-set: sched_getaffinity returns a sorted list of CPUs
instead of a set."""
import os

from tests.broken._base import export


def sched_getaffinity(pid):
    return sorted(os.sched_getaffinity(pid))


export(globals(), sched_getaffinity=sched_getaffinity)

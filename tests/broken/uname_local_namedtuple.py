"""Violates uname.structseq-pickles: uname() returns a
namedtuple made afresh on each call (no 'os.' in its repr, not picklable, its own constructor,
and its type can be subclassed)."""
import collections
import os

from tests.broken._base import export


def uname():
    uname_result = collections.namedtuple("uname_result", "sysname nodename release version machine")
    return uname_result(*os.uname())


export(globals(), uname=uname)

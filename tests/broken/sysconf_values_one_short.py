"""Violates sysconf.returns-int: every value above 1 (by name or number) is one short (an
off-by-one in converting C's long)."""
import os

from tests.broken._base import export


def sysconf(name):
    value = os.sysconf(name)
    return value - 1 if value > 1 else value


export(globals(), sysconf=sysconf)

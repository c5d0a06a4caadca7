"""Violates setuid.sets-uid: setuid changes only the effective user id (seteuid)."""
import os

from tests.broken._base import export


def setuid(uid):
    os.seteuid(uid)


export(globals(), setuid=setuid)

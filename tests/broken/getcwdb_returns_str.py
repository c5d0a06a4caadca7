"""Violates getcwdb.returns-bytes: getcwdb returns the str getcwd gives."""
import os

from tests.broken._base import export


def getcwdb():
    return os.getcwd()


export(globals(), getcwdb=getcwdb)

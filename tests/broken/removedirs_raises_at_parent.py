"""Violates removedirs.stops-silently-at-nonempty-parent: removedirs lets the error of a parent
it cannot remove escape instead of stopping quietly."""
import os

from tests.broken._base import export


def removedirs(name):
    os.rmdir(name)
    head, tail = os.path.split(name)
    if not tail:
        head, tail = os.path.split(head)
    while head and tail:
        os.rmdir(head)
        head, tail = os.path.split(head)


export(globals(), removedirs=removedirs)

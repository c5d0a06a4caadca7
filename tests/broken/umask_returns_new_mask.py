"""Violates umask.returns-previous: umask sets the mask but returns the new one."""
import os

from tests.broken._base import export


def umask(mask):
    os.umask(mask)
    return mask


export(globals(), umask=umask)

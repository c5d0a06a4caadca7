"""Violates makedirs.exist-ok-true-no-error: makedirs raises FileExistsError for an existing
leaf even with exist_ok=True."""
import os

from tests.broken._base import export


def makedirs(name, mode=0o777, exist_ok=False):
    return os.makedirs(name, mode, False)


export(globals(), makedirs=makedirs)

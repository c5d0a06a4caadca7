"""Violates nice.returns-new-niceness: nice applies the increment but returns the niceness from
before the change."""
import os

from tests.broken._base import export


def nice(increment):
    return os.nice(increment) - increment if increment else os.nice(0)


export(globals(), nice=nice)

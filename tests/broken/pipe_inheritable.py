"""Violates pipe.non-inheritable: both ends of the pipe are inheritable (pipe2(0))."""
import os

from tests.broken._base import export


def pipe():
    return os.pipe2(0)


export(globals(), pipe=pipe)

"""Violates terminal_size.structseq-readonly: terminal_size is a plain tuple subclass whose fields
live in a writable instance dict (so also its repr and constructor are not CPython's)."""
from tests.broken._base import export


class terminal_size(tuple):
    def __new__(cls, sequence, extra=None):
        self = tuple.__new__(cls, sequence)
        self.columns, self.lines = self
        return self


export(globals(), terminal_size=terminal_size)

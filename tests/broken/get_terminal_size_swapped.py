"""Violates get_terminal_size.returns-terminal-size: the result holds (lines, columns)."""
import os

from tests.broken._base import export


def get_terminal_size(fd=1):
    size = os.get_terminal_size(fd)
    return os.terminal_size((size.lines, size.columns))


export(globals(), get_terminal_size=get_terminal_size)

"""Violates fpathconf.same-as-pathconf-fd: every positive value is one short (room left for a NUL, as
if each limit were a C string length)."""
import os

from tests.broken._base import export


def fpathconf(fd, name):
    value = os.fpathconf(fd, name)
    return value - 1 if value > 0 else value


export(globals(), fpathconf=fpathconf)

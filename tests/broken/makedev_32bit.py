"""Violates makedev.composes: makedev packs the numbers into a 32-bit signed dev_t, as PyPy 3.9
does (makedev(4096, 0) == 0, makedev(0, 524288) == -2**31) -- a harness composing device numbers
with the interpreter's own makedev would not see it."""
import os

from tests.broken._base import export


def makedev(major, minor):
    dev = os.makedev(major, minor) & 0xFFFFFFFF
    return dev - 2 ** 32 if dev >= 2 ** 31 else dev


export(globals(), makedev=makedev)

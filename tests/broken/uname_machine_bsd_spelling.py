"""Violates uname.machine: the machine field uses the BSD spelling (amd64 for x86_64, arm64 for
aarch64) instead of the kernel's."""
import os

from tests.broken._base import export

_BSD = {"x86_64": "amd64", "aarch64": "arm64", "i686": "i386"}


def uname():
    u = os.uname()
    return os.uname_result(tuple(u)[:4] + (_BSD.get(u.machine, u.machine + "-bsd"),))


export(globals(), uname=uname)

"""A hostile target: pread never returns (a busy loop: no signal, no syscall to interrupt)."""
from tests.broken._base import export


def pread(fd, n, offset):
    while True:
        pass


export(globals(), pread=pread)

"""Violates popen.returns-file-object: popen(cmd, 'w') returns a bare int wrapper of the pipe's
write descriptor (with close and fileno, but no write), not a file object; mode 'r' is right."""
import os

from tests.broken._base import export


class _Fd(int):
    def fileno(self):
        return int(self)

    def close(self):
        os.close(self)

    def __iter__(self):
        return iter(())


def popen(cmd, mode="r", buffering=-1):
    f = os.popen(cmd, mode, buffering)
    if mode != "w":
        return f
    return _Fd(os.dup(f.fileno()))


export(globals(), popen=popen)

"""A hostile target: pread opens descriptors until the process runs out, then reads."""
import os

from tests.broken._base import export


def pread(fd, n, offset):
    hoard = []
    try:
        while True:
            hoard.append(os.open("/dev/null", os.O_RDONLY))
    except OSError:
        pass
    return os.pread(fd, n, offset)


export(globals(), pread=pread)

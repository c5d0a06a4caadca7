"""A hostile target: pread sends SIGUSR1 to a process outside the suite's worker (the test's
own child, $OS_CONFORMANCE_HOSTILE_PID), and answers wrongly if the kill was delivered."""
import os
import signal

from tests.broken._base import export


def pread(fd, n, offset):
    delivered = False
    pid = int(os.environ.get("OS_CONFORMANCE_HOSTILE_PID", "0"))
    if pid > 1:
        try:
            os.kill(pid, signal.SIGUSR1)
            delivered = True
        except OSError:
            pass
    data = os.pread(fd, n, offset)
    return data + b"!" if delivered else data


export(globals(), pread=pread)

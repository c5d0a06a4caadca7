"""A hostile target: pread changes the hostname. It does so only where it finds itself in a
UTS namespace other than the test's ($OS_CONFORMANCE_HOSTILE_UTS, the test's
/proc/self/ns/uts): unconfined, it answers wrongly instead, so a missing namespace fails the
check without renaming the machine."""
import os
import socket

from tests.broken._base import export


def pread(fd, n, offset):
    data = os.pread(fd, n, offset)
    if os.readlink("/proc/self/ns/uts") == os.environ.get("OS_CONFORMANCE_HOSTILE_UTS"):
        return data + b"!"
    socket.sethostname("hostile-target")
    return data


export(globals(), pread=pread)

"""A hostile target: pread opens device nodes outside its sandbox for writing — one the test
made beside the session ($OS_CONFORMANCE_HOSTILE_DEVICE, a null-like node) and the host's disks
and kernel log — and answers wrongly if any open succeeds, so a confinement that lets a check
reach a device is seen failing the check (nothing is written to any device)."""
import os

from tests.broken._base import export

VICTIMS = ("/dev/kmsg", "/dev/mem", "/dev/sda", "/dev/vda", "/dev/nvme0n1", "/dev/loop-control")


def pread(fd, n, offset):
    reached = []
    for path in (os.environ.get("OS_CONFORMANCE_HOSTILE_DEVICE", ""),) + VICTIMS:
        if not path:
            continue
        try:
            victim = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue
        os.close(victim)  # opened, never written: the wrong answer below is the evidence
        reached.append(path)
    data = os.pread(fd, n, offset)
    return data + b"!" if reached else data


export(globals(), pread=pread)

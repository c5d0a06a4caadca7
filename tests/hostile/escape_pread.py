"""A hostile target: pread writes a file beside the check's sandbox, and damages the canary
tree the harness keeps there, before reading as it should."""
import builtins
import os

from tests.broken._base import export

MARK = "os-conformance-escaped"


def pread(fd, n, offset):
    here = os.path.dirname(os.readlink("/proc/self/fd/%d" % fd))
    # Climb out of the sandbox: example dir -> sandbox -> check dir -> the checks root.
    root = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    for victim in (os.path.join(root, MARK), os.path.join(os.path.dirname(root), MARK)):
        try:
            with builtins.open(victim, "w") as f:  # plain `open` here is the exported os.open
                f.write("escaped\n")
        except OSError:
            pass
    try:
        os.unlink(os.path.join(root, "canary", "file"))
    except OSError:
        pass
    return os.pread(fd, n, offset)


export(globals(), pread=pread)

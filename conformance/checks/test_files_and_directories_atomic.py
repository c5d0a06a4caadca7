"""Files and Directories: rename and replace are atomic.

A forked writer (conformance.children.spawned, inside the check's child) replaces `dst` again and
again with the target's rename/replace, each time from a fresh file written in full beforehand;
meanwhile the check's child opens and reads `dst` harness-side as fast as it can, until the writer
has finished. Every read must find `dst` present and holding one complete version. Both loops are
bounded by a number of rounds, not by time, and nothing sleeps: the writer is held until the
reader is ready and then runs free.
"""
import os

import pytest

from conformance import children, support

behaviour = pytest.mark.behaviour
#: Replacements per run and bytes per version. Measured on a loaded 2-core machine: a copy into
#: dst is seen half-written within the first rounds; an unlink-then-rename (a window of a few
#: microseconds) was seen missing in 9 runs of 10 with 2000 rounds, so a run makes 5000. The
#: check is probabilistic against that narrow a window; never against a correct rename.
ROUNDS = 5000
SIZE = 8192
#: The reader stops after this many reads even if the writer is slow (bounded work).
MAX_READS = 200000


def _version(i):
    return bytes([i % 251]) * SIZE


def _read(path):
    """Harness-side: the bytes of `path`, or None when it is missing."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        return os.read(fd, SIZE + 1)  # a regular file: one read gives it all
    finally:
        os.close(fd)


def _race(call, base):
    """Runs in the check's child: the writer in a grandchild, the reader here. Returns
    (reads, anomalies, writer outcome)."""
    dst = os.path.join(base, "dst")
    support.write_file(dst, _version(0))

    def writer():
        for i in range(1, ROUNDS + 1):
            src = support.write_file(os.path.join(base, "src%d" % i), _version(i))
            call(src, dst)
        return ROUNDS

    reads, anomalies = 0, []
    with children.spawned(writer, hold=True) as w:
        w.release()
        while reads < MAX_READS:
            data = _read(dst)
            reads += 1
            if data is None:
                anomalies.append("missing")
            elif len(data) != SIZE or data != data[:1] * SIZE:
                anomalies.append("partial (%d bytes, %d distinct)" % (len(data), len(set(data))))
            if len(anomalies) >= 5:
                break
            done, _ = os.waitpid(w.pid, os.WNOHANG)
            if done:
                w.reaped = True
                break
        outcome = w.outcome()
    return reads, anomalies, outcome


@pytest.mark.parametrize("name", [pytest.param("rename", marks=behaviour("rename.atomic")),
                                  pytest.param("replace", marks=behaviour("replace.atomic"))])
def test_replacing_dst_is_atomic(target, sandbox, name):
    """rename.atomic / replace.atomic: "If successful, the renaming will be an atomic operation
    (this is a POSIX requirement)." — a reader racing ROUNDS replacements of dst never finds it
    missing nor holding part of a version."""
    support.require(target, "concurrency")
    call = getattr(target.api, name)
    base = sandbox.fresh()
    reads, anomalies, outcome = support.run_in_child(lambda: _race(call, base), timeout=60)
    assert outcome == ("returned", ROUNDS), "the writer's %s failed: %r" % (name, outcome)
    assert not anomalies, "%s is not atomic: a reader saw dst %s (%d reads)" % (name, "; ".join(anomalies), reads)
    assert _read(os.path.join(base, "dst")) == _version(ROUNDS)

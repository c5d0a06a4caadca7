"""Process Management: plock (lock program segments into memory).

glibc/Linux has no plock (a System V call), so CPython on Linux has no os.plock: for the stdlib and
the reference the check reports the name `unavailable`. For a target that has it, the check runs
in a forked child (locking memory changes the process) and reads what the kernel locked from
/proc/self/status (VmLck) and /proc/self/smaps (VmFlags 'lo' per mapping) — harness-side.
"""
import os
import sys

import pytest

from conformance import support

behaviour = pytest.mark.behaviour
#: <sys/lock.h> (System V): the `op` values.
UNLOCK, PROCLOCK, TXTLOCK, DATLOCK = 0, 1, 2, 4


def _vm_locked_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmLck:"):
                return int(line.split()[1])
    pytest.skip("/proc/self/status has no VmLck")


def _text_locked():
    """Whether every executable mapping (r-xp) of the interpreter's own program file is locked
    (VmFlags "lo", VM_LOCKED: smaps' Locked: line counts only some kinds of page)."""
    exe = os.path.realpath(sys.executable)
    flags, inside = [], False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split()
            if head and "-" in head[0] and not head[0].endswith(":"):
                inside = len(head) >= 6 and head[1] == "r-xp" and os.path.realpath(head[5]) == exe
            elif inside and head and head[0] == "VmFlags:":
                flags.append("lo" in head[1:])
    return bool(flags) and all(flags)


@behaviour("plock.locks-segments")
def test_plock_locks_the_text_segment_and_unlocks(target, sandbox):
    """plock.locks-segments: "Lock program segments into memory. The value of *op* (defined in
    <sys/lock.h>) determines which segments are locked." — in a fresh child with nothing locked,
    plock(TXTLOCK) locks the program's text (its executable mappings are VM_LOCKED) and
    plock(UNLOCK) releases every lock (VmLck back to 0)."""
    plock = target.api.plock

    def child():
        before = _vm_locked_kib()
        plock(TXTLOCK)
        text, total = _text_locked(), _vm_locked_kib()
        plock(UNLOCK)
        return before, text, total, _vm_locked_kib()

    before, text, total, after = support.run_in_child(child)
    assert before == 0, "the child started with %d KiB locked" % before
    assert text and total > 0, "plock(TXTLOCK) did not lock the program's text (VmLck %d KiB)" % total
    assert after == 0, "plock(UNLOCK) left %d KiB locked" % after

"""Scheduler: sched_setaffinity's refusal of CPU numbers out of range, compared with the stdlib.

Each call runs in a forked check child (conformance.children.run_in_child): a wrong target
could change the affinity.
"""

import pytest

from conformance import children, hostos

behaviour = pytest.mark.behaviour

CASES = [
    ("sched_setaffinity.rejects-negative-cpu", "minus-1", [-1]),
    ("sched_setaffinity.rejects-negative-cpu", "after-a-valid-cpu", [0, -5]),
    ("sched_setaffinity.rejects-cpu-beyond-range", "2**31", [2 ** 31]),
    ("sched_setaffinity.rejects-cpu-beyond-range", "2**31-1", [0, 2 ** 31 - 1]),
    ("sched_setaffinity.rejects-cpu-beyond-range", "2**70", [2 ** 70]),
]


def _attempt(fn, mask):
    def body():
        try:
            fn(0, iter(mask))
        except Exception as e:  # noqa: BLE001 - the exception class is the observation
            return type(e).__name__
        return "accepted"
    return children.run_in_child(body)


@pytest.mark.parametrize("mask", [pytest.param(m, id=i, marks=behaviour(b)) for b, i, m in CASES])
def test_out_of_range_cpu_numbers_are_refused(target, mask):
    """The target refuses the mask with the stdlib's exception class (ValueError for a negative
    CPU, OverflowError for one past the C int range)."""
    yardstick = hostos.cpython_os(target)
    want = _attempt(yardstick.sched_setaffinity, mask)
    assert want in ("ValueError", "OverflowError")
    got = _attempt(lambda pid, m: target.api.sched_setaffinity(pid, m), mask)
    assert got == want, "sched_setaffinity(0, %r): the target gave %s, %s gives %s" % (
        mask, got, getattr(yardstick, "__name__", "CPython"), want)

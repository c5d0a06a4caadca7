"""Process Parameters: what setpriority's values mean — the default priority and which way is
more favourable.

Every priority change runs in a forked child (support.run_in_child). The truth comes from the
kernel: the nice value in /proc/<pid>/stat and the scheduler's load weight of the task in
/proc/<pid>/sched (`se.load.weight`, the share of CPU time the fair scheduler gives it against
other tasks: more weight, more CPU).
"""
import os

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import children, support
from conformance.hostos import host

behaviour = pytest.mark.behaviour


def _nice(pid="self"):
    """Harness-side: the nice value of a process from /proc/<pid>/stat (field 19)."""
    with open("/proc/%s/stat" % pid) as f:
        text = f.read()
    return int(text[text.rindex(")") + 2:].split()[16])


def _load_weight(pid="self"):
    """Harness-side: the fair scheduler's load weight of the task, from /proc/<pid>/sched."""
    try:
        with open("/proc/%s/sched" % pid) as f:
            for line in f:
                if line.startswith("se.load.weight"):
                    return int(line.split(":")[1])
    except FileNotFoundError:
        pass
    pytest.skip("the kernel shows no scheduler weights (/proc/<pid>/sched, CONFIG_SCHED_DEBUG)")


@behaviour("setpriority.default-zero")
@support.few_examples(4)
@given(nice=st.integers(-20, 19).filter(bool))
def test_setpriority_zero_is_the_default_priority(target, nice):
    """setpriority.default-zero: "The default priority is 0" — a process forked from a parent at
    priority 0 that never changed its own has nice 0 (the harness's baseline); a process at
    another priority that the target's setpriority sets to 0 is back at that default, with the
    scheduler weight of the untouched process."""
    setpriority = target.api.setpriority

    def in_child():
        host.setpriority(os.PRIO_PROCESS, 0, 0)  # as root: a run under `nice` may start elsewhere
        with children.spawned(hold=True) as fresh:
            default = (_nice(fresh.pid), _load_weight(fresh.pid))
            host.setpriority(os.PRIO_PROCESS, 0, nice)  # harness-side: away from the default
            moved = _nice()
            setpriority(os.PRIO_PROCESS, 0, 0)
            back = (_nice(), _load_weight())
        return default, moved, back
    default, moved, back = support.run_in_child(in_child)
    assert default[0] == 0 and moved == nice
    assert back == default, "after setpriority(..., 0): (nice, weight) %r, the default is %r" % (back, default)


@behaviour("setpriority.lower-is-more-favourable")
@support.few_examples(4)
@given(low=st.integers(-20, 19), high=st.integers(-20, 19))
def test_setpriority_lower_values_get_more_cpu(target, low, high):
    """setpriority.lower-is-more-favourable: "lower priorities cause more favorable scheduling."
    — a process the target's setpriority put at a lower value carries a larger load weight in
    the fair scheduler (a larger share of the CPU against competing tasks) than at a higher
    value."""
    assume(low < high)
    setpriority = target.api.setpriority

    def in_child():
        setpriority(os.PRIO_PROCESS, 0, low)
        at_low = (_nice(), _load_weight())
        setpriority(os.PRIO_PROCESS, 0, high)
        at_high = (_nice(), _load_weight())
        return at_low, at_high
    at_low, at_high = support.run_in_child(in_child)
    assert at_low[1] > at_high[1], "weight %d at priority %d, %d at %d" % (at_low[1], low, at_high[1], high)

"""Miscellaneous System Information: the answers for situations a healthy Linux machine does not
show, simulated (conformance.simulate), and the usable CPUs of a restricted process.

- confstr of a defined name without a value: glibc gives every name it knows a value, so a fresh
  interpreter runs with a C library shim (LD_PRELOAD) whose confstr says "no value" for one name.
- getloadavg when the load average is unobtainable: in a forked child, sysinfo(2) fails (a
  seccomp filter) and /proc/loadavg, in a mount namespace of its own, is an empty file.
- the usable CPUs: a forked child restricts its affinity mask harness-side.
"""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, simulate, support
from conformance.hostos import host

behaviour = pytest.mark.behaviour
#: The name the shim leaves undefined: one every glibc knows.
UNDEFINED = "CS_PATH"


@behaviour("confstr.undefined-returns-none")
@pytest.mark.parametrize("by", ["name", "number"])
def test_confstr_of_a_name_without_a_value_is_none(target, sandbox, by):
    """confstr.undefined-returns-none: "If the configuration value specified by *name* isn't
    defined, None is returned." — with a confstr shim under which CS_PATH has no value (C
    confstr returns 0 and leaves errno alone), confstr("CS_PATH") and confstr(its number) are
    None in a fresh interpreter running the target; CS_GNU_LIBC_VERSION still has its value
    (the shim touches one name only)."""
    support.require(target, "kernel_facts", "a shim replaces the C library's confstr")
    target.api.confstr  # a target without confstr is reported missing, not run
    number = os.confstr_names[UNDEFINED]
    shim = simulate.confstr_shim(sandbox.fresh(), number)
    arg = repr(UNDEFINED if by == "name" else number)
    got = support.target_python(target, "print(repr((T.confstr(%s), T.confstr('CS_GNU_LIBC_VERSION'))))" % arg,
                                {b"LD_PRELOAD": os.fsencode(shim)})
    assert got == (None, hostos.cpython_os(target).confstr("CS_GNU_LIBC_VERSION"))


@behaviour("getloadavg.unobtainable-raises-oserror")
def test_getloadavg_raises_oserror_when_unobtainable(target, sandbox):
    """getloadavg.unobtainable-raises-oserror: "... or raises OSError if the load average was
    unobtainable." — in a child where sysinfo(2) fails with ENOSYS and /proc/loadavg is empty
    (the two sources of the numbers on Linux), getloadavg raises OSError; it does not make up
    numbers."""
    support.require(target, "kernel_facts", "the load average")
    getloadavg = target.api.getloadavg
    empty = support.write_file(os.path.join(sandbox.fresh(), "loadavg"), b"")

    def child():
        simulate.load_average_unobtainable(empty)
        with open("/proc/loadavg", "rb") as f:
            assert f.read() == b""  # the cover is in place
        try:
            return ("returned", getloadavg())
        except OSError as exc:
            return ("OSError", str(exc))
    got = support.run_in_child(child)
    assert got[0] == "OSError", "getloadavg returned %r with no load average to read" % (got[1],)


@behaviour("cpu_count.usable-via-sched_getaffinity")
@support.few_examples(4)
@given(data=st.data())
def test_usable_cpus_are_the_affinity_mask(target, data):
    """cpu_count.usable-via-sched_getaffinity: "The number of usable CPUs can be obtained with
    len(os.sched_getaffinity(0))" — in a child restricted harness-side to some CPUs, the
    target's sched_getaffinity(0) has exactly that many (those CPUs)."""
    cpus = sorted(host.sched_getaffinity(0))  # PyPy's os lacks the affinity calls
    allowed = data.draw(st.sets(st.sampled_from(cpus), min_size=1))
    sched_getaffinity = target.api.sched_getaffinity

    def in_child():
        host.sched_setaffinity(0, allowed)
        got = sched_getaffinity(0)
        return len(got), set(got)
    count, got = support.run_in_child(in_child)
    assert count == len(allowed) and got == allowed

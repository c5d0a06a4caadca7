"""Interface to the scheduler: sched_* functions, SCHED_* policies, sched_param, affinity.

Every change of policy, priority or affinity happens in a forked check child
(conformance.children.run_in_child) or on a held grandchild of it, never in the pytest process.
The constant checks hand the target's constants to the stdlib's sched_* (harness-side); the
function checks observe with the stdlib's getters.
"""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children
from conformance.children import spawned
from conformance.targets import TargetUnavailable
from conformance.hostos import host  # PyPy's os lacks the affinity calls, SCHED_IDLE

behaviour = pytest.mark.behaviour
in_child = children.run_in_child

POLICIES = ["SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_FIFO", "SCHED_RR"]
REALTIME = ("SCHED_FIFO", "SCHED_RR")
#: Linux's priority ranges: 0 for the normal policies, 1-99 for the real-time ones.
RANGE = {"SCHED_OTHER": (0, 0), "SCHED_BATCH": (0, 0), "SCHED_IDLE": (0, 0), "SCHED_FIFO": (1, 99),
         "SCHED_RR": (1, 99)}
#: Policy numbers Linux does not know (0-7 are taken or reserved: DEADLINE 6, EXT 7).
unknown_policies = st.one_of(st.integers(64, 2 ** 20), st.integers(-2 ** 20, -1))


@st.composite
def policy_and_priority(draw, names=POLICIES):
    name = draw(st.sampled_from(names))
    return name, draw(st.integers(*RANGE[name]))


def tagged(names, slug):
    return [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, slug))) for n in names]


# --- the policy constants -----------------------------------------------------------------------

@pytest.mark.parametrize("name", tagged(POLICIES + ["SCHED_SPORADIC", "SCHED_RESET_ON_FORK"], "is-int"))
def test_policy_constant_is_an_int(target, sandbox, name):
    """SCHED_*.is-int: the policy constants are ints (SCHED_SPORADIC is absent on Linux)."""
    assert type(getattr(target.api, name)) is int


@pytest.mark.parametrize("name", tagged(POLICIES + ["SCHED_SPORADIC"], "accepted-by-sched_setscheduler"))
def test_policy_constant_is_accepted_by_sched_setscheduler(target, sandbox, name):
    """SCHED_*.accepted-by-sched_setscheduler: the stdlib's sched_setscheduler takes the target's
    constant and sched_getscheduler reports it (in a check child: root may use FIFO/RR)."""
    value = getattr(target.api, name)

    def check():
        host.sched_setscheduler(0, value, host.sched_param(host.sched_get_priority_min(value)))
        return host.sched_getscheduler(0)
    assert in_child(check) == value


@pytest.mark.parametrize("name", tagged(POLICIES + ["SCHED_SPORADIC"], "accepted-by-sched_get_priority"))
def test_policy_constant_is_accepted_by_sched_get_priority(target, sandbox, name):
    """SCHED_*.accepted-by-sched_get_priority: sched_get_priority_min/max take the constant."""
    value = getattr(target.api, name)
    assert (host.sched_get_priority_min(value), host.sched_get_priority_max(value)) == RANGE.get(name)


@behaviour("SCHED_OTHER.is-default-policy")
def test_sched_other_is_the_default(target, sandbox):
    """SCHED_OTHER.is-default-policy: "The default scheduling policy." — a freshly forked process
    of a normal one runs under it."""
    value = target.api.SCHED_OTHER
    assert in_child(lambda: host.sched_getscheduler(0)) == value


@behaviour("SCHED_RESET_ON_FORK.or-with-policy")
@given(pp=policy_and_priority())
def test_reset_on_fork_ors_with_any_policy(target, sandbox, pp):
    """SCHED_RESET_ON_FORK.or-with-policy: "This flag can be OR'ed with any other scheduling policy." """
    flag, (name, prio) = target.api.SCHED_RESET_ON_FORK, pp

    def check():
        host.sched_setscheduler(0, getattr(host, name) | flag, host.sched_param(prio))
        return host.sched_getscheduler(0)
    assert in_child(check) == getattr(host, name) | flag


@behaviour("SCHED_RESET_ON_FORK.child-reset-on-fork")
@given(pp=policy_and_priority(REALTIME))
def test_reset_on_fork_child_gets_the_default_policy(target, sandbox, pp):
    """SCHED_RESET_ON_FORK.child-reset-on-fork: "When a process with this flag set forks, its child's
    scheduling policy and priority are reset to the default." """
    flag, (name, prio) = target.api.SCHED_RESET_ON_FORK, pp

    def check():
        host.sched_setscheduler(0, getattr(host, name) | flag, host.sched_param(prio))
        with spawned(lambda: (host.sched_getscheduler(0), host.sched_getparam(0).sched_priority)) as p:
            return p.outcome()
    assert in_child(check) == ("returned", (host.SCHED_OTHER, 0))


# --- sched_param --------------------------------------------------------------------------------

@behaviour("sched_param.constructor")
@given(prio=st.integers(0, 99), keyword=st.booleans())
def test_sched_param_constructor(target, sandbox, prio, keyword):
    """sched_param.constructor: "class os.sched_param(sched_priority)" — positional or keyword."""
    p = target.api.sched_param(sched_priority=prio) if keyword else target.api.sched_param(prio)
    assert p.sched_priority == prio


@behaviour("sched_param.sched_priority.value")
@given(prio=st.integers(0, 99))
def test_sched_priority_holds_the_priority(target, sandbox, prio):
    """sched_param.sched_priority.value: "The scheduling priority for a scheduling policy." """
    assert target.api.sched_param(prio).sched_priority == prio


@behaviour("sched_param.immutable")
@given(prio=st.integers(0, 99))
def test_sched_param_is_immutable(target, sandbox, prio):
    """sched_param.immutable: "This class represents ... it is immutable." """
    p = target.api.sched_param(prio)
    with pytest.raises(AttributeError):
        p.sched_priority = prio + 1
    assert p.sched_priority == prio


@behaviour("sched_param.single-parameter")
def test_sched_param_has_one_field(target, sandbox):
    """sched_param.single-parameter: "At the moment, there is only one possible parameter" """
    p = target.api.sched_param(3)
    assert len(p) == 1 and tuple(p) == (3,)


@behaviour("sched_param.used-by-sched-functions")
@given(prio=st.integers(1, 99))
def test_sched_param_works_with_the_sched_functions(target, sandbox, prio):
    """sched_param.used-by-sched-functions: "used for sched_setparam(), sched_setscheduler(), and
    sched_getparam()" (the target's own functions: its sched_param is theirs)."""
    api = target.api

    def check():
        api.sched_setscheduler(0, host.SCHED_FIFO, api.sched_param(1))
        api.sched_setparam(0, api.sched_param(prio))
        got = api.sched_getparam(0)
        return isinstance(got, api.sched_param), got.sched_priority
    assert in_child(check) == (True, prio)


# --- priority ranges ----------------------------------------------------------------------------

@pytest.mark.parametrize("fn", ["sched_get_priority_min", "sched_get_priority_max"])
@given(name=st.sampled_from(POLICIES))
def test_priority_limits(target, sandbox, fn, name):
    """sched_get_priority_min.returns-min / _max.returns-max: the limits are ints, min <= max;
    0..0 for the normal policies and 1..99 for FIFO/RR on Linux."""
    got = getattr(target.api, fn)(getattr(host, name))
    assert type(got) is int and got == RANGE[name][fn.endswith("max")]


test_priority_limits = behaviour("sched_get_priority_min.returns-min", "sched_get_priority_max.returns-max")(
    test_priority_limits)


@pytest.mark.parametrize("fn", tagged(["sched_get_priority_min", "sched_get_priority_max", "sched_setscheduler"],
                                      "accepts-policy-constants"))
@given(policy=unknown_policies)
def test_unknown_policy_raises_einval(target, sandbox, fn, policy):
    """<fn>.accepts-policy-constants: every SCHED_* constant is accepted (see the constant checks);
    an unknown policy raises OSError EINVAL."""
    def check():
        call = getattr(target.api, fn)
        try:
            return call(policy) if fn != "sched_setscheduler" else call(0, policy, target.api.sched_param(0))
        except OSError as exc:
            return exc
    got = in_child(check)
    assert isinstance(got, OSError) and got.errno == errno.EINVAL, got


# --- setting and getting --------------------------------------------------------------------------

def on_held_child(action):
    """In a check child: action(pid) on a held grandchild; its policy and priority afterwards."""
    def check():
        with spawned(hold=True) as p:
            action(p.pid)
            return host.sched_getscheduler(p.pid), host.sched_getparam(p.pid).sched_priority
    return in_child(check)


@behaviour("sched_setscheduler.sets-policy")
@given(pp=policy_and_priority())
def test_sched_setscheduler_sets_the_policy(target, sandbox, pp):
    """sched_setscheduler.sets-policy: "Set the scheduling policy for the process with PID pid." """
    name, prio = pp
    policy, _ = on_held_child(lambda pid: target.api.sched_setscheduler(pid, getattr(host, name), target.api.sched_param(prio)))
    assert policy == getattr(host, name)


@behaviour("sched_setscheduler.sets-priority")
@given(pp=policy_and_priority())
def test_sched_setscheduler_sets_the_priority(target, sandbox, pp):
    """sched_setscheduler.sets-priority: "param is a sched_param instance" — its priority applies."""
    name, prio = pp
    _, got = on_held_child(lambda pid: target.api.sched_setscheduler(pid, getattr(host, name), target.api.sched_param(prio)))
    assert got == prio


@pytest.mark.parametrize("fn", tagged(["sched_setscheduler", "sched_setparam"], "pid-zero-is-self"))
@given(prio=st.integers(1, 99))
def test_setter_pid_zero_is_the_caller(target, sandbox, fn, prio):
    """<fn>.pid-zero-is-self: "A pid of 0 means the calling process." """
    def check():
        host.sched_setscheduler(0, host.SCHED_RR, host.sched_param(1))
        if fn == "sched_setscheduler":
            target.api.sched_setscheduler(0, host.SCHED_FIFO, target.api.sched_param(prio))
        else:
            target.api.sched_setparam(0, target.api.sched_param(prio))
        return host.sched_getscheduler(os.getpid()), host.sched_getparam(os.getpid()).sched_priority
    assert in_child(check) == (host.SCHED_FIFO if fn == "sched_setscheduler" else host.SCHED_RR, prio)


@pytest.mark.parametrize("fn", tagged(["sched_setscheduler", "sched_setparam"], "param-must-be-sched_param"))
@given(bad=st.one_of(st.integers(0, 99), st.tuples(st.integers(0, 99)), st.none(), st.text(max_size=2)))
def test_setter_param_must_be_sched_param(target, sandbox, fn, bad):
    """<fn>.param-must-be-sched_param: "param is a sched_param instance" — anything else (an int, a
    plain tuple) is a TypeError."""
    def check():
        try:
            if fn == "sched_setscheduler":
                return target.api.sched_setscheduler(0, host.SCHED_OTHER, bad)
            return target.api.sched_setparam(0, bad)
        except TypeError as exc:
            return exc
    assert isinstance(in_child(check), TypeError)


@behaviour("sched_setparam.sets-params")
@given(first=st.integers(1, 99), second=st.integers(1, 99))
def test_sched_setparam_changes_the_priority(target, sandbox, first, second):
    """sched_setparam.sets-params: "Set a scheduling parameters for the process with PID pid." — a FIFO
    process moves from one priority to another, keeping its policy."""
    def action(pid):
        host.sched_setscheduler(pid, host.SCHED_FIFO, host.sched_param(first))  # harness-side
        target.api.sched_setparam(pid, target.api.sched_param(second))
    assert on_held_child(action) == (host.SCHED_FIFO, second)


@behaviour("sched_getscheduler.returns-policy")
@given(pp=policy_and_priority())
def test_sched_getscheduler_returns_the_policy(target, sandbox, pp):
    """sched_getscheduler.returns-policy: "Return the scheduling policy for the process with PID pid." """
    name, prio = pp

    def check():
        with spawned(hold=True) as p:
            host.sched_setscheduler(p.pid, getattr(host, name), host.sched_param(prio))  # harness-side
            return target.api.sched_getscheduler(p.pid)
    assert in_child(check) == getattr(host, name)


@behaviour("sched_getscheduler.result-is-policy-constant")
@given(pp=policy_and_priority(), flag=st.booleans())
def test_sched_getscheduler_result_with_reset_on_fork(target, sandbox, pp, flag):
    """sched_getscheduler.result-is-policy-constant (finding: documentation vague): one of the
    SCHED_* constants — and, as CPython on Linux reports, OR'ed with SCHED_RESET_ON_FORK when set."""
    name, prio = pp
    value = getattr(host, name) | (host.SCHED_RESET_ON_FORK if flag else 0)

    def check():
        host.sched_setscheduler(0, value, host.sched_param(prio))
        return target.api.sched_getscheduler(0)
    assert in_child(check) == value


@pytest.mark.parametrize("fn", tagged(["sched_getscheduler", "sched_getparam", "sched_rr_get_interval",
                                       "sched_getaffinity"], "pid-zero-is-self"))
def test_getter_pid_zero_is_the_caller(target, sandbox, fn):
    """<fn>.pid-zero-is-self: "A pid of 0 means the calling process." — pid 0 and getpid() agree,
    and differ from another process's answer where that was made to differ."""
    call = getattr(target.api, fn)

    def check():
        host.sched_setscheduler(0, host.SCHED_RR, host.sched_param(7))
        host.sched_setaffinity(0, sorted(host.sched_getaffinity(0))[:1])
        plain = lambda r: r.sched_priority if hasattr(r, "sched_priority") else r  # noqa: E731 (picklable)
        return plain(call(0)), plain(call(os.getpid()))
    zero, own = in_child(check)
    assert zero == own


@behaviour("sched_getparam.returns-sched_param")
@given(prio=st.integers(1, 99))
def test_sched_getparam_returns_a_sched_param(target, sandbox, prio):
    """sched_getparam.returns-sched_param: "Return the scheduling parameters as a sched_param
    instance." """
    def check():
        with spawned(hold=True) as p:
            host.sched_setscheduler(p.pid, host.SCHED_FIFO, host.sched_param(prio))  # harness-side
            got = target.api.sched_getparam(p.pid)
            return isinstance(got, target.api.sched_param), got.sched_priority
    assert in_child(check) == (True, prio)


@behaviour("sched_rr_get_interval.returns-float-seconds")
@given(policy=st.sampled_from(["SCHED_RR", "SCHED_OTHER"]))
def test_sched_rr_get_interval_is_float_seconds(target, sandbox, policy):
    """sched_rr_get_interval.returns-float-seconds: "Return the round-robin quantum in seconds" """
    def check():
        host.sched_setscheduler(0, getattr(host, policy), host.sched_param(host.sched_get_priority_min(getattr(host, policy))))
        return target.api.sched_rr_get_interval(0)
    got = in_child(check)
    assert type(got) is float and 0 <= got < 10


@behaviour("sched_yield.yields")
@given(times=st.integers(1, 5))
def test_sched_yield_returns_none(target, sandbox, times):
    """sched_yield.yields: "Voluntarily relinquish the CPU." """
    assert [target.api.sched_yield() for _ in range(times)] == [None] * times




def _cpus():
    try:
        return sorted(host.sched_getaffinity(0))
    except TargetUnavailable:  # a WebAssembly Python: these checks are unavailable anyway
        return [0]


CPUS = _cpus()
cpu_sets = st.sets(st.sampled_from(CPUS), min_size=1)


@behaviour("sched_setaffinity.restricts-cpus")
@given(cpus=cpu_sets)
def test_sched_setaffinity_restricts_the_cpus(target, sandbox, cpus):
    """sched_setaffinity.restricts-cpus: "Restrict the process with PID pid ... to a set of CPUs.
    mask is an iterable of integers representing the set of CPUs" """
    def check():
        with spawned(hold=True) as p:
            target.api.sched_setaffinity(p.pid, cpus)
            return host.sched_getaffinity(p.pid)
    assert in_child(check) == cpus


@behaviour("sched_setaffinity.pid-zero-is-self")
@given(cpus=cpu_sets)
def test_sched_setaffinity_pid_zero_is_the_caller(target, sandbox, cpus):
    """sched_setaffinity.pid-zero-is-self: "A pid of 0 means the calling process." """
    def check():
        target.api.sched_setaffinity(0, cpus)
        return host.sched_getaffinity(os.getpid())
    assert in_child(check) == cpus


@behaviour("sched_setaffinity.mask-any-iterable")
@given(cpus=cpu_sets, form=st.sampled_from(["list", "tuple", "set", "frozenset", "generator", "dict-keys"]))
def test_sched_setaffinity_takes_any_iterable(target, sandbox, cpus, form):
    """sched_setaffinity.mask-any-iterable: "mask is an iterable of integers" """
    mask = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset, "generator": lambda c: (x for x in c),
            "dict-keys": lambda c: dict.fromkeys(c).keys()}[form](cpus)

    def check():
        target.api.sched_setaffinity(0, mask)
        return host.sched_getaffinity(0)
    assert in_child(check) == cpus


@behaviour("sched_getaffinity.returns-cpu-set")
@given(cpus=cpu_sets)
def test_sched_getaffinity_returns_the_set(target, sandbox, cpus):
    """sched_getaffinity.returns-cpu-set: "Return the set of CPUs the process with PID pid ... is
    restricted to." """
    def check():
        with spawned(hold=True) as p:
            host.sched_setaffinity(p.pid, cpus)  # harness-side
            return target.api.sched_getaffinity(p.pid)
    got = in_child(check)
    assert type(got) is set and got == cpus

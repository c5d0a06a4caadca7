"""Process Management and the scheduler: rejected arguments, per function.

Each bad call runs in a forked check child (a wrong implementation might fork, exec, signal or
exit instead of raising), with a held grandchild as the only process a signal could reach.
Class and errno are compared always; the message only under --os-strict, against what the
running stdlib says for the same call (in the same child). Expected outcomes are CPython 3.8's
on Linux (3.13 agrees on class and errno).
"""
import errno
import os
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children, hostos, support
from conformance.hostos import host  # PyPy's os lacks P_PID/WEXITED
from conformance.strategies import non_integers

behaviour = pytest.mark.behaviour
try:
    with open("/proc/sys/kernel/pid_max") as _f:
        NO_PID = int(_f.read())  # one past the largest pid the kernel hands out: never a process
except OSError:  # no /proc/sys (WebAssembly Pythons): Linux's largest pid_max, plus one
    NO_PID = 2 ** 22 + 1
BAD_SIGNAL = 1000
W_FUNCS = ("WCOREDUMP", "WIFCONTINUED", "WIFSTOPPED", "WIFSIGNALED", "WIFEXITED", "WEXITSTATUS",
           "WSTOPSIG", "WTERMSIG")

# name -> call(api, bad, pid): `bad` is the drawn wrong value, `pid` a held child of the check child.
NON_INTEGER = dict({
    "kill": lambda api, bad, pid: api.kill(bad, 0),
    "killpg": lambda api, bad, pid: api.killpg(bad, 0),
    "nice": lambda api, bad, pid: api.nice(bad),
    "waitpid": lambda api, bad, pid: api.waitpid(bad, 0),
    "wait3": lambda api, bad, pid: api.wait3(bad),
    "wait4": lambda api, bad, pid: api.wait4(pid, bad),
    "waitid": lambda api, bad, pid: api.waitid(host.P_PID, bad, host.WEXITED),
    "_exit": lambda api, bad, pid: api._exit(bad),
    "sched_getscheduler": lambda api, bad, pid: api.sched_getscheduler(bad),
    "sched_getparam": lambda api, bad, pid: api.sched_getparam(bad),
    "sched_rr_get_interval": lambda api, bad, pid: api.sched_rr_get_interval(bad),
    "sched_getaffinity": lambda api, bad, pid: api.sched_getaffinity(bad),
    "sched_get_priority_min": lambda api, bad, pid: api.sched_get_priority_min(bad),
    "sched_get_priority_max": lambda api, bad, pid: api.sched_get_priority_max(bad),
}, **{w: (lambda name: lambda api, bad, pid: getattr(api, name)(bad))(w) for w in W_FUNCS})

# case -> (name, call(api, pid), exception class, errno or None)
REJECTED = {
    "kill-bad-signal": ("kill", lambda api, pid: api.kill(pid, BAD_SIGNAL), OSError, errno.EINVAL),
    "kill-no-such-process": ("kill", lambda api, pid: api.kill(NO_PID, 0), ProcessLookupError, errno.ESRCH),
    "killpg-bad-signal": ("killpg", lambda api, pid: api.killpg(pid, BAD_SIGNAL), OSError, errno.EINVAL),
    "killpg-no-such-group": ("killpg", lambda api, pid: api.killpg(NO_PID, 0), ProcessLookupError, errno.ESRCH),
    "waitpid-bad-options": ("waitpid", lambda api, pid: api.waitpid(pid, 0x1234567), OSError, errno.EINVAL),
    "waitpid-not-a-child": ("waitpid", lambda api, pid: api.waitpid(1, 0), ChildProcessError, errno.ECHILD),
    "wait-no-children": ("wait", lambda api, pid: _reap_then(pid, api.wait), ChildProcessError, errno.ECHILD),
    "wait3-no-children": ("wait3", lambda api, pid: _reap_then(pid, lambda: api.wait3(0)),
                          ChildProcessError, errno.ECHILD),
    "wait4-not-a-child": ("wait4", lambda api, pid: api.wait4(1, 0), ChildProcessError, errno.ECHILD),
    "waitid-bad-idtype": ("waitid", lambda api, pid: api.waitid(99, pid, host.WEXITED), OSError, errno.EINVAL),
    "waitid-no-options": ("waitid", lambda api, pid: api.waitid(host.P_PID, pid, 0), OSError, errno.EINVAL),
    "waitid-not-a-child": ("waitid", lambda api, pid: api.waitid(host.P_PID, 1, host.WEXITED),
                           ChildProcessError, errno.ECHILD),
    "sched_getscheduler-no-such-process": ("sched_getscheduler", lambda api, pid: api.sched_getscheduler(NO_PID),
                                           ProcessLookupError, errno.ESRCH),
    "sched_getparam-no-such-process": ("sched_getparam", lambda api, pid: api.sched_getparam(NO_PID),
                                       ProcessLookupError, errno.ESRCH),
    "sched_rr_get_interval-no-such-process": ("sched_rr_get_interval",
                                              lambda api, pid: api.sched_rr_get_interval(NO_PID),
                                              ProcessLookupError, errno.ESRCH),
    "sched_getaffinity-no-such-process": ("sched_getaffinity", lambda api, pid: api.sched_getaffinity(NO_PID),
                                          ProcessLookupError, errno.ESRCH),
    "sched_setaffinity-empty-mask": ("sched_setaffinity", lambda api, pid: api.sched_setaffinity(pid, []),
                                     OSError, errno.EINVAL),
    "sched_setparam-priority-out-of-range": ("sched_setparam",
                                             lambda api, pid: api.sched_setparam(pid, api.sched_param(50)),
                                             OSError, errno.EINVAL),
    "sched_setscheduler-priority-out-of-range": (
        "sched_setscheduler", lambda api, pid: api.sched_setscheduler(pid, host.SCHED_OTHER, api.sched_param(5)),
        OSError, errno.EINVAL),
}

# case -> (behaviour id, call(api, pid), exception class)
WRONG_VALUE = {
    "execv-argv-not-a-sequence": ("execv.rejects-non-sequence-argv",
                                  lambda api, pid: api.execv("/bin/true", "true"), TypeError),
    "execve-argv-not-a-sequence": ("execve.rejects-non-sequence-argv",
                                   lambda api, pid: api.execve("/bin/true", "true", {}), TypeError),
    "spawnv-argv-not-a-sequence": ("spawnv.rejects-non-sequence-argv",
                                   lambda api, pid: api.spawnv(os.P_WAIT, "/bin/true", "true"), TypeError),
    "spawnve-argv-not-a-sequence": ("spawnve.rejects-non-sequence-argv",
                                    lambda api, pid: api.spawnve(os.P_WAIT, "/bin/true", "true", {}), TypeError),
    "posix_spawn-argv-not-a-sequence": ("posix_spawn.rejects-non-sequence-argv",
                                        lambda api, pid: api.posix_spawn("/bin/true", "true", {}), TypeError),
    "posix_spawnp-argv-not-a-sequence": ("posix_spawnp.rejects-non-sequence-argv",
                                         lambda api, pid: api.posix_spawnp("true", "true", {}), TypeError),
    "posix_spawn-empty-argv": ("posix_spawn.rejects-empty-argv",
                               lambda api, pid: api.posix_spawn("/bin/true", [], {}), ValueError),
    "execv-nul-in-argument": ("execv.rejects-nul-in-arguments",
                              lambda api, pid: api.execv("/bin/true", ["tr\0ue"]), ValueError),
    "execv-nul-in-path": ("execv.rejects-nul-in-arguments",
                          lambda api, pid: api.execv("/bin/t\0rue", ["true"]), ValueError),
    "execve-nul-in-argument": ("execve.rejects-nul-in-arguments",
                               lambda api, pid: api.execve("/bin/true", [b"tr\0ue"], {}), ValueError),
    "execve-bad-env-name": ("execve.rejects-bad-env-name",
                            lambda api, pid: api.execve("/bin/true", ["true"], {"A=B": "c"}), ValueError),
    "execle-bad-env-name": ("execle.rejects-bad-env-name",
                            lambda api, pid: api.execle("/bin/true", "true", {"A=B": "c"}), ValueError),
    "posix_spawn-bad-env-name": ("posix_spawn.rejects-bad-env-name",
                                 lambda api, pid: api.posix_spawn("/bin/true", ["true"], {"A=B": "c"}), ValueError),
    "system-non-string": ("system.rejects-non-string", lambda api, pid: api.system(3), TypeError),
    "popen-non-string": ("popen.rejects-non-string", lambda api, pid: api.popen(3), TypeError),
    "popen-bad-mode": ("popen.rejects-bad-mode", lambda api, pid: api.popen("true", "x"), ValueError),
    "register_at_fork-non-callable": ("register_at_fork.rejects-non-callable",
                                      lambda api, pid: api.register_at_fork(before=1), TypeError),
    "sched_setaffinity-negative-cpu": ("sched_setaffinity.rejects-negative-cpu",
                                       lambda api, pid: api.sched_setaffinity(pid, [-1]), ValueError),
    "sched_setaffinity-non-integer-cpu": ("sched_setaffinity.rejects-non-integer",
                                          lambda api, pid: api.sched_setaffinity(pid, ["a"]), TypeError),
    "sched_param-no-priority": ("sched_param.rejects-missing-priority",
                                lambda api, pid: api.sched_param(), TypeError),
}
WRONG_VALUE.update({"%s-takes-no-arguments" % n: ("%s.rejects-arguments" % n,
                                                  (lambda name: lambda api, pid: getattr(api, name)(1))(n), TypeError)
                    for n in ("abort", "fork", "forkpty", "times", "sched_yield")})


def _reap_then(pid, call):
    os.kill(pid, signal.SIGKILL)  # harness-side: our own held child, so that no child is left
    os.waitpid(pid, 0)
    return call()


def outcome(target, call, yardstick=None):
    """In a check child with a held grandchild: (exception raised by the target's call or None,
    the yardstick's message for the same call, when a yardstick is given)."""
    def check():
        with children.spawned(hold=True, setpgid=True) as p:
            def attempt(api):
                try:
                    call(api, p.pid)
                except OSError as exc:
                    return exc
                except (TypeError, ValueError, OverflowError) as exc:
                    return exc
                return None
            got = attempt(target.api)
        if yardstick is None:
            return got, None
        with children.spawned(hold=True, setpgid=True) as p:
            return got, str(attempt(yardstick))
    return children.run_in_child(check)


def expect(target, strict, call, exc_type, err=None):
    # Only --os-strict compares messages, and only messages come from CPython's behaviour (chosen
    # here, in the check's process, so that the record names it: never the target itself).
    got, model = outcome(target, call, hostos.cpython_os(target) if strict else None)
    assert isinstance(got, exc_type), "expected %s, got %r" % (exc_type.__name__, got)
    if err is not None:
        assert got.errno == err, "expected errno %s, got %r" % (errno.errorcode[err], got)
    if strict:
        assert str(got) == model, "message %r, CPython says %r" % (str(got), model)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(n + ".rejects-non-integer"))
                                  for n in sorted(NON_INTEGER)])
@support.few_examples()  # every example forks a child
@given(bad=non_integers)
def test_non_integer_argument_raises_typeerror(target, sandbox, name, bad, strict):
    """<name>.rejects-non-integer: a pid, signal, increment, option or status that is not an int is
    a TypeError before any system call (undocumented; CPython on Linux)."""
    expect(target, strict, lambda api, pid: NON_INTEGER[name](api, bad, pid), TypeError)


@pytest.mark.parametrize("case", [pytest.param(c, id=c, marks=behaviour(REJECTED[c][0] + ".oserror-for-rejected-arguments"))
                                  for c in sorted(REJECTED)])
def test_rejected_argument_raises_oserror(target, sandbox, case, strict):
    """<name>.oserror-for-rejected-arguments: "All functions in this module raise OSError ... for
    arguments that have the correct type, but are not accepted by the operating system" — with
    the kernel's errno (and its subclass: ProcessLookupError, ChildProcessError)."""
    _, call, exc_type, err = REJECTED[case]
    expect(target, strict, call, exc_type, err)


@pytest.mark.parametrize("case", [pytest.param(c, id=c, marks=behaviour(WRONG_VALUE[c][0])) for c in sorted(WRONG_VALUE)])
def test_wrong_argument_is_rejected(target, sandbox, case, strict):
    """<name>.rejects-*: a wrong type or value is refused before anything runs (undocumented;
    CPython on Linux): TypeError or ValueError as CPython raises it."""
    _, call, exc_type = WRONG_VALUE[case]
    expect(target, strict, call, exc_type)


@behaviour("kill.oserror-for-rejected-arguments")
@support.few_examples()
@given(sig=st.integers(65, 2 ** 31 - 1) | st.integers(-2 ** 31, -1))
def test_kill_out_of_range_signal_raises_einval(target, sandbox, sig, strict):
    """kill.oserror-for-rejected-arguments: a signal number outside 0..64 is EINVAL."""
    expect(target, strict, lambda api, pid: api.kill(pid, sig), OSError, errno.EINVAL)

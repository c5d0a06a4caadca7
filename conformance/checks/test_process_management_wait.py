"""Process Management: wait, waitpid, wait3, wait4, waitid over real children.

Each check runs in a forked check child, which forks the children to be waited for
(conformance.children.spawned: exiting with a code, killed by a signal, stopped, held until
released) and calls the target's wait function. Children are made zombies harness-side with
waitid(WNOWAIT) before a wait that must pick among several, so the outcome never depends on
timing. The constants (WNOHANG, P_PID, CLD_*...) are checked with the stdlib's wait functions,
so that a broken waitpid fails only the waitpid checks.
"""
import errno
import os
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import resource  # absent on WebAssembly Pythons
from conformance import children, support
from conformance.children import exiting, killed_by, spawned, zombie

behaviour = pytest.mark.behaviour
in_child = children.run_in_child

exit_codes = st.integers(0, 255)
#: Signals whose default action terminates without a core dump.
TERMINATING = [signal.SIGHUP, signal.SIGINT, signal.SIGKILL, signal.SIGUSR1, signal.SIGUSR2,
               signal.SIGPIPE, signal.SIGALRM, signal.SIGTERM]
terminating = st.sampled_from(TERMINATING)


def reaped(p, pid):
    """Note that the target reaped `p` (so the harness does not)."""
    if pid == p.pid:
        p.reaped = True


# --- wait ---------------------------------------------------------------------------------------

@behaviour("wait.returns-pid-status")
@given(code=exit_codes)
def test_wait_returns_pid_and_status(target, sandbox, code):
    """wait.returns-pid-status: "Wait for completion of a child process, and return a tuple
    containing its pid and exit status indication" """
    def check():
        with spawned(exiting(code)) as p:
            result = target.api.wait()
            reaped(p, result[0])
            return type(result).__name__, result, p.pid
    kind, result, pid = in_child(check)
    assert kind == "tuple" and result == (pid, code << 8)


@behaviour("wait.status-high-byte-exit-code")
@given(code=exit_codes)
def test_wait_status_high_byte_is_the_exit_code(target, sandbox, code):
    """wait.status-high-byte-exit-code: "the high byte the exit status (if the signal number is
    zero)" """
    def check():
        with spawned(exiting(code)) as p:
            pid, status = target.api.wait()
            reaped(p, pid)
            return status
    status = in_child(check)
    assert status >> 8 == code and status & 0xFF == 0


@behaviour("wait.status-low-byte-signal")
@given(sig=terminating)
def test_wait_status_low_bits_are_the_signal(target, sandbox, sig):
    """wait.status-low-byte-signal: "its low byte is the signal number that killed the process" """
    def check():
        with spawned(killed_by(sig)) as p:
            pid, status = target.api.wait()
            reaped(p, pid)
            return status
    assert in_child(check) & 0x7F == sig


@behaviour("wait.status-core-bit")
@given(dump=st.booleans())
def test_wait_status_core_bit(target, sandbox, dump):
    """wait.status-core-bit: "the high bit of the low byte is set if a core file was produced" """
    d = sandbox.fresh()

    def body():
        limit = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (limit if dump else 0, limit))
        os.chdir(d)
        killed_by(signal.SIGQUIT)()

    def check():
        with spawned(body) as p:
            pid, status = target.api.wait()
            reaped(p, pid)
            return status
    status = in_child(check)
    assert status & 0x7F == signal.SIGQUIT and bool(status & 0x80) == dump, hex(status)


# --- waitpid ------------------------------------------------------------------------------------

@behaviour("waitpid.returns-pid-status")
@given(code=exit_codes)
def test_waitpid_returns_pid_and_status(target, sandbox, code):
    """waitpid.returns-pid-status: "the return value is a tuple containing its process id and exit
    status indication (encoded as for wait())" """
    def check():
        with spawned(exiting(code)) as p:
            result = target.api.waitpid(p.pid, 0)
            reaped(p, result[0])
            return result, p.pid
    result, pid = in_child(check)
    assert result == (pid, code << 8)


@behaviour("waitpid.options-zero-blocks")
def test_waitpid_options_zero_blocks_until_exit(target, sandbox):
    """waitpid.options-zero-blocks: "The semantics of the call are affected by the value of the
    integer options, which should be 0 for normal operation." — it waits: the child only exits
    after SIGALRM ticks release it, and waitpid returns its real status."""
    def check():
        with spawned(exiting(7), hold=True) as p:
            with support.interrupting_timer(p.release):
                result = target.api.waitpid(p.pid, 0)
            reaped(p, result[0])
            return result, p.pid
    result, pid = in_child(check)
    assert result == (pid, 7 << 8)


@behaviour("waitpid.eintr-retried")
@pytest.mark.own_process  # a SIGALRM handler and an interval timer in the process running it
@given(code=exit_codes)
def test_waitpid_retries_when_interrupted(target, sandbox, code):
    """waitpid.eintr-retried: "If the system call is interrupted and the signal handler does not
    raise an exception, the function now retries the system call" """
    def check():
        with spawned(exiting(code), hold=True) as p:
            with support.interrupting_timer(p.release, unblock_at=4) as ticks:
                result = target.api.waitpid(p.pid, 0)
            reaped(p, result[0])
            return result, p.pid, ticks[0]
    result, pid, ticks = in_child(check)
    assert result == (pid, code << 8) and ticks >= 4


@behaviour("waitpid.pid-positive-specific-child")
@given(a=exit_codes, b=exit_codes)
def test_waitpid_positive_pid_waits_for_that_child(target, sandbox, a, b):
    """waitpid.pid-positive-specific-child: "If pid is greater than 0, waitpid() requests status
    information for that specific process." """
    def check():
        with spawned(exiting(a)) as first, spawned(exiting(b)) as second:
            zombie(first.pid)
            zombie(second.pid)
            result = target.api.waitpid(second.pid, 0)
            reaped(second, result[0])
            return result, second.pid
    result, pid = in_child(check)
    assert result == (pid, b << 8)


@behaviour("waitpid.pid-minus-one-any-child")
@given(code=exit_codes)
def test_waitpid_minus_one_waits_for_any_child(target, sandbox, code):
    """waitpid.pid-minus-one-any-child: "If pid is -1, the request pertains to any child of the
    current process." """
    def check():
        with spawned(exiting(code)) as p:
            result = target.api.waitpid(-1, 0)
            reaped(p, result[0])
            return result, p.pid
    result, pid = in_child(check)
    assert result == (pid, code << 8)


def _two_groups(call):
    """A child in a new process group and one in ours, both zombies: (result of call(other_pgid),
    pid in the other group, pid in ours)."""
    def check():
        with spawned(exiting(3), setpgid=True) as other, spawned(exiting(4)) as ours:
            zombie(other.pid)
            zombie(ours.pid)
            result = call(other.pid)
            reaped(other, result[0])
            reaped(ours, result[0])
            return result, other.pid, ours.pid
    return in_child(check)


@behaviour("waitpid.pid-zero-own-group")
def test_waitpid_zero_waits_for_own_group(target, sandbox):
    """waitpid.pid-zero-own-group: "If pid is 0, the request pertains to any child in the process
    group of the current process." """
    result, _, ours = _two_groups(lambda pgid: target.api.waitpid(0, 0))
    assert result == (ours, 4 << 8)


@behaviour("waitpid.pid-below-minus-one-group")
def test_waitpid_negative_pid_waits_for_that_group(target, sandbox):
    """waitpid.pid-below-minus-one-group: "If pid is less than -1, status is requested for any
    process in the process group -pid" """
    result, other, _ = _two_groups(lambda pgid: target.api.waitpid(-pgid, 0))
    assert result == (other, 3 << 8)


@behaviour("waitpid.error-raises-oserror")
@given(which=st.sampled_from(["self", "init", "reaped"]))
def test_waitpid_for_a_non_child_raises_childprocesserror(target, sandbox, which):
    """waitpid.error-raises-oserror: a pid that is no child of the caller gives ChildProcessError
    (ECHILD)."""
    def check():
        if which == "reaped":
            with spawned(exiting(0)) as p:
                p.wait()
                pid = p.pid
        else:
            pid = os.getpid() if which == "self" else 1
        try:
            return target.api.waitpid(pid, 0)
        except OSError as exc:
            return exc
    got = in_child(check)
    assert isinstance(got, ChildProcessError) and got.errno == errno.ECHILD, got


# --- wait3 / wait4 ------------------------------------------------------------------------------

def _wait_with_rusage(call, code):
    def check():
        with spawned(exiting(code)) as p:
            result = call(p.pid)
            reaped(p, result[0])
            return type(result).__name__, len(result), result[0], result[1], type(result[2]).__module__, \
                type(result[2]).__name__, p.pid
    return in_child(check)


WAIT34 = {"wait3": lambda api, pid, options: api.wait3(options),
          "wait4": lambda api, pid, options: api.wait4(pid, options)}


def _wait34(slug):
    return [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, slug))) for n in sorted(WAIT34)]


@pytest.mark.parametrize("name", _wait34("returns-pid-status-rusage"))
@given(code=exit_codes)
def test_wait3_wait4_return_pid_status_rusage(target, sandbox, name, code):
    """wait3/wait4.returns-pid-status-rusage: "return a tuple containing the child's process id,
    exit status indication, and resource usage information" """
    kind, n, pid, status, _, _, child = _wait_with_rusage(lambda pid: WAIT34[name](target.api, pid, 0), code)
    assert (kind, n, pid, status) == ("tuple", 3, child, code << 8)


@pytest.mark.parametrize("name", _wait34("rusage-is-struct-rusage"))
def test_wait3_wait4_rusage_is_struct_rusage(target, sandbox, name):
    """wait3/wait4.rusage-is-struct-rusage: "see resource.getrusage() for details on resource usage
    information" — the third element is a resource.struct_rusage."""
    got = _wait_with_rusage(lambda pid: WAIT34[name](target.api, pid, 0), 0)
    assert got[4:6] == ("resource", "struct_rusage"), got


@pytest.mark.parametrize("name", [pytest.param("wait3", marks=behaviour("wait3.options-like-waitpid")),
                                  pytest.param("wait4", marks=behaviour("wait4.arguments-like-waitpid"))])
def test_wait3_wait4_wnohang_returns_zero_pid(target, sandbox, name):
    """wait3.options-like-waitpid / wait4.arguments-like-waitpid: with WNOHANG and no child ready
    the call returns at once with pid 0 and status 0 (finding: CPython's rusage is then
    uninitialised memory, so only pid and status are compared)."""
    def check():
        with spawned(hold=True) as p:
            result = WAIT34[name](target.api, p.pid, os.WNOHANG)
            return result[:2]
    assert in_child(check) == (0, 0)


@behaviour("wait4.arguments-like-waitpid")
@given(a=exit_codes, b=exit_codes)
def test_wait4_waits_for_the_given_pid(target, sandbox, a, b):
    """wait4.arguments-like-waitpid: pid > 0 selects that child, as for waitpid."""
    def check():
        with spawned(exiting(a)) as first, spawned(exiting(b)) as second:
            zombie(first.pid)
            zombie(second.pid)
            result = target.api.wait4(first.pid, 0)
            reaped(first, result[0])
            return result[:2], first.pid
    result, pid = in_child(check)
    assert result == (pid, a << 8)


def _wait4_any_child(target):
    def check():
        with spawned(exiting(5)) as p:
            result = target.api.wait4(-1, 0)
            reaped(p, result[0])
            return result[:2], p.pid
    result, pid = in_child(check)
    return result == (pid, 5 << 8), "wait4(-1, 0) gave %r, not (%d, %d) for the only child" % (result, pid, 5 << 8)


def _wait4_own_group(target):
    result, _, ours = _two_groups(lambda pgid: target.api.wait4(0, 0)[:2])
    return result == (ours, 4 << 8), "wait4(0, 0) gave %r, not the child in our group (%d, %d)" % (
        result, ours, 4 << 8)


def _wait4_that_group(target):
    result, other, _ = _two_groups(lambda pgid: target.api.wait4(-pgid, 0)[:2])
    return result == (other, 3 << 8), "wait4(-pgid, 0) gave %r, not the child in group pgid (%d, %d)" % (
        result, other, 3 << 8)


@behaviour("wait4.arguments-like-waitpid")
@pytest.mark.parametrize("pid_form", ["minus-one", "zero", "below-minus-one"])
def test_wait4_pid_forms_select_as_for_waitpid(target, sandbox, pid_form):
    """wait4.arguments-like-waitpid: "The arguments to wait4() are the same as those provided to
    waitpid()" — pid -1 is any child, 0 a child in our process group, -pgid a child in that
    group (the pid > 0 and WNOHANG forms are checked above)."""
    check = {"minus-one": _wait4_any_child, "zero": _wait4_own_group,
             "below-minus-one": _wait4_that_group}[pid_form]
    ok, message = check(target)
    assert ok, message

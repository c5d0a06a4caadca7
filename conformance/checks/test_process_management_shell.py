"""Process Management: kill, killpg, nice, times, system and popen.

Signals go only to the check's own grandchildren (conformance.children.spawned, whose signals
start at their defaults); nice, system and popen run in a forked check child. Output a command
writes to fd 1 is captured into a file in the sandbox (run_in_child(capture=...)).
"""
import io
import os
import shlex
import signal
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children
from conformance.children import spawned

behaviour = pytest.mark.behaviour
in_child = children.run_in_child

#: Signals whose default action terminates the process (no core: SIGQUIT and co. excluded).
TERMINATING = [signal.SIGHUP, signal.SIGINT, signal.SIGKILL, signal.SIGUSR1, signal.SIGUSR2,
               signal.SIGPIPE, signal.SIGALRM, signal.SIGTERM]
signals = st.sampled_from(TERMINATING)
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


def _kill_status(send, sig, as_int):
    """In a check child: a held grandchild gets `send(pid, sig)`; its wait status."""
    def check():
        with spawned(hold=True) as p:
            send(p.pid, int(sig) if as_int else sig)
            return p.wait()
    return in_child(check)


@behaviour("kill.sends-signal")
@given(sig=signals)
def test_kill_delivers_the_signal(target, sandbox, sig):
    """kill.sends-signal: "Send signal sig to the process pid." """
    status = _kill_status(target.api.kill, sig, True)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig, children.describe_status(status)


@behaviour("kill.accepts-signal-constants")
@given(sig=signals)
def test_kill_accepts_signal_module_constants(target, sandbox, sig):
    """kill.accepts-signal-constants: "Constants for the specific signals available on the host
    platform are defined in the signal module." — a signal.Signals member works."""
    status = _kill_status(target.api.kill, sig, False)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig


@behaviour("killpg.sends-signal-to-group")
@given(sig=signals, members=st.integers(1, 3))
def test_killpg_signals_every_member_of_the_group(target, sandbox, sig, members):
    """killpg.sends-signal-to-group: "Send the signal sig to the process group pgid." — every
    member dies of it; a child outside the group does not."""
    def check():
        with spawned(hold=True, setpgid=True) as leader, spawned(hold=True) as outsider:
            group = [leader]
            try:
                for _ in range(members - 1):
                    group.append(children.Spawned(lambda: None, hold=True, setpgid=leader.pid))
                target.api.killpg(leader.pid, sig)
                statuses = [p.wait() for p in group]
                outsider_alive = os.waitpid(outsider.pid, os.WNOHANG) == (0, 0)
            finally:
                for p in group[1:]:
                    p.close()
            return [os.WIFSIGNALED(s) and os.WTERMSIG(s) for s in statuses], outsider_alive
    killed, outsider_alive = in_child(check)
    assert killed == [sig] * members and outsider_alive


# --- nice -----------------------------------------------------------------------------------------

def _nice(target, increment):
    def check():
        before = os.getpriority(os.PRIO_PROCESS, 0)  # harness-side
        result = target.api.nice(increment)
        return before, result, os.getpriority(os.PRIO_PROCESS, 0)
    return in_child(check)


@behaviour("nice.adds-increment")
@given(increment=st.integers(-5, 25))
def test_nice_adds_the_increment(target, sandbox, increment):
    """nice.adds-increment: "Add increment to the process's "niceness"." (clamped to -20..19; root
    may lower it)"""
    before, _, after = _nice(target, increment)
    assert after == max(-20, min(19, before + increment))


@behaviour("nice.returns-new-niceness")
@given(increment=st.integers(-5, 25))
def test_nice_returns_the_new_niceness(target, sandbox, increment):
    """nice.returns-new-niceness: "Return the new niceness." """
    _, result, after = _nice(target, increment)
    assert type(result) is int and result == after


# --- times ----------------------------------------------------------------------------------------

FIELDS = ("user", "system", "children_user", "children_system", "elapsed")


@behaviour("times.five-attributes")
def test_times_has_five_float_attributes(target, sandbox):
    """times.five-attributes: "The return value is an object with five attributes: user, system,
    children_user, children_system, elapsed" """
    t = target.api.times()
    assert all(type(getattr(t, f)) is float for f in FIELDS)


@behaviour("times.tuple-like-order")
def test_times_is_a_five_tuple_in_order(target, sandbox):
    """times.tuple-like-order: "For backwards compatibility, this object also behaves like a
    five-tuple containing user, system, children_user, children_system, and elapsed in that
    order." """
    t = target.api.times()
    assert len(t) == 5 and tuple(t) == tuple(getattr(t, f) for f in FIELDS)


@behaviour("times.children-times")
def test_times_counts_waited_for_children(target, sandbox):
    """times.children-times: children_user/children_system grow by the CPU time of a reaped child."""
    def burn():
        import resource
        while resource.getrusage(resource.RUSAGE_SELF).ru_utime < 0.1:
            pass

    def check():
        before = target.api.times()
        with spawned(burn) as p:
            p.wait()
        after = target.api.times()
        return (before.children_user + before.children_system, after.children_user + after.children_system)
    before, after = in_child(check)
    assert after - before >= 0.05, (before, after)


@behaviour("times.elapsed-from-fixed-point")
@given(calls=st.integers(2, 20))
def test_times_elapsed_never_decreases(target, sandbox, calls):
    """times.elapsed-from-fixed-point: "elapsed real time since a fixed point in the past" """
    values = [target.api.times().elapsed for _ in range(calls)]
    assert values == sorted(values) and values[0] > 0


# --- system ---------------------------------------------------------------------------------------

@behaviour("system.runs-in-subshell")
@given(code=st.integers(0, 255))
def test_system_runs_the_command_in_a_shell(target, sandbox, code):
    """system.runs-in-subshell: "Execute the command (a string) in a subshell." — shell syntax
    (command substitution, &&, $0 being sh) works."""
    status = in_child(lambda: target.api.system('test "$(echo x)" = x && test -n "$0" && exit %d' % code))
    assert status == code << 8


def _system_output(target, sandbox, text):
    """(what a replaced sys.stdout got, what fd 1 got) for system('printf %s text')."""
    out = os.path.join(sandbox.fresh(), "fd1")

    def check():
        sys.stdout = replaced = io.StringIO()
        target.api.system("printf '%%s' %s" % shlex.quote(text))
        return replaced.getvalue()
    got = in_child(check, capture=out)
    with open(out, "rb") as f:
        return got, f.read()


@behaviour("system.sys-streams-not-reflected")
@given(text=words)
def test_system_ignores_a_replaced_sys_stdout(target, sandbox, text):
    """system.sys-streams-not-reflected: "changes to sys.stdin, etc. are not reflected in the
    environment of the executed command" """
    assert _system_output(target, sandbox, text)[0] == ""


@behaviour("system.output-to-process-stdout")
@given(text=words)
def test_system_output_goes_to_fd_1(target, sandbox, text):
    """system.output-to-process-stdout: "If command generates any output, it will be sent to the
    interpreter standard output stream." """
    assert _system_output(target, sandbox, text)[1] == text.encode()


@behaviour("system.unix-returns-wait-status")
@given(how=st.one_of(st.tuples(st.just("exit"), st.integers(0, 255)),
                    st.tuples(st.just("kill"), signals.filter(lambda s: s != signal.SIGPIPE))))
def test_system_returns_a_wait_status(target, sandbox, how):
    """system.unix-returns-wait-status: "the return value is the exit status of the process encoded
    in the format specified for wait()" — 'exit n' gives n << 8, a shell killed by s gives s
    (not SIGPIPE: Python ignores it, and the shell inherits that)."""
    kind, value = how
    command = "exit %d" % value if kind == "exit" else "kill -%d $$" % int(value)
    status = in_child(lambda: target.api.system(command))
    assert status == (value << 8 if kind == "exit" else int(value))


# --- popen ----------------------------------------------------------------------------------------

@behaviour("popen.returns-file-object")
@pytest.mark.parametrize("mode", ["r", "w"])
def test_popen_returns_a_file_object(target, sandbox, mode):
    """popen.returns-file-object: "The return value is an open file object connected to the pipe,
    which can be read or written depending on whether mode is 'r' (default) or 'w'" — in each
    mode, an open file object (read/write, close, fileno, iteration) of the pipe's end."""
    command = "printf x" if mode == "r" else "cat > /dev/null"
    wanted = ("read",) if mode == "r" else ("write", "flush")

    def check():
        f = target.api.popen(command, mode)
        try:
            missing = [a for a in wanted + ("close", "fileno", "__iter__") if not hasattr(f, a)]
            return type(f).__name__, missing, getattr(f, "closed", None)
        finally:
            if hasattr(f, "close"):
                f.close()
    kind, missing, closed = in_child(check)
    assert not missing and closed is False, "popen(%r, %r) gave a %s, lacking %s%s" % (
        command, mode, kind, ", ".join(missing) or "nothing", "" if closed is False else ", not open")


@behaviour("popen.mode-r-default-reads-stdout")
@given(text=words)
def test_popen_reads_the_command_output(target, sandbox, text):
    """popen.mode-r-default-reads-stdout: the default mode 'r' reads the command's stdout."""
    def check():
        f = target.api.popen("printf '%%s' %s" % shlex.quote(text))
        try:
            return f.read()
        finally:
            f.close()
    assert in_child(check) == text


@behaviour("popen.mode-w-writes-stdin")
@given(text=words)
def test_popen_w_feeds_the_command_input(target, sandbox, text):
    """popen.mode-w-writes-stdin: "depending on whether mode is 'r' (default) or 'w'" — 'w' feeds
    the command's stdin."""
    path = os.path.join(sandbox.fresh(), "got")

    def check():
        f = target.api.popen("cat > %s" % shlex.quote(path), "w")
        f.write(text)
        return f.close()
    assert in_child(check) is None
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        assert f.read() == text


@behaviour("popen.buffering-like-open")
@given(mode=st.sampled_from(["r", "w"]), buffering=st.sampled_from([-1, 0, 1, 4096]))
def test_popen_buffering_means_what_it_means_for_open(target, sandbox, mode, buffering):
    """popen.buffering-like-open: "The buffering argument has the same meaning as the corresponding
    argument to the built-in open()" — 0 (unbuffered text) is a ValueError as for open(), 1 is
    line buffering (from CPython 3.10; 3.8 and 3.9 ignore it: a finding on this id)."""
    def check():
        try:
            f = target.api.popen("cat" if mode == "w" else "true", mode, buffering)
        except ValueError:
            return "ValueError"
        line = f.line_buffering
        f.close()
        return line
    got = in_child(check)
    # Line buffering is a property of writing: CPython's 'r' wrapper never has it.
    line_buffered = buffering == 1 and mode == "w" and sys.version_info >= (3, 10)
    assert got == ("ValueError" if buffering == 0 else line_buffered), \
        "popen(..., %r, %r): line_buffering %r; CPython %d.%d gives %r" % (
            mode, buffering, got, sys.version_info[0], sys.version_info[1], line_buffered)


@behaviour("popen.text-not-bytes")
@pytest.mark.parametrize("mode", ["r", "w"])
def test_popen_reads_and_writes_str(target, sandbox, mode):
    """popen.text-not-bytes: the file object is a text file: in mode 'r' read() gives str, in
    mode 'w' write() takes str and refuses bytes (TypeError)."""
    path = os.path.join(sandbox.fresh(), "got")

    def check():
        if mode == "r":
            return target.api.popen("echo x").read()
        f = target.api.popen("cat > %s" % shlex.quote(path), "w")
        try:
            f.write("x\n")
            try:
                f.write(b"y")
            except TypeError:
                return "bytes refused"
            return "bytes accepted"
        finally:
            f.close()
    got = in_child(check)
    if mode == "r":
        assert got == "x\n", "popen('echo x').read() gave %r, not the str 'x\\n'" % (got,)
    else:
        assert got == "bytes refused", "popen(cmd, 'w').write(b'y') was accepted: not a text file"
        with open(path, encoding="utf-8") as f:
            assert f.read() == "x\n", "the str written was not what the command read"


def _close(target, command):
    def check():
        f = target.api.popen(command)
        f.read()
        return f.close()
    return in_child(check)


@behaviour("popen.close-none-on-success")
def test_popen_close_is_none_on_success(target, sandbox):
    """popen.close-none-on-success: "if the subprocess ... completed successfully, None is
    returned" """
    assert _close(target, "true") is None


@behaviour("popen.close-returns-code-on-error")
@given(code=st.integers(1, 255))
def test_popen_close_is_an_int_on_failure(target, sandbox, code):
    """popen.close-returns-code-on-error: close() returns an int when the command failed."""
    assert type(_close(target, "exit %d" % code)) is int


@behaviour("popen.close-exit-code-shifted")
@given(code=st.integers(1, 255))
def test_popen_close_returns_code_shifted(target, sandbox, code):
    """popen.close-exit-code-shifted: "if the subprocess exits with code n, close() returns n << 8" """
    assert _close(target, "exit %d" % code) == code << 8


@behaviour("popen.close-killed-minus-signal")
@given(sig=signals)
def test_popen_close_for_a_killed_command(target, sandbox, sig):
    """popen.close-killed-minus-signal (finding: implementation bug): documented -signal; CPython
    on Linux returns -signal << 8, and so must the target."""
    assert _close(target, "kill -%d $$" % int(sig)) == -(int(sig) << 8)


@behaviour("popen.uses-subprocess-popen")
def test_popen_is_built_on_subprocess_popen(target, sandbox):
    """popen.uses-subprocess-popen: "This is implemented using subprocess.Popen" — a wrapper put
    around subprocess.Popen (harness-side, in the check child) sees the call."""
    def check():
        calls = []
        real = subprocess.Popen

        class Recording(real):
            def __init__(self, *args, **kwargs):
                calls.append(args[0] if args else kwargs.get("args"))
                real.__init__(self, *args, **kwargs)
        subprocess.Popen = Recording
        f = target.api.popen("echo x")
        f.read()
        f.close()
        return calls
    assert in_child(check) == ["echo x"]

"""Process Management: _exit and the EX_* codes, fork, forkpty, register_at_fork, abort.

Each check runs in a forked check child (conformance.children.run_in_child); the process whose
ending is observed is a grandchild, reaped harness-side with the stdlib's waitpid.
"""
import ast
import atexit
import errno
import io
import os
import signal
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import resource  # absent on WebAssembly Pythons
from conformance import children, support

behaviour = pytest.mark.behaviour

#: <sysexits.h> on Linux (glibc); EX_NOTFOUND is not there.
SYSEXITS = {"EX_OK": 0, "EX_USAGE": 64, "EX_DATAERR": 65, "EX_NOINPUT": 66, "EX_NOUSER": 67,
            "EX_NOHOST": 68, "EX_UNAVAILABLE": 69, "EX_SOFTWARE": 70, "EX_OSERR": 71, "EX_OSFILE": 72,
            "EX_CANTCREAT": 73, "EX_IOERR": 74, "EX_TEMPFAIL": 75, "EX_PROTOCOL": 76, "EX_NOPERM": 77,
            "EX_CONFIG": 78}
MEANS = {"EX_OK": "means-no-error", "EX_USAGE": "means-usage-error", "EX_DATAERR": "means-data-error",
         "EX_NOINPUT": "means-no-input", "EX_NOUSER": "means-no-user", "EX_NOHOST": "means-no-host",
         "EX_UNAVAILABLE": "means-unavailable", "EX_SOFTWARE": "means-software-error",
         "EX_OSERR": "means-os-error", "EX_OSFILE": "means-os-file-error",
         "EX_CANTCREAT": "means-cant-create", "EX_IOERR": "means-io-error",
         "EX_TEMPFAIL": "means-temporary-failure", "EX_PROTOCOL": "means-protocol-error",
         "EX_NOPERM": "means-no-permission", "EX_CONFIG": "means-config-error"}


def tagged(names, slug):
    return [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, slug))) for n in names]


def status_of(body, **options):
    """In a check child: the wait status of a grandchild running body()."""
    def check_child():
        with children.spawned(body, **options) as p:
            return p.wait()
    return children.run_in_child(check_child)


def no_core():
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))


# --- _exit ------------------------------------------------------------------------------------

@behaviour("_exit.exit-status-n")
@given(n=st.integers(0, 255))
def test_exit_status_is_n(target, sandbox, n):
    """_exit.exit-status-n: "Exit the process with status n" """
    status = status_of(lambda: target.api._exit(n))
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == n, children.describe_status(status)


@behaviour("_exit.no-cleanup-handlers")
@given(code=st.integers(0, 3))
def test_exit_runs_no_cleanup_handlers(target, sandbox, code):
    """_exit.no-cleanup-handlers: "without calling cleanup handlers" — neither atexit functions nor
    finally blocks run."""
    marker = os.path.join(sandbox.fresh(), "ran")

    def body():
        def mark(what):
            with open(marker, "a") as f:
                f.write(what)
        atexit.register(mark, "atexit")
        try:
            target.api._exit(code)
        finally:
            mark("finally")
    status = status_of(body)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == code, children.describe_status(status)
    assert not os.path.exists(marker), open(marker).read()


@behaviour("_exit.no-stdio-flush")
@given(text=st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=30))
def test_exit_does_not_flush_stdio(target, sandbox, text):
    """_exit.no-stdio-flush: "without ... flushing stdio buffers" """
    def body():
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False), 8192))
        sys.stdout.write(text)
        target.api._exit(0)

    def check_child():
        with children.spawned(body, stdout=True) as p:
            out = p.output()
            p.wait()
            return out
    assert children.run_in_child(check_child) == b""


# --- EX_* ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, MEANS[n])))
                                  for n in sorted(SYSEXITS)])
def test_exit_code_has_its_sysexits_meaning(target, sandbox, name):
    """EX_*.means-*: each code is an int with the meaning <sysexits.h> gives it (EX_OK 0, EX_USAGE 64,
    ..., EX_CONFIG 78)."""
    value = getattr(target.api, name)
    assert type(value) is int and value == SYSEXITS[name], value


@pytest.mark.parametrize("name", tagged(sorted(SYSEXITS), "platform-defined"))
def test_exit_code_is_defined_with_the_platform_value(target, sandbox, name):
    """EX_*.platform-defined: "Availability: Unix" — defined where the platform (glibc's
    <sysexits.h>) defines it, with its value."""
    assert getattr(target.api, name) == SYSEXITS[name]


@behaviour("EX_NOTFOUND.means-not-found")
def test_ex_notfound_is_an_int(target, sandbox):
    """EX_NOTFOUND.means-not-found: an int exit code (absent on Linux: glibc has none)."""
    assert type(target.api.EX_NOTFOUND) is int


@behaviour("EX_NOTFOUND.platform-defined")
def test_ex_notfound_is_defined_only_where_the_platform_defines_it(target, sandbox):
    """EX_NOTFOUND.platform-defined: "These constants are defined where they are defined by the
    underlying platform." — a target that has EX_NOTFOUND must be on a platform whose
    <sysexits.h> has it (the harness's CPython, built against that header, then has it too),
    with that value. Absent from the target (as on glibc): reported unavailable."""
    value = target.api.EX_NOTFOUND
    assert hasattr(os, "EX_NOTFOUND"), \
        "EX_NOTFOUND = %r, but this platform's <sysexits.h> defines no EX_NOTFOUND" % (value,)
    assert value == os.EX_NOTFOUND


@behaviour("EX_NOTFOUND.usable-with-exit")
def test_ex_notfound_becomes_the_exit_status(target, sandbox):
    """EX_NOTFOUND.usable-with-exit: os._exit(os.EX_NOTFOUND) in a child gives exit status
    EX_NOTFOUND (the exit is the harness's: only the target's constant is under test)."""
    value = target.api.EX_NOTFOUND
    status = status_of(children.exiting(value))
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == value


@pytest.mark.parametrize("name", tagged(sorted(SYSEXITS), "usable-with-exit"))
def test_exit_code_becomes_the_exit_status(target, sandbox, name):
    """EX_*.usable-with-exit: os._exit(os.EX_x) in a child gives exit status EX_x (the exit is the
    harness's: only the target's constant is under test)."""
    value = getattr(target.api, name)
    status = status_of(children.exiting(value))
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == value


# --- fork ---------------------------------------------------------------------------------------

def _fork_and_report(target, fork):
    """In a check child: call the target's fork (or forkpty); the new process writes
    (what the call returned, its pid) to a pipe and exits; return (parent's result, child's report)."""
    def check_child():
        r, w = os.pipe()
        result = fork()
        pid = result[0] if isinstance(result, tuple) else result
        if pid == 0:
            try:
                os.write(w, repr((result if not isinstance(result, tuple) else result[0], os.getpid())).encode())
            finally:
                os._exit(0)
        os.close(w)
        data = b"".join(iter(lambda: os.read(r, 4096), b""))
        os.close(r)
        if isinstance(pid, int) and pid > 0:
            os.waitpid(pid, 0)
        if isinstance(result, tuple) and isinstance(result[1], int):
            os.close(result[1])
        return result if not isinstance(result, tuple) else (result[0], "fd"), data.decode()
    return children.run_in_child(check_child)


@behaviour("fork.returns-zero-in-child")
def test_fork_returns_zero_in_the_child(target, sandbox):
    """fork.returns-zero-in-child: "Return 0 in the child" """
    _, report = _fork_and_report(target, lambda: target.api.fork())
    assert ast.literal_eval(report)[0] == 0


@behaviour("fork.returns-child-pid-in-parent")
def test_fork_returns_the_child_pid_in_the_parent(target, sandbox):
    """fork.returns-child-pid-in-parent: "and the child's process id in the parent" """
    pid, report = _fork_and_report(target, lambda: target.api.fork())
    assert type(pid) is int and pid > 0 and pid == ast.literal_eval(report)[1]


def _without_processes(call):
    """Harness-side, in a check child: become uid 12345 with RLIMIT_NPROC 0, so that creating a
    process fails with EAGAIN (root would be exempt), then call."""
    def check_child():
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
        os.setgid(12345)
        os.setuid(12345)
        try:
            pid = call()
        except OSError as exc:
            return exc
        if (pid[0] if isinstance(pid, tuple) else pid) == 0:
            os._exit(0)
        return pid
    return children.run_in_child(check_child)


@behaviour("fork.error-raises-oserror")
def test_failed_fork_raises_oserror(target, sandbox):
    """fork.error-raises-oserror: "If an error occurs OSError is raised." (EAGAIN at the process limit)"""
    got = _without_processes(lambda: target.api.fork())
    assert isinstance(got, OSError) and got.errno == errno.EAGAIN, got


# --- forkpty ------------------------------------------------------------------------------------

def _forkpty(target, child_writes):
    """In a check child: forkpty; the child writes child_writes() to its terminal and exits; the
    parent reads the master until EIO/EOF. Returns (pid, fd type ok, child's pid seen, text)."""
    def check_child():
        result = target.api.forkpty()
        pid, fd = result
        if pid == 0:
            try:
                os.write(1, child_writes().encode() + b"\n")
            finally:
                os._exit(0)
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError as exc:  # EIO: the slave side is closed
                if exc.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(fd)
        os.waitpid(pid, 0)
        return type(result).__name__, len(result), pid, type(fd).__name__, b"".join(chunks).decode()
    return children.run_in_child(check_child)


@behaviour("forkpty.returns-pid-fd-pair")
def test_forkpty_returns_pid_and_fd(target, sandbox):
    """forkpty.returns-pid-fd-pair: "Return value is a pair of (pid, fd)" """
    kind, n, pid, fdtype, _ = _forkpty(target, lambda: "x")
    assert (kind, n, type(pid).__name__, fdtype) == ("tuple", 2, "int", "int")


@behaviour("forkpty.pid-zero-in-child")
def test_forkpty_pid_is_zero_in_the_child(target, sandbox):
    """forkpty.pid-zero-in-child: "pid is 0 in the child" — the child sees 0 (it runs the branch
    that writes)."""
    _, _, _, _, text = _forkpty(target, lambda: "child-branch")
    assert "child-branch" in text


@behaviour("forkpty.pid-is-child-in-parent")
def test_forkpty_pid_is_the_child_in_the_parent(target, sandbox):
    """forkpty.pid-is-child-in-parent: "the new child's process id in the parent" """
    _, _, pid, _, text = _forkpty(target, lambda: "pid=%d" % os.getpid())
    assert "pid=%d" % pid in text


@behaviour("forkpty.fd-is-pty-master")
@given(word=st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20))
def test_forkpty_fd_reads_what_the_child_writes(target, sandbox, word):
    """forkpty.fd-is-pty-master: "fd is a file descriptor connected to the master end of the
    pseudo-terminal" — the parent reads there what the child writes to its stdout."""
    _, _, _, _, text = _forkpty(target, lambda: word)
    assert text.replace("\r\n", "\n") == word + "\n"


@behaviour("forkpty.child-controlling-terminal")
def test_forkpty_child_has_the_pty_as_controlling_terminal(target, sandbox):
    """forkpty.child-controlling-terminal: "set the new child's controlling terminal to the
    pseudo-terminal ... the child's standard streams are the slave end" """
    def child_writes():
        tty = os.open("/dev/tty", os.O_RDWR)  # works only with a controlling terminal
        os.close(tty)
        same = os.tcgetpgrp(0) == os.getpgrp()  # ENOTTY unless fd 0 is the controlling terminal
        return "%s %s %s %s" % (same, os.isatty(0), os.isatty(1), os.isatty(2))
    _, _, _, _, text = _forkpty(target, child_writes)
    assert text.split() == ["True"] * 4, text


@behaviour("forkpty.error-raises-oserror")
def test_failed_forkpty_raises_oserror(target, sandbox):
    """forkpty.error-raises-oserror: "If an error occurs OSError is raised." (EAGAIN at the limit)"""
    got = _without_processes(lambda: target.api.forkpty())
    if isinstance(got, tuple):
        os.close(got[1])
    assert isinstance(got, OSError), got


# --- abort --------------------------------------------------------------------------------------

@behaviour("abort.raises-sigabrt")
def test_abort_kills_with_sigabrt(target, sandbox):
    """abort.raises-sigabrt: "Generate a SIGABRT signal to the current process." """
    def body():
        no_core()
        target.api.abort()
    status = status_of(body)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT, children.describe_status(status)


@behaviour("abort.unix-core-dump")
def test_abort_dumps_core(target, sandbox):
    """abort.unix-core-dump: "On Unix, the default behavior is to produce a core dump" (with
    RLIMIT_CORE raised in the child and core_pattern 'core' the dump lands in the sandbox)."""
    support.require(target, "processes", "the process that aborts is a child")
    with open("/proc/sys/kernel/core_pattern") as f:
        if f.read().startswith("|"):
            pytest.skip("core dumps are piped to a handler here")
    d = sandbox.fresh()

    def body():
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
        os.chdir(d)
        target.api.abort()
    status = status_of(body)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT
    assert os.WCOREDUMP(status), children.describe_status(status)


@behaviour("abort.python-handler-not-called")
def test_abort_bypasses_python_sigabrt_handler(target, sandbox):
    """abort.python-handler-not-called: "calling this function will not call the Python signal
    handler registered for SIGABRT with signal.signal()" """
    marker = os.path.join(sandbox.fresh(), "handler-ran")

    def body():
        no_core()
        signal.signal(signal.SIGABRT, lambda s, f: open(marker, "w").close())
        target.api.abort()
    status = status_of(body)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT
    assert not os.path.exists(marker)

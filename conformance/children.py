"""Isolation for the process checks: whatever forks, execs, waits, kills or changes credentials or
the scheduler runs in a forked child of the check, never in the pytest process.

- `run_in_child(fn, *args, timeout=...)` runs `fn(*args)` in a forked child and returns its
  (pickled) return value, or re-raises its exception in the parent. A child that does not finish
  in time is killed (SIGKILL to that child's pid only) and the check fails with "timeout".
  The child is always reaped; it ends with `os._exit`, so nothing of pytest runs twice.
- `spawned(fn, ...)`, used inside such a child, forks a grandchild that runs `fn()` (typically a
  target's exec, or a harness-side body that exits with a code): it can be held until
  `release()`, its standard output captured, and what `fn` raised or returned is reported back
  through a close-on-exec pipe (EOF without a report: the program was exec'd). It is killed and
  reaped on leaving the block unless somebody (the target's wait) reaped it already.

All of this is harness-side and uses the stdlib `os`; the target is only called inside `fn`.
"""
import contextlib
import errno
import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
import warnings

from conformance.hostos import host
from conformance.sandboxing import CAN_FORK
from conformance.targets import TargetDelegated, TargetLacks, TargetMissing, TargetUnavailable

#: Seconds a check child may run: generous for a loaded machine, and well inside the plugin's
#: per-check timeout, so that a hanging target fails one example with "timeout" here.
DEFAULT_TIMEOUT = 10.0


class ChildTraceback(Exception):
    """The traceback of an exception raised in a child, attached as `__cause__`."""


class ChildDied(AssertionError):
    """The child ended without sending a result (killed, exec'd, or _exit in the wrong place)."""


def _require_fork():
    """Where the platform cannot fork (WebAssembly Pythons), a check that needs a child process
    is unavailable: the world it runs in has none, which is neither the target's fault nor a
    failure."""
    if not CAN_FORK:
        raise TargetUnavailable("processes", "the harness runs this check in a forked child, and "
                                "%s cannot fork" % sys.platform)


def _fork():
    """Harness-side fork; Python 3.12+ warns about forking a multi-threaded process (xdist)."""
    _require_fork()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return os.fork()


def _encode_outcome(kind, value):
    """Bytes for (kind, value); an unpicklable value travels as its repr and traceback."""
    try:
        return pickle.dumps((kind, value), protocol=2)
    except Exception:  # noqa: BLE001 - anything unpicklable
        return pickle.dumps(("unpicklable", (kind, repr(value))), protocol=2)


def _encode_exception(exc):
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if isinstance(exc, TargetMissing):
        return pickle.dumps(("missing", exc.name), protocol=2)
    if isinstance(exc, TargetDelegated):
        return pickle.dumps(("delegated", exc.name), protocol=2)
    try:
        data = pickle.dumps(("raised", (exc, tb)), protocol=2)
        pickle.loads(data)
        return data
    except Exception:  # noqa: BLE001 - an exception that cannot cross: send its text
        return pickle.dumps(("raised-text", (type(exc).__name__, str(exc), tb)), protocol=2)


def _decode(data):
    kind, value = pickle.loads(data)
    if kind == "returned":
        return value
    if kind == "missing":
        raise TargetMissing(value)
    if kind == "delegated":
        raise TargetDelegated(value)
    if kind == "raised":
        exc, tb = value
        raise exc from ChildTraceback("in the child:\n" + tb)
    if kind == "raised-text":
        name, text, tb = value
        raise AssertionError("the child raised %s: %s" % (name, text)) from ChildTraceback(tb)
    if kind == "unpicklable":
        raise AssertionError("the child's result could not be sent back: %r" % (value,))
    raise AssertionError("garbled report from the child: %r" % ((kind, value),))


def _read_until_eof(fd, deadline):
    """Read fd to EOF; None if the deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _receive(fd, pid, deadline):
    """(message, status or None) from a check child: a length-prefixed message, or b"" with the
    child's status when it ended without one (its forked descendants may still hold the pipe,
    so EOF alone is not the sign). (None, None) when the deadline passes."""
    buf = b""
    while True:
        need = 8 if len(buf) < 8 else 8 + struct.unpack("<Q", buf[:8])[0]
        if len(buf) >= need and len(buf) >= 8:
            return buf[8:need], None
        left = deadline - time.monotonic()
        if left <= 0:
            return None, None
        ready, _, _ = select.select([fd], [], [], min(left, 0.05))
        chunk = os.read(fd, 1 << 20) if ready else None
        if chunk:
            buf += chunk
            continue
        # Nothing (more) to read: has the child ended without a complete message?
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            while True:  # what it wrote before dying is in the pipe already
                ready, _, _ = select.select([fd], [], [], 0)
                chunk = os.read(fd, 1 << 20) if ready else b""
                if not chunk:
                    break
                buf += chunk
            if len(buf) >= 8 and len(buf) >= 8 + struct.unpack("<Q", buf[:8])[0]:
                return buf[8:8 + struct.unpack("<Q", buf[:8])[0]], status
            return b"", status


def describe_status(status):
    if os.WIFEXITED(status):
        return "exit status %d" % os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return "killed by signal %d" % os.WTERMSIG(status)
    return "wait status %#x" % status


def _child_body(fn, args, kwargs, w, capture):
    """Runs in the forked child: never returns."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _quiet()
        _die_with_parent()  # killed with the check's process (e.g. by the plugin's timeout)
        try:
            if capture is not None:  # a failure here is reported too, not a silent death
                out = os.open(capture, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(out, 1)
                os.dup2(out, 2)
                os.close(out)
            data = pickle.dumps(("returned", fn(*args, **kwargs)), protocol=2)
        except BaseException as exc:  # noqa: B902 - everything goes back to the parent
            data = _encode_exception(exc)
        view = memoryview(struct.pack("<Q", len(data)) + data)
        while view:
            view = view[os.write(w, view):]
    finally:
        os._exit(0)


def run_in_child(fn, *args, **kwargs):
    """Run fn(*args, **kwargs) in a forked child; return what it returns or raise what it raised.

    Keyword-only options (Python 3.8 syntax keeps them in kwargs): `timeout` (seconds, default
    DEFAULT_TIMEOUT) and `capture` (a path: the child's fds 1 and 2 are redirected there)."""
    _require_fork()
    timeout = kwargs.pop("timeout", DEFAULT_TIMEOUT)
    capture = kwargs.pop("capture", None)
    # Close-on-exec: a program the check execs does not hold the report pipe open.
    r, w = host.pipe2(os.O_CLOEXEC)
    pid = _fork()
    if pid == 0:
        os.close(r)
        _child_body(fn, args, kwargs, w, capture)
    os.close(w)
    try:
        data, status = _receive(r, pid, time.monotonic() + timeout)
    finally:
        os.close(r)
    if data is None:
        os.kill(pid, signal.SIGKILL)  # our own child, by its pid
        os.waitpid(pid, 0)
        raise AssertionError("timeout: the check's child %d ran longer than %ss and was killed"
                             % (pid, timeout))
    if status is None:
        _, status = os.waitpid(pid, 0)
    if not data:
        raise ChildDied("the check's child sent no result (%s)" % describe_status(status))
    return _decode(data)


# --- grandchildren, forked inside a check child -------------------------------------------------

def _quiet():
    """No faulthandler report from a child that a check kills or aborts on purpose."""
    import faulthandler
    faulthandler.disable()


def _default_signals():
    """Default dispositions and an empty mask in a spawned process (Python ignores SIGPIPE and
    catches SIGINT): a signal sent to it acts as the kernel's default."""
    for signum in signal.valid_signals():
        if signum in (signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(signum, signal.SIG_DFL)
        except (OSError, ValueError, RuntimeError):
            pass
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def _die_with_parent():
    """prctl(PR_SET_PDEATHSIG, SIGKILL): a grandchild never outlives a check child that was
    killed for a timeout (the kernel sends the signal; nothing else is signalled)."""
    from . import sandboxing
    sandboxing.die_with_parent()


class Spawned(object):
    """A harness-side forked process running `fn()`; see `spawned`."""

    def __init__(self, fn, hold=False, stdout=False, stderr=False, stdin=None, setpgid=False):
        _require_fork()
        go_r, go_w = os.pipe() if hold else (None, None)
        rep_r, rep_w = host.pipe2(os.O_CLOEXEC)
        ready_r, ready_w = host.pipe2(os.O_CLOEXEC)
        out_r, out_w = os.pipe() if (stdout or stderr) else (None, None)
        pid = _fork()
        if pid == 0:
            try:
                os.close(rep_r)
                _quiet()
                _die_with_parent()
                _default_signals()
                if setpgid is not False:
                    os.setpgid(0, 0 if setpgid is True else setpgid)
                os.close(ready_r)
                os.write(ready_w, b"r")  # set up: signals sent from now on act as defaults
                os.close(ready_w)
                if hold:
                    os.close(go_w)
                    os.read(go_r, 1)  # blocks until release() (or the holder's death: EOF)
                    os.close(go_r)
                if stdin is not None:
                    os.dup2(stdin, 0)
                if out_w is not None:
                    os.close(out_r)
                    if stdout:
                        os.dup2(out_w, 1)
                    if stderr:
                        os.dup2(out_w, 2)
                    os.close(out_w)
                try:
                    data = _encode_outcome("returned", fn())
                except BaseException as exc:  # noqa: B902
                    data = _encode_exception(exc)
                os.write(rep_w, data)
            finally:
                os._exit(0)
        os.close(ready_w)
        os.read(ready_r, 1)  # b"" if it died first; either way it is past its set-up
        os.close(ready_r)
        if setpgid is not False:
            try:  # both sides set it: no race with a waitpid(-pgid) right after the fork
                os.setpgid(pid, pid if setpgid is True else setpgid)
            except OSError:
                pass
        self.pid = pid
        self.reaped = False
        self.status = None
        self._go = go_w
        self._report = rep_r
        self._out = out_r
        os.close(rep_w)
        if hold:
            os.close(go_r)
        if out_w is not None:
            os.close(out_w)

    def release(self):
        """Let a held child go on."""
        if self._go is not None:
            os.write(self._go, b"g")
            os.close(self._go)
            self._go = None

    def output(self, timeout=DEFAULT_TIMEOUT):
        """Everything the child (or the program it exec'd) wrote to stdout, up to EOF."""
        data = _read_until_eof(self._out, time.monotonic() + timeout)
        if data is None:
            raise AssertionError("timeout: the spawned process %d kept its stdout open" % self.pid)
        os.close(self._out)
        self._out = None
        return data

    def outcome(self, timeout=DEFAULT_TIMEOUT):
        """('exec', None) when the program was replaced (EOF without a report), else fn's result
        ('returned', value) or ('raised', exception)."""
        data = _read_until_eof(self._report, time.monotonic() + timeout)
        if data is None:
            raise AssertionError("timeout: the spawned process %d neither exec'd nor finished" % self.pid)
        if not data:
            return ("exec", None)
        try:
            return ("returned", _decode(data))
        except TargetLacks:
            raise
        except BaseException as exc:  # noqa: B902
            return ("raised", exc)

    def wait(self, timeout=DEFAULT_TIMEOUT):
        """Harness-side: reap the child, return its raw wait status."""
        deadline = time.monotonic() + timeout
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.reaped, self.status = True, status
                return status
            if time.monotonic() > deadline:
                raise AssertionError("timeout: the spawned process %d did not end" % self.pid)
            select.select([], [], [], 0.002)  # poll interval of a bounded wait, not a synchronisation

    def close(self):
        if not self.reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError as exc:  # already reaped by the target's wait
                if exc.errno not in (errno.ECHILD, errno.ESRCH):
                    raise
            self.reaped = True
        lacks = self._unread_lack()
        for fd in (self._go, self._report, self._out):
            if fd is not None:
                os.close(fd)
        self._go = self._report = self._out = None
        if lacks is not None:
            raise lacks

    def _unread_lack(self):
        """The TargetMissing/TargetDelegated that fn raised, when the check looked only at the
        wait status (the process has ended: whatever it reported is in the pipe); else None."""
        if self._report is None:
            return None
        data = b""
        while select.select([self._report], [], [], 0)[0]:
            chunk = os.read(self._report, 65536)
            if not chunk:
                break
            data += chunk
        try:
            kind, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - nothing, read already, or another outcome
            return None
        return {"missing": TargetMissing, "delegated": TargetDelegated}.get(kind, lambda v: None)(value)


@contextlib.contextmanager
def spawned(fn=None, **options):
    """`with spawned(fn, hold=False, stdout=False, stderr=False, stdin=None, setpgid=False) as p:`
    — a forked process running fn() (default: nothing) then `_exit(0)`; `fn` may `os._exit(n)`
    itself. Its signals start at their defaults, unblocked. setpgid=True: a new process group;
    an int: join that group. Killed and reaped on leaving the block, unless reaped already."""
    child = Spawned(fn or (lambda: None), **options)
    try:
        yield child
    finally:
        child.close()


def zombie(pid):
    """Harness-side: block until child `pid` has ended, without reaping it (waitid WNOWAIT); the
    check child's timeout bounds it."""
    host.waitid(host.P_PID, pid, host.WEXITED | host.WNOWAIT)  # PyPy's os has no waitid


def stopping(then=None):
    """A body for `spawned`: stop itself with SIGSTOP; once continued, run then() or exit 0."""
    def body():
        os.kill(os.getpid(), signal.SIGSTOP)
        if then is not None:
            then()
        os._exit(0)
    return body


def exiting(code):
    """A body for `spawned`: exit at once with `code` (harness-side _exit)."""
    return lambda: os._exit(code)


def killed_by(signum):
    """A body for `spawned`: kill itself with `signum` (default disposition), else exit 99."""
    def body():
        if signum not in (signal.SIGKILL, signal.SIGSTOP):  # those cannot be caught anyway
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signum])
        os.kill(os.getpid(), signum)
        os._exit(99)
    return body


def blocked_until_eof(fd):
    """A body for `spawned`: block reading `fd` (a pipe whose writer the holder keeps), then exit."""
    def body():
        os.read(fd, 1)
        os._exit(0)
    return body


# Programs the checks exec: they report what the kernel gave them, not what Python made of it.
#: The program the exec/spawn checks run: /bin/sh with REPORT_SCRIPT prints its own argument and
#: environment blocks from /proc (exactly what execve received) and its pid. A shell starts in
#: about a millisecond, an interpreter in tens.
SHELL = "/bin/sh"
_SEP = b"\x01OSC-SEP-5f3a\x01"
REPORT_SCRIPT = ("/bin/cat /proc/$$/cmdline; printf '\\001OSC-SEP-5f3a\\001'; /bin/cat /proc/$$/environ; "
                 "printf '\\001OSC-SEP-5f3a\\001%s' $$")


def report_argv(argv0, extra=()):
    """argv for SHELL to run REPORT_SCRIPT; `extra` are further arguments (the first is $0)."""
    return [argv0, "-c", REPORT_SCRIPT] + list(extra)


def parse_report(data):
    """REPORT_SCRIPT's output: (argv as a list of bytes, env as {bytes: bytes}, pid)."""
    parts = data.split(_SEP)
    if len(parts) != 3:
        raise ValueError("not a report: %r" % data[:200])
    argv, env, pid = parts
    env = dict(tuple(e.partition(b"=")[::2]) for e in env.split(b"\0")[:-1])
    return argv.split(b"\0")[:-1], env, int(pid)


def set_path(target, value):
    """Harness-side set-up of PATH for the p-variants: in the process environment, and in the
    target's own `environ` mapping where it keeps one (that mapping is the os.environ its
    execvp consults, as CPython's execvp consults os.environ)."""
    os.environ["PATH"] = value
    own = getattr(target.module, "environ", None)
    if own is not None and own is not os.environ:
        own["PATH"] = value


def python():
    """The running interpreter's executable (the program the checks exec)."""
    return sys.executable

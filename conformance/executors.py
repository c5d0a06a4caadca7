"""Executors: where and how a check runs. One interface, three implementations.

    executor.run(item, nextitem) -> [setup, call, teardown TestReports, each with its record]

- `InProcess`: in the pytest process itself: no crash or hang isolation, no confinement. For
  interpreters without fork or namespaces (WebAssembly Pythons); reports say so.
- `WorkerPool` (the default): a worker process is forked once and confined
  (conformance.sandboxing: mount, PID, UTS and IPC namespaces, read-only and nodev everywhere but
  the check sandboxes, a minimal /dev); it runs check after check in process and
  is replaced only after a crash, a timeout, an escape, or a check that left the process
  changed (hygiene.process_fingerprint). Checks marked `own_process` (they change credentials,
  the root directory, scheduling or signal dispositions) get a worker of their own.
- `ForkPerCheck`: the same confined worker, used for one check only: the slow, simple baseline.

The worker talks to the pytest process over two pipes in length-prefixed JSON frames. A check
that outlives its time limit gets a Python traceback dumped by faulthandler in the worker just
before the pytest process kills it. Deadlines use the monotonic clock. An exception in the
harness's own code is an `error` blamed on the harness, never a target `crash`.

Process tree of a confined worker (all in the pytest process's session):

    pytest process -> keeper (host namespaces; relays the exit status)
                      -> init (pid 1 of a new PID namespace; reaps, relays)
                         -> worker (runs the checks)
"""
import faulthandler
import json
import os
import re
import select
import shutil
import signal
import struct
import tempfile
import time
import traceback

import pytest
from _pytest.runner import runtestprotocol

from . import hygiene, record, sandboxing

CHECK_DIR = pytest.StashKey[str]()  # the check's own directory: its sandboxes live inside
GRACE_SECONDS = 3.0  # after the time limit, for faulthandler's dump before the kill
EXECUTORS = ("pool", "fork", "inprocess")
CAN_FORK = sandboxing.CAN_FORK  # False: only InProcess runs here


class ExecutorContext(object):
    """What every executor needs from the run: the pytest config, where check directories go,
    what a worker may write, and the per-check time limit."""

    def __init__(self, config, root, timeout, confine, writable_extra=()):
        self.config = config
        self.root = root
        self.checks_root = os.path.join(root, "checks")
        os.makedirs(self.checks_root, exist_ok=True)
        self.timeout = timeout
        self.confine = confine
        # A worker may write to hypothesis' database always, and to one check's directory
        # while that check runs (sandboxing.open_for_check); a fork-per-check worker is made
        # for its one check directory.
        self.writable = list(writable_extra)
        self.counter = 0
        # The canary sits beside the check directories, where a target climbing out of its
        # sandbox lands first.
        self.canary = sandboxing.Canary(self.checks_root)
        self.deleter = None

    def discard(self, check_dir):
        """Remove a finished check's directory. Removing the thousands of directories a check's
        examples made cost more than the check on a busy disk (ext4 rmdir: about 1 ms each, and
        20-50 ms per check), so where processes fork a deleter process removes them while the next
        check runs; it removes only check directories of this run."""
        if self.deleter is None and CAN_FORK:
            self.deleter = _Deleter(self.checks_root)
        if self.deleter is None or not self.deleter.remove(check_dir):
            shutil.rmtree(check_dir, ignore_errors=True)

    def close(self):
        """Wait until the deleter has removed every directory it was given."""
        if self.deleter is not None:
            self.deleter.close()
            self.deleter = None

    def new_check_dir(self):
        self.counter += 1
        path = os.path.join(self.checks_root, "c%d" % self.counter)
        os.mkdir(path, 0o700)
        return path

    def canary_intact(self):
        """False (and a fresh canary) when the last check changed the canary tree or left
        anything but check directories beside it."""
        strays = [n for n in os.listdir(self.checks_root) if not _CHECKS_ROOT_ENTRY.match(n)]
        if self.canary.intact() and not strays:
            return True
        for name in strays:
            _remove(os.path.join(self.checks_root, name))
        self.canary = sandboxing.Canary(tempfile.mkdtemp(prefix="canary-", dir=self.checks_root))
        return False


_CHECKS_ROOT_ENTRY = re.compile(r"c\d+$|canary(-.*)?$")
_CHECK_DIR_NAME = re.compile(r"c\d+$")


class _Deleter(object):
    """A process, forked from the pytest process, that removes the check directories it is sent
    (NUL-terminated paths over a pipe), and ends when the pipe is closed. No worker holds the
    pipe (the keeper closes it first thing), and it removes nothing but `c<N>` directories
    directly under the checks root."""

    def __init__(self, checks_root):
        self.checks_root = checks_root
        r, self.fd = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            code = 0
            try:
                _close_fds_but(r)  # the pipes of running workers, the results files: not its own
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: finish, then end at EOF
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                _deleter_loop(r, checks_root)
            except BaseException:
                code = 70
            finally:
                os._exit(code)
        os.close(r)

    def remove(self, path):
        """Hand `path` over; False when the deleter is gone (remove it yourself)."""
        if self.fd is None:
            return False
        try:
            _write_all(self.fd, os.fsencode(path) + b"\0")
        except OSError:
            self.close()
            return False
        return True

    def close(self):
        if self.fd is None:
            return
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.fd = None
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _close_fds_but(keep):
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = range(3, 1024)
    for fd in fds:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _deleter_loop(fd, checks_root):
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except InterruptedError:
            continue
        if not chunk:
            return
        pending += chunk
        *paths, pending = pending.split(b"\0")
        for raw in paths:
            path = os.fsdecode(raw)
            if os.path.dirname(path) == checks_root and _CHECK_DIR_NAME.match(os.path.basename(path)):
                shutil.rmtree(path, ignore_errors=True)


def _write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def _remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


class Executor(object):
    name = None
    forked = False
    reruns = 2  # a failing check runs again this many times before it is reported

    def __init__(self, context):
        self.context = context
        self.confined = None  # learnt from the first worker

    def run(self, item, nextitem):
        """Run a check; a failing one again, and if it then passes, it is `flaky`, not failing."""
        reports = self._run_in_new_dir(item, nextitem)
        first = _call_record(reports)
        if first is None or first["status"] not in ("fail", "error"):
            return reports
        for _ in range(self.reruns):
            again = _call_record(self._run_in_new_dir(item, nextitem))
            if again is not None and again["status"] in ("pass", "baseline"):
                record.mark_flaky(reports, again)
                break
        return reports

    def _run_in_new_dir(self, item, nextitem):
        check_dir = self.context.new_check_dir()
        item.stash[CHECK_DIR] = check_dir
        started = time.monotonic()
        try:
            reports = self._run(item, nextitem, check_dir, started)
        finally:
            item.ihook.pytest_os_check_collected(item=item, check_dir=check_dir)
            self.context.discard(check_dir)
        return reports

    def stop(self):
        self.context.close()

    def describe(self):
        return {"executor": self.name, "forked": self.forked, "confined": bool(self.confined)}


class InProcess(Executor):
    name = "inprocess"

    def _run(self, item, nextitem, check_dir, started):
        self.confined = False
        worlds = [(t, t.begin_check()) for t in self.context.config._os.targets.values()]
        try:
            return _run_check(item, nextitem, check_dir)
        finally:
            for tgt, saved in worlds:
                tgt.end_check(saved)


def _run_check(item, nextitem, check_dir):
    """Run one check's protocol here, with the start/finish hooks around it."""
    item.ihook.pytest_os_check_start(item=item, check_dir=check_dir)
    try:
        return runtestprotocol(item, log=False, nextitem=nextitem)
    finally:
        item.ihook.pytest_os_check_finished(item=item, check_dir=check_dir)


# --- the confined worker ----------------------------------------------------------------------

def _send(fd, obj):
    data = json.dumps(obj).encode("utf-8")
    data = struct.pack("!I", len(data)) + data
    while data:
        data = data[os.write(fd, data):]


def _read_exact(fd, n, deadline):
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError()
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError()
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _receive(fd, deadline=None):
    (size,) = struct.unpack("!I", _read_exact(fd, 4, deadline))
    return json.loads(_read_exact(fd, size, deadline).decode("utf-8"))


def _encode_status(status):
    """A wait status as an exit code the keeper can pass on: 128 + signal for a signal death."""
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 127


def describe_death(code):
    if code > 128:
        sig = code - 128
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "signal %d" % sig
        return "the check's process was killed by %s" % name
    return "the check's process exited with status %d before reporting (os._exit in the target?)" % code


class Worker(object):
    """One confined worker process, seen from the pytest process."""

    def __init__(self, context, items):
        self.context = context
        self.ran = 0
        req_r, self.req_w = os.pipe()
        self.rep_r, rep_w = os.pipe()
        self.tracebacks = tempfile.TemporaryFile(dir=context.root)
        self.pid = os.fork()
        if self.pid == 0:  # the keeper: never returns
            os.close(self.req_w)
            os.close(self.rep_r)
            _keeper(context, items, req_r, rep_w, self.tracebacks)
        os.close(req_r)
        os.close(rep_w)
        hello = _receive(self.rep_r, time.monotonic() + 60)
        self.confined = hello["confined"]
        self.namespaces = hello["namespaces"]

    def run(self, item, nextitem, check_dir, started):
        """(phase reports, how the worker ended the check): "ok" (ready for the next check),
        "unclean" (the check left it changed: it leaves by itself) or "dead" (killed, crashed,
        or failed in the harness: already reaped)."""
        _send(self.req_w, {"check": item.nodeid, "next": nextitem.nodeid if nextitem else None,
                           "check_dir": check_dir})
        self.ran += 1
        deadline = started + self.context.timeout + GRACE_SECONDS
        try:
            reply = _receive(self.rep_r, deadline)
        except TimeoutError:
            dump = self._traceback_dump()
            self.kill()
            message = ("the check did not finish within %g s: its process was killed"
                       % self.context.timeout)
            if dump:
                message += "\nPython traceback at the time limit:\n" + dump
            return record.synthetic_reports(item, "timeout", message, time.monotonic() - started), "dead"
        except EOFError:
            code = self.reap()
            return record.synthetic_reports(item, "crash", describe_death(code),
                                            time.monotonic() - started), "dead"
        if "harness_error" in reply:
            self.kill()
            return record.synthetic_reports(
                item, "error", "harness error (not the target's): " + reply["harness_error"],
                time.monotonic() - started, blame=record.BLAME_HARNESS), "dead"
        reports = record.from_serializable(self.context.config, reply["reports"])
        return reports, ("unclean" if reply.get("unclean") else "ok")

    def _traceback_dump(self):
        try:
            self.tracebacks.seek(0)
            text = self.tracebacks.read().decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""
        return "\n".join(text.strip().splitlines()[-40:])

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)  # the keeper: init and worker die with it
        except ProcessLookupError:
            pass
        self.reap()

    def reap(self):
        for fd in (self.req_w, self.rep_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.tracebacks.close()
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return 127
        return _encode_status(status)

    def stop(self):
        try:
            _send(self.req_w, {"stop": True})
        except OSError:
            pass
        self.reap()


def _keeper(context, items, req_r, rep_w, tracebacks):
    """The worker's first process, in the host's namespaces: enter new ones, fork the worker
    (through an init when there is a PID namespace), relay its exit status."""
    code = 70
    try:
        sandboxing.die_with_parent()
        if context.deleter is not None and context.deleter.fd is not None:
            os.close(context.deleter.fd)  # the deleter's pipe is the pytest process's alone
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the pytest process's handler is its own
        sandboxing.default_signal_state()
        namespaces = []
        if context.confine:
            try:
                namespaces = sandboxing.enter_worker_namespaces()
            except sandboxing.ConfinementRefused:
                namespaces = []
        pid = os.fork()
        if pid == 0:
            _init_or_worker(context, items, req_r, rep_w, tracebacks, namespaces)
        os.close(req_r)
        os.close(rep_w)
        _, status = os.waitpid(pid, 0)
        code = _encode_status(status)
    finally:
        os._exit(code)


def _init_or_worker(context, items, req_r, rep_w, tracebacks, namespaces):
    code = 70
    try:
        sandboxing.die_with_parent()
        confined = False
        if namespaces:
            try:
                sandboxing.confine_worker(context.writable, namespaces)
                confined = True
            except (sandboxing.ConfinementRefused, OSError):
                confined = False
        if "pid" in namespaces:
            os.setsid()  # the worker's session and process group are inside the namespace
            pid = os.fork()
            if pid == 0:
                sandboxing.die_with_parent()
                _worker_loop(context, items, req_r, rep_w, tracebacks, confined, namespaces)
            os.close(req_r)
            os.close(rep_w)
            code = _init_loop(pid)
        else:
            _worker_loop(context, items, req_r, rep_w, tracebacks, confined, namespaces)
    finally:
        os._exit(code)


def _init_loop(worker):
    """PID 1 of the worker's namespace: reap every orphan; end with the worker."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            return 70
        except InterruptedError:
            continue
        if pid == worker:
            return _encode_status(status)


def _worker_loop(context, items, req_r, rep_w, tracebacks, confined, namespaces):
    """Run the checks the pytest process sends, one at a time; leave when told, or when a check
    left the process changed (the pytest process then starts a fresh worker)."""
    code = 0
    config = context.config
    by_id = {item.nodeid: item for item in items}
    targets = getattr(config, "_os").targets  # resolved in the pytest process, before the fork
    expected_next = None
    try:
        _send(rep_w, {"confined": confined, "namespaces": namespaces})
        while True:
            try:
                request = _receive(req_r)
            except EOFError:
                break
            if request.get("stop"):
                break
            try:
                item = by_id[request["check"]]
                nextitem = by_id.get(request["next"]) if request["next"] else None
                if expected_next is not None and expected_next != item.nodeid:
                    item.session._setupstate.teardown_exact(None)  # fixtures kept for another check
                check_dir = item.stash[CHECK_DIR] = request["check_dir"]
                before_state, before_print = hygiene.ProcessState(), hygiene.process_fingerprint()
                worlds = [(t, t.begin_check()) for t in targets.values()]
                if confined:
                    sandboxing.open_for_check(check_dir)
                faulthandler.dump_traceback_later(context.timeout, file=tracebacks)
                try:
                    reports = _run_check(item, nextitem, check_dir)
                finally:
                    faulthandler.cancel_dump_traceback_later()
                    if confined:
                        os.chdir("/")  # a cwd inside would keep the mount busy (detached anyway)
                        sandboxing.close_after_check(check_dir)
                for tgt, saved in worlds:  # what a fresh fork would have had: the target's own state
                    tgt.end_check(saved)
                unclean = before_state.restore() + hygiene.fingerprint_changes(
                    before_print, hygiene.process_fingerprint())
                reply = {"reports": record.to_serializable(config, reports), "unclean": unclean}
            except BaseException:  # the harness's own failure, not the target's
                _send(rep_w, {"harness_error": traceback.format_exc()[-4000:]})
                code = 70
                break
            _send(rep_w, reply)
            expected_next = request["next"]
            if any(r.when == "setup" and not r.passed for r in reports):
                # A set-up that failed or skipped (a fixture raised) leaves fixtures half made,
                # which pytest 9.2 refuses to reuse: start the next check from nothing.
                item.session._setupstate.teardown_exact(None)
                expected_next = None
            if unclean:
                break
    finally:
        os._exit(code)


class WorkerPool(Executor):
    """Checks run many to a confined worker; a worker is replaced after a crash, a timeout, an
    escape, or a check that left it changed."""

    name = "pool"
    forked = True
    max_checks = None  # checks per worker before a fresh one (None: unlimited)

    def __init__(self, context):
        Executor.__init__(self, context)
        self.worker = None
        self.workers_started = 0
        self.replaced = {}  # why workers were replaced -> count

    def _items(self, item):
        return item.session.items

    def _run(self, item, nextitem, check_dir, started):
        if self.name == "pool" and item.get_closest_marker("own_process") is not None:
            return self._run_alone(item, check_dir, started)
        if nextitem is not None and nextitem.get_closest_marker("own_process") is not None:
            nextitem = None  # it runs elsewhere: tear everything down after this check
        if self.max_checks == 1:
            nextitem = None
        worker = self._worker(item)
        reports, ending = worker.run(item, nextitem, check_dir, started)
        return self._after(worker, item, reports, ending, started)

    def _after(self, worker, item, reports, ending, started):
        """Judge the canary, and retire the worker when it must not run another check."""
        escaped = not self.context.canary_intact()
        if escaped:
            reports = record.synthetic_reports(
                item, "error", "ESCAPE: the check changed the canary tree beside its sandbox, or left "
                "files there: the target wrote outside the sandbox", time.monotonic() - started)
        retire = escaped or ending != "ok" or (self.max_checks and worker.ran >= self.max_checks)
        if retire:
            if ending != "dead":
                worker.kill() if escaped else worker.stop()
            if worker is self.worker:
                self.worker = None
                if self.max_checks != 1:
                    why = ("escape" if escaped else "unclean" if ending == "unclean"
                           else (_call_record(reports) or {"status": "error"})["status"])
                    self.replaced[why] = self.replaced.get(why, 0) + 1
        return reports

    def _run_alone(self, item, check_dir, started):
        solo = Worker(self.context, self._items(item))
        if self.confined is None:
            self.confined = solo.confined
        reports, ending = solo.run(item, None, check_dir, started)
        if ending == "ok":
            solo.ran = self.max_checks or 1
        return self._after(solo, item, reports, ending if ending != "ok" else "unclean", started)

    def _worker(self, item):
        if self.worker is None:
            self.worker = Worker(self.context, self._items(item))
            self.workers_started += 1
            if self.confined is None:
                self.confined = self.worker.confined
        return self.worker

    def stop(self):
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        Executor.stop(self)

    def describe(self):
        out = Executor.describe(self)
        out.update(workers_started=self.workers_started, workers_replaced=dict(self.replaced))
        return out


class ForkPerCheck(WorkerPool):
    """A fresh confined worker for every check."""

    name = "fork"
    max_checks = 1


def _call_record(reports):
    """The record that decides a check's status: its first phase that did not pass, else its
    call phase's (None without either)."""
    records = [r.os_conformance for r in reports if getattr(r, "os_conformance", None)]
    failing = [r for r in records if r["status"] not in ("pass", "baseline")]
    calls = [r.os_conformance for r in reports if r.when == "call" and getattr(r, "os_conformance", None)]
    return (failing or calls or [None])[0]


def warm_up_hypothesis():
    """Run one tiny property test here, before any fork: hypothesis' first test in a process pays
    for lazy imports and caches, and every forked worker would pay it again."""
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=3, database=None, derandomize=True)
    @given(st.binary(), st.integers(), st.text(), st.data())
    def warm(b, i, t, data):
        data.draw(st.sampled_from([1, 2]))

    warm()


def make(name, context):
    return {"pool": WorkerPool, "fork": ForkPerCheck, "inprocess": InProcess}[name](context)

"""Each check in a process of its own, confined to its sandbox.

The targets under test are possibly broken: a ctypes slip segfaults, an unfinished function
hangs or calls _exit, a wrong dir_fd deletes the wrong tree. So every check (setup, call,
teardown) runs in a forked child: a crash or a hang ends only that child, and is recorded as
`crash` or `timeout` for that check alone. The child first enters a private mount namespace in
which every mount is read-only except the check sandboxes (and hypothesis' example database),
so even a hostile target cannot write outside them. Where the kernel refuses that (no
privilege), a canary tree beside the sandboxes at least detects an escape, loudly.
"""
import ctypes
import hashlib
import json
import os
import select
import shutil
import signal
import tempfile
import time

import pytest
from _pytest.reports import TestReport
from _pytest.runner import runtestprotocol

_libc = ctypes.CDLL(None, use_errno=True)
_libc.unshare.argtypes = (ctypes.c_int,)
_libc.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p)
_libc.syscall.restype = ctypes.c_long

CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x1
SYS_mount_setattr = 442  # x86_64


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _mount_setattr(path, set_=0, clear=0):
    attr = _MountAttr(set_, clear, 0, 0)
    return _libc.syscall(ctypes.c_long(SYS_mount_setattr), ctypes.c_int(AT_FDCWD), ctypes.c_char_p(os.fsencode(path)),
                         ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))


def confine(writable):
    """In this (child) process: make every mount read-only but `writable`. True on success."""
    if _libc.unshare(CLONE_NEWNS) != 0:
        return False
    if _libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return False
    for path in writable:
        if _libc.mount(os.fsencode(path), os.fsencode(path), None, MS_BIND | MS_REC, None) != 0:
            return False
    if _mount_setattr("/", set_=MOUNT_ATTR_RDONLY) != 0:
        return False
    return all(_mount_setattr(path, clear=MOUNT_ATTR_RDONLY) == 0 for path in writable)


class Canary(object):
    """A small tree beside the sandboxes that no check may touch: its digest must not change."""

    def __init__(self, parent):
        self.path = os.path.join(parent, "canary")
        os.makedirs(os.path.join(self.path, "dir"))
        for name, data in (("file", b"canary\n"), ("dir/inner", b"inner\n")):
            with open(os.path.join(self.path, name), "wb") as f:
                f.write(data)
        os.symlink("file", os.path.join(self.path, "link"))
        self.digest = self._digest()

    def _digest(self):
        h = hashlib.sha256()
        for root, dirs, files in os.walk(self.path):
            dirs.sort()
            for name in sorted(dirs + files):
                p = os.path.join(root, name)
                st = os.lstat(p)
                h.update(("%s %o %d\n" % (os.path.relpath(p, self.path), st.st_mode, st.st_size)).encode())
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as f:
                        h.update(f.read())
        return h.hexdigest()

    def intact(self):
        try:
            return self._digest() == self.digest
        except OSError:
            return False


class Isolation(object):
    """Runs each check's protocol in a forked, confined child; reports come back as JSON."""

    def __init__(self, config, state, timeout, confine=True):
        self.config = config
        self.confine = confine
        self.state = state
        self.timeout = timeout
        self.canary = Canary(state.root)
        self.confined = None  # learnt from the first child
        self.warm = False
        self.measure = None  # conformance.refcoverage.Measure under --os-coverage

    def writable(self, check_dir):
        paths = [check_dir]
        database = getattr(_hypothesis_settings().database, "path", None)
        if database:
            os.makedirs(str(database), exist_ok=True)
            paths.append(str(database))
        return paths

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item, nextitem):
        if "target" not in getattr(item, "fixturenames", ()):
            return None
        if not self.warm:  # here, not at plugin set-up: hypothesis warns about work done there
            _warm_up_hypothesis()
            self.warm = True
        item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        for report in self._run(item):
            item.ihook.pytest_runtest_logreport(report=report)
        item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

    def _run(self, item):
        # The check's directory is made here, so the child can confine itself to exactly it.
        item._os_check_dir = check_dir = self.state.new_check_dir()
        try:
            return self._run_in_child(item, check_dir)
        finally:
            if self.measure is not None:  # coverage the child and its descendants left there
                self.measure.collect(check_dir)
            shutil.rmtree(check_dir, ignore_errors=True)

    def _run_in_child(self, item, check_dir):
        read_end, write_end = os.pipe()
        started = time.time()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read_end)
            self._child(item, write_end, check_dir)
        os.close(write_end)
        payload, status = self._collect(pid, read_end)
        duration = time.time() - started
        if status is None:
            return _synthetic(item, "timeout", "the check did not finish within %s s: its process was killed"
                              % self.timeout, duration)
        if payload is None:
            return _synthetic(item, "crash", _describe_death(status), duration)
        data = json.loads(payload.decode("utf-8"))
        self.confined = data["confined"]
        reports = [self.config.hook.pytest_report_from_serializable(config=self.config, data=d)
                   for d in data["reports"]]
        for report in reports:
            if isinstance(report.longrepr, list):  # a skip's (path, line, reason), listed by JSON
                report.longrepr = tuple(report.longrepr)
        if not self.canary.intact():
            self.canary = Canary(tempfile.mkdtemp(dir=self.state.root))
            reports = _synthetic(item, "error", "ESCAPE: the check changed the canary tree beside its "
                                 "sandbox; the target wrote outside the sandbox", duration)
        return reports

    def _child(self, item, write_end, check_dir):
        code = 0
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's SIGTERM handler is its own
            confined = self.confine and confine(self.writable(check_dir))
            reports = runtestprotocol(item, log=False, nextitem=None)
            data = [self.config.hook.pytest_report_to_serializable(config=self.config, report=r)
                    for r in reports]
            blob = json.dumps({"reports": data, "confined": confined}).encode("utf-8")
            with os.fdopen(write_end, "wb") as f:
                f.write(blob)
        except BaseException:  # the parent sees a missing payload: a crash of the harness
            code = 70
        finally:
            os._exit(code)

    def _collect(self, pid, read_end):
        """(payload or None, wait status or None on timeout). Kills only its own child."""
        chunks, deadline = [], time.time() + self.timeout
        with os.fdopen(read_end, "rb", buffering=0) as pipe:
            while True:
                remaining = deadline - time.time()
                if remaining <= 0:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    return None, None
                ready, _, _ = select.select([pipe], [], [], remaining)
                if ready:
                    chunk = pipe.read(1 << 16)
                    if not chunk:
                        break
                    chunks.append(chunk)
        _, status = os.waitpid(pid, 0)
        payload = b"".join(chunks)
        clean = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        return (payload if clean and payload else None), status


def _describe_death(status):
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = "signal %d" % sig
        return "the check's process was killed by %s" % name
    return "the check's process exited with status %d before reporting (os._exit in the target?)" % (
        os.WEXITSTATUS(status))


def _synthetic(item, status, message, duration):
    """setup/call/teardown reports for a check whose process could not report itself."""
    record = {"target": item.callspec.params["target"], "behaviours": [],
              "status": status, "reason": None, "message": message, "falsifying_example": None}
    from .selection import behaviour_ids
    record["behaviours"] = behaviour_ids(item)
    out = []
    for when, outcome in (("setup", "passed"), ("call", "failed"), ("teardown", "passed")):
        rep = TestReport(item.nodeid, item.location, {}, outcome,
                         message if outcome == "failed" else None, when, [],
                         duration if when == "call" else 0.0, [])
        rep.os_conformance = dict(record, status=status if when == "call" else "pass")
        out.append(rep)
    return out


def _hypothesis_settings():
    from hypothesis import settings
    return settings()


def probe_confinement(root):
    """Does confinement work here, and does it hold? A child confines itself to a fresh directory
    under `root`, then tries to create a file beside it: True only if that is refused."""
    inside = tempfile.mkdtemp(dir=root)
    outside = os.path.join(root, "probe-outside-%d" % os.getpid())
    pid = os.fork()
    if pid == 0:
        ok = False
        try:
            if confine([inside]):
                with open(os.path.join(inside, "in"), "wb"):
                    pass
                try:
                    with open(outside, "wb"):
                        pass
                except OSError:
                    ok = True
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    escaped = os.path.exists(outside)
    shutil.rmtree(inside, ignore_errors=True)
    if escaped:
        os.unlink(outside)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and not escaped


def _warm_up_hypothesis():
    """Run one tiny property test here, before any fork: hypothesis' first test in a process pays
    for lazy imports and caches, and every forked check would pay it again."""
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=3, database=None, derandomize=True)
    @given(st.binary(), st.integers(), st.text(), st.data())
    def warm(b, i, t, data):
        data.draw(st.sampled_from([1, 2]))

    warm()

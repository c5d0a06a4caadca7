"""Helpers for the checks.

Everything here that touches the real `os` is harness-side: it sets up or inspects state
(a file's bytes, an fd's flags) independently of the target, so that a check of `pread` is not
at the mercy of the target's `write`. The target itself is reached only through `target.api`.
"""
import contextlib
import errno as errno_mod
import fcntl
import os
import signal
import threading

import pytest

from conformance.targets import TargetLacks

# --- the real world behind the target -----------------------------------------------------


def require_real_fds(target):
    """Skip where the target's fds are not the process's fds (pyfakefs' are its own numbers)."""
    if target.kind == "pyfakefs":
        pytest.skip("the harness cannot inspect a fake file system's descriptors")


def write_file(path, data):
    """Harness-side: create (or replace) `path` with `data`."""
    with open(path, "wb") as f:
        f.write(data)
    return path


def file_bytes(path):
    """Harness-side: the bytes in `path` now."""
    with open(path, "rb") as f:
        return f.read()


def is_open(fd):
    """Harness-side: whether `fd` is an open descriptor of this process."""
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno == errno_mod.EBADF:
            return False
        raise
    return True


def position(fd):
    """Harness-side: the fd's file offset."""
    return os.lseek(fd, 0, os.SEEK_CUR)


def status_flags(fd):
    """Harness-side: the fd's file status flags (fcntl F_GETFL)."""
    return fcntl.fcntl(fd, fcntl.F_GETFL)


def access_mode(fd):
    return status_flags(fd) & os.O_ACCMODE


def is_nonblocking(fd):
    return bool(status_flags(fd) & os.O_NONBLOCK)


def set_nonblocking(fd, on):
    """Harness-side: set or clear O_NONBLOCK with fcntl, not with the target."""
    flags = status_flags(fd)
    fcntl.fcntl(fd, fcntl.F_SETFL, (flags | os.O_NONBLOCK) if on else (flags & ~os.O_NONBLOCK))


def is_cloexec(fd):
    """Harness-side: whether FD_CLOEXEC is set, i.e. the fd is NOT inheritable."""
    return bool(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)


def set_cloexec(fd, on):
    flags = fcntl.fcntl(fd, fcntl.F_GETFD)
    fcntl.fcntl(fd, fcntl.F_SETFD, (flags | fcntl.FD_CLOEXEC) if on else (flags & ~fcntl.FD_CLOEXEC))


def same_open_file(fd_a, fd_b):
    """Harness-side: whether two fds share one open file description (same file, and moving
    the offset of one moves the other's)."""
    a, b = os.fstat(fd_a), os.fstat(fd_b)
    if (a.st_dev, a.st_ino) != (b.st_dev, b.st_ino):
        return False
    old = position(fd_a)
    try:
        os.lseek(fd_a, old + 7, os.SEEK_SET)
        return position(fd_b) == old + 7
    finally:
        os.lseek(fd_a, old, os.SEEK_SET)


def refers_to(fd, path):
    """Harness-side: whether `fd` is open on the file at `path`."""
    a, b = os.fstat(fd), os.stat(path)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def free_fd():
    """Harness-side: a descriptor number not open now (dup then close: the kernel's lowest)."""
    fd = os.dup(0) if is_open(0) else os.open(os.devnull, os.O_RDONLY)
    os.close(fd)
    return fd + 64 if not is_open(fd + 64) else fd


# --- descriptors a check opens ------------------------------------------------------------

class Fds(object):
    """Tracks descriptors for one example: `target(fd)` for those the target opened (closed with
    the target's close), `harness(fd)` for those the harness opened (closed with the real one).
    Whatever stays open after that is closed harness-side, so a faulty target `close` is
    reported by the close checks alone and not as a leak everywhere else."""

    def __init__(self, target_api):
        self._api = target_api
        self._target = []
        self._harness = []

    def target(self, fd):
        self._target.append(fd)
        return fd

    def harness(self, fd):
        self._harness.append(fd)
        return fd

    def open(self, path, flags=os.O_RDONLY, mode=0o600):
        """Harness-side open of a file in the sandbox."""
        return self.harness(os.open(path, flags, mode))

    def pipe(self):
        """Harness-side pipe."""
        r, w = os.pipe()
        return self.harness(r), self.harness(w)

    def close_all(self):
        for fd in self._target:
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0:
                try:
                    self._api.close(fd)
                except Exception:
                    pass
        for fd in self._target + self._harness:
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0 and is_open(fd):
                os.close(fd)
        self._target, self._harness = [], []


@contextlib.contextmanager
def fds(target):
    """`with fds(target) as f:` — see Fds."""
    tracker = Fds(target.api)
    try:
        yield tracker
    finally:
        tracker.close_all()


# --- exceptions ---------------------------------------------------------------------------

def assert_raises(strict, exc_type, errno, call, model=None):
    """Assert `call()` raises `exc_type` (exactly that class or a subclass) with `errno` (None:
    any). `errno` may be a tuple of accepted values. Under --os-strict the message must also equal
    the one `model()` (the running stdlib, harness-side) raises for the same input."""
    try:
        result = call()
    except TargetLacks:
        raise  # not the API's error: the target lacks something the check needs
    except BaseException as exc:  # noqa: B902 - the class is what is being checked
        if not isinstance(exc, exc_type):
            raise AssertionError("expected %s, got %s: %s" % (exc_type.__name__, type(exc).__name__, exc))
        if errno is not None:
            accepted = errno if isinstance(errno, tuple) else (errno,)
            assert getattr(exc, "errno", None) in accepted, \
                "expected errno %s, got %r (%s)" % ("/".join(errno_mod.errorcode.get(e, str(e)) for e in accepted),
                                                   getattr(exc, "errno", None), exc)
        if strict and model is not None:
            try:
                model()
            except BaseException as expected:  # noqa: B902
                assert str(exc) == str(expected), "message %r, CPython says %r" % (str(exc), str(expected))
        return exc
    raise AssertionError("expected %s, but the call returned %r" % (exc_type.__name__, result))


# --- signals for the EINTR checks ---------------------------------------------------------

@contextlib.contextmanager
def interrupting_timer(on_tick, unblock_at=3, interval=0.005):
    """Deliver SIGALRM every `interval` seconds to a handler that does not raise; on the
    `unblock_at`-th tick it calls `on_tick()` (which must unblock the blocked call). Before that,
    the ticks interrupt the blocked system call: an implementation that does not retry raises
    InterruptedError."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be installed from the main thread")
    ticks = [0]

    def handler(signum, frame):
        ticks[0] += 1
        if ticks[0] == unblock_at:
            on_tick()

    old = signal.signal(signal.SIGALRM, handler)
    signal.siginterrupt(signal.SIGALRM, True)  # no SA_RESTART: the kernel returns EINTR
    signal.setitimer(signal.ITIMER_REAL, interval, interval)
    try:
        yield ticks
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, old)

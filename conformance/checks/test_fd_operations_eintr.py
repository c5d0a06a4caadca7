"""File Descriptor Operations: open, read and write retry when a signal interrupts them (PEP 475).

Each check blocks the target's call on a pipe or FIFO while SIGALRM ticks every few
milliseconds; the handler does not raise, and on its third tick unblocks the call harness-side.
The earlier ticks interrupt the blocked system call: an implementation that does not retry
raises InterruptedError. No sleeping: the timer and the handler drive everything. Each needs a
world whose calls signals interrupt ("signals"; the FIFO one "fifos" too).
"""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import fcntl  # absent on WebAssembly Pythons
from conformance import support
from conformance.hostos import host
from conformance.strategies import pipe_payloads

# These checks install a SIGALRM handler and an interval timer in the process running them:
# a worker of their own, so that a target that breaks them cannot leave them set in a shared one.
pytestmark = pytest.mark.own_process

behaviour = pytest.mark.behaviour
EINTR_QUOTE = "If the system call is interrupted and the signal handler does not raise an exception, " \
              "the function now retries the system call"

# F_SETPIPE_SZ is in the fcntl module from Python 3.10 only; its Linux value is stable.
F_SETPIPE_SZ = 1031
PAGE = 4096


@behaviour("read.eintr-retry")
@given(data=pipe_payloads, n=st.integers(1, 4096))
def test_read_retries_when_interrupted_by_a_signal(target, sandbox, data, n):
    """read.eintr-retry: "If the system call is interrupted and the signal handler does not
    raise an exception, the function now retries the system call instead of raising an
    InterruptedError exception" """
    support.require(target, "signals")
    with support.fds(target) as fds:
        r, w = fds.pipe()
        with support.interrupting_timer(lambda: os.write(w, data)):  # harness-side unblock
            got = target.api.read(r, n)
        assert got == data[:n]


@behaviour("write.eintr-retry")
@given(data=st.binary(min_size=1, max_size=PAGE))
def test_write_retries_when_interrupted_by_a_signal(target, sandbox, data):
    """write.eintr-retry: "If the system call is interrupted and the signal handler does not
    raise an exception, the function now retries the system call instead of raising an
    InterruptedError exception" """
    support.require(target, "signals")
    with support.fds(target) as fds:
        r, w = fds.pipe()
        fcntl.fcntl(w, F_SETPIPE_SZ, PAGE)  # harness-side: a one-page pipe, filled at once
        os.write(w, b"\0" * PAGE)
        with support.interrupting_timer(lambda: os.read(r, PAGE)):  # drain: room for the write
            count = target.api.write(w, data)
        assert count == len(data)
        assert os.read(r, PAGE) == data


@behaviour("open.eintr-retry")
@given(name=st.sampled_from(["fifo", "a fifo", "-fifo", "fïfo"]))
def test_open_retries_when_interrupted_by_a_signal(target, sandbox, name):
    """open.eintr-retry: "If the system call is interrupted and the signal handler does not
    raise an exception, the function now retries the system call instead of raising an
    InterruptedError exception" — opening a FIFO for reading blocks until a writer appears."""
    support.require(target, "signals")
    support.require(target, "fifos")
    path = os.path.join(sandbox.fresh(), name)
    host.mkfifo(path)
    with support.fds(target) as fds:
        # O_RDWR on a FIFO never blocks (Linux) and provides the writer the reader waits for.
        unblock = lambda: fds.open(path, os.O_RDWR | os.O_NONBLOCK)  # noqa: E731
        with support.interrupting_timer(unblock):
            fd = fds.target(target.api.open(path, os.O_RDONLY))
        assert support.refers_to(fd, path)

"""The reference's call policy (reference/_libc.py): it alone reads errno, retries EINTR and raises.

The source rule is checked on the modules' syntax trees; the retry rule on fake C calls (which set
errno as a failing libc call does) and on a real read(2) that a signal interrupts.
"""
import ast
import ctypes
import errno
import os
import signal
import threading
from pathlib import Path

import pytest

import reference
from reference import _libc

REFERENCE = Path(reference.__file__).parent
# Names that mean "this module reads or sets errno, or handles EINTR itself".
ERRNO_NAMES = {'get_errno', 'set_errno', 'EINTR', '_EINTR'}


def errno_uses(source):
    """(line, name) of each errno read, errno write or EINTR test in source, by name or attribute."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ERRNO_NAMES:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id in ERRNO_NAMES:
            found.append((node.lineno, node.id))
        elif isinstance(node, ast.alias) and node.name in ERRNO_NAMES:
            found.append((getattr(node, 'lineno', 0), node.name))  # alias lines: Python 3.10+
    return found


def test_no_module_but_libc_reads_errno_or_handles_eintr():
    offenders = {}
    for path in sorted(REFERENCE.rglob('*.py')):
        if path.name == '_libc.py':
            continue
        uses = errno_uses(path.read_text(encoding='utf-8'))
        if uses:
            offenders[str(path.relative_to(REFERENCE))] = uses
    assert offenders == {}


@pytest.mark.parametrize('snippet', [
    'err = _libc.get_errno()',
    'ctypes.set_errno(0)',
    'from errno import EINTR',
    'if err != _EINTR: pass',
])
def test_the_source_rule_sees_each_way_of_reading_errno(snippet):
    assert errno_uses(snippet)


def failing_call(script):
    """A fake C call: each step is a result, or ('errno', n) to fail with -1 and errno n."""
    calls = []

    def call(*args):
        calls.append(args)
        step = script.pop(0)
        if isinstance(step, tuple):
            ctypes.set_errno(step[1])
            return -1
        return step
    return call, calls


def test_retry_calls_again_after_eintr_only():
    call, calls = failing_call([('errno', errno.EINTR), ('errno', errno.EINTR), 7])
    assert _libc.retry(call, 1, 2) == 7
    assert calls == [(1, 2)] * 3


def test_retry_raises_other_errors_with_both_filenames():
    call, calls = failing_call([('errno', errno.EINTR), ('errno', errno.ENOENT)])
    with pytest.raises(FileNotFoundError) as raised:
        _libc.retry(call, filename='a', filename2='b')
    assert (raised.value.errno, raised.value.filename, raised.value.filename2) == (errno.ENOENT, 'a', 'b')
    assert raised.value.strerror == os.strerror(errno.ENOENT)
    assert len(calls) == 2


def test_check_does_not_retry():
    call, calls = failing_call([('errno', errno.EINTR), 0])
    with pytest.raises(InterruptedError):
        _libc.check(call())
    assert len(calls) == 1


def test_retry_errno_result_retries_eintr_and_raises_the_returned_errno():
    results = [errno.EINTR, errno.ENOSPC]
    with pytest.raises(OSError) as raised:
        _libc.retry_errno_result(lambda: results.pop(0))
    assert raised.value.errno == errno.ENOSPC and results == []


def test_call_reporting_errno_clears_errno_first():
    ctypes.set_errno(errno.EBADF)
    assert _libc.call_reporting_errno(lambda: -1) == (-1, 0)
    call, _ = failing_call([('errno', errno.EPERM)])
    assert _libc.call_reporting_errno(call) == (-1, errno.EPERM)


@pytest.mark.parametrize('raiser, tolerated', [
    (lambda: _libc.raise_unless(errno.ERANGE, 'f'), errno.ERANGE),
    (lambda: _libc.raise_unless_interrupted('f'), errno.EINTR),
])
def test_raise_unless_returns_only_on_the_tolerated_errno(raiser, tolerated):
    ctypes.set_errno(tolerated)
    assert raiser() is None
    ctypes.set_errno(errno.EACCES)
    with pytest.raises(PermissionError) as raised:
        raiser()
    assert raised.value.filename == 'f'


class Raised(Exception):
    pass


@pytest.fixture
def alarm():
    """Arm SIGALRM every 20 ms with a handler the test picks; disarm and restore afterwards."""
    previous = signal.getsignal(signal.SIGALRM)

    def arm(handler):
        signal.signal(signal.SIGALRM, handler)
        signal.setitimer(signal.ITIMER_REAL, 0.02, 0.02)
    yield arm
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def pipe():
    r, w = os.pipe()
    yield r, w
    os.close(r)
    os.close(w)


def test_a_read_interrupted_by_a_signal_whose_handler_returns_is_retried(alarm, pipe):
    r, w = pipe
    ticks = []

    def handler(signum, frame):
        ticks.append(signum)
        if len(ticks) == 3:
            os.write(w, b'x')  # unblocks the read only after two interruptions
    alarm(handler)
    assert reference.read(r, 1) == b'x'
    assert len(ticks) >= 3


def test_a_raising_handler_ends_the_retry_loop_with_its_exception(alarm, pipe):
    r, w = pipe
    ticks = []

    def handler(signum, frame):
        ticks.append(signum)
        if len(ticks) == 2:
            raise Raised()
    alarm(handler)
    # A watchdog: a loop that swallowed the handler's exception would block here for ever.
    watchdog = threading.Timer(5, os.write, (w, b'late'))
    watchdog.start()
    try:
        with pytest.raises(Raised):
            reference.read(r, 1)
    finally:
        watchdog.cancel()
    assert len(ticks) == 2

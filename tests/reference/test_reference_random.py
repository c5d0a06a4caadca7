"""getrandom and urandom against the stdlib os, plus EINTR retry and short reads."""
import ctypes
import errno
import os

import pytest

from tests.helpers import stable_repr

import reference
from conftest import ON_PYPY, outcome, same_outcome
from reference import _libc, random_numbers

needs_getrandom = pytest.mark.skipif(not hasattr(os, 'getrandom'), reason='this os has no getrandom')


def test_flag_constants():
    assert (reference.GRND_NONBLOCK, reference.GRND_RANDOM) == (1, 2)
    if hasattr(os, 'getrandom'):
        assert (reference.GRND_NONBLOCK, reference.GRND_RANDOM) == (os.GRND_NONBLOCK, os.GRND_RANDOM)


@pytest.mark.parametrize('size', [0, 1, 16, 1000, 65536])
@pytest.mark.parametrize('flags', [0, reference.GRND_NONBLOCK, reference.GRND_RANDOM,
                                   reference.GRND_NONBLOCK | reference.GRND_RANDOM])
def test_getrandom_sizes(size, flags):
    data = reference.getrandom(size, flags)
    assert type(data) is bytes
    assert 0 < len(data) <= size if (flags & reference.GRND_RANDOM and size) else len(data) == size


def test_getrandom_keyword_flags():
    assert len(reference.getrandom(size=4, flags=0)) == 4


@pytest.mark.parametrize('size', [0, 1, 32, 100000])
def test_urandom_sizes(size):
    data = reference.urandom(size)
    assert type(data) is bytes and len(data) == size
    assert size < 32 or data != reference.urandom(size)


@needs_getrandom
@pytest.mark.parametrize('args', [(-1,), (1, 99), (1, -1), (2 ** 63,), (-2 ** 63 - 1,), (1.0,), ('1',),
                                  (None,), (1, 2 ** 31), (1, 1.0)], ids=stable_repr)
def test_getrandom_errors(args):
    same_outcome('getrandom', *args)


@pytest.mark.parametrize('size', [-1, -2 ** 63, 2 ** 63, 1.0, '1', None], ids=stable_repr)
def test_urandom_errors(size):
    if ON_PYPY and size == 2 ** 63:
        pytest.skip('PyPy raises another class for an oversized count')
    same_outcome('urandom', size)


def _fake_getrandom(script):
    """A stand-in for libc getrandom that plays script: ints are byte counts, errnos fail once."""
    calls = []

    def fake(address, size, flags):
        calls.append(size)
        step = script.pop(0) if script else size
        if isinstance(step, tuple):
            ctypes.set_errno(step[0])
            return -1
        count = min(step, size)
        ctypes.memset(address, 0x41, count)
        return count
    return fake, calls


def test_getrandom_retries_eintr(monkeypatch):
    fake, calls = _fake_getrandom([(errno.EINTR,), (errno.EINTR,)])
    monkeypatch.setattr(_libc, 'getrandom', fake)
    assert reference.getrandom(5) == b'AAAAA'
    assert calls == [5, 5, 5]


def test_getrandom_reports_other_errors(monkeypatch):
    fake, _ = _fake_getrandom([(errno.EAGAIN,)])
    monkeypatch.setattr(_libc, 'getrandom', fake)
    result = outcome(reference.getrandom, 5, reference.GRND_NONBLOCK)
    assert result[:3] == ('raised', BlockingIOError, errno.EAGAIN)


def test_getrandom_returns_short_reads(monkeypatch):
    fake, _ = _fake_getrandom([3])
    monkeypatch.setattr(_libc, 'getrandom', fake)
    assert reference.getrandom(5) == b'AAA'


def test_urandom_loops_over_short_reads_and_eintr(monkeypatch):
    fake, calls = _fake_getrandom([3, (errno.EINTR,), 1, 100])
    monkeypatch.setattr(_libc, 'getrandom', fake)
    assert random_numbers.faithful_urandom(10) == b'A' * 10
    assert calls == [10, 7, 7, 6]


@pytest.mark.parametrize('fast_result', [3, -1])
def test_urandom_fast_path_hands_a_short_or_failed_call_to_the_faithful_one(monkeypatch, fast_result):
    fast_calls = []

    def fast(buffer, size, flags):
        fast_calls.append((type(buffer), size, flags))
        return fast_result
    monkeypatch.setattr(_libc, 'bare_getrandom', fast)
    fake, calls = _fake_getrandom([])
    monkeypatch.setattr(_libc, 'getrandom', fake)
    assert random_numbers.urandom(10) == b'A' * 10
    assert fast_calls == ([(bytes, 10, 0)] if _libc.FILLS_BYTES else []) and calls == [10]


class Index:
    def __index__(self):
        return 3


@pytest.mark.parametrize('size', [True, Index()], ids=stable_repr)
def test_index_sizes(size):
    assert len(reference.getrandom(size)) == len(reference.urandom(size)) == int(size.__index__())

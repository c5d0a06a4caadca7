"""utime against the stdlib os: times, ns, now, dir_fd, follow_symlinks, fd, bad input."""

import pytest

from tests.helpers import stable_repr

from _files_helpers import Opaque, CLOSED_FD, DIR_FD, FILE_FD, P, twin
from conftest import ON_PYPY

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os differs from CPython here")
BAD = [pytest.param(p, marks=CPYTHON_ONLY) for p in (None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(),
                                                     bytearray(b'file'))]


class Index:
    def __index__(self):
        return 7

    def __repr__(self):
        return 'Index()'


class IntOnly:
    def __int__(self):
        return 7

    def __repr__(self):
        return 'IntOnly()'


TIMES = [(1, 2), (0, 0), (-1, -2), (1.5, 2.25), (1e9 + 0.123456789, -0.5), (2 ** 40, 1), (-1e-10, 1e-10),
         (1.9999999999, 3)]
BAD_TIMES = [[1, 2], (1,), (1, 2, 3), (float('nan'), 1), (float('inf'), 1), (2 ** 63, 0), (9.3e18, 0),
             ('1', 1), (None, 1), (Index(), 1), (IntOnly(), 1), 5]
NS = [(0, 0), (1, 2), (1500000000123456789, -1), (-1, 10 ** 18), (True, False), (Index(), 3)]
BAD_NS = [[1, 2], (1,), (1.5e9, 0), ('x', 0), (None, 0), (2 ** 100, 0), (IntOnly(), 0), 5]


@pytest.mark.parametrize('times', TIMES + [pytest.param(t, marks=CPYTHON_ONLY) for t in BAD_TIMES], ids=stable_repr)
def test_utime_times(tmp_path, monkeypatch, times):
    twin(tmp_path, monkeypatch, 'utime', 'file', times, compare_times=True)


@pytest.mark.parametrize('ns', NS + [pytest.param(t, marks=CPYTHON_ONLY) for t in BAD_NS], ids=stable_repr)
def test_utime_ns(tmp_path, monkeypatch, ns):
    twin(tmp_path, monkeypatch, 'utime', 'file', ns=ns, compare_times=True)


@pytest.mark.parametrize('kwargs', [dict(times=(1, 2), ns=(1, 2)), dict(times=None, ns=(1, 2)),
                                    pytest.param(dict(times=(1, 2), ns=None), marks=CPYTHON_ONLY),
                                    pytest.param(dict(times=None, ns=None), marks=CPYTHON_ONLY)], ids=stable_repr)
def test_utime_times_and_ns(tmp_path, monkeypatch, kwargs):
    twin(tmp_path, monkeypatch, 'utime', 'file', compare_times=True, **kwargs)


@pytest.mark.parametrize('path', ['file', b'file', P('link'), 'dir', 'dangling', 'nope', 'file/x',
                                  FILE_FD, DIR_FD] + BAD, ids=stable_repr)
def test_utime_paths(tmp_path, monkeypatch, path):
    if ON_PYPY and path in ('dangling', 'nope', 'file/x'):
        pytest.skip('PyPy builds this OSError with 5 arguments')
    twin(tmp_path, monkeypatch, 'utime', path, (10, 20), compare_times=True)


@CPYTHON_ONLY
@pytest.mark.parametrize('path', [CLOSED_FD, -1, 0], ids=stable_repr)
def test_utime_fd_errors(tmp_path, monkeypatch, path):
    twin(tmp_path, monkeypatch, 'utime', path, (10, 20), compare_times=True)
    twin(tmp_path, monkeypatch, 'utime', path, (10, 20), follow_symlinks=False, compare_times=True)


def test_utime_now(tmp_path, monkeypatch):
    """Both set 'now'; times differ by construction, so only outcomes are compared."""
    twin(tmp_path, monkeypatch, 'utime', 'file')
    twin(tmp_path, monkeypatch, 'utime', FILE_FD)


@pytest.mark.parametrize('kwargs', [dict(follow_symlinks=False), dict(dir_fd=DIR_FD),
                                    dict(dir_fd=DIR_FD, follow_symlinks=False), dict(dir_fd=CLOSED_FD)],
                         ids=stable_repr)
@pytest.mark.parametrize('path', ['file', 'link', 'dangling', 'loop', 'nope',
                                  pytest.param(FILE_FD, marks=CPYTHON_ONLY)], ids=stable_repr)
def test_utime_variants(tmp_path, monkeypatch, kwargs, path):
    if ON_PYPY and path in ('nope', 'loop') or ON_PYPY and kwargs.get('dir_fd') is CLOSED_FD:
        pytest.skip('PyPy builds this OSError with 5 arguments')
    twin(tmp_path, monkeypatch, 'utime', path, ns=(5, 6), compare_times=True, **kwargs)


@CPYTHON_ONLY
@pytest.mark.parametrize('dir_fd', [1.5, 'x', 2 ** 31], ids=stable_repr)
def test_utime_bad_dir_fd(tmp_path, monkeypatch, dir_fd):
    twin(tmp_path, monkeypatch, 'utime', 'file', (1, 2), dir_fd=dir_fd, compare_times=True)
    twin(tmp_path, monkeypatch, 'utime', 'file', [1, 2], dir_fd=dir_fd, compare_times=True)

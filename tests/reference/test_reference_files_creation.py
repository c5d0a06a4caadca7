"""mkdir, rmdir, mkfifo, mknod, major, minor, makedev, truncate, sync against the stdlib os."""
import os
import stat

import pytest

from tests.helpers import stable_repr

import reference
from _files_helpers import Opaque, CLOSED_FD, DIR_FD, FILE_FD, P, twin
from conftest import ON_PYPY, same_outcome

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os differs from CPython here")
BAD = [pytest.param(p, marks=CPYTHON_ONLY) for p in
       (None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(), bytearray(b'new'), FILE_FD)]
NEW_PATHS = ['new', b'new', P('new'), P(b'new'), 'file', 'dir', 'nope/new', 'file/new', 'dangling'] + BAD


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize('path', NEW_PATHS, ids=stable_repr)
def test_mkdir(tmp_path, monkeypatch, path):
    twin(tmp_path, monkeypatch, 'mkdir', path)


@pytest.mark.parametrize('mode', [0o700, 0o7777, 0, -1] + [pytest.param(m, marks=CPYTHON_ONLY)
                                                           for m in (1.5, '1', 2 ** 31)], ids=stable_repr)
def test_mkdir_mode(tmp_path, monkeypatch, mode):
    twin(tmp_path, monkeypatch, 'mkdir', 'new', mode)


@pytest.mark.parametrize('dir_fd', [DIR_FD, CLOSED_FD, FILE_FD], ids=stable_repr)
@pytest.mark.parametrize('name', ['mkdir', 'mkfifo', 'rmdir'])
def test_dir_fd(tmp_path, monkeypatch, name, dir_fd):
    twin(tmp_path, monkeypatch, name, 'empty' if name == 'rmdir' else 'new', dir_fd=dir_fd)


@pytest.mark.parametrize('path', ['empty', b'dir', P('file'), 'dirlink', 'nope', 'empty/.', '.'] + BAD,
                         ids=stable_repr)
def test_rmdir(tmp_path, monkeypatch, path):
    twin(tmp_path, monkeypatch, 'rmdir', path)


@pytest.mark.parametrize('path', NEW_PATHS, ids=stable_repr)
def test_mkfifo(tmp_path, monkeypatch, path):
    if ON_PYPY and path in ('file', 'dir', 'nope/new', 'file/new', 'dangling'):
        pytest.skip('PyPy names the path in mkfifo errors; CPython does not')
    twin(tmp_path, monkeypatch, 'mkfifo', path, 0o640)


@pytest.mark.parametrize('mode', [stat.S_IFREG | 0o600, stat.S_IFIFO | 0o644, stat.S_IFCHR | 0o600,
                                  stat.S_IFBLK | 0o600, stat.S_IFDIR | 0o700, 0o600])
@pytest.mark.parametrize('device', [0, os.makedev(1, 3), os.makedev(300, 70000)])
def test_mknod(tmp_path, monkeypatch, mode, device):
    if ON_PYPY and stat.S_ISDIR(mode):
        pytest.skip('PyPy reports EPERM for S_IFDIR nodes differently')
    twin(tmp_path, monkeypatch, 'mknod', 'node', mode, device)


@pytest.mark.parametrize('path', NEW_PATHS, ids=stable_repr)
def test_mknod_paths(tmp_path, monkeypatch, path):
    if ON_PYPY and path in ('file', 'dir', 'nope/new', 'file/new', 'dangling'):
        pytest.skip('PyPy names the path in mknod errors; CPython does not')
    twin(tmp_path, monkeypatch, 'mknod', path)


@CPYTHON_ONLY
@pytest.mark.parametrize('device', [-1, -2, 2 ** 64, 2 ** 64 - 1, 1.5, '1', True], ids=stable_repr)
def test_mknod_bad_device(tmp_path, monkeypatch, device):
    twin(tmp_path, monkeypatch, 'mknod', 'node', 0o600, device, dir_fd=DIR_FD)


class Index:
    def __index__(self):
        return 5

    def __repr__(self):
        return 'Index()'


DEVICES = [0, 1, 259, True]
BAD_DEVICES = [2 ** 32 + 5, 2 ** 63, 2 ** 64 - 1, -1, -2, 2 ** 64, 1.5, '1', None, Index()]


@pytest.mark.parametrize('name', ['major', 'minor'])
@pytest.mark.parametrize('device', DEVICES + [pytest.param(d, marks=CPYTHON_ONLY) for d in BAD_DEVICES],
                         ids=stable_repr)
def test_major_minor(name, device):
    same_outcome(name, device)


NUMBERS = [0, 1, 0xfff, True]
BAD_NUMBERS = [0x1000, 0xfffff, 2 ** 31 - 1, -1, -2, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 64,
               1.5, '1', None, Index()]


@pytest.mark.parametrize('value', NUMBERS + [pytest.param(d, marks=CPYTHON_ONLY) for d in BAD_NUMBERS],
                         ids=stable_repr)
def test_makedev(value):
    same_outcome('makedev', value, 7)
    same_outcome('makedev', 7, value)
    same_outcome('makedev', value, value)


def test_device_round_trip():
    for major, minor in [(0, 0), (8, 1), (259, 70000), (0xfffff, 0xfffff)]:
        dev = reference.makedev(major, minor)
        assert (reference.major(dev), reference.minor(dev)) == (major, minor)


@pytest.mark.parametrize('path', ['file', b'file', P('file'), 'link', 'dir', 'nope', 'dangling',
                                  FILE_FD, DIR_FD, CLOSED_FD] + BAD[:-1], ids=stable_repr)
@pytest.mark.parametrize('length', [0, 3, 100, 2 ** 40, -1])
def test_truncate(tmp_path, monkeypatch, path, length):
    if ON_PYPY and length == -1:
        pytest.skip('PyPy names no file in this EINVAL')
    twin(tmp_path, monkeypatch, 'truncate', path, length)


@CPYTHON_ONLY
@pytest.mark.parametrize('length', [1.5, '1', None, 2 ** 63], ids=stable_repr)
def test_truncate_bad_length(tmp_path, monkeypatch, length):
    twin(tmp_path, monkeypatch, 'truncate', 'file', length)


@CPYTHON_ONLY
def test_truncate_minus_one_fd(tmp_path, monkeypatch):
    """fd -1 means "no fd" to CPython: truncate(NULL) fails with EFAULT naming -1."""
    twin(tmp_path, monkeypatch, 'truncate', -1, 0)


def test_sync():
    assert reference.sync() is None
    same_outcome('sync')

"""chmod, fchmod, chown, fchown, lchown against the stdlib os, on twin trees."""

import pytest

from tests.helpers import stable_repr

from _files_helpers import Opaque, CLOSED_FD, DIR_FD, FILE_FD, P, twin
from conftest import ON_PYPY

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os differs from CPython here")
BAD_PATHS = [None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(), bytearray(b'file')]
TARGETS = ['file', b'file', P('file'), P(b'file'), 'link', 'dir', 'dangling', 'loop', 'nope', 'file/x',
           FILE_FD, DIR_FD, CLOSED_FD, 0, pytest.param(-1, marks=CPYTHON_ONLY)]
IDS = [-1, 0, 12345, 2 ** 32 - 2]
BAD_IDS = [2 ** 32 - 1, 2 ** 32, -2, 2 ** 63, 2 ** 64, -2 ** 63 - 1, 1.5, '1', None]


def cpython_only(values):
    return [pytest.param(v, marks=CPYTHON_ONLY) for v in values]


@pytest.mark.parametrize('path', TARGETS + cpython_only(BAD_PATHS), ids=stable_repr)
@pytest.mark.parametrize('mode', [0o600, 0o4755, 0o7777, 0])
def test_chmod(tmp_path, monkeypatch, path, mode):
    twin(tmp_path, monkeypatch, 'chmod', path, mode)


@pytest.mark.parametrize('path', TARGETS, ids=stable_repr)
@pytest.mark.parametrize('kwargs', [dict(follow_symlinks=False), dict(dir_fd=DIR_FD),
                                    dict(dir_fd=DIR_FD, follow_symlinks=False), dict(dir_fd=None)],
                         ids=stable_repr)
def test_chmod_variants(tmp_path, monkeypatch, path, kwargs):
    if ON_PYPY and (kwargs.get('dir_fd') is DIR_FD or not kwargs.get('follow_symlinks', True)):
        pytest.skip('PyPy checks chmod dir_fd/follow_symlinks combinations its own way')
    twin(tmp_path, monkeypatch, 'chmod', path, 0o640, **kwargs)


@CPYTHON_ONLY
@pytest.mark.parametrize('mode', [1.5, '1', None, 2 ** 31, -1])
def test_chmod_bad_mode(tmp_path, monkeypatch, mode):
    twin(tmp_path, monkeypatch, 'chmod', 'file', mode)


@pytest.mark.parametrize('fd', [FILE_FD, CLOSED_FD] + cpython_only([-1, 1.5, 'file', 2 ** 31]), ids=stable_repr)
def test_fchmod(tmp_path, monkeypatch, fd):
    twin(tmp_path, monkeypatch, 'fchmod', fd, 0o600)


@CPYTHON_ONLY
def test_fchmod_keywords(tmp_path, monkeypatch):
    twin(tmp_path, monkeypatch, 'fchmod', fd=FILE_FD, mode=0o600)


@pytest.mark.parametrize('path', TARGETS + cpython_only(BAD_PATHS), ids=stable_repr)
@pytest.mark.parametrize('ids', [(12345, -1), (-1, 54321), (0, 0)])
def test_chown(tmp_path, monkeypatch, path, ids):
    twin(tmp_path, monkeypatch, 'chown', path, *ids)


@pytest.mark.parametrize('path', TARGETS, ids=stable_repr)
@pytest.mark.parametrize('kwargs', [dict(follow_symlinks=False), dict(dir_fd=DIR_FD),
                                    dict(dir_fd=DIR_FD, follow_symlinks=False)], ids=stable_repr)
def test_chown_variants(tmp_path, monkeypatch, path, kwargs):
    if ON_PYPY and isinstance(path, (int, type(FILE_FD))) and not isinstance(path, (str, bytes)):
        pytest.skip('PyPy checks fd combinations its own way')
    twin(tmp_path, monkeypatch, 'chown', path, 123, 456, **kwargs)


@CPYTHON_ONLY
@pytest.mark.parametrize('bad', BAD_IDS, ids=stable_repr)
@pytest.mark.parametrize('which', ['chown', 'lchown', 'fchown'])
def test_bad_ids(tmp_path, monkeypatch, which, bad):
    target = FILE_FD if which == 'fchown' else 'file'
    twin(tmp_path, monkeypatch, which, target, bad, -1)
    twin(tmp_path, monkeypatch, which, target, -1, bad)


@pytest.mark.parametrize('value', IDS)
def test_id_range(tmp_path, monkeypatch, value):
    twin(tmp_path, monkeypatch, 'chown', 'file', value, value)


@pytest.mark.parametrize('path', ['file', b'link', P('dangling'), 'nope', 'file/x']
                         + cpython_only(BAD_PATHS + [FILE_FD]), ids=stable_repr)
def test_lchown(tmp_path, monkeypatch, path):
    twin(tmp_path, monkeypatch, 'lchown', path, 777, 888)


@pytest.mark.parametrize('fd', [FILE_FD, DIR_FD, CLOSED_FD] + cpython_only([-1, 1.5, 'file']), ids=stable_repr)
def test_fchown(tmp_path, monkeypatch, fd):
    twin(tmp_path, monkeypatch, 'fchown', fd, 777, -1)

"""link, symlink, readlink, unlink, remove, rename, replace against the stdlib os."""
import os

import pytest

from tests.helpers import stable_repr

from _files_helpers import Opaque, CLOSED_FD, DIR_FD, FILE_FD, P, in_tree, twin
from conftest import ON_PYPY, same_outcome

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os differs from CPython here")
BAD = [pytest.param(p, marks=CPYTHON_ONLY) for p in
       (None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(), bytearray(b'file'), FILE_FD)]
SOURCES = ['file', b'file', P('file'), 'link', 'dir', 'dangling', 'nope', 'file/x'] + BAD
DESTS = ['new', b'new', P('new'), 'file', 'dir', 'empty', 'nope/new', 'dir/inner', 'link'] + BAD


@pytest.mark.parametrize('src', SOURCES, ids=stable_repr)
def test_link_src(tmp_path, monkeypatch, src):
    twin(tmp_path, monkeypatch, 'link', src, 'new')


@pytest.mark.parametrize('dst', DESTS, ids=stable_repr)
def test_link_dst(tmp_path, monkeypatch, dst):
    twin(tmp_path, monkeypatch, 'link', 'file', dst)


@pytest.mark.parametrize('kwargs', [dict(follow_symlinks=True), dict(follow_symlinks=False),
                                    dict(src_dir_fd=DIR_FD), dict(dst_dir_fd=DIR_FD),
                                    dict(src_dir_fd=DIR_FD, follow_symlinks=False),
                                    dict(src_dir_fd=CLOSED_FD)], ids=stable_repr)
@pytest.mark.parametrize('src', ['link', 'dangling', 'file'])
def test_link_variants(tmp_path, monkeypatch, kwargs, src):
    if ON_PYPY and (not kwargs.get('follow_symlinks', True) or src != 'file'):
        pytest.skip("PyPy's linkat flags differ from CPython's for symlinks")
    twin(tmp_path, monkeypatch, 'link', src, 'new', **kwargs)


@pytest.mark.parametrize('src', ['file', b'anything', P('nowhere'), '', 'x' * 5000] + BAD, ids=stable_repr)
@pytest.mark.parametrize('dst', ['new', 'file', 'nope/new', P(b'new')] + BAD[:3], ids=stable_repr)
def test_symlink(tmp_path, monkeypatch, src, dst):
    twin(tmp_path, monkeypatch, 'symlink', src, dst)


@pytest.mark.parametrize('kwargs', [dict(target_is_directory=True), dict(dir_fd=DIR_FD),
                                    dict(dir_fd=CLOSED_FD)], ids=stable_repr)
def test_symlink_variants(tmp_path, monkeypatch, kwargs):
    twin(tmp_path, monkeypatch, 'symlink', 'dir', 'new', **kwargs)


@pytest.mark.parametrize('path', ['link', b'link', P('dangling'), P(b'loop'), 'file', 'nope', 'dirlink',
                                  'link/x'] + BAD, ids=stable_repr)
def test_readlink(tmp_path, monkeypatch, path):
    in_tree(tmp_path, monkeypatch)
    same_outcome('readlink', path)


@pytest.mark.parametrize('link_target', ['\xe9', b'\xff\xfe', 'x' * 4095, 'a/b/../c'], ids=stable_repr)
def test_readlink_targets(tmp_path, monkeypatch, link_target):
    in_tree(tmp_path, monkeypatch)
    os.symlink(link_target, 'odd')
    same_outcome('readlink', 'odd')
    same_outcome('readlink', b'odd')


def test_readlink_dir_fd(tmp_path, monkeypatch):
    root = in_tree(tmp_path, monkeypatch)
    fd = os.open(str(root), os.O_RDONLY)
    try:
        same_outcome('readlink', 'link', dir_fd=fd)
        same_outcome('readlink', P('file'), dir_fd=fd)
    finally:
        os.close(fd)


@pytest.mark.parametrize('name', ['unlink', 'remove'])
@pytest.mark.parametrize('path', ['file', b'link', P('dangling'), 'dir', 'dirlink', 'nope', 'file/x',
                                  'dir/inner'] + BAD, ids=stable_repr)
def test_unlink(tmp_path, monkeypatch, name, path):
    twin(tmp_path, monkeypatch, name, path)


@pytest.mark.parametrize('name', ['unlink', 'remove'])
@pytest.mark.parametrize('dir_fd', [DIR_FD, CLOSED_FD, FILE_FD] + [pytest.param(v, marks=CPYTHON_ONLY)
                                                                   for v in (1.5, 'x')], ids=stable_repr)
def test_unlink_dir_fd(tmp_path, monkeypatch, name, dir_fd):
    twin(tmp_path, monkeypatch, name, 'file', dir_fd=dir_fd)


@pytest.mark.parametrize('name', ['rename', 'replace'])
@pytest.mark.parametrize('src', ['file', b'dir', P('link'), 'nope', 'empty'] + BAD[:4], ids=stable_repr)
@pytest.mark.parametrize('dst', ['new', 'exec', 'dir', 'empty', 'nope/x', P(b'dir/inner')] + BAD[:2],
                         ids=stable_repr)
def test_rename(tmp_path, monkeypatch, name, src, dst):
    twin(tmp_path, monkeypatch, name, src, dst)


@pytest.mark.parametrize('name', ['rename', 'replace'])
@pytest.mark.parametrize('kwargs', [dict(src_dir_fd=DIR_FD), dict(dst_dir_fd=DIR_FD),
                                    dict(src_dir_fd=DIR_FD, dst_dir_fd=CLOSED_FD)], ids=stable_repr)
def test_rename_dir_fd(tmp_path, monkeypatch, name, kwargs):
    twin(tmp_path, monkeypatch, name, 'file', 'moved', **kwargs)

"""stat, lstat, statvfs, fstatvfs, statvfs_result, pathconf, fpathconf, supports_* sets."""
import os
import pickle

import pytest

from tests.helpers import stable_repr

import reference
from _files_helpers import Opaque, P, in_tree
from conftest import ON_PYPY, outcome, same_outcome

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os differs from CPython here")
BAD = [pytest.param(p, marks=CPYTHON_ONLY) for p in (None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(),
                                                     bytearray(b'file'), -1, 2 ** 31)]
PATHS = ['file', b'file', P('file'), P(b'dir'), 'link', 'dirlink', 'dangling', 'loop', 'nope',
         'file/x', '']
HIDDEN = ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
          'st_blksize', 'st_blocks', 'st_rdev')


def full(result):
    """A stat_result as all its fields, or the outcome unchanged if the call raised."""
    if result[0] != 'value':
        return result
    value = result[1]
    return ('value', tuple(value), tuple(getattr(value, n) for n in HIDDEN)) + result[2:]


def same_stat(name, *args, **kwargs):
    expected = full(outcome(getattr(os, name), *args, **kwargs))
    assert full(outcome(getattr(reference, name), *args, **kwargs)) == expected


@pytest.fixture
def fds(tmp_path, monkeypatch):
    root = in_tree(tmp_path, monkeypatch)
    opened = {'dir': os.open(str(root), os.O_RDONLY), 'file': os.open(str(root / 'file'), os.O_RDONLY)}
    yield opened
    for fd in opened.values():
        os.close(fd)


@pytest.mark.parametrize('path', PATHS + BAD, ids=stable_repr)
def test_stat(fds, path):
    same_stat('stat', path)
    same_stat('stat', path, follow_symlinks=False)
    same_stat('lstat', path)


@pytest.mark.parametrize('path', PATHS + BAD, ids=stable_repr)
def test_stat_dir_fd(fds, path):
    same_stat('stat', path, dir_fd=fds['dir'])
    same_stat('stat', path, dir_fd=fds['dir'], follow_symlinks=False)
    same_stat('lstat', path, dir_fd=fds['dir'])


def test_stat_fd(fds):
    same_stat('stat', fds['file'])
    same_stat('stat', fds['file'], dir_fd=None)
    if not ON_PYPY:
        same_stat('stat', fds['file'], follow_symlinks=False)
        same_stat('stat', fds['file'], dir_fd=fds['dir'])
        same_stat('stat', 0, follow_symlinks=False)  # CPython's check is fd > 0
        same_stat('lstat', fds['file'])


@CPYTHON_ONLY
@pytest.mark.parametrize('dir_fd', [1.5, '3', 2 ** 31, -2 ** 31 - 1, P(3)], ids=stable_repr)
def test_stat_bad_dir_fd(fds, dir_fd):
    same_stat('stat', 'file', dir_fd=dir_fd)
    same_stat('lstat', 'file', dir_fd=dir_fd)


def test_stat_keywords(fds):
    same_stat('stat', path='file', follow_symlinks=0)
    same_stat('lstat', path=b'link')


@pytest.mark.parametrize('path', ['file', b'dir', P('link'), 'dangling', 'nope', 'file/x'] + BAD,
                         ids=stable_repr)
def test_statvfs(fds, path):
    same_vfs('statvfs', path)


STABLE = ('f_bsize', 'f_frsize', 'f_blocks', 'f_files', 'f_flag', 'f_namemax', 'f_fsid')


def vfs(result):
    """The fields of a statvfs outcome that other processes cannot change under the test."""
    if result[0] != 'value':
        return result
    return ('value', type(result[1]).__name__, tuple(getattr(result[1], n) for n in STABLE)) + result[2:]


def same_vfs(name, *args):
    assert vfs(outcome(getattr(reference, name), *args)) == vfs(outcome(getattr(os, name), *args))


def test_statvfs_fd(fds, closed_fd):
    same_vfs('statvfs', fds['file'])
    same_vfs('statvfs', closed_fd)
    same_vfs('fstatvfs', fds['dir'])
    same_vfs('fstatvfs', closed_fd)


@CPYTHON_ONLY
@pytest.mark.parametrize('fd', [-1, 1.5, 'x', None, 2 ** 31], ids=stable_repr)
def test_fstatvfs_bad(fd):
    same_vfs('fstatvfs', fd)


def test_statvfs_result_type(fds):
    ref, real = reference.statvfs('.'), os.statvfs('.')
    assert isinstance(ref, tuple) and len(ref) == len(real) == 10
    assert repr(reference.statvfs_result(range(10))) == repr(os.statvfs_result(range(10)))
    for name in ('n_fields', 'n_sequence_fields', 'n_unnamed_fields'):
        assert getattr(reference.statvfs_result, name) == getattr(os.statvfs_result, name)
    for name in ('f_bsize', 'f_frsize', 'f_blocks', 'f_files', 'f_flag', 'f_namemax', 'f_fsid'):
        assert getattr(ref, name) == getattr(real, name)
    assert outcome(setattr, ref, 'f_bsize', 1)[:2] == outcome(setattr, real, 'f_bsize', 1)[:2]
    copy = pickle.loads(pickle.dumps(ref))
    assert copy == ref and copy.f_fsid == ref.f_fsid and type(copy) is os.statvfs_result  # the pickle names CPython's type
    built = reference.statvfs_result(range(10))
    assert built.f_fsid is None and os.statvfs_result(range(10)).f_fsid is None
    assert reference.statvfs_result(range(11)).f_fsid == 10
    for bad in (range(9), range(12), 5):
        assert outcome(reference.statvfs_result, bad)[:2] == outcome(os.statvfs_result, bad)[:2]


def test_st_constants():
    names = sorted(n for n in dir(os) if n.startswith('ST_'))
    if not ON_PYPY:
        assert len(names) == 11
    assert {n: getattr(reference, n) for n in names} == {n: getattr(os, n) for n in names}


def test_pathconf_names():
    assert reference.pathconf_names == os.pathconf_names


@pytest.mark.parametrize('name', sorted(os.pathconf_names) + [0, 3, 12345, -1])
@pytest.mark.parametrize('path', ['file', b'dir', P('link'), 'nope', 'dangling'], ids=stable_repr)
def test_pathconf(fds, path, name):
    if ON_PYPY and name in (12345, -1):
        pytest.skip('PyPy names the path in this EINVAL')
    same_outcome('pathconf', path, name)


@pytest.mark.parametrize('name', sorted(os.pathconf_names) + [12345])
def test_fpathconf(fds, closed_fd, name):
    if ON_PYPY:
        pytest.skip("PyPy's fpathconf on a closed fd raises where glibc answers")
    same_outcome('pathconf', fds['file'], name)
    same_outcome('fpathconf', fds['dir'], name)
    same_outcome('fpathconf', closed_fd, name)


@CPYTHON_ONLY
@pytest.mark.parametrize('name', [1.5, None, b'PC_NAME_MAX', 'NOPE', 'pc_name_max', 2 ** 31, '\udcff'],
                         ids=stable_repr)
def test_pathconf_bad_name(fds, name):
    same_outcome('pathconf', 'file', name)
    same_outcome('fpathconf', fds['file'], name)


@CPYTHON_ONLY
@pytest.mark.parametrize('fd', [-1, 1.5, P('file'), 'file', None], ids=stable_repr)
def test_fpathconf_bad_fd(fds, fd):
    same_outcome('fpathconf', fd, 'PC_NAME_MAX')


@pytest.mark.parametrize('name', ['supports_dir_fd', 'supports_fd', 'supports_follow_symlinks',
                                  'supports_effective_ids'])
def test_support_sets(name):
    """Same function names as the stdlib's, restricted to what the reference implements."""
    if ON_PYPY and name == 'supports_follow_symlinks':
        pytest.skip("PyPy's set differs from CPython's")
    real = {f.__name__ for f in getattr(os, name)}
    ref = getattr(reference, name)
    assert type(ref) is set
    assert all(getattr(reference, f.__name__) is f for f in ref)
    assert {f.__name__ for f in ref} == {n for n in real if hasattr(reference, n)}

"""access, chdir, fchdir, getcwd, getcwdb, chroot against the stdlib os."""
import os

import pytest

from tests.helpers import stable_repr

import reference
from _files_helpers import Opaque, CLOSED_FD, DIR_FD, FILE_FD, P, in_tree, twin
from conftest import ON_PYPY, same_outcome

CPYTHON_ONLY = pytest.mark.skipif(ON_PYPY, reason="PyPy's os raises other classes here")
SPELLINGS = [str, os.fsencode, P, lambda s: P(os.fsencode(s))]
BAD_PATHS = [None, 1.5, 'a\0b', b'a\0b', P(1), Opaque(), bytearray(b'file')]


def test_access_constants():
    assert (reference.F_OK, reference.R_OK, reference.W_OK, reference.X_OK) == \
        (os.F_OK, os.R_OK, os.W_OK, os.X_OK)


@pytest.mark.parametrize('spell', SPELLINGS)
@pytest.mark.parametrize('name', ['file', 'exec', 'dir', 'link', 'dangling', 'loop', 'nope', 'file/x'])
@pytest.mark.parametrize('mode', [0, 1, 2, 4, 7])
def test_access(tmp_path, monkeypatch, spell, name, mode):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', spell(name), mode)


@pytest.mark.parametrize('kwargs', [dict(follow_symlinks=False), dict(effective_ids=True),
                                    dict(effective_ids=True, follow_symlinks=False), dict(dir_fd=None)])
@pytest.mark.parametrize('name', ['file', 'dangling', 'loop', 'nope'])
def test_access_flags(tmp_path, monkeypatch, kwargs, name):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', name, os.F_OK, **kwargs)


def test_access_dir_fd(tmp_path, monkeypatch):
    root = in_tree(tmp_path, monkeypatch)
    fd = os.open(str(root / 'dir'), os.O_RDONLY)
    try:
        for name in ('inner', 'file', '../file'):
            same_outcome('access', name, os.R_OK, dir_fd=fd)
    finally:
        os.close(fd)


def test_access_as_other_user(tmp_path):
    """A child that drops to an unprivileged uid sees denials; both agree on them."""
    target = tmp_path / 'secret'
    target.write_bytes(b'')
    os.chmod(str(target), 0o600)
    os.chmod(str(tmp_path), 0o755)
    pid = os.fork()
    if pid == 0:  # child: drop privileges, compare, report through the exit status
        try:
            os.setgid(12345)
            os.setuid(12345)
            results = [(os.access(str(target), m), reference.access(str(target), m)) for m in (0, 2, 4)]
            os._exit(0 if all(a == b for a, b in results) and results[2][0] is False else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0


@CPYTHON_ONLY
@pytest.mark.parametrize('path', BAD_PATHS + [3], ids=stable_repr)
def test_access_bad_path(tmp_path, monkeypatch, path):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', path, os.F_OK)


@CPYTHON_ONLY
@pytest.mark.parametrize('mode', [1.5, '1', None, 2 ** 31, -2 ** 31 - 1])
def test_access_bad_mode(tmp_path, monkeypatch, mode):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', 'file', mode)


@CPYTHON_ONLY
@pytest.mark.parametrize('dir_fd', [1.5, '3', 2 ** 31, -2 ** 31 - 1])
def test_access_bad_dir_fd(tmp_path, monkeypatch, dir_fd):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', 'file', os.F_OK, dir_fd=dir_fd)


def test_access_keywords(tmp_path, monkeypatch):
    in_tree(tmp_path, monkeypatch)
    same_outcome('access', path='file', mode=os.R_OK)


@pytest.mark.parametrize('path', ['dir', b'dir', P('dir'), 'dirlink', 'file', 'nope', 'loop', '.',
                                  DIR_FD, FILE_FD, CLOSED_FD] + [pytest.param(p, marks=CPYTHON_ONLY)
                                                                for p in BAD_PATHS + [-1]])
def test_chdir(tmp_path, monkeypatch, path):
    twin(tmp_path, monkeypatch, 'chdir', path)


@pytest.mark.parametrize('fd', [DIR_FD, FILE_FD, CLOSED_FD] + [pytest.param(f, marks=CPYTHON_ONLY)
                                                                for f in (-1, 1.5, 'dir', None, 2 ** 31)])
def test_fchdir(tmp_path, monkeypatch, fd):
    twin(tmp_path, monkeypatch, 'fchdir', fd)


def test_fchdir_fileno_object(tmp_path, monkeypatch):
    class HasFileno:
        def fileno(self):
            return os.open('dir', os.O_RDONLY)
    twin(tmp_path, monkeypatch, 'fchdir', HasFileno())


@pytest.mark.parametrize('name', ['plain', '\xe9t\xe9', b'\xff\xfe'])
def test_getcwd(tmp_path, monkeypatch, name):
    target = os.path.join(os.fsencode(str(tmp_path)), os.fsencode(name))
    os.mkdir(target)
    monkeypatch.chdir(target)
    same_outcome('getcwd')
    same_outcome('getcwdb')
    assert type(reference.getcwd()) is str and type(reference.getcwdb()) is bytes


def test_getcwd_long(tmp_path, monkeypatch):
    """Deeper than posix_getcwd's first 1024-byte buffer."""
    monkeypatch.chdir(str(tmp_path))
    for _ in range(30):
        os.mkdir('d' * 60)
        os.chdir('d' * 60)
    assert len(os.getcwd()) > 1800
    same_outcome('getcwd')
    same_outcome('getcwdb')


def test_getcwd_removed(tmp_path, monkeypatch):
    (tmp_path / 'gone').mkdir()
    monkeypatch.chdir(str(tmp_path / 'gone'))
    os.rmdir(str(tmp_path / 'gone'))
    same_outcome('getcwd')
    same_outcome('getcwdb')


@pytest.mark.parametrize('path', ['nope', 'file', 'loop', 'file/x'] + [pytest.param(p, marks=CPYTHON_ONLY)
                                                                      for p in BAD_PATHS + [3]])
def test_chroot_errors(tmp_path, monkeypatch, path):
    in_tree(tmp_path, monkeypatch)
    same_outcome('chroot', path)


def test_chroot_in_child(tmp_path):
    """chroot in a forked child that then _exits: '/' becomes tmp_path."""
    (tmp_path / 'marker').write_bytes(b'')
    pid = os.fork()
    if pid == 0:
        try:
            reference.chroot(P(str(tmp_path)))
            os._exit(0 if os.path.exists('/marker') else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0

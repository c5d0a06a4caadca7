"""scandir and DirEntry against the stdlib os: attributes, d_type answers, stat caches, closing."""
import gc
import os
import pathlib
import pickle
import stat
import sys
import warnings

import pytest

import reference
from conftest import ON_PYPY, outcome
from reference._structs import DT_UNKNOWN



@pytest.fixture
def tree(tmp_path):
    """tmp_path/
         file, 'é', b'\\xff', sub/ (dir), link -> file, dirlink -> sub, dangling -> nowhere,
         loop -> loop, fifo
    """
    (tmp_path / 'file').write_bytes(b'abc')
    (tmp_path / '\xe9').write_bytes(b'')
    os.close(os.open(os.path.join(os.fsencode(str(tmp_path)), b'\xff'), os.O_CREAT | os.O_WRONLY))
    (tmp_path / 'sub').mkdir()
    os.symlink('file', str(tmp_path / 'link'))
    os.symlink('sub', str(tmp_path / 'dirlink'))
    os.symlink('nowhere', str(tmp_path / 'dangling'))
    os.symlink('loop', str(tmp_path / 'loop'))
    os.mkfifo(str(tmp_path / 'fifo'))
    return tmp_path


def describe(entry, with_stat=True):
    """Everything observable about a DirEntry, as comparable values."""
    calls = {'inode': entry.inode, 'is_symlink': entry.is_symlink,
             'is_dir': entry.is_dir, 'is_file': entry.is_file,
             'is_dir_nofollow': lambda: entry.is_dir(follow_symlinks=False),
             'is_file_nofollow': lambda: entry.is_file(follow_symlinks=False)}
    if with_stat:
        calls['stat'] = entry.stat
        calls['lstat'] = lambda: entry.stat(follow_symlinks=False)
    info = {'name': entry.name, 'path': entry.path, 'fspath': os.fspath(entry), 'repr': repr(entry)}
    for key, call in calls.items():
        result = outcome(call)
        if result[0] == 'value' and hasattr(result[1], 'st_mtime_ns'):  # either stat_result class
            result = ('value', tuple(result[1]), result[1].st_ino, result[1].st_mtime_ns)
        info[key] = result
    return info


def scan(module, arg):
    with module.scandir(arg) as it:
        entries = list(it)
    return {e.name: e for e in entries}


def compare_scans(arg, with_stat=True):
    expected = scan(os, arg)
    actual = scan(reference, arg)
    assert sorted(actual) == sorted(expected)
    for name in expected:
        assert describe(actual[name], with_stat) == describe(expected[name], with_stat), name
    return actual


@pytest.mark.parametrize('kind', ['str', 'bytes', 'pathlike', 'trailing_slash', 'relative'])
def test_entries_match(tree, kind, monkeypatch):
    monkeypatch.chdir(str(tree.parent))
    arg = {'str': str(tree), 'bytes': os.fsencode(str(tree)), 'pathlike': pathlib.Path(str(tree)),
           'trailing_slash': str(tree) + '/', 'relative': tree.name}[kind]
    entries = compare_scans(arg)
    assert all(type(e.name) is type(e.path) is (bytes if kind == 'bytes' else str)
               for e in entries.values())


def test_d_type_answers_without_stat(tree):
    """is_dir/is_file/is_symlink on non-symlinks come from d_type (checked against lstat)."""
    entries = scan(reference, str(tree))
    assert entries['file'].is_file() and not entries['file'].is_dir()
    assert entries['sub'].is_dir(follow_symlinks=False)
    assert entries['link'].is_symlink() and not entries['link'].is_file(follow_symlinks=False)
    assert not entries['fifo'].is_file() and not entries['fifo'].is_dir()
    assert entries['file'].inode() == os.lstat(str(tree / 'file')).st_ino


@pytest.mark.parametrize('kind', ['default', 'minus_one'])
def test_default_and_minus_one_scan_cwd(tree, kind, monkeypatch):
    if ON_PYPY and kind == 'minus_one':
        pytest.skip("PyPy refuses fd -1")
    monkeypatch.chdir(str(tree))
    entries = compare_scans(-1) if kind == 'minus_one' else compare_scans(None)
    assert entries['file'].path == './file'


def test_fd_scandir(tree):
    fd = os.open(str(tree), os.O_RDONLY)
    try:
        entries = compare_scans(fd)
        assert entries['file'].path == 'file'
        assert entries['link'].stat().st_size == 3  # fstatat relative to fd, following
        assert sorted(scan(reference, fd)) == sorted(os.listdir(fd))  # rewound after use
    finally:
        os.close(fd)


def test_stat_is_cached_per_follow_flag(tree):
    entries = scan(reference, str(tree))
    link = entries['link']
    followed, not_followed = link.stat(), link.stat(follow_symlinks=False)
    assert stat.S_ISREG(followed.st_mode) and stat.S_ISLNK(not_followed.st_mode)
    os.unlink(str(tree / 'link'))
    os.unlink(str(tree / 'file'))
    assert link.stat() is followed and link.stat(follow_symlinks=False) is not_followed
    assert link.is_file() and link.is_symlink()  # answered from the caches


def test_regular_file_stat_shares_lstat(tree):
    entry = scan(reference, str(tree))['file']
    assert entry.stat() is entry.stat(follow_symlinks=False)


def test_vanished_entry(tree):
    """FileNotFoundError is swallowed by is_dir/is_file only when a stat is needed; stat() raises it."""
    ours, theirs = scan(reference, str(tree)), scan(os, str(tree))
    os.unlink(str(tree / 'file'))
    os.unlink(str(tree / 'link'))
    for name in ('file', 'link', 'dangling'):
        assert describe(ours[name]) == describe(theirs[name])
    assert outcome(ours['file'].stat)[1] is FileNotFoundError


def test_dt_unknown_falls_back_to_stat(tree):
    """Entries whose d_type is DT_UNKNOWN (some filesystems) answer through (l)stat."""
    from reference.files_and_directories.directory_entries import _make_entry
    theirs = scan(os, str(tree))
    for name, entry in theirs.items():
        ours = _make_entry(name, entry.path, None, entry.inode(), DT_UNKNOWN)
        assert describe(ours) == describe(entry), name


def test_other_oserror_propagates(tree):
    entry = scan(reference, str(tree))['loop']
    result = outcome(entry.is_dir)
    assert result[1] is OSError and result[2] == 40  # ELOOP is not swallowed
    assert entry.is_symlink() and not entry.is_dir(follow_symlinks=False)


def test_iterator_closes(tree):
    it = reference.scandir(str(tree))
    next(it)
    it.close()
    it.close()  # idempotent
    assert list(it) == []
    with reference.scandir(str(tree)) as it2:
        assert it2.__enter__() is it2
    assert list(it2) == []


def _warnings_of(action):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        action()
        gc.collect()
    return [w for w in caught if issubclass(w.category, ResourceWarning)]


@pytest.mark.parametrize('module', [os, reference], ids=['stdlib', 'reference'])
def test_resource_warning(tree, module):
    if ON_PYPY and module is os:
        pytest.skip("PyPy's scandir does not warn")

    def unclosed():
        it = module.scandir(str(tree))
        next(it)
        del it

    found = _warnings_of(unclosed)
    assert len(found) == 1 and str(found[0].message).startswith(
        'unclosed scandir iterator <posix.ScandirIterator object at ')
    assert _warnings_of(lambda: list(module.scandir(str(tree)))) == []
    assert _warnings_of(lambda: module.scandir(str(tree)).close()) == []


def test_no_fd_leak(tree):
    before = len(os.listdir('/proc/self/fd'))
    for _ in range(10):
        list(reference.scandir(str(tree)))
        reference.scandir(str(tree)).close()
        with reference.scandir(str(tree)) as it:
            next(it)
    assert len(os.listdir('/proc/self/fd')) == before


def _error_outcome(module, arg):
    result = outcome(lambda: module.scandir(arg).close())
    if result[0] != 'raised':
        return ('value',) + result[2:]
    return result[:3] if ON_PYPY else result  # PyPy names str paths as bytes in its OSErrors


def test_scandir_errors(tree, closed_fd):
    fd = os.open(str(tree / 'file'), os.O_RDONLY)
    args = [str(tree / 'missing'), str(tree / 'file'), os.fsencode(str(tree / 'missing')), '',
            pathlib.Path(str(tree / 'missing')), str(tree / 'sub')]
    if not ON_PYPY:  # PyPy reports bad fds as NotADirectoryError without errno
        args += [closed_fd, fd, 1.5, 'a\0b', 2 ** 31, -2, []]
    try:
        for arg in args:
            assert _error_outcome(reference, arg) == _error_outcome(os, arg), arg
    finally:
        os.close(fd)


@pytest.mark.skipif(ON_PYPY, reason="PyPy's DirEntry is another implementation with other messages")
def test_direntry_type_surface(tree):
    ours, theirs = next(iter(scan(reference, str(tree)).values())), next(iter(scan(os, str(tree)).values()))
    assert reference.DirEntry.__name__ == os.DirEntry.__name__ == 'DirEntry'
    assert reference.DirEntry.__module__ == os.DirEntry.__module__
    public = lambda cls: sorted(n for n in dir(cls) if not n.startswith('_')) + (
        ['__class_getitem__'] if hasattr(cls, '__class_getitem__') else [])
    assert public(reference.DirEntry) == public(os.DirEntry)
    assert type(ours) is reference.DirEntry
    for module in (os, reference):
        assert outcome(module.DirEntry)[1:] == outcome(os.DirEntry)[1:]
    for value in (ours, theirs):
        assert isinstance(value, os.PathLike) and isinstance(value, reference.PathLike)
    for call in (lambda e: setattr(e, 'name', 'x'), lambda e: delattr(e, 'path'),
                 lambda e: setattr(e, 'other', 1), lambda e: e.is_dir(True), lambda e: e.stat(False),
                 lambda e: pickle.dumps(e), lambda e: type(reference.scandir('.'))()):
        assert outcome(call, ours) == outcome(call, theirs)
    if sys.version_info >= (3, 9):
        assert reference.DirEntry[str] == reference.DirEntry[str]
        assert repr(reference.DirEntry[bytes]).endswith('DirEntry[bytes]')


@pytest.mark.skipif(ON_PYPY, reason="PyPy's os raises no audit events")
def test_scandir_audit_event(tree):
    seen = []
    sys.addaudithook(lambda event, args: seen.append(args) if event == 'os.scandir'
                     and getattr(test_scandir_audit_event, 'recording', False) else None)
    test_scandir_audit_event.recording = True
    try:
        os.scandir(str(tree)).close()
        reference.scandir(str(tree)).close()
    finally:
        test_scandir_audit_event.recording = False
    assert len(seen) == 2 and seen[0] == seen[1]

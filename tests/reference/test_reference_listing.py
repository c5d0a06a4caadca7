"""listdir against the stdlib os: names, types, fd handling, errors."""
import os
import pathlib

import pytest

import reference
from conftest import ON_PYPY, outcome


def sorted_outcome(func, *args, **kwargs):
    """outcome() with a listed value sorted: the order is the directory's, but compare it loosely."""
    result = outcome(func, *args, **kwargs)
    if result[0] == 'value':
        return ('value', sorted(result[1])) + result[2:]
    return result


def same_listing(*args, **kwargs):
    expected = sorted_outcome(os.listdir, *args, **kwargs)
    assert sorted_outcome(reference.listdir, *args, **kwargs) == expected
    return expected


@pytest.fixture
def tree(tmp_path):
    """tmp_path/
         file, 'é', b'\\xff' (undecodable), .hidden, sub/inner, link -> file, dangling -> nowhere
    """
    (tmp_path / 'file').write_bytes(b'x')
    (tmp_path / '\xe9').write_bytes(b'')
    (tmp_path / '.hidden').write_bytes(b'')
    os.close(os.open(os.path.join(os.fsencode(str(tmp_path)), b'\xff'), os.O_CREAT | os.O_WRONLY))
    (tmp_path / 'sub').mkdir()
    (tmp_path / 'sub' / 'inner').write_bytes(b'')
    os.symlink('file', str(tmp_path / 'link'))
    os.symlink('nowhere', str(tmp_path / 'dangling'))
    return tmp_path


@pytest.mark.parametrize('kind', ['str', 'bytes', 'pathlike', 'keyword', 'trailing_slash'])
def test_listdir_path_kinds(tree, kind):
    arg = {'str': str(tree), 'bytes': os.fsencode(str(tree)), 'pathlike': pathlib.Path(str(tree)),
           'keyword': None, 'trailing_slash': str(tree) + '/'}[kind]
    if kind == 'keyword':
        result = same_listing(path=str(tree))
    else:
        result = same_listing(arg)
    assert '.' not in result[1] and b'.' not in result[1]
    assert len(result[1]) == 7
    assert all(isinstance(n, bytes if kind == 'bytes' else str) for n in result[1])


def test_listdir_default_is_cwd(tree, monkeypatch):
    monkeypatch.chdir(str(tree / 'sub'))
    assert same_listing() == ('value', ['inner'], ())
    same_listing(None)


def test_listdir_minus_one_lists_cwd(tree, monkeypatch):
    """CPython's path_t treats fd -1 as 'no fd' and lists '.'."""
    if ON_PYPY:
        pytest.skip("PyPy refuses fd -1 ('invalid file descriptor')")
    monkeypatch.chdir(str(tree / 'sub'))
    same_listing(-1)


def test_listdir_fd_leaves_fd_rewound_and_open(tree):
    fd = os.open(str(tree), os.O_RDONLY)
    try:
        first = sorted(reference.listdir(fd))
        assert first == sorted(os.listdir(fd)) == sorted(reference.listdir(fd))
        assert all(isinstance(n, str) for n in first)
        os.fstat(fd)  # still open
    finally:
        os.close(fd)


def test_listdir_bytes_pathlike(tree):
    class BytesPath:
        def __fspath__(self):
            return os.fsencode(str(tree))
    result = same_listing(BytesPath())
    assert all(isinstance(n, bytes) for n in result[1])


def test_listdir_bytearray(tree):
    """3.8-3.11: bytes-like paths are deprecated but give bytes; 3.12+: TypeError."""
    if ON_PYPY:
        pytest.skip('PyPy words the DeprecationWarning differently but the outcome is compared')
    same_listing(bytearray(os.fsencode(str(tree))))


def test_listdir_many_entries(tmp_path):
    names = ['n%04d' % i + 'x' * (i % 200) for i in range(1500)]
    for name in names:
        os.close(os.open(str(tmp_path / name), os.O_CREAT | os.O_WRONLY))
    assert sorted(reference.listdir(str(tmp_path))) == sorted(names)


def test_listdir_errors(tree, closed_fd):
    for arg in [str(tree / 'missing'), str(tree / 'file'), os.fsencode(str(tree / 'missing')), '',
                b'', str(tree / 'link') + '/', pathlib.Path(str(tree / 'missing')), closed_fd]:
        same_listing(arg)


def test_listdir_file_fd(tree):
    fd = os.open(str(tree / 'file'), os.O_RDONLY)
    try:
        if ON_PYPY:
            assert outcome(reference.listdir, fd)[1] is NotADirectoryError
        else:
            same_listing(fd)
    finally:
        os.close(fd)


@pytest.mark.skipif(ON_PYPY, reason="PyPy's os words conversion errors differently")
@pytest.mark.parametrize('arg', [1.5, [], 'a\0b', b'a\0b', 2 ** 31, -2])
def test_listdir_bad_arguments(arg):
    same_listing(arg)


def test_listdir_no_fd_leak(tree):
    before = len(os.listdir('/proc/self/fd'))
    for _ in range(20):
        reference.listdir(str(tree))
        outcome(reference.listdir, str(tree / 'file'))
    assert len(os.listdir('/proc/self/fd')) == before


@pytest.mark.skipif(ON_PYPY, reason="PyPy's os raises no audit events")
def test_listdir_audit_event(tree):
    import sys
    seen = []
    # Audit hooks cannot be removed: this one records only while the list is the active one.
    sys.addaudithook(lambda event, args: seen.append((event, args)) if event == 'os.listdir'
                     and getattr(test_listdir_audit_event, 'recording', False) else None)
    test_listdir_audit_event.recording = True
    try:
        os.listdir(str(tree))
        reference.listdir(str(tree))
    finally:
        test_listdir_audit_event.recording = False
    assert len(seen) == 2 and seen[0] == seen[1]

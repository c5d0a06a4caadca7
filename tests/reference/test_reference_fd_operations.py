"""File descriptor operations against the stdlib os: results, exception classes, errno, filename."""
import decimal
import os
import stat
import sys

import pytest

import reference
from conftest import ON_PYPY, outcome, same_outcome


class Index:
    def __index__(self):
        return 1


class IntOnly:
    """Accepted through __int__ (with a DeprecationWarning) by 3.8/3.9 only."""

    def __init__(self, value=1):
        self.value = value

    def __int__(self):
        return self.value


UNUSED_FD = 999999  # never open in a test process: safe where 3.8 accepts __int__ objects


class HasFileno:
    def __init__(self, value):
        self.value = value

    def fileno(self):
        return self.value


# Bad descriptor values, as (id, value). The closed fd is added per test.
BAD_FDS = [('minus_one', -1), ('int_max_plus_1', 2 ** 31), ('int_min_minus_1', -2 ** 31 - 1),
           ('huge', 2 ** 63), ('huger', 2 ** 64), ('float', 1.5), ('str', '1'), ('none', None),
           ('bytes', b'1'), ('int_only', IntOnly(UNUSED_FD)),
           ('decimal', decimal.Decimal(UNUSED_FD))]
# Functions taking one fd, called with extra arguments that are valid.
FD_CALLS = {
    'close': (), 'dup': (), 'fstat': (), 'isatty': (), 'get_inheritable': (), 'get_blocking': (),
    'set_inheritable': (False,), 'set_blocking': (True,), 'fsync': (), 'fdatasync': (),
    'read': (1,), 'write': (b'x',), 'pread': (1, 0), 'pwrite': (b'x', 0), 'lseek': (0, 0),
    'ftruncate': (0,), 'dup2': (50,),
}
# PyPy's os converts integers its own way (other classes for overflow, __int__ accepted).
PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts integers differently from CPython")


@PYPY_SKIP
@pytest.mark.parametrize('name', sorted(FD_CALLS))
@pytest.mark.parametrize('fd', [v for _, v in BAD_FDS], ids=[k for k, _ in BAD_FDS])
def test_bad_fd(name, fd):
    if name == 'dup2' and fd in (-1, -2 ** 31 - 1):
        pytest.skip('dup2 with negative fds: checked by test_dup2_negative')
    same_outcome(name, fd, *FD_CALLS[name])


@pytest.mark.parametrize('name', sorted(FD_CALLS))
def test_closed_fd(name, closed_fd):
    same_outcome(name, closed_fd, *FD_CALLS[name])


@pytest.mark.parametrize('name', ['fsync', 'fdatasync'])
@pytest.mark.parametrize('fd', [-5, HasFileno(-5), HasFileno('x'), HasFileno(2 ** 40), Index(), 1.5],
                         ids=['negative', 'fileno_negative', 'fileno_str', 'fileno_huge', 'index', 'float'])
def test_fildes_converter(name, fd):
    if ON_PYPY and fd.__class__ is HasFileno and fd.value == 2 ** 40:
        pytest.skip("PyPy's OverflowError message differs")
    same_outcome(name, fd)


def test_fsync_accepts_fileno_objects(scratch_fd):
    assert outcome(reference.fsync, HasFileno(scratch_fd)) == outcome(os.fsync, HasFileno(scratch_fd))


@PYPY_SKIP
@pytest.mark.parametrize('length', [-1, 2 ** 63, 1.5, '1', Index(), IntOnly(), True, 0])
@pytest.mark.parametrize('name', ['read', 'pread'])
def test_read_lengths(name, length, scratch_fd):
    extra = (0,) if name == 'pread' else ()
    results = []
    for module in (os, reference):
        os.lseek(scratch_fd, 0, os.SEEK_SET)
        results.append(outcome(getattr(module, name), scratch_fd, length, *extra))
    assert results[0] == results[1]


@PYPY_SKIP
@pytest.mark.parametrize('offset', [-1, 2 ** 63, 1.5, Index(), IntOnly(), 3, 100])
@pytest.mark.parametrize('name', ['pread', 'pwrite', 'lseek', 'ftruncate'])
def test_offsets(name, offset, tmp_path):
    results = []
    for module in (os, reference):
        target = tmp_path / ('f_' + module.__name__)
        target.write_bytes(b'0123456789')
        fd = os.open(str(target), os.O_RDWR)
        try:
            args = {'pread': (fd, 4, offset), 'pwrite': (fd, b'ab', offset),
                    'lseek': (fd, offset, os.SEEK_SET), 'ftruncate': (fd, offset)}[name]
            results.append((outcome(getattr(module, name), *args), os.lseek(fd, 0, os.SEEK_CUR),
                            target.read_bytes()))
        finally:
            os.close(fd)
    assert results[0] == results[1]


@pytest.mark.parametrize('data', [b'abc', bytearray(b'abc'), memoryview(b'abcdef')[1:4], b'',
                                  memoryview(b'abcd')[::2], 'abc', [1], None, 7],
                         ids=['bytes', 'bytearray', 'memoryview', 'empty', 'noncontiguous', 'str',
                              'list', 'none', 'int'])
@pytest.mark.parametrize('name', ['write', 'pwrite'])
def test_write_data(name, data, tmp_path):
    if ON_PYPY and isinstance(data, (memoryview, str, list, type(None), int)):
        pytest.skip('PyPy accepts non-contiguous views and words its TypeErrors differently')
    results = []
    for module in (os, reference):
        target = tmp_path / ('f_' + module.__name__)
        target.write_bytes(b'0123456789')
        fd = os.open(str(target), os.O_RDWR)
        try:
            args = (fd, data, 2) if name == 'pwrite' else (fd, data)
            results.append((outcome(getattr(module, name), *args), os.lseek(fd, 0, os.SEEK_CUR),
                            target.read_bytes()))
        finally:
            os.close(fd)
    assert results[0] == results[1]


def test_write_array_counts_bytes(scratch_fd):
    import array
    assert reference.write(scratch_fd, array.array('i', [1, 2])) == 8


def test_read_write_pipe():
    r, w = reference.pipe()
    try:
        assert reference.write(w, b'hello') == 5
        assert reference.read(r, 3) == b'hel'
        assert reference.read(r, 100) == b'lo'
        reference.close(w)
        assert reference.read(r, 10) == b''
    finally:
        reference.closerange(min(r, w), max(r, w) + 1)
    assert outcome(os.fstat, r)[1] is OSError


def test_pread_keeps_offset(scratch_fd):
    os.lseek(scratch_fd, 2, os.SEEK_SET)
    assert reference.pread(scratch_fd, 3, 5) == b'567'
    assert reference.pwrite(scratch_fd, b'XY', 0) == 2
    assert os.lseek(scratch_fd, 0, os.SEEK_CUR) == 2
    assert reference.pread(scratch_fd, 100, 0) == b'XY23456789'
    assert reference.pread(scratch_fd, 5, 100) == b''


def test_lseek_whence_and_large_offsets(scratch_fd):
    assert reference.lseek(scratch_fd, -3, reference.SEEK_END) == 7
    assert reference.lseek(scratch_fd, 2, reference.SEEK_CUR) == 9
    assert reference.lseek(scratch_fd, 2 ** 40, reference.SEEK_SET) == 2 ** 40  # off_t not truncated
    same_outcome('lseek', scratch_fd, 0, 99)


def test_ftruncate_and_fstat(scratch_fd):
    reference.ftruncate(scratch_fd, 3)
    assert reference.fstat(scratch_fd).st_size == 3
    reference.ftruncate(scratch_fd, 2 ** 33)
    assert reference.fstat(scratch_fd).st_size == 2 ** 33


def test_fstat_matches(scratch_fd):
    ours, theirs = reference.fstat(scratch_fd), os.fstat(scratch_fd)
    assert ours == theirs
    assert stat.S_ISREG(ours.st_mode)
    for name in ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
                 'st_blksize', 'st_blocks', 'st_rdev'):
        assert getattr(ours, name) == getattr(theirs, name)
    assert same_outcome('fstat', fd=-1)  # fd is accepted as a keyword


@pytest.mark.parametrize('flags', [os.O_RDONLY, os.O_WRONLY | os.O_APPEND, os.O_RDWR | os.O_TRUNC])
def test_open_existing(flags, tmp_path):
    target = tmp_path / 'f'
    target.write_bytes(b'data')
    fd = reference.open(str(target), flags)
    try:
        assert not os.get_inheritable(fd)
        assert os.fstat(fd).st_ino == target.stat().st_ino
    finally:
        os.close(fd)


def test_open_creates_with_mode_and_umask(tmp_path):
    old = os.umask(0o022)
    try:
        fd = reference.open(tmp_path / 'new', os.O_CREAT | os.O_WRONLY, 0o777)
    finally:
        os.umask(old)
    os.close(fd)
    assert stat.S_IMODE((tmp_path / 'new').stat().st_mode) == 0o755


def test_open_dir_fd(tmp_path):
    (tmp_path / 'inside').write_bytes(b'x')
    dir_fd = os.open(str(tmp_path), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fd = reference.open('inside', os.O_RDONLY, dir_fd=dir_fd)
        assert os.read(fd, 5) == b'x'
        os.close(fd)
        fd = reference.open(str(tmp_path / 'inside'), os.O_RDONLY, dir_fd=dir_fd)  # absolute: ignored
        os.close(fd)
    finally:
        os.close(dir_fd)


class PathObject:
    def __init__(self, value):
        self.value = value

    def __fspath__(self):
        return self.value


def _open_cases():
    return {
        'missing': ('missing', os.O_RDONLY), 'missing_bytes': (b'missing', os.O_RDONLY),
        'surrogate': ('\udcff', os.O_RDONLY), 'surrogate_bytes': (b'\xff', os.O_RDONLY),
        'unencodable': ('\ud800', os.O_RDONLY), 'nul': ('a\0b', os.O_RDONLY),
        'bytes_nul': (b'a\0b', os.O_RDONLY), 'pathlike': (PathObject('missing'), os.O_RDONLY),
        'pathlike_int': (PathObject(3), os.O_RDONLY), 'int': (3, os.O_RDONLY), 'none': (None, 0),
        'bytearray': (bytearray(b'missing'), os.O_RDONLY), 'empty': ('', os.O_RDONLY),
        'exists_excl': ('exists', os.O_CREAT | os.O_EXCL), 'directory_write': ('.', os.O_WRONLY),
        'not_a_directory': ('exists/x', os.O_RDONLY), 'flags_float': ('exists', 0.0),
        'flags_huge': ('exists', 2 ** 40), 'mode_float': ('missing', os.O_RDONLY, 1.5),
        'mode_huge': ('missing', os.O_RDONLY, 2 ** 40), 'dir_fd_bad': ('missing', 0, 0o777, -1),
        'dir_fd_float': ('missing', 0, 0o777, 1.5), 'dir_fd_str': ('missing', 0, 0o777, 'x'),
        'dir_fd_huge': ('missing', 0, 0o777, 2 ** 63), 'dir_fd_tiny': ('missing', 0, 0o777, -2 ** 63),
        'dir_fd_closed': ('missing', 0, 0o777, 'closed'),
    }


PYPY_OPEN_DIFFERS = {'pathlike', 'int', 'none', 'bytes_nul', 'bytearray', 'flags_float', 'flags_huge',
                     'mode_float', 'mode_huge', 'dir_fd_bad', 'dir_fd_huge', 'dir_fd_tiny',
                     'dir_fd_closed', 'surrogate', 'dir_fd_float', 'dir_fd_str', 'nul'}


@pytest.mark.parametrize('case', sorted(_open_cases()))
def test_open_errors(case, tmp_path, monkeypatch, closed_fd):
    if ON_PYPY and case in PYPY_OPEN_DIFFERS:
        pytest.skip("PyPy's os.open differs from CPython here")
    monkeypatch.chdir(tmp_path)
    (tmp_path / 'exists').write_bytes(b'')
    args = _open_cases()[case]
    kwargs = {}
    if len(args) == 4:
        args, kwargs = args[:3], {'dir_fd': closed_fd if args[3] == 'closed' else args[3]}
    result = same_outcome('open', *args, **kwargs)
    assert result[0] == 'raised'


def test_open_keyword_arguments(tmp_path):
    fd = reference.open(path=str(tmp_path / 'k'), flags=os.O_CREAT | os.O_RDWR, mode=0o600)
    os.close(fd)
    with pytest.raises(TypeError):
        reference.open(str(tmp_path / 'k'), os.O_RDONLY, 0o600, None)  # dir_fd is keyword-only


def test_positional_only_parameters(scratch_fd):
    with pytest.raises(TypeError):
        reference.read(fd=scratch_fd, length=1)
    assert reference.close(fd=scratch_fd) is None


def test_dup_is_not_inheritable(scratch_fd):
    fd = reference.dup(scratch_fd)
    try:
        assert fd != scratch_fd and not os.get_inheritable(fd)
        assert os.fstat(fd).st_ino == os.fstat(scratch_fd).st_ino
    finally:
        os.close(fd)


@pytest.mark.parametrize('inheritable', [True, False, 0, 'yes', None])
def test_dup2(inheritable, scratch_fd):
    target = os.open(os.devnull, os.O_RDONLY)
    try:
        assert reference.dup2(scratch_fd, target, inheritable) == target
        assert os.get_inheritable(target) == bool(inheritable)
        assert os.fstat(target).st_ino == os.fstat(scratch_fd).st_ino
    finally:
        os.close(target)
    same_outcome('dup2', scratch_fd, scratch_fd, inheritable=False)  # dup3 refuses fd == fd2
    assert reference.dup2(fd=scratch_fd, fd2=scratch_fd) == scratch_fd


@pytest.mark.skipif(sys.version_info < (3, 10) and ON_PYPY, reason='PyPy reports EBADF')
@pytest.mark.parametrize('fds', [(-1, 50), (1, -5)])
def test_dup2_negative(fds):
    # 3.8/3.9 raise OSError with a stale errno ("[Errno 0] Error"); 3.10+ report EBADF.
    same_outcome('dup2', *fds)


@pytest.mark.parametrize('flags', [0, os.O_NONBLOCK, os.O_CLOEXEC, os.O_NONBLOCK | os.O_CLOEXEC])
def test_pipe2_flags(flags):
    r, w = reference.pipe2(flags)
    try:
        for fd in (r, w):
            assert os.get_blocking(fd) == (not flags & os.O_NONBLOCK)
            assert os.get_inheritable(fd) == (not flags & os.O_CLOEXEC)
    finally:
        os.close(r)
        os.close(w)
    same_outcome('pipe2', -1)


def test_pipe_is_not_inheritable_and_blocking():
    fds = reference.pipe()
    try:
        assert type(fds) is tuple and len(fds) == 2
        assert [os.get_inheritable(fd) for fd in fds] == [False, False]
        assert [os.get_blocking(fd) for fd in fds] == [True, True]
    finally:
        for fd in fds:
            os.close(fd)


@pytest.mark.parametrize('value', [True, False, 0, 1, 2, 2 ** 40, 'x', None, 1.5])
@pytest.mark.parametrize('name', ['set_inheritable', 'set_blocking'])
def test_set_flags(name, value, scratch_fd):
    if ON_PYPY and not isinstance(value, bool) and value not in (0, 1, 2):
        pytest.skip("PyPy's os converts these differently")
    getter = getattr(os, name.replace('set_', 'get_'))
    results = []
    for module in (os, reference):
        getattr(os, name)(scratch_fd, False)
        results.append((outcome(getattr(module, name), scratch_fd, value), getter(scratch_fd)))
        getattr(os, name)(scratch_fd, True)
        results.append((outcome(getattr(module, name), scratch_fd, value), getter(scratch_fd)))
    assert results[:2] == results[2:]


def test_get_flags_are_bools(scratch_fd):
    assert reference.get_inheritable(scratch_fd) is os.get_inheritable(scratch_fd)
    assert reference.get_blocking(scratch_fd) is os.get_blocking(scratch_fd)
    assert reference.isatty(scratch_fd) is False


def test_isatty_on_a_pty():
    import pty
    master, slave = pty.openpty()
    try:
        assert reference.isatty(slave) is True
    finally:
        os.close(master)
        os.close(slave)


def test_closerange(tmp_path):
    fds = [os.open(os.devnull, os.O_RDONLY) for _ in range(4)]
    keep = os.open(os.devnull, os.O_RDONLY)
    try:
        low, high = min(fds), max(fds) + 1
        assert reference.closerange(low, high) is None
        for fd in range(low, high):
            if fd != keep:
                assert outcome(os.fstat, fd)[1] is OSError
        reference.closerange(high + 10, high)  # empty: nothing happens
        reference.closerange(-5, -1)  # empty per the spec (CPython 3.10+ would close everything)
        os.fstat(keep)
    finally:
        os.close(keep)


@PYPY_SKIP
@pytest.mark.parametrize('args', [(2 ** 40, 2 ** 41), (1.5, 2), ('a', 2)], ids=['huge', 'float', 'str'])
def test_closerange_bad_arguments(args):
    same_outcome('closerange', *args)


def test_constants_match_stdlib():
    names = [n for n in dir(os) if n.startswith(('O_', 'SEEK_'))]
    for name in names:
        assert getattr(reference, name) == getattr(os, name), name
    if not ON_PYPY:  # PyPy lacks a few CPython constants (O_PATH, O_TMPFILE, SEEK_DATA...)
        assert sorted(n for n in dir(reference) if n.startswith(('O_', 'SEEK_'))) == sorted(names)


def test_namespace():
    assert reference.name == 'posix'
    assert reference.error is OSError
    import posixpath
    assert reference.path is posixpath
    for name in reference.__all__:
        assert hasattr(reference, name), name

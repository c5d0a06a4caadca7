"""The fast paths agree with the faithful ones on every input (values, exceptions, side effects).

Each public function with a fast path keeps its faithful path as faithful_<name>; here both run
on the same drawn arguments. The fast path takes only exact common types, so the draws mix those
with the unusual (other types, NUL bytes, out-of-range ints, bad fds, dir_fd, undecodable names).
"""
import ctypes
import os
import pickle
import struct
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import outcome
from reference import _libc
from reference.fd_operations import basic_io as fdops
from reference._structs import STAT_UNPACKER
from reference.files_and_directories import listing
from reference.files_and_directories.stat_results import make_stat_result, stat_result_from_buffer

# The package's stat and scandir are the functions; their modules, by name.
stat_module = sys.modules['reference.files_and_directories.file_status']
scandir_module = sys.modules['reference.files_and_directories.directory_entries']

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
HIDDEN = ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
          'st_blksize', 'st_blocks', 'st_rdev')
# Names a directory may hold: any bytes but NUL and '/', UTF-8 and not, '.'-like ones.
NAMES = st.binary(min_size=1, max_size=12).filter(lambda b: b'\0' not in b and b'/' not in b
                                                 and b not in (b'.', b'..'))


def observed(result):
    """Everything a program sees of a stat_result (or other value) as comparable data."""
    if isinstance(result, tuple) and hasattr(result, 'st_mode'):
        return ('stat_result', type(result), tuple(result), repr(result),
                {name: getattr(result, name) for name in HIDDEN}, result.__reduce__()[1])
    return result


def both(fast, faithful, *args, **kwargs):
    """outcome() of the fast and the faithful call, each value through observed()."""
    pair = []
    for func in (fast, faithful):
        result = outcome(func, *args, **kwargs)
        pair.append((result[0], observed(result[1])) + result[2:] if result[0] == 'value' else result)
    return pair


@pytest.fixture(scope='module')
def tree(tmp_path_factory):
    """A directory with a file, a subdirectory, links (good, dangling, looping), odd names."""
    top = os.fsencode(str(tmp_path_factory.mktemp('fast')))
    with open(top + b'/file', 'wb') as f:
        f.write(bytes(range(256)) * 400)  # 102,400 bytes: reads cross the 64 KiB scratch size
    os.mkdir(top + b'/sub')
    for name in (b'\xff', b'\xc3\xa9', b'\xed\xb2\x80', b'x\xe9'):
        os.close(os.open(top + b'/sub/' + name, os.O_CREAT | os.O_WRONLY))
    os.symlink(b'file', top + b'/link')
    os.symlink(b'nowhere', top + b'/dangling')
    os.symlink(b'loop', top + b'/loop')
    return top


def path_values(tree):
    """Path arguments: each entry of tree as bytes and str, plus missing, empty, NUL-holding ones."""
    raw = [tree + b'/' + name for name in (b'file', b'sub', b'link', b'dangling', b'loop', b'missing',
                                            b'file/x', b'sub/\xff', b'sub/\xc3\xa9', b'sub/x\xe9')]
    raw += [b'', b'.', tree + b'/', tree + b'/fi\0le']
    return st.sampled_from(raw).flatmap(lambda b: st.sampled_from([b, os.fsdecode(b), bytearray(b)]))


# --- stat_result: the lazy result is the eager one ---

U64, S64 = st.integers(0, 2 ** 64 - 1), st.integers(-2 ** 63, 2 ** 63 - 1)
U32, NSEC = st.integers(0, 2 ** 32 - 1), st.integers(0, 999999999)


@SETTINGS
@given(st.tuples(U64, U64, U64, U32, U32, U32, U64, S64, S64, S64,
                 S64, NSEC, S64, NSEC, S64, NSEC), st.data())
def test_lazy_stat_result_is_the_eager_one(fields, data):
    buf = _libc.SCRATCH.take()  # what the fast paths pass: an array, or on PyPy its address
    try:
        ctypes.memmove(buf, STAT_UNPACKER.pack(*fields), STAT_UNPACKER.size)
        lazy = stat_result_from_buffer(buf)
    finally:
        _libc.SCRATCH.give(buf)
    eager = make_stat_result(*fields)
    # Read some fields first (computed and stored), others only through repr/reduce/pickle.
    for name in data.draw(st.lists(st.sampled_from(HIDDEN), unique=True)):
        assert getattr(lazy, name) == getattr(eager, name)
    assert observed(lazy) == observed(eager)
    assert observed(pickle.loads(pickle.dumps(lazy))) == observed(pickle.loads(pickle.dumps(eager)))


# --- stat, lstat, fstat ---

@SETTINGS
@given(st.data(), st.sampled_from([True, False, 0, 1, None]), st.sampled_from([None, 'dir_fd']))
def test_stat_agrees(tree, data, follow_symlinks, dir_fd):
    path = data.draw(path_values(tree))
    kwargs = {'follow_symlinks': follow_symlinks}
    fd = os.open(tree, os.O_RDONLY) if dir_fd else None
    try:
        if dir_fd:
            kwargs['dir_fd'] = fd
        fast, faithful = both(stat_module.stat, stat_module.faithful_stat, path, **kwargs)
        assert fast == faithful
        kwargs.pop('follow_symlinks')
        fast, faithful = both(stat_module.lstat, stat_module.faithful_lstat, path, **kwargs)
        assert fast == faithful
    finally:
        if fd is not None:
            os.close(fd)


FD_VALUES = st.sampled_from(['open', 'closed', -1, -2 ** 31, 2 ** 31 - 1, 2 ** 31, -2 ** 31 - 1,
                             True, 1.5, '3', None])


@pytest.fixture
def fds(tree):
    """fd values by name: 'open' (a file of tree), 'closed' (a number not open)."""
    opened = os.open(tree + b'/file', os.O_RDONLY)
    closed = os.open(tree + b'/file', os.O_RDONLY)
    os.close(closed)
    yield {'open': opened, 'closed': closed}
    os.close(opened)


@SETTINGS
@given(FD_VALUES)
def test_fstat_agrees(fds, fd):
    fd = fds.get(fd, fd) if isinstance(fd, str) and fd in fds else fd
    fast, faithful = both(fdops.fstat, fdops.faithful_fstat, fd)
    assert fast == faithful


# --- read, pread, write, open, close ---

LENGTHS = st.one_of(st.integers(-3, 70000), st.sampled_from([0, 1, 65535, 65536, 65537, 102400,
                                                              2 ** 31, 2 ** 63, -2 ** 63]),
                    st.sampled_from([1.0, '4', None, True]))


def twin_fds(tree, fd, offset):
    """Two fds on tree/file at the same offset when fd is 'open', else the fd value twice."""
    if fd != 'open':
        return (fd, fd), []
    pair = [os.open(tree + b'/file', os.O_RDWR) for _ in range(2)]
    for each in pair:
        os.lseek(each, offset, os.SEEK_SET)
    return tuple(pair), pair


@SETTINGS
@given(st.sampled_from(['open', -1, 2 ** 31, 1.5, True]), LENGTHS, st.integers(0, 110000),
       st.one_of(st.integers(-2, 2 ** 40), st.sampled_from([2 ** 31 - 1, 2 ** 31, 2 ** 63, 1.0])))
def test_read_and_pread_agree(tree, fd, length, position, offset):
    (fast_fd, faithful_fd), opened = twin_fds(tree, fd, position)
    try:
        for fast, faithful, extra in ((fdops.read, fdops.faithful_read, ()),
                                      (fdops.pread, fdops.faithful_pread, (offset,))):
            assert outcome(fast, fast_fd, length, *extra) == outcome(faithful, faithful_fd, length, *extra)
            if opened:
                assert os.lseek(fast_fd, 0, os.SEEK_CUR) == os.lseek(faithful_fd, 0, os.SEEK_CUR)
    finally:
        for each in opened:
            os.close(each)


@SETTINGS
@given(st.sampled_from(['open', -1, 2 ** 31, 1.5]),
       st.one_of(st.binary(max_size=300), st.sampled_from([bytearray(b'ab'), memoryview(b'cd'), 'str', None])))
def test_write_agrees(tree, tmp_path_factory, fd, payload):
    if fd == 'open':
        files = [str(tmp_path_factory.mktemp('w')) + '/out' for _ in range(2)]
        fds = [os.open(name, os.O_RDWR | os.O_CREAT) for name in files]
    else:
        files, fds = [], [fd, fd]
    try:
        assert outcome(fdops.write, fds[0], payload) == outcome(fdops.faithful_write, fds[1], payload)
        if files:
            contents = []
            for name in files:
                with open(name, 'rb') as f:
                    contents.append(f.read())
            assert contents[0] == contents[1]
    finally:
        for each in fds if files else ():
            os.close(each)


def opened_fd_outcome(func, *args, **kwargs):
    """outcome() of an open(): an fd becomes what is observable of it (then it is closed)."""
    result = outcome(func, *args, **kwargs)
    if result[0] == 'value' and isinstance(result[1], int):
        fd = result[1]
        info = ('fd', os.get_inheritable(fd), os.fstat(fd).st_ino)
        os.close(fd)
        return ('value', info) + result[2:]
    return result


@SETTINGS
@given(st.data(), st.sampled_from([os.O_RDONLY, os.O_WRONLY, os.O_RDWR, os.O_DIRECTORY, os.O_NOFOLLOW,
                                   os.O_RDONLY | os.O_CLOEXEC, 2 ** 31, -1, 1.0]),
       st.sampled_from([0o777, 0o600, -1, 2 ** 31, 0o7777, 1.0]), st.sampled_from([None, 'dir_fd']))
def test_open_agrees(tree, data, flags, mode, dir_fd):
    path = data.draw(path_values(tree))
    kwargs = {}
    fd = os.open(tree, os.O_RDONLY) if dir_fd else None
    if fd is not None:
        kwargs['dir_fd'] = fd
    try:
        assert (opened_fd_outcome(fdops.open, path, flags, mode, **kwargs)
                == opened_fd_outcome(fdops.faithful_open, path, flags, mode, **kwargs))
    finally:
        if fd is not None:
            os.close(fd)


# --- listdir, scandir ---

@SETTINGS
@given(st.lists(NAMES, unique=True, max_size=40))
def test_decode_names_is_name_by_name(names):
    assert listing.decode_names(list(names)) == [os.fsdecode(name) for name in names]


def entry_view(entry):
    """What a program sees of a DirEntry, without stat calls (the tree is shared)."""
    return (type(entry), entry.name, entry.path, os.fspath(entry), repr(entry), entry.inode(),
            outcome(entry.is_dir), outcome(entry.is_file), outcome(entry.is_symlink),
            outcome(entry.is_dir, follow_symlinks=False), outcome(entry.is_file, follow_symlinks=False))


def scan(scandir, path):
    with scandir(path) as iterator:
        return [entry_view(entry) for entry in iterator]


def escaped(path):
    """A str that encodes to path but is not os.fsdecode(path) when path holds UTF-8 sequences."""
    return ''.join(chr(0xdc00 + byte) if byte >= 0x80 else chr(byte) for byte in path)


@SETTINGS
@given(st.lists(NAMES, unique=True, max_size=60), st.sampled_from(['', '/', '/.', '//']),
       st.sampled_from([bytes, str, escaped, bytearray]), st.data())
def test_listdir_and_scandir_agree(tmp_path_factory, names, suffix, kind, data):
    top = os.fsencode(str(tmp_path_factory.mktemp('dir'))) + b'/\xc3\xa9'
    os.mkdir(top)
    for name in names:  # files, directories and symlinks, alike in kind
        choice = data.draw(st.sampled_from(['file', 'dir', 'link']))
        if choice == 'file':
            os.close(os.open(top + b'/' + name, os.O_CREAT | os.O_WRONLY))
        elif choice == 'dir':
            os.mkdir(top + b'/' + name)
        else:
            os.symlink(b'.', top + b'/' + name)
    path = top + suffix.encode()
    path = os.fsdecode(path) if kind is str else kind(path)
    assert (bytes(path) if kind is bytearray else os.fsencode(path)) == top + suffix.encode()
    assert outcome(listing.listdir, path) == outcome(listing.faithful_listdir, path)
    assert (outcome(scan, scandir_module.scandir, path)
            == outcome(scan, scandir_module.faithful_scandir, path))
    # DirEntry's own fast answers (is_dir from d_type) are the same class either way: the stdlib's.
    assert types_by_name(scandir_module.scandir, path) == types_by_name(os.scandir, bytes(path)
                                                                       if kind is bytearray else path)


def types_by_name(scandir, path):
    with scandir(path) as iterator:
        return sorted((entry.name, entry.is_dir(), entry.is_file(), entry.is_symlink(),
                       entry.is_dir(follow_symlinks=False)) for entry in iterator)


@SETTINGS
@given(st.data())
def test_listdir_and_scandir_errors_agree(tree, data):
    path = data.draw(path_values(tree))
    assert outcome(listing.listdir, path) == outcome(listing.faithful_listdir, path)
    assert (outcome(scan, scandir_module.scandir, path)
            == outcome(scan, scandir_module.faithful_scandir, path))


def test_a_large_directory_spans_several_reads(tmp_path):
    # 3,000 names of 40 bytes: about 150 KiB of records, three getdents64 calls of 64 KiB.
    names = ['%040d' % i for i in range(3000)]
    for name in names:
        os.close(os.open(str(tmp_path / name), os.O_CREAT | os.O_WRONLY))
    assert listing.listdir(str(tmp_path)) == listing.faithful_listdir(str(tmp_path))
    assert sorted(listing.listdir(str(tmp_path))) == names
    assert scan(scandir_module.scandir, str(tmp_path)) == scan(scandir_module.faithful_scandir, str(tmp_path))


def test_records_parse_by_their_layout():
    # Two records; the padding after each name's NUL holds stale bytes, as getdents64 leaves it.
    data = (struct.pack('=QqHB', 12345, 0, 24, 8) + b'ab\0' + b'\xff' * 2
            + struct.pack('=QqHB', 2 ** 64 - 1, 1, 32, 4) + b'sub\0' + b'j' * 9)
    assert listing.parse_records(data) == ([b'ab', b'sub'], [12345, 2 ** 64 - 1], [8, 4])
    names = []
    listing.parse_names(data, names)
    assert names == [b'ab', b'sub']


# --- putenv: the fast setenv and the faithful path leave the same environment ---

ENV_PARTS = st.one_of(st.binary(max_size=6), st.text(max_size=4),
                      st.sampled_from([b'', b'=', b'A=B', b'A\0', b'\0', 'x\0']))


@SETTINGS
@given(name=ENV_PARTS, value=ENV_PARTS)
def test_putenv_fast_and_faithful_agree(name, value):
    from reference import _libc
    from reference.process_parameters import parameters as process_parameters
    key = b'OS_CONFORMANCE_FAST_' + (name if isinstance(name, bytes) else name.encode('utf-8', 'surrogateescape'))
    observed_env = []
    for func in (process_parameters.putenv, process_parameters.faithful_putenv):
        try:
            result = outcome(func, key if isinstance(name, bytes) else key.decode('utf-8', 'surrogateescape'), value)
            observed_env.append((result, _libc.getenv(key.split(b'\0')[0].split(b'=')[0]) if key else None))
        finally:
            if 0 not in key and 0x3D not in key:
                _libc.unsetenv(key)
    assert observed_env[0] == observed_env[1]

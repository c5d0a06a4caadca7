"""File descriptor operations beyond the core slice, against the stdlib os: device_encoding, lockf,
posix_fallocate, posix_fadvise, readv, writev, preadv, pwritev, sendfile, fdopen."""
import array
import ctypes
import decimal
import os
import sys
import warnings

import pytest

import reference
from conftest import ON_PYPY, outcome, same_outcome

VERSION = sys.version_info[:2]
PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts integers differently from CPython")


class IntOnly:
    """Accepted through __int__ (with a DeprecationWarning) by 3.8/3.9 only."""

    def __int__(self):
        return 999999


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


UNUSED_FD = 999999
BAD_INTS = [('int_max_plus_1', 2 ** 31), ('int_min_minus_1', -2 ** 31 - 1), ('huge', 2 ** 63),
            ('float', 1.5), ('str', '1'), ('none', None), ('int_only', IntOnly()),
            ('decimal', decimal.Decimal(UNUSED_FD))]
BAD_OFFSETS = [('huge', 2 ** 63), ('minus_huge', -2 ** 63 - 1), ('float', 1.0), ('str', '1'),
               ('none', None), ('int_only', IntOnly())]


def same_none_outcome(name, *args):
    """same_outcome for functions documented to return None (PyPy's lockf and posix_fallocate return 0)."""
    if not ON_PYPY:
        return same_outcome(name, *args)
    expected = outcome(getattr(os, name), *args)
    if expected[:2] == ('value', 0):
        expected = ('value', None) + expected[2:]
    assert outcome(getattr(reference, name), *args) == expected
    return expected


def requires_stdlib(name):
    return pytest.mark.skipif(not hasattr(os, name), reason='this interpreter has no os.%s' % name)


@pytest.fixture
def pipe_fds():
    """A pipe (r, w) from the stdlib; both ends closed afterwards if still open."""
    fds = os.pipe()
    yield fds
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


@pytest.fixture
def pty_fds():
    """A pseudo-terminal pair from the reference's own openpty; closed afterwards."""
    fds = reference.openpty()
    yield fds
    for fd in fds:
        os.close(fd)


def twin_files(tmp_path, content=b'0123456789', flags=os.O_RDWR):
    """Two identical files, one per implementation; returns their fds (the caller closes them)."""
    fds = []
    for name in ('stdlib', 'reference'):
        target = tmp_path / name
        target.write_bytes(content)
        fds.append(os.open(str(target), flags))
    return fds


def closing(*fds):
    for fd in fds:
        os.close(fd)


# --- names and constants -----------------------------------------------------------------------

CONSTANTS = ['F_LOCK', 'F_TLOCK', 'F_ULOCK', 'F_TEST', 'POSIX_FADV_NORMAL', 'POSIX_FADV_SEQUENTIAL',
             'POSIX_FADV_RANDOM', 'POSIX_FADV_NOREUSE', 'POSIX_FADV_WILLNEED', 'POSIX_FADV_DONTNEED',
             'RWF_DSYNC', 'RWF_HIPRI', 'RWF_NOWAIT', 'RWF_SYNC', 'RWF_APPEND']


@pytest.mark.parametrize('name', CONSTANTS)
def test_constants(name):
    if not hasattr(os, name):
        assert not hasattr(reference, name) or ON_PYPY, name
        return
    assert getattr(reference, name) == getattr(os, name)
    assert name in reference.__all__


# --- device_encoding ---------------------------------------------------------------------------

def test_device_encoding_of_a_terminal(pty_fds):
    same_outcome('device_encoding', pty_fds[1])
    same_outcome('device_encoding', fd=pty_fds[0])


def test_device_encoding_of_non_terminals(pipe_fds, closed_fd):
    for fd in (pipe_fds[0], closed_fd, -1):
        assert same_outcome('device_encoding', fd)[:2] == ('value', None)


@PYPY_SKIP
@pytest.mark.parametrize('fd', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_device_encoding_bad_fd(fd):
    same_outcome('device_encoding', fd)


# --- lockf -------------------------------------------------------------------------------------

@pytest.mark.parametrize('command', ['F_TLOCK', 'F_LOCK', 'F_TEST', 'F_ULOCK'])
def test_lockf_commands(scratch_fd, command):
    same_none_outcome('lockf', scratch_fd, getattr(os, command), 4)
    os.lockf(scratch_fd, os.F_ULOCK, 0)


def test_lockf_conflict_seen_from_a_child(scratch_fd):
    """A lock taken by reference.lockf makes F_TEST/F_TLOCK fail with EACCES in another process."""
    reference.lockf(scratch_fd, reference.F_LOCK, 0)
    pid = os.fork()
    if pid == 0:  # the child: only os calls, then _exit
        code = 1
        try:
            os.lockf(scratch_fd, os.F_TEST, 0)
        except OSError as exc:
            code = 0 if exc.errno in (13, 11) else 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    reference.lockf(scratch_fd, reference.F_ULOCK, 0)


@pytest.mark.parametrize('args', [(99, 0), (os.F_LOCK, -5), (os.F_TLOCK, 2 ** 62)],
                         ids=['bad_command', 'negative_length', 'huge_length'])
def test_lockf_rejected_arguments(scratch_fd, args):
    same_none_outcome('lockf', scratch_fd, *args)
    os.lockf(scratch_fd, os.F_ULOCK, 0)


def test_lockf_bad_descriptors(pipe_fds, closed_fd):
    same_outcome('lockf', closed_fd, os.F_LOCK, 0)
    same_outcome('lockf', pipe_fds[0], os.F_TLOCK, 0)


@PYPY_SKIP
@pytest.mark.parametrize('position', [0, 1, 2])
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_lockf_bad_arguments(position, value):
    args = [UNUSED_FD, os.F_TEST, 0]
    args[position] = value
    same_outcome('lockf', *args)


# --- posix_fallocate, posix_fadvise ------------------------------------------------------------

@pytest.mark.parametrize('offset,length', [(0, 100), (5, 3), (4096, 8192), (0, 0), (-1, 5), (0, -1)])
def test_posix_fallocate(tmp_path, offset, length):
    fds = twin_files(tmp_path)
    try:
        expected = outcome(os.posix_fallocate, fds[0], offset, length)
        actual = outcome(reference.posix_fallocate, fds[1], offset, length)
        if ON_PYPY and expected[0] == 'value':  # PyPy returns the errno (or 0) instead of raising
            assert actual[:3] == (('raised', OSError, expected[1]) if expected[1] else ('value', None, ()))
        else:
            assert actual == expected
        assert os.fstat(fds[0]).st_size == os.fstat(fds[1]).st_size
    finally:
        closing(*fds)


def test_posix_fallocate_bad_descriptors(pipe_fds, closed_fd, tmp_path):
    readonly = twin_files(tmp_path, flags=os.O_RDONLY)
    try:
        for fd in (pipe_fds[1], closed_fd, readonly[0]):
            expected = outcome(os.posix_fallocate, fd, 0, 1)
            if ON_PYPY:  # PyPy returns the errno instead of raising it
                expected = ('raised', OSError, expected[1], None, None, None, ())
            actual = outcome(reference.posix_fallocate, fd, 0, 1)
            assert actual[:3] == expected[:3] and actual[5:] == expected[5:]
    finally:
        closing(*readonly)


@pytest.mark.parametrize('advice', ['POSIX_FADV_NORMAL', 'POSIX_FADV_SEQUENTIAL', 'POSIX_FADV_RANDOM',
                                    'POSIX_FADV_NOREUSE', 'POSIX_FADV_WILLNEED',
                                    'POSIX_FADV_DONTNEED'])
def test_posix_fadvise_advice(scratch_fd, advice):
    same_outcome('posix_fadvise', scratch_fd, 0, 0, getattr(os, advice))
    same_outcome('posix_fadvise', scratch_fd, 3, 2 ** 40, getattr(os, advice))


@pytest.mark.parametrize('args', [(0, 0, 99), (0, -1, 0), (-1, 0, 0)],
                         ids=['bad_advice', 'negative_length', 'negative_offset'])
def test_posix_fadvise_rejected_arguments(scratch_fd, args):
    same_outcome('posix_fadvise', scratch_fd, *args)


def test_posix_fadvise_bad_descriptors(pipe_fds, closed_fd):
    same_outcome('posix_fadvise', pipe_fds[0], 0, 0, 0)
    same_outcome('posix_fadvise', closed_fd, 0, 0, 0)


@PYPY_SKIP
@pytest.mark.parametrize('name,arity', [('posix_fallocate', 3), ('posix_fadvise', 4)])
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_fallocate_fadvise_bad_arguments(name, arity, value):
    for position in range(arity):
        args = [UNUSED_FD, 0, 1, 0][:arity]
        args[position] = value
        same_outcome(name, *args)


# --- readv, writev, preadv, pwritev --------------------------------------------------------------

def test_iovec_layout():
    """<sys/uio.h> on x86_64, measured with offsetof: 16 bytes, iov_len at 8."""
    from reference import _structs
    assert ctypes.sizeof(_structs.iovec) == 16 and _structs.iovec.iov_len.offset == 8


def _buffer_kinds():
    """Fresh writable buffers of several exporters, each 4 bytes long."""
    return [bytearray(4), memoryview(bytearray(4)), array.array('h', [0, 0]), (ctypes.c_char * 4)(),
            memoryview(bytearray(8))[2:6], memoryview(bytearray(4)).cast('B', (2, 2))]


def _contents(buffers):
    return [bytes(memoryview(b).cast('B')) if memoryview(b).ndim == 1 else memoryview(b).tobytes()
            for b in buffers]


@requires_stdlib('readv')
@pytest.mark.parametrize('sizes', [[], [0], [3], [4, 0, 2], [1, 1, 1, 1, 1], [20], [0, 0]])
def test_readv_fills_buffers_in_order(pipe_fds, sizes):
    r, w = pipe_fds
    results = []
    for func in (os.readv, reference.readv):
        os.write(w, b'abcdefghijk')
        buffers = [bytearray(size) for size in sizes]
        results.append((outcome(func, r, buffers), buffers, os.read(r, 100) if sum(sizes) < 11 else b''))
    assert results[1] == results[0]


@requires_stdlib('readv')
def test_readv_exporters(pipe_fds):
    r, w = pipe_fds
    results = []
    for func in (os.readv, reference.readv):
        buffers = _buffer_kinds()
        os.write(w, bytes(range(24)))
        results.append((outcome(func, r, buffers), _contents(buffers)))
    assert results[1] == results[0]


def test_readv_without_stdlib(pipe_fds):
    """Data lands in order in the caller's own buffers (also where the stdlib lacks readv)."""
    r, w = pipe_fds
    os.write(w, bytes(range(24)))
    buffers = _buffer_kinds()
    assert reference.readv(r, buffers) == 24
    assert b''.join(_contents(buffers)) == bytes(range(24))


class Sequence:
    """A sequence that is not a list: PySequence_Check accepts it."""

    def __init__(self, *items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index]


class NoLen:
    def __getitem__(self, index):
        raise IndexError(index)


READ_BUFFERS = [('int', 5), ('none', None), ('iterator', iter([bytearray(1)])), ('dict', {0: bytearray(1)}),
                ('set', {1}), ('bytes_item', [b'ab']), ('int_item', [bytearray(1), 1]), ('str', 'ab'),
                ('readonly_view', [memoryview(bytearray(2)).toreadonly()]),
                ('non_contiguous', [memoryview(bytearray(4))[::2]]), ('no_len', NoLen()),
                ('bytes', b'ab'), ('tuple_of_str', ('x',)), ('sequence', Sequence(bytearray(2), b'x'))]


@requires_stdlib('readv')
@pytest.mark.parametrize('buffers', [v for _, v in READ_BUFFERS], ids=[k for k, _ in READ_BUFFERS])
def test_readv_bad_buffers(pipe_fds, buffers):
    os.write(pipe_fds[1], b'x')
    same_outcome('readv', pipe_fds[0], buffers)


@requires_stdlib('preadv')
@pytest.mark.parametrize('buffers', [v for _, v in READ_BUFFERS], ids=[k for k, _ in READ_BUFFERS])
def test_preadv_bad_buffers(scratch_fd, buffers):
    same_outcome('preadv', scratch_fd, buffers, 0)


WRITE_BUFFERS = [('int', 5), ('iterator', iter([b'a'])), ('dict', {0: b'a'}), ('str_item', ['a']),
                 ('int_item', [b'a', 1]), ('str', 'ab'), ('non_contiguous', [memoryview(b'abcd')[::2]]),
                 ('no_len', NoLen()), ('none_item', [None])]


@requires_stdlib('writev')
@pytest.mark.parametrize('buffers', [v for _, v in WRITE_BUFFERS], ids=[k for k, _ in WRITE_BUFFERS])
def test_writev_bad_buffers(pipe_fds, buffers):
    same_outcome('writev', pipe_fds[1], buffers)


@requires_stdlib('pwritev')
@pytest.mark.parametrize('buffers', [v for _, v in WRITE_BUFFERS], ids=[k for k, _ in WRITE_BUFFERS])
def test_pwritev_bad_buffers(scratch_fd, buffers):
    same_outcome('pwritev', scratch_fd, buffers, 0)


WRITE_INPUT = [[], [b''], [b'abc'], [b'ab', bytearray(b'cd'), memoryview(b'ef'), array.array('b', b'gh')],
               Sequence(b'x', b'yz'), (b'tuple',), [memoryview(bytearray(b'abcd')).cast('B', (2, 2))]]


@requires_stdlib('writev')
@pytest.mark.parametrize('buffers', WRITE_INPUT)
def test_writev_gathers_in_order(pipe_fds, buffers):
    r, w = pipe_fds
    results = []
    for func in (os.writev, reference.writev):
        got = outcome(func, w, buffers)
        results.append((got, os.read(r, got[1]) if got[1] else b''))  # never read an empty pipe
    assert results[1] == results[0]


@requires_stdlib('pwritev')
@pytest.mark.parametrize('offset', [0, 3, 12, -1, -2])
@pytest.mark.parametrize('flags', [0, 'RWF_DSYNC', 'RWF_SYNC', 'RWF_HIPRI', 'RWF_NOWAIT', 'RWF_APPEND', 1 << 20])
def test_pwritev_offsets_and_flags(tmp_path, offset, flags):
    if isinstance(flags, str):
        if not hasattr(os, flags):
            pytest.skip('no os.%s here' % flags)
        flags = getattr(os, flags)
    fds = twin_files(tmp_path)
    try:
        results = []
        for func, fd in zip((os.pwritev, reference.pwritev), fds):
            os.lseek(fd, 2, os.SEEK_SET)
            got = outcome(func, fd, [b'AB', b'', b'CDE'], offset, flags)
            os.lseek(fd, 0, os.SEEK_CUR)
            results.append((got, os.lseek(fd, 0, os.SEEK_CUR), os.pread(fd, 100, 0)))
        assert results[1] == results[0]
    finally:
        closing(*fds)


@requires_stdlib('preadv')
@pytest.mark.parametrize('offset', [0, 3, 10, 12, -1, -2])
@pytest.mark.parametrize('flags', [0, 'RWF_HIPRI', 'RWF_NOWAIT', 'RWF_SYNC', 1 << 20])
def test_preadv_offsets_and_flags(tmp_path, offset, flags):
    if isinstance(flags, str):
        flags = getattr(os, flags)
    fds = twin_files(tmp_path)
    try:
        results = []
        for func, fd in zip((os.preadv, reference.preadv), fds):
            os.lseek(fd, 2, os.SEEK_SET)
            buffers = [bytearray(3), bytearray(0), bytearray(4)]
            got = outcome(func, fd, buffers, offset, flags)
            results.append((got, buffers, os.lseek(fd, 0, os.SEEK_CUR)))
        assert results[1] == results[0]
    finally:
        closing(*fds)


def test_preadv_pwritev_without_stdlib(scratch_fd):
    """pwritev/preadv at an offset leave the file offset alone; -1 means the current position."""
    assert reference.pwritev(scratch_fd, [b'ab', b'cd'], 3) == 4
    buffers = [bytearray(2), bytearray(3)]
    assert reference.preadv(scratch_fd, buffers, 2) == 5
    assert buffers == [bytearray(b'2a'), bytearray(b'bcd')]
    assert os.lseek(scratch_fd, 0, os.SEEK_CUR) == 0
    assert reference.preadv(scratch_fd, buffers, -1) == 5
    assert os.lseek(scratch_fd, 0, os.SEEK_CUR) == 5
    with pytest.raises(OSError) as info:
        reference.preadv(scratch_fd, buffers, -2)
    assert info.value.errno == 22


@requires_stdlib('preadv')
def test_vectored_on_pipes_and_closed_fds(pipe_fds, closed_fd):
    r, w = pipe_fds
    same_outcome('preadv', r, [bytearray(1)], 0)
    same_outcome('pwritev', w, [b'x'], 0)
    same_outcome('readv', w, [bytearray(1)])
    same_outcome('writev', r, [b'x'])
    for name, buffers in (('readv', [bytearray(1)]), ('writev', [b'x'])):
        same_outcome(name, closed_fd, buffers)
    same_outcome('preadv', closed_fd, [bytearray(1)], 0)
    same_outcome('pwritev', closed_fd, [b'x'], 0)


@requires_stdlib('readv')
def test_vectored_too_many_buffers(pipe_fds):
    r, w = pipe_fds
    same_outcome('writev', w, [b''] * 1025)
    same_outcome('readv', r, [bytearray(0)] * 1025)


@requires_stdlib('readv')
def test_readv_nonblocking_empty_pipe(pipe_fds):
    os.set_blocking(pipe_fds[0], False)
    same_outcome('readv', pipe_fds[0], [bytearray(1)])
    same_outcome('preadv', pipe_fds[0], [bytearray(1)], -1, os.RWF_NOWAIT)


@PYPY_SKIP
@requires_stdlib('preadv')
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_vectored_bad_fd_and_flags(value):
    same_outcome('readv', value, [])
    same_outcome('writev', value, [])
    same_outcome('preadv', value, [], 0)
    same_outcome('pwritev', value, [], 0)
    same_outcome('preadv', UNUSED_FD, [], 0, value)
    same_outcome('pwritev', UNUSED_FD, [], 0, value)


@PYPY_SKIP
@requires_stdlib('preadv')
@pytest.mark.parametrize('offset', [v for _, v in BAD_OFFSETS], ids=[k for k, _ in BAD_OFFSETS])
def test_vectored_bad_offsets(offset):
    same_outcome('preadv', UNUSED_FD, [], offset)
    same_outcome('pwritev', UNUSED_FD, [], offset)


@requires_stdlib('preadv')
def test_vectored_argument_order(scratch_fd):
    """The fd is converted before buffers are looked at, offset and flags before the buffers."""
    same_outcome('preadv', scratch_fd, 5, 'x')
    same_outcome('pwritev', scratch_fd, 5, 0, 'x')
    same_outcome('readv', 'x', 5)


# --- sendfile ----------------------------------------------------------------------------------

@pytest.mark.parametrize('offset,count', [(0, 100), (3, 4), (10, 5), (20, 5), (0, 0), (None, 4),
                                          (-1, 3), (0, -1)])
def test_sendfile_file_to_pipe(tmp_path, pipe_fds, offset, count):
    r, w = pipe_fds
    fds = twin_files(tmp_path)
    try:
        results = []
        for func, fd in zip((os.sendfile, reference.sendfile), fds):
            os.lseek(fd, 2, os.SEEK_SET)
            got = outcome(func, w, fd, offset, count)
            sent = got[1] if got[0] == 'value' else 0
            results.append((got, os.read(r, sent) if sent else b'', os.lseek(fd, 0, os.SEEK_CUR)))
        assert results[1] == results[0]
    finally:
        closing(*fds)


def test_sendfile_keywords(tmp_path, pipe_fds):
    r, w = pipe_fds
    fds = twin_files(tmp_path)
    try:
        names = ('out', 'in') if VERSION < (3, 9) else ('out_fd', 'in_fd')
        results = []
        for func, fd in zip((os.sendfile, reference.sendfile), fds):
            first = outcome(func, **{names[0]: w, names[1]: fd, 'offset': 1, 'count': 2})
            data = os.read(r, 2)
            second = outcome(func, w, fd, count=3, offset=None)
            results.append((first, data, second, os.read(r, 3), os.lseek(fd, 0, os.SEEK_CUR)))
        assert results[1] == results[0]
    finally:
        closing(*fds)


@pytest.mark.skipif(ON_PYPY, reason="PyPy's argument-parsing messages differ")
@pytest.mark.parametrize('args,kwargs', [
    ((1,), {}), ((1, 2, 3), {}), ((1, 2, 3, 4, 5), {}), ((1.5,), {}), ((), {}),
    ((UNUSED_FD, UNUSED_FD, 0), {'count': 1, 'bogus': 2}), ((UNUSED_FD, UNUSED_FD), {'offset': 0}),
    ((UNUSED_FD, UNUSED_FD, 0, 1), {'count': 1}), ((UNUSED_FD,), {'offset': 0, 'count': 1, 'in': 1}),
    ((), {'out_fd': UNUSED_FD, 'in_fd': UNUSED_FD, 'offset': 0, 'count': 1}),
    ((), {'out': UNUSED_FD, 'in': UNUSED_FD, 'offset': 0, 'count': 1}),
], ids=['one', 'three', 'five', 'float_then_missing', 'none', 'bogus_keyword', 'missing_count',
        'count_twice', 'in_keyword', 'new_keywords', 'old_keywords'])
def test_sendfile_argument_binding(args, kwargs):
    expected = outcome(os.sendfile, *args, **kwargs)
    actual = outcome(reference.sendfile, *args, **kwargs)
    if VERSION >= (3, 13) and expected[0] == 'raised' and 'keyword' in (expected[5] or ''):
        assert actual[:2] == expected[:2]  # 3.13 rewords some keyword messages
    else:
        assert actual == expected


@PYPY_SKIP
@pytest.mark.parametrize('position', [0, 1, 3])
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_sendfile_bad_integers(position, value):
    args = [UNUSED_FD, UNUSED_FD, 0, 1]
    args[position] = value
    same_outcome('sendfile', *args)


@PYPY_SKIP
@pytest.mark.parametrize('offset', [v for _, v in BAD_OFFSETS if v is not None],
                         ids=[k for k, v in BAD_OFFSETS if v is not None])
def test_sendfile_bad_offsets(offset):
    same_outcome('sendfile', UNUSED_FD, UNUSED_FD, offset, 1)
    same_outcome('sendfile', UNUSED_FD, UNUSED_FD, offset, 1.5)  # count is converted first


def test_sendfile_bad_descriptors(pipe_fds, closed_fd, scratch_fd):
    r, w = pipe_fds
    same_outcome('sendfile', w, r, None, 1)  # in_fd must support mmap-like reads: EINVAL
    same_outcome('sendfile', closed_fd, scratch_fd, 0, 1)
    same_outcome('sendfile', w, closed_fd, 0, 1)
    same_outcome('sendfile', r, scratch_fd, 0, 1)


# --- fdopen ------------------------------------------------------------------------------------

FDOPEN_ARGS = [((), {}), (('rb',), {}), (('w',), {}), (('wb', 0), {}), (('r', -1, 'latin-1'), {}),
               ((), {'mode': 'rb', 'buffering': 0}), (('r',), {'closefd': False}),
               ((), {'newline': ''}), (('z',), {}), ((5,), {}), (('r', 'x'), {}),
               (('rb',), {'encoding': 'utf-8'}), ((), {'opener': None}), ((), {'bogus': 1})]


@pytest.mark.parametrize('args,kwargs', [a for a in FDOPEN_ARGS],
                         ids=['default', 'rb', 'w', 'wb_unbuffered', 'encoding', 'keywords', 'closefd',
                              'newline', 'bad_mode', 'int_mode', 'str_buffering', 'binary_encoding',
                              'opener_none', 'bogus_keyword'])
def test_fdopen(pipe_fds, args, kwargs):
    results = []
    for func in (os.fdopen, reference.fdopen):
        fd = os.dup(pipe_fds[1] if args[:1] and 'w' in str(args[0]) else pipe_fds[0])
        got = outcome(func, fd, *args, **kwargs)
        if got[0] == 'value':
            stream = got[1]
            got = ('value', type(stream), stream.name, getattr(stream, 'mode', None),
                   getattr(stream, 'encoding', None), stream.closed, got[2])
            stream.close()
        if kwargs.get('closefd') is False or got[0] == 'raised':
            os.close(fd)
        results.append(got)
    if ON_PYPY:
        results = [r if r[0] == 'value' else r[:2] for r in results]
    assert results[1] == results[0]


@pytest.mark.parametrize('fd', ['1', 1.0, None, b'1', Index(1), -1, 2 ** 31, -2 ** 40],
                         ids=['str', 'float', 'none', 'bytes', 'index', 'negative', 'int_max_plus_1',
                              'minus_huge'])
def test_fdopen_bad_fd(fd):
    expected = outcome(os.fdopen, fd)
    actual = outcome(reference.fdopen, fd)
    if ON_PYPY:
        expected, actual = expected[:2], actual[:2]
    assert actual == expected


def test_fdopen_bool_fd():
    """True is an int: both hand it to io.open (3.12+ warn that a bool is used as an fd)."""
    results = []
    for func in (os.fdopen, reference.fdopen):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            stream = func(True, 'w', closefd=False)
        results.append((type(stream), stream.name, [w.category for w in caught]))
        stream.close()
    assert results[1] == results[0]


def test_fdopen_reads_what_was_written(pipe_fds):
    r, w = os.dup(pipe_fds[0]), os.dup(pipe_fds[1])
    with reference.fdopen(w, 'w') as stream:
        stream.write('line\n')
    with reference.fdopen(r) as stream:
        assert stream.read(5) == 'line\n'

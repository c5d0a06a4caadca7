"""File Descriptor Operations: readv, writev, preadv, pwritev and their RWF_* flags, sendfile,
pipe2.

Files, pipes and sockets are set up and inspected harness-side, in the target's world
(support.Fds: for pyfakefs its own file system and open-file table); each check calls only the
target function it is named after. Constants are handed to the harness's own (the kernel's)
functions on files and pipes only the harness and the kernel touch (sandbox.real()).
"""
import contextlib
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import cprobe, support
from conformance.hostos import host  # PyPy's os lacks preadv/pwritev
from conformance.strategies import PAST_EOF, contents, nonempty_contents, pipe_payloads

behaviour = pytest.mark.behaviour
cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)

#: Buffer sizes for the vector calls (0 included: an empty buffer is legal).
buffer_sizes = st.lists(st.integers(0, 300), min_size=1, max_size=6)
#: What a caller may hand in as bytes to write.
chunks = st.lists(st.tuples(st.binary(max_size=300), st.sampled_from([bytes, bytearray, memoryview])),
                  min_size=1, max_size=6)
#: What a caller may hand in to be filled.
MUTABLE = st.sampled_from(["bytearray", "memoryview"])


def _file(fds, sandbox, data, name="f"):
    """A fresh file holding `data`, made in the target's world."""
    return fds.write(os.path.join(sandbox.fresh(), name), data)


@contextlib.contextmanager
def _kernel_fd(sandbox, data, flags=os.O_RDONLY, name="k"):
    """An fd of the kernel's on a real file holding `data` (sandbox.real()), for the harness's
    own calls: what it yields is the file's path and the fd."""
    path = support.write_file(os.path.join(sandbox.real(), name), data)
    fd = os.open(path, flags)
    try:
        yield path, fd
    finally:
        os.close(fd)


def _kernel_model(fds, sandbox, fd, data, call):
    """The stdlib's call for --os-strict: on `fd` itself in the kernel's world; in a world of its
    own on a kernel fd of a real file holding the same `data`."""
    if not fds.fake:
        return call(fd)
    with _kernel_fd(sandbox, data, os.O_RDWR) as (_, kfd):
        return call(kfd)


def _buffers(sizes, kind):
    out = [bytearray(n) for n in sizes]
    return out if kind == "bytearray" else [memoryview(b) for b in out]


def _split(data, sizes):
    """How data fills buffers of `sizes`, each completely before the next."""
    out, pos = [], 0
    for n in sizes:
        out.append(data[pos:pos + n])
        pos += n
    return out


def _harness_flags(spec):
    """The OR of harness-side RWF_* values (`spec` like "RWF_DSYNC|RWF_SYNC"): the stdlib's, or
    the C headers' where the harness's os lacks them (PyPy)."""
    value = 0
    for name in spec.split("|"):
        if hasattr(os, name):
            value |= getattr(os, name)
        elif cprobe.values() and name in cprobe.values():
            value |= cprobe.values()[name]
        else:
            pytest.skip("neither the harness's os nor the C probe has %s" % name)
    return value


def _overwritten(data, offset, whole):
    """The file `data` after writing `whole` at `offset` (nothing written: nothing changes)."""
    if not whole:
        return data
    padded = data + b"\0" * max(0, offset - len(data))
    return padded[:offset] + whole + padded[offset + len(whole):]


# --- readv, preadv -----------------------------------------------------------------------

@behaviour("readv.mutable-bytes-like", "readv.fills-in-order", "readv.returns-total")
@given(data=contents, sizes=buffer_sizes, kind=MUTABLE, start=st.integers(0, 100))
def test_readv_fills_buffers_in_order_and_returns_the_total(target, sandbox, data, sizes, kind, start):
    """readv.fills-in-order / returns-total / mutable-bytes-like: "Read from a file descriptor
    *fd* into a number of mutable bytes-like objects *buffers*. ... Each buffer is filled before
    proceeding to the next one." and the total read is returned; the offset advances by it."""
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        bufs = _buffers(sizes, kind)
        got = target.api.readv(fd, bufs)
        want = data[start:start + sum(sizes)]
        assert type(got) is int and got == len(want)
        assert [bytes(b[:len(p)]) for b, p in zip(bufs, _split(want, sizes))] == _split(want, sizes)
        assert fds.position(fd) == start + got


@behaviour("preadv.reads-at-offset", "preadv.fills-in-order", "preadv.returns-total",
           "preadv.mutable-bytes-like", "preadv.offset-unchanged", "preadv.flags-default-zero")
@given(data=contents, sizes=buffer_sizes, kind=MUTABLE, offset=st.integers(0, 2100),
       start=st.integers(0, 100), flags=st.sampled_from([None, 0]))
def test_preadv_fills_buffers_from_offset_leaving_the_position(target, sandbox, data, sizes, kind, offset,
                                                               start, flags):
    """preadv.*: "Read from a file descriptor *fd* at a position of *offset* into mutable
    bytes-like objects *buffers*, leaving the file offset unchanged." — in order, the total
    returned; the 3-argument call is flags=0."""
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        bufs = _buffers(sizes, kind)
        got = (target.api.preadv(fd, bufs, offset) if flags is None else
               target.api.preadv(fd, bufs, offset, flags))
        want = data[offset:offset + sum(sizes)]
        assert type(got) is int and got == len(want)
        assert [bytes(b[:len(p)]) for b, p in zip(bufs, _split(want, sizes))] == _split(want, sizes)
        assert fds.position(fd) == start


@pytest.mark.parametrize("flag", ["RWF_HIPRI", "RWF_NOWAIT", "RWF_HIPRI|RWF_NOWAIT"])
@behaviour("preadv.accepts-rwf-flags")
@given(data=nonempty_contents, size=st.integers(1, 300))
def test_preadv_accepts_rwf_flags_on_a_cached_file(target, sandbox, flag, data, size):
    """preadv.accepts-rwf-flags: flags may be RWF_HIPRI, RWF_NOWAIT or both; on a just-written (cached) file the bytes are read
    and counted. RWF_HIPRI without O_DIRECT is ignored by Linux (the catalogue's finding)."""
    value = _harness_flags(flag)  # the harness's flags: the constants are checked on their own
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        buf = bytearray(size)
        got = target.api.preadv(fd, [buf], 0, value)
        assert got == min(size, len(data)) and bytes(buf[:got]) == data[:got]


@pytest.mark.parametrize("name", [
    pytest.param("RWF_NOWAIT", id="RWF_NOWAIT", marks=behaviour("RWF_NOWAIT.accepted-by-preadv",
                                                                "RWF_NOWAIT.partial-returns-count")),
    pytest.param("RWF_HIPRI", id="RWF_HIPRI", marks=behaviour("RWF_HIPRI.accepted-by-preadv",
                                                              "RWF_HIPRI.requires-o-direct"))])
@given(data=nonempty_contents, size=st.integers(1, 300))
def test_rwf_read_flag_reads_a_cached_file(target, sandbox, name, data, size):
    """RWF_*.accepted-by-preadv, RWF_NOWAIT.partial-returns-count, RWF_HIPRI.requires-o-direct:
    an int; the target's flag, handed to
    the harness's preadv on a cached file without O_DIRECT, reads and counts the bytes (Linux
    ignores RWF_HIPRI there, as CPython shows: the catalogue's finding)."""
    value = getattr(target.api, name)
    assert type(value) is int
    with _kernel_fd(sandbox, data) as (_, fd):  # the kernel's file: the value is the kernel's to judge
        buf = bytearray(size)
        assert host.preadv(fd, [buf], 0, value) == min(size, len(data))


@behaviour("RWF_NOWAIT.does-not-block", "RWF_NOWAIT.no-data-returns-minus-one")
@given(size=st.integers(1, 300))
def test_rwf_nowait_on_an_empty_pipe_raises_blockingioerror(target, sandbox, size):
    """RWF_NOWAIT.does-not-block / no-data-returns-minus-one: "Do not wait for data which is not
    immediately available." The text says -1 with EAGAIN (the C call); CPython raises
    BlockingIOError EAGAIN instead (finding). The target's flag, the harness's preadv on the
    kernel's pipe."""
    value = getattr(target.api, "RWF_NOWAIT")
    r, w = os.pipe()  # the write end stays open: a blocking read would wait forever
    try:
        support.set_nonblocking(r, False)
        support.assert_raises(False, BlockingIOError, errno.EAGAIN, lambda: host.preadv(r, [bytearray(size)], -1, value))
    finally:
        os.close(r)
        os.close(w)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.iov-max-limit" % n))
                                  for n in ("readv", "writev", "preadv", "pwritev")])
@given(extra=st.integers(1, 50))
def test_more_buffers_than_iov_max_raise_oserror(target, sandbox, name, extra, strict):
    """<name>.iov-max-limit: "The operating system may set a limit (sysconf() value
    'SC_IOV_MAX') on the number of buffers that can be used." — Linux refuses more with OSError
    EINVAL, and CPython passes that on."""
    count = os.sysconf("SC_IOV_MAX") + extra
    calls = {"readv": lambda api, fd: api.readv(fd, [bytearray(1)] * count),
             "writev": lambda api, fd: api.writev(fd, [b"x"] * count),
             "preadv": lambda api, fd: api.preadv(fd, [bytearray(1)] * count, 0),
             "pwritev": lambda api, fd: api.pwritev(fd, [b"x"] * count, 0)}
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"abc")
        fd = fds.open(path, os.O_RDWR)
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: calls[name](target.api, fd),
                              model=lambda: _kernel_model(fds, sandbox, fd, b"abc", lambda kfd: calls[name](os, kfd)))
        assert fds.read(path) == b"abc"


# --- writev, pwritev ---------------------------------------------------------------------

@behaviour("writev.bytes-like-sequence", "writev.array-order", "writev.returns-total")
@given(parts=chunks, to_pipe=st.booleans(), seq=st.sampled_from([list, tuple]))
def test_writev_writes_the_buffers_concatenated(target, sandbox, parts, to_pipe, seq):
    """writev.*: "Write the contents of *buffers* to file descriptor *fd*. *buffers* must be a
    sequence of bytes-like objects. Buffers are processed in array order." — the total returned."""
    whole = b"".join(p for p, _ in parts)
    with support.fds(target) as fds:
        if to_pipe:
            r, fd = fds.pipe()
        else:
            path = _file(fds, sandbox, b"")
            fd = fds.open(path, os.O_WRONLY)
        got = target.api.writev(fd, seq(kind(p) for p, kind in parts))
        assert type(got) is int and got == len(whole)
        written = (fds.os.read(r, 4096) if whole else b"") if to_pipe else fds.read(path)
        assert written == whole


@behaviour("pwritev.writes-at-offset", "pwritev.offset-unchanged", "pwritev.bytes-like-sequence",
           "pwritev.array-order", "pwritev.returns-total", "pwritev.flags-default-zero")
@given(data=contents, parts=chunks, offset=st.integers(0, 2100), start=st.integers(0, 100),
       flags=st.sampled_from([None, 0]))
def test_pwritev_writes_at_offset_leaving_the_position(target, sandbox, data, parts, offset, start, flags):
    """pwritev.*: "Write the *buffers* contents to file descriptor *fd* at a offset *offset*,
    leaving the file offset unchanged." — in array order, the total returned, flags=0 default."""
    whole = b"".join(p for p, _ in parts)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        fds.seek(fd, start)
        bufs = [kind(p) for p, kind in parts]
        got = target.api.pwritev(fd, bufs, offset) if flags is None else target.api.pwritev(fd, bufs, offset, flags)
        assert type(got) is int and got == len(whole)
        assert fds.position(fd) == start
        assert fds.read(path) == _overwritten(data, offset, whole)


@pytest.mark.parametrize("flag", ["RWF_DSYNC", "RWF_SYNC", "RWF_DSYNC|RWF_SYNC"])
@behaviour("pwritev.accepts-rwf-flags")
@given(data=contents, parts=chunks, offset=st.integers(0, 500))
def test_pwritev_accepts_rwf_sync_flags(target, sandbox, flag, data, parts, offset):
    """pwritev.accepts-rwf-flags: flags may be RWF_DSYNC, RWF_SYNC or both (harness values); the
    write happens as without them."""
    value = _harness_flags(flag)
    whole = b"".join(p for p, _ in parts)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        assert target.api.pwritev(fds.open(path, os.O_WRONLY), [kind(p) for p, kind in parts], offset, value) == len(whole)
        assert fds.read(path) == _overwritten(data, offset, whole)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.accepted-by-pwritev" % n))
                                  for n in ("RWF_DSYNC", "RWF_SYNC")])
@given(data=nonempty_contents)
def test_rwf_write_flag_is_accepted_by_pwritev(target, sandbox, name, data):
    """RWF_DSYNC/RWF_SYNC.accepted-by-pwritev: an int the harness's pwritev accepts; the write
    succeeds (the kernel's, on a real file: the value is the kernel's to judge)."""
    value = getattr(target.api, name)
    assert type(value) is int
    with _kernel_fd(sandbox, b"", os.O_WRONLY) as (path, fd):
        assert host.pwritev(fd, [data], 0, value) == len(data)
    assert support.file_bytes(path) == data


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.matches-c-header" % n))
                                  for n in ("RWF_NOWAIT", "RWF_HIPRI", "RWF_DSYNC", "RWF_SYNC")])
def test_rwf_constant_equals_the_c_headers_value(target, name, c_constants, oracle):
    """RWF_*.matches-c-header: the value is <sys/uio.h>'s (compiled probe, else the reference)."""
    want = cprobe.expected(name, c_constants, oracle)
    got = getattr(target.api, name)
    assert type(got) is int and got == want, "os.%s is %r, C says %d" % (name, got, want)


# --- sendfile ----------------------------------------------------------------------------

@behaviour("sendfile.copies-from-offset", "sendfile.returns-bytes-sent", "sendfile.four-argument-form",
           "sendfile.eof-returns-zero")
@given(data=contents, offset=st.integers(0, 2048 + PAST_EOF), count=st.integers(0, 3000),
       start=st.integers(0, 50))
def test_sendfile_copies_count_bytes_from_offset(target, sandbox, data, offset, count, start):
    """sendfile.*: "Copy *count* bytes from file descriptor *in* to file descriptor *out*
    starting at *offset*. Return the number of bytes sent. When EOF is reached return 0." — in's
    own position is left alone."""
    base = sandbox.fresh()
    with support.fds(target) as fds:
        src = fds.write(os.path.join(base, "in"), data)
        dst = fds.write(os.path.join(base, "out"), b"")
        fd_in, fd_out = fds.open(src), fds.open(dst, os.O_WRONLY)
        fds.seek(fd_in, start)
        sent = target.api.sendfile(fd_out, fd_in, offset, count)
        assert type(sent) is int
        assert fds.read(dst) == data[offset:offset + count][:sent]
        assert sent == len(data[offset:offset + count]) or (count and sent == 0 and offset >= len(data))
        assert fds.position(fd_in) == start


@behaviour("sendfile.offset-none-uses-position")
@given(data=contents, start=st.integers(0, 2100), count=st.integers(0, 3000))
def test_sendfile_offset_none_reads_from_and_advances_the_position(target, sandbox, data, start, count):
    """sendfile.offset-none-uses-position: "On Linux, if *offset* is given as None, the bytes are
    read from the current position of *in* and the position of *in* is updated." """
    base = sandbox.fresh()
    with support.fds(target) as fds:
        src = fds.write(os.path.join(base, "in"), data)
        dst = fds.write(os.path.join(base, "out"), b"")
        fd_in, fd_out = fds.open(src), fds.open(dst, os.O_WRONLY)
        fds.seek(fd_in, start)
        sent = target.api.sendfile(fd_out, fd_in, None, count)
        assert sent == len(data[start:start + count])
        assert fds.read(dst) == data[start:start + count]
        assert fds.position(fd_in) == start + sent


@behaviour("sendfile.socket-out")
@given(data=st.binary(max_size=4096), offset=st.integers(0, 100))
def test_sendfile_to_a_socket(target, sandbox, data, offset):
    """sendfile.socket-out: "*out* ... a socket" — the bytes arrive at the socket's peer (a
    socketpair's)."""
    support.require(target, "sockets")
    with support.fds(target) as fds:
        base = sandbox.fresh()
        fd_in = fds.open(fds.write(os.path.join(base, "in"), data))
        out, receive = fds.socket(base)
        sent = target.api.sendfile(out, fd_in, offset, len(data))
        received = receive()
        assert sent == len(received) and received == data[offset:]


# --- pipe2 -------------------------------------------------------------------------------

FLAG_SETS = st.sampled_from([("",), ("O_NONBLOCK",), ("O_CLOEXEC",), ("O_NONBLOCK", "O_CLOEXEC")])


@behaviour("pipe2.returns-read-write", "pipe2.o-nonblock", "pipe2.o-cloexec", "pipe2.ored-flags")
@given(flags=FLAG_SETS, payload=pipe_payloads)
def test_pipe2_returns_a_pipe_with_the_flags(target, sandbox, flags, payload):
    """pipe2.*: "Create a pipe with *flags* set atomically. *flags* can be constructed by ORing
    together one or more of these values: O_NONBLOCK, O_CLOEXEC." — the pipe works and has
    exactly the flags asked for (harness-side fcntl)."""
    support.require(target, "fd_flags", "the pipe's O_NONBLOCK and FD_CLOEXEC")
    value = 0
    for name in flags:
        value |= getattr(os, name) if name else 0
    with support.fds(target) as fds:
        r, w = target.api.pipe2(value)
        fds.target(r), fds.target(w)
        assert type(r) is int and type(w) is int and r != w
        for fd in (r, w):
            assert support.is_nonblocking(fd) == ("O_NONBLOCK" in flags)
            assert support.is_cloexec(fd) == ("O_CLOEXEC" in flags)
        os.write(w, payload)
        assert os.read(r, len(payload)) == payload

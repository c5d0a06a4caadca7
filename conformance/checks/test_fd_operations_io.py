"""File Descriptor Operations: read, write, close, lseek, pread, pwrite, fstat.

Files and fds are set up harness-side (conformance.support); each check calls only the target
function it is named after, and inspects the outcome harness-side.
"""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support
from conformance.strategies import (content_and_end_delta, content_and_eof_offset, content_and_offset,
                                    contents, lengths, nonempty_contents, pipe_payloads,
                                    position_and_delta)

behaviour = pytest.mark.behaviour


def _file(fds, sandbox, data, name="f"):
    """A fresh file holding `data`, made in the target's world."""
    return fds.write(os.path.join(sandbox.fresh(), name), data)


# --- read --------------------------------------------------------------------------------

@behaviour("read.at-most-n")
@given(data=contents, n=lengths)
def test_read_returns_at_most_n_bytes(target, sandbox, data, n):
    """read.at-most-n: "Read at most *n* bytes from file descriptor *fd*." — and those are the
    file's bytes from the current offset."""
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        got = target.api.read(fd, n)
        assert len(got) <= n
        assert data.startswith(got)
        assert got or not (data and n), "read returned nothing though bytes were available"


@behaviour("read.returns-bytes")
@given(data=contents, n=lengths, via_pipe=st.booleans())
def test_read_returns_bytes(target, sandbox, data, n, via_pipe):
    """read.returns-bytes: "Return a bytestring containing the bytes read." (bytes exactly,
    not str or bytearray), from a regular file or a pipe."""
    with support.fds(target) as fds:
        if via_pipe:
            fd, w = fds.pipe()
            fds.os.write(w, data)
            fds.os.close(w)
        else:
            fd = fds.open(_file(fds, sandbox, data))
        got = target.api.read(fd, n)
        assert type(got) is bytes, "read returned %r" % type(got)


@behaviour("read.at-eof-returns-empty")
@given(case=content_and_eof_offset(), n=st.integers(1, 4096))
def test_read_at_or_past_eof_returns_empty_bytes(target, sandbox, case, n):
    """read.at-eof-returns-empty: "If the end of the file referred to by *fd* has been reached,
    an empty bytes object is returned." """
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, offset)
        assert target.api.read(fd, n) == b""


@behaviour("read.at-eof-returns-empty")
@given(data=contents, n=st.integers(1, 4096))
def test_read_of_drained_pipe_with_closed_writer_returns_empty_bytes(target, sandbox, data, n):
    """read.at-eof-returns-empty: a pipe whose write end is closed is at end of file once
    drained: read returns b'' (and does not block)."""
    with support.fds(target) as fds:
        r, w = fds.pipe()
        fds.os.write(w, data)
        fds.os.close(w)
        fds.nonblocking(r)  # a wrong read raises BlockingIOError instead of hanging
        if data:
            fds.os.read(r, len(data))  # harness-side drain
        assert target.api.read(r, n) == b""


# --- write -------------------------------------------------------------------------------

@behaviour("write.writes-bytes")
@given(data=contents, kind=st.sampled_from([bytes, bytearray, memoryview]))
def test_write_puts_the_bytes_in_the_file(target, sandbox, data, kind):
    """write.writes-bytes: "Write the bytestring in *str* to file descriptor *fd*." (any
    bytes-like object)."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        fd = fds.open(path, os.O_WRONLY)
        count = target.api.write(fd, kind(data))
    assert fds.read(path) == data[:count] and count == len(data)


@behaviour("write.writes-bytes")
@given(text=st.text(max_size=20))
def test_write_rejects_str(target, sandbox, text, strict):
    """write.writes-bytes: the data is a bytestring: a str is a TypeError, nothing written."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        fd = fds.open(path, os.O_WRONLY)
        support.assert_raises(strict, TypeError, None, lambda: target.api.write(fd, text),
                              model=lambda: os.write(fd, text))
    assert fds.read(path) == b""


@behaviour("write.returns-count")
@given(data=contents, to_pipe=st.booleans())
def test_write_returns_the_number_of_bytes_written(target, sandbox, data, to_pipe):
    """write.returns-count: "Return the number of bytes actually written." (an int)."""
    with support.fds(target) as fds:
        if to_pipe:
            r, fd = fds.pipe()
        else:
            path = _file(fds, sandbox, b"")
            fd = fds.open(path, os.O_WRONLY)
        count = target.api.write(fd, data)
        assert type(count) is int, "write returned %r" % (count,)
        written = fds.os.read(r, 8192) if to_pipe and data else (b"" if to_pipe else fds.read(path))
        assert count == len(written) == len(data)


# --- close -------------------------------------------------------------------------------

@behaviour("close.closes-fd")
@given(kind=st.sampled_from(["file", "pipe-read", "pipe-write", "dir"]))
def test_close_invalidates_the_fd(target, sandbox, kind):
    """close.closes-fd: "Close file descriptor *fd*." — afterwards the number is no longer an
    open descriptor (fstat says EBADF)."""
    base = sandbox.fresh()
    with support.fds(target) as fds:
        if kind == "file":
            fd = fds.open(_file(fds, sandbox, b"x"))
        elif kind == "dir":
            fd = fds.open(base, os.O_RDONLY | os.O_DIRECTORY)
        else:
            r, w = fds.pipe()
            fd = r if kind == "pipe-read" else w
        target.api.close(fd)
        assert not fds.is_open(fd), "fd %d is still open after close" % fd


@behaviour("close.closes-fd")
@given(data=pipe_payloads)
def test_close_of_last_write_end_gives_reader_eof(target, sandbox, data):
    """close.closes-fd: closing the only write end of a pipe really releases it: the reader
    gets the data, then end of file."""
    with support.fds(target) as fds:
        r, w = fds.pipe()
        fds.os.write(w, data)
        target.api.close(w)
        fds.nonblocking(r)
        assert fds.os.read(r, len(data)) == data
        assert fds.os.read(r, 1) == b""


# --- lseek -------------------------------------------------------------------------------

@behaviour("lseek.seek-set")
@given(case=content_and_offset(), start=st.integers(0, 100))
def test_lseek_seek_set_positions_from_the_beginning(target, sandbox, case, start):
    """lseek.seek-set: "SEEK_SET or 0 to set the position relative to the beginning of the
    file" (offsets at and past EOF included)."""
    data, pos = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        target.api.lseek(fd, pos, os.SEEK_SET)
        assert fds.position(fd) == pos
        assert fds.os.read(fd, 4096) == data[pos:]


@behaviour("lseek.seek-cur")
@given(case=position_and_delta())
def test_lseek_seek_cur_positions_relative_to_current(target, sandbox, case):
    """lseek.seek-cur: "SEEK_CUR or 1 to set it relative to the current position" (negative
    pos moves backwards)."""
    data, start, delta = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        target.api.lseek(fd, delta, os.SEEK_CUR)
        assert fds.position(fd) == start + delta


@behaviour("lseek.seek-end")
@given(case=content_and_end_delta(), start=st.integers(0, 100))
def test_lseek_seek_end_positions_relative_to_end(target, sandbox, case, start):
    """lseek.seek-end: "SEEK_END or 2 to set it relative to the end of the file." (negative
    pos allowed)."""
    data, delta = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        target.api.lseek(fd, delta, os.SEEK_END)
        assert fds.position(fd) == len(data) + delta


@behaviour("lseek.numeric-how")
@given(data=contents, how=st.sampled_from([0, 1, 2]), pos=st.integers(0, 100), start=st.integers(0, 100))
def test_lseek_accepts_plain_ints_for_how(target, sandbox, data, how, pos, start):
    """lseek.numeric-how: the plain ints 0, 1 and 2 mean SEEK_SET, SEEK_CUR and SEEK_END."""
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        target.api.lseek(fd, pos, how)
        assert fds.position(fd) == pos + (0, start, len(data))[how]


@behaviour("lseek.returns-absolute-position")
@given(data=contents, how=st.sampled_from([os.SEEK_SET, os.SEEK_CUR, os.SEEK_END]),
       pos=st.integers(0, 100), start=st.integers(0, 100))
def test_lseek_returns_the_new_absolute_position(target, sandbox, data, how, pos, start):
    """lseek.returns-absolute-position: "Return the new cursor position in bytes, starting from
    the beginning." """
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        got = target.api.lseek(fd, pos, how)
        assert type(got) is int, "lseek returned %r" % (got,)
        assert got == fds.position(fd)


# --- pread -------------------------------------------------------------------------------

@behaviour("pread.reads-at-offset")
@given(case=content_and_offset(), n=st.integers(1, 4096), start=st.integers(0, 100))
def test_pread_reads_the_bytes_at_offset(target, sandbox, case, n, start):
    """pread.reads-at-offset: "Read at most *n* bytes from file descriptor *fd* at a position of
    *offset*" — whatever the current file offset is."""
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        got = target.api.pread(fd, n, offset)
        assert data[offset:].startswith(got)
        assert got or not data[offset:], "pread returned nothing though bytes were available"


@behaviour("pread.at-most-n")
@given(case=content_and_offset(), n=lengths)
def test_pread_returns_at_most_n_bytes(target, sandbox, case, n):
    """pread.at-most-n: "Read at most *n* bytes" """
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        assert len(target.api.pread(fd, n, offset)) <= n


@behaviour("pread.offset-unchanged")
@given(case=content_and_offset(), n=lengths, start=st.integers(0, 3000))
def test_pread_leaves_the_file_offset_unchanged(target, sandbox, case, n, start):
    """pread.offset-unchanged: "leaving the file offset unchanged." """
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        fds.seek(fd, start)
        target.api.pread(fd, n, offset)
        assert fds.position(fd) == start


@behaviour("pread.returns-bytes")
@given(case=content_and_offset(), n=lengths)
def test_pread_returns_bytes(target, sandbox, case, n):
    """pread.returns-bytes: "Return a bytestring containing the bytes read." """
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        got = target.api.pread(fd, n, offset)
        assert type(got) is bytes, "pread returned %r" % type(got)


@behaviour("pread.at-eof-returns-empty")
@given(case=content_and_eof_offset(), n=st.integers(1, 4096))
def test_pread_at_or_past_eof_returns_empty_bytes(target, sandbox, case, n):
    """pread.at-eof-returns-empty: "If the end of the file referred to by *fd* has been reached,
    an empty bytes object is returned." """
    data, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, data))
        assert target.api.pread(fd, n, offset) == b""


# --- pwrite ------------------------------------------------------------------------------

def _overlay(old, data, offset):
    """What a file holding `old` holds after `data` is written at `offset` (a gap reads as NULs)."""
    padded = old + b"\0" * max(0, offset - len(old))
    return padded[:offset] + data + padded[offset + len(data):]


@behaviour("pwrite.writes-at-offset")
@given(case=content_and_offset(), data=nonempty_contents, start=st.integers(0, 100))
def test_pwrite_writes_at_offset(target, sandbox, case, data, start):
    """pwrite.writes-at-offset: "Write the bytestring in *str* to file descriptor *fd* at
    position of *offset*" — not at the current offset; a gap past EOF reads as zero bytes."""
    old, offset = case
    with support.fds(target) as fds:
        path = _file(fds, sandbox, old)
        fd = fds.open(path, os.O_RDWR)
        fds.seek(fd, start)
        count = target.api.pwrite(fd, data, offset)
    assert count == len(data)
    assert fds.read(path) == _overlay(old, data, offset)


@behaviour("pwrite.offset-unchanged")
@given(case=content_and_offset(), data=contents, start=st.integers(0, 3000))
def test_pwrite_leaves_the_file_offset_unchanged(target, sandbox, case, data, start):
    """pwrite.offset-unchanged: "leaving the file offset unchanged." """
    old, offset = case
    with support.fds(target) as fds:
        fd = fds.open(_file(fds, sandbox, old), os.O_RDWR)
        fds.seek(fd, start)
        target.api.pwrite(fd, data, offset)
        assert fds.position(fd) == start


@behaviour("pwrite.returns-count")
@given(case=content_and_offset(), data=contents)
def test_pwrite_returns_the_number_of_bytes_written(target, sandbox, case, data):
    """pwrite.returns-count: "Return the number of bytes actually written." (an int)."""
    old, offset = case
    with support.fds(target) as fds:
        path = _file(fds, sandbox, old)
        fd = fds.open(path, os.O_RDWR)
        count = target.api.pwrite(fd, data, offset)
    assert type(count) is int, "pwrite returned %r" % (count,)
    assert count == len(data)
    # An empty write does not extend the file, even at an offset past its end.
    assert fds.read(path) == (_overlay(old, data, offset) if data else old)


@behaviour("pwrite.takes-bytes")
@given(data=contents, kind=st.sampled_from([bytes, bytearray, memoryview]), text=st.text(max_size=10))
def test_pwrite_takes_bytes_and_rejects_str(target, sandbox, data, kind, text, strict):
    """pwrite.takes-bytes: "Write the bytestring in *str*" — bytes-like data is written; a str
    is a TypeError."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        fd = fds.open(path, os.O_RDWR)
        support.assert_raises(strict, TypeError, None, lambda: target.api.pwrite(fd, text, 0),
                              model=lambda: os.pwrite(fd, text, 0))
        assert fds.read(path) == b""
        target.api.pwrite(fd, kind(data), 0)
    assert fds.read(path) == data


# --- fstat -------------------------------------------------------------------------------

@behaviour("fstat.returns-stat-result")
@given(data=contents, kind=st.sampled_from(["file", "dir", "pipe"]))
def test_fstat_describes_the_open_file(target, sandbox, data, kind):
    """fstat.returns-stat-result: "Get the status of the file descriptor *fd*. Return a
    stat_result object." — its fields describe the file the fd is open on."""
    with support.fds(target) as fds:
        if kind == "pipe":
            fd, w = fds.pipe()
            fds.os.write(w, data)
        elif kind == "dir":
            fd = fds.open(sandbox.fresh(), os.O_RDONLY | os.O_DIRECTORY)
        else:
            fd = fds.open(_file(fds, sandbox, data))
        got = target.api.fstat(fd)
        # CPython's fstat (the reference when the target is the running stdlib); a world of its own: its os
        want = fds.os.fstat(fd) if fds.fake else hostos.cpython_os(target).fstat(fd)
        assert isinstance(got, target.api.stat_result), "fstat returned %r" % type(got)
        for field in ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size"):
            assert getattr(got, field) == getattr(want, field), field
        if kind == "file":
            assert got.st_size == len(data)


@behaviour("fstat.same-as-stat-fd")
@given(data=contents, kind=st.sampled_from(["file", "dir", "pipe"]))
def test_fstat_equals_stat_of_the_fd(target, sandbox, data, kind):
    """fstat.same-as-stat-fd: "this is equivalent to ``os.stat(fd)``." """
    with support.fds(target) as fds:
        if kind == "pipe":
            fd, w = fds.pipe()
            fds.os.write(w, data)
        elif kind == "dir":
            fd = fds.open(sandbox.fresh(), os.O_RDONLY | os.O_DIRECTORY)
        else:
            fd = fds.open(_file(fds, sandbox, data))
        a, b = target.api.fstat(fd), target.api.stat(fd)
        assert tuple(a) == tuple(b)
        for field in ("st_atime_ns", "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks", "st_rdev"):
            assert getattr(a, field) == getattr(b, field), field

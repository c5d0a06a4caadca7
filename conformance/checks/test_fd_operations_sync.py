"""File Descriptor Operations: closerange, fsync, fdatasync, ftruncate, posix_fallocate,
posix_fadvise and its POSIX_FADV_* advice, lockf and its F_* commands.

Files are written and read back harness-side, in the target's world (support.Fds: for pyfakefs
its own file system and open-file table); a constant is handed to the kernel's own posix_fadvise on
a file only the harness and the kernel touch (sandbox.real()). fcntl locks and "another process"
(probed from a forked child with the stdlib's lockf, support.run_in_child) are the kernel's: those
checks need the 'fd_flags' and 'processes' of the target's world. Only the named function is the
target's.
"""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import cprobe, support
from conformance.strategies import contents

behaviour = pytest.mark.behaviour
cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)
#: closerange works on a block of numbers no one else in the test process uses.
CLOSERANGE_BASE = 900
CLOSERANGE_SPAN = 40


def _file(fds, sandbox, data, name="f"):
    """A fresh file holding `data`, made in the target's world."""
    return fds.write(os.path.join(sandbox.fresh(), name), data)


def _real_file(sandbox, data, name="f"):
    """A file holding `data` in the real file system, for the kernel's own calls (constants)."""
    return support.write_file(os.path.join(sandbox.real(), name), data)


# --- closerange --------------------------------------------------------------------------

def _free_block(fds):
    """Harness-side: make sure the closerange block is unused (skip if something lives there)."""
    used = [fd for fd in range(CLOSERANGE_BASE, CLOSERANGE_BASE + CLOSERANGE_SPAN + 1) if fds.is_open(fd)]
    if used:
        pytest.skip("descriptors %s are in use by the test process" % used)


@st.composite
def _ranges(draw):
    """(open fds as offsets in the block, lo, hi): some open numbers, a [lo, hi) inside the block."""
    opened = draw(st.sets(st.integers(0, CLOSERANGE_SPAN), max_size=12))
    lo = draw(st.integers(0, CLOSERANGE_SPAN))
    hi = draw(st.integers(lo, CLOSERANGE_SPAN))
    return sorted(opened), lo, hi


@behaviour("closerange.closes-low-inclusive", "closerange.high-exclusive", "closerange.ignores-errors")
@given(case=_ranges())
def test_closerange_closes_exactly_lo_to_hi_minus_one(target, sandbox, case):
    """closerange.closes-low-inclusive / high-exclusive / ignores-errors: "Close all file
    descriptors from *fd_low* (inclusive) to *fd_high* (exclusive), ignoring errors." — numbers
    in the range that are not open do not make it raise."""
    opened, lo, hi = case
    with support.fds(target) as fds:
        _free_block(fds)
        src = fds.open(_file(fds, sandbox, b"x"))
        for off in opened:  # harness-side: open descriptors at chosen numbers
            fds.harness(fds.os.dup2(src, CLOSERANGE_BASE + off))
        result = target.api.closerange(CLOSERANGE_BASE + lo, CLOSERANGE_BASE + hi)
        still = [off for off in opened if fds.is_open(CLOSERANGE_BASE + off)]
        assert result is None
        assert still == [off for off in opened if not lo <= off < hi], \
            "closerange(%d, %d) left %s open of %s" % (lo, hi, still, opened)
        assert fds.is_open(src)


# --- fsync, fdatasync --------------------------------------------------------------------

@pytest.mark.parametrize("name", [pytest.param("fsync", marks=behaviour("fsync.flushes")),
                                  pytest.param("fdatasync", marks=behaviour("fdatasync.flushes-data"))])
@given(data=contents, flags=st.sampled_from([os.O_WRONLY, os.O_RDWR, os.O_WRONLY | os.O_APPEND]))
def test_sync_of_a_writable_file_returns_none(target, sandbox, name, data, flags):
    """fsync.flushes / fdatasync.flushes-data: "Force write of file with filedescriptor *fd* to
    disk." — on a writable regular file it succeeds, returns None and keeps the data."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        fd = fds.open(path, flags)
        fds.os.write(fd, data)  # harness-side
        assert getattr(target.api, name)(fd) is None
        assert fds.read(path) == data


@behaviour("fsync.file-object-recipe")
@given(data=contents)
def test_fsync_of_a_flushed_file_objects_fileno(target, sandbox, data):
    """fsync.file-object-recipe: "first do f.flush(), and then do os.fsync(f.fileno())" — the
    data written through f is then visible through another descriptor."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        with fds.file_object(path, "wb") as f:  # harness-side file object, in the target's world
            f.write(data)
            f.flush()
            assert target.api.fsync(f.fileno()) is None
            assert fds.read(path) == data


# --- ftruncate ---------------------------------------------------------------------------

@behaviour("ftruncate.at-most-length")
@given(data=contents, length=st.integers(0, 3000))
def test_ftruncate_cuts_or_zero_extends_to_length(target, sandbox, data, length):
    """ftruncate.at-most-length: "Truncate the file ... so that it is at most *length* bytes in
    size." — a longer file keeps its first *length* bytes. The text says "at most"; CPython on
    Linux (ftruncate(2)) extends a shorter file with zero bytes to exactly *length* (finding)."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        assert target.api.ftruncate(fd, length) is None
        # the bytes first: pyfakefs' tell (the position) flushes its stale view of the file
        assert fds.read(path) == data[:length] + b"\0" * max(0, length - len(data))
        assert fds.position(fd) == 0


@behaviour("ftruncate.same-as-truncate-fd")
@given(data=contents, length=st.integers(0, 3000))
def test_ftruncate_does_what_truncate_of_the_fd_does(target, sandbox, data, length):
    """ftruncate.same-as-truncate-fd: "As of Python 3.3, this is equivalent to
    os.truncate(fd, length)." — same bytes as the harness's truncate on a twin file."""
    base = sandbox.fresh()
    with support.fds(target) as fds:
        a = fds.write(os.path.join(base, "a"), data)
        b = fds.write(os.path.join(base, "b"), data)
        target.api.ftruncate(fds.open(a, os.O_WRONLY), length)
        fds.os.truncate(fds.open(b, os.O_WRONLY), length)  # harness-side model: the world's truncate
        assert fds.read(a) == fds.read(b)


# --- posix_fallocate, posix_fadvise ------------------------------------------------------

@behaviour("posix_fallocate.allocates-region")
@given(data=contents, offset=st.integers(0, 5000), length=st.integers(1, 5000))
def test_posix_fallocate_makes_the_file_cover_the_region(target, sandbox, data, offset, length):
    """posix_fallocate.allocates-region: "Ensures that enough disk space is allocated for the
    file specified by *fd* starting from *offset* and continuing for *len* bytes." — returns None,
    the file covers offset+len bytes and its old bytes are kept."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        assert target.api.posix_fallocate(fd, offset, length) is None
        assert fds.size(fd) == max(len(data), offset + length)
        got = fds.read(path)
    assert got[:len(data)] == data and not got[len(data):].strip(b"\0")


ADVICE = ["POSIX_FADV_NORMAL", "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_RANDOM", "POSIX_FADV_NOREUSE",
          "POSIX_FADV_WILLNEED", "POSIX_FADV_DONTNEED"]


@behaviour("posix_fadvise.accepts-advice", "posix_fadvise.no-data-change")
@given(data=contents, advice=st.sampled_from(ADVICE), offset=st.integers(0, 4096),
       length=st.integers(0, 4096), start=st.integers(0, 100))
def test_posix_fadvise_returns_none_and_changes_nothing(target, sandbox, data, advice, offset, length, start):
    """posix_fadvise.accepts-advice / no-data-change: "Announces an intention to access data in a
    specific pattern" — each advice (the harness's value) is accepted; contents and offset stay."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        fds.seek(fd, start)
        assert target.api.posix_fadvise(fd, offset, length, getattr(os, advice)) is None
        assert fds.position(fd) == start
        assert fds.read(path) == data


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.accepted-by-posix-fadvise" % n))
                                  for n in ADVICE])
@given(data=contents)
def test_fadvise_constant_is_an_int_posix_fadvise_accepts(target, sandbox, name, data):
    """POSIX_FADV_*.accepted-by-posix-fadvise: "Flags that can be used in *advice* in
    posix_fadvise()" — an int the harness's posix_fadvise accepts (the kernel's, on a real
    file: the value is judged by the kernel whatever the target's world)."""
    value = getattr(target.api, name)
    assert type(value) is int
    fd = os.open(_real_file(sandbox, data), os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, value)  # raises EINVAL for a wrong value
    finally:
        os.close(fd)


CONSTANTS = ADVICE + ["F_LOCK", "F_TLOCK", "F_ULOCK", "F_TEST"]


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.matches-c-header" % n))
                                  for n in CONSTANTS])
def test_constant_equals_the_c_headers_value(target, name, c_constants, oracle):
    """<NAME>.matches-c-header: the value is the C library's constant of that name (compiled
    probe; without a compiler, the reference's table)."""
    want = cprobe.expected(name, c_constants, oracle)
    got = getattr(target.api, name)
    assert type(got) is int and got == want, "os.%s is %r, C says %d" % (name, got, want)


# --- lockf -------------------------------------------------------------------------------

def _require_locks(target):
    """The lockf checks: the lock is the kernel's (an fcntl lock on the fd) and is seen from
    another process sharing the file."""
    support.require(target, "fd_flags", "lockf's POSIX locks")
    support.require(target, "processes", "another process probing the lock")


def _other_process_can_lock(path, offset=0, length=0):
    """Harness-side, from a forked child: can another process take a lock at offset/length?"""
    def probe():
        fd = os.open(path, os.O_RDWR)
        try:
            os.lseek(fd, offset, os.SEEK_SET)
            os.lockf(fd, os.F_TLOCK, length)
            return True
        except OSError as exc:
            assert exc.errno in (errno.EACCES, errno.EAGAIN), exc
            return False
    return support.run_in_child(probe)


@behaviour("lockf.locks-posix", "F_LOCK.accepted-by-lockf", "F_TLOCK.accepted-by-lockf")
@support.few_examples()
@given(data=contents, cmd=st.sampled_from(["F_LOCK", "F_TLOCK"]))
def test_lockf_takes_a_lock_other_processes_see(target, sandbox, data, cmd):
    """lockf.locks-posix: "Apply, test or remove a POSIX lock on an open file descriptor." — after
    lockf(fd, F_LOCK or F_TLOCK, 0) another process cannot lock the file."""
    _require_locks(target)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        assert _other_process_can_lock(path)
        assert target.api.lockf(fd, getattr(os, cmd), 0) is None
        assert not _other_process_can_lock(path), "lockf(%s) took no lock" % cmd


@behaviour("lockf.unlock", "F_ULOCK.accepted-by-lockf")
@support.few_examples()
@given(data=contents)
def test_lockf_f_ulock_releases_the_lock(target, sandbox, data):
    """lockf.unlock: F_ULOCK removes the lock: another process can lock the file again."""
    _require_locks(target)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, data)
        fd = fds.open(path, os.O_RDWR)
        os.lockf(fd, os.F_LOCK, 0)  # harness-side lock
        assert not _other_process_can_lock(path)
        assert target.api.lockf(fd, os.F_ULOCK, 0) is None
        assert _other_process_can_lock(path), "lockf(F_ULOCK) left the lock"


@behaviour("lockf.test", "F_TEST.accepted-by-lockf")
@support.few_examples()
@given(locked=st.booleans())
def test_lockf_f_test_raises_only_when_another_process_holds_a_lock(target, sandbox, locked, strict):
    """lockf.test: F_TEST returns None when no other process holds a lock, and raises OSError
    (EACCES or EAGAIN) when one does. Called from a child, the parent holding the lock or not."""
    _require_locks(target)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"data")
        fd = fds.open(path, os.O_RDWR)
        if locked:
            os.lockf(fd, os.F_LOCK, 0)  # harness-side lock, held by this process

        def in_child():
            cfd = os.open(path, os.O_RDWR)
            try:
                return target.api.lockf(cfd, os.F_TEST, 0), None
            except OSError as exc:
                return "raised", exc.errno
        result = support.run_in_child(in_child)
    assert result == (("raised", result[1]) if locked else (None, None))
    if locked:
        assert result[1] in (errno.EACCES, errno.EAGAIN)


@behaviour("lockf.len-section")
@support.few_examples()
@given(start=st.integers(0, 100), length=st.integers(1, 100))
def test_lockf_len_limits_the_lock_to_a_section(target, sandbox, start, length):
    """lockf.len-section: *len* bytes from the current offset are locked: another process can lock
    just past them, not their last byte."""
    _require_locks(target)
    with support.fds(target) as fds:
        path = _file(fds, sandbox, b"")
        fd = fds.open(path, os.O_RDWR)
        fds.seek(fd, start)
        target.api.lockf(fd, os.F_LOCK, length)
        assert _other_process_can_lock(path, start + length, 1), "locked beyond len"
        assert not _other_process_can_lock(path, start + length - 1, 1), "the section is not locked"
        if start:
            assert _other_process_can_lock(path, 0, start), "locked before the offset"

"""File Descriptor Operations: dup, dup2, pipe, get/set_inheritable, get/set_blocking.

Files, pipes and fds are set up and inspected in the target's world (support.Fds), so the dup,
dup2 and pipe checks of which file an fd refers to run on pyfakefs too. Inheritability
(FD_CLOEXEC) and blocking mode (O_NONBLOCK) are set and read harness-side with fcntl, so that e.g.
a check of dup does not depend on the target's get_inheritable: those checks need the "fd_flags"
capability (exec'ing a child, "processes").
"""
import os
import subprocess

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import contents, pipe_payloads

behaviour = pytest.mark.behaviour
FD_KINDS = st.sampled_from(["file", "dir", "pipe-read", "pipe-write"])
#: Candidate numbers for dup2's fd2: above what the test process normally holds open.
FD2_NUMBERS = st.integers(min_value=100, max_value=400)


def _any_fd(fds, sandbox, kind, data=b"data"):
    """A harness-opened fd of the given kind, in the target's world."""
    base = sandbox.fresh()
    if kind == "file":
        return fds.open(fds.write(os.path.join(base, "f"), data), os.O_RDWR)
    if kind == "dir":
        return fds.open(base, os.O_RDONLY | os.O_DIRECTORY)
    r, w = fds.pipe()
    return r if kind == "pipe-read" else w


# --- dup ---------------------------------------------------------------------------------

@behaviour("dup.returns-new-fd")
@given(kind=FD_KINDS, data=contents)
def test_dup_returns_a_new_fd_on_the_same_open_file(target, sandbox, kind, data):
    """dup.returns-new-fd: "Return a duplicate of file descriptor *fd*." — a different number,
    sharing the open file (and so its offset)."""
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind, data)
        new = fds.target(target.api.dup(fd))
        assert type(new) is int and new >= 0 and new != fd, "dup returned %r" % (new,)
        assert fds.is_open(new)
        if kind == "file":
            assert fds.same_open_file(fd, new)
        else:  # no offset to share: the same directory or pipe
            assert fds.same_file(new, fd)


@behaviour("dup.non-inheritable")
@given(kind=FD_KINDS, source_inheritable=st.booleans())
def test_dup_returns_a_non_inheritable_fd(target, sandbox, kind, source_inheritable):
    """dup.non-inheritable: "The new file descriptor is non-inheritable." — even when the
    original is inheritable."""
    support.require(target, "fd_flags", "FD_CLOEXEC of the new fd")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, not source_inheritable)
        new = fds.target(target.api.dup(fd))
        assert support.is_cloexec(new), "the fd returned by dup is inheritable"


# --- dup2 --------------------------------------------------------------------------------

@behaviour("dup2.duplicates-onto-fd2")
@given(data=contents, fd2=FD2_NUMBERS)
def test_dup2_makes_fd2_refer_to_the_open_file_of_fd(target, sandbox, data, fd2):
    """dup2.duplicates-onto-fd2: "Duplicate file descriptor *fd* to *fd2*" """
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, "file", data)
        assume(not fds.is_open(fd2))  # free once the set-up is done
        fds.target(fd2)
        target.api.dup2(fd, fd2)
        assert fds.is_open(fd2)
        assert fds.same_open_file(fd, fd2)


@behaviour("dup2.closes-fd2-first")
@given(data=pipe_payloads, fd2=FD2_NUMBERS)
def test_dup2_closes_an_open_fd2_first(target, sandbox, data, fd2):
    """dup2.closes-fd2-first: "closing the latter first if necessary." — when fd2 was the only
    write end of a pipe, its reader sees end of file afterwards; fd2 is then fd's file."""
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, "file")
        r, w = fds.pipe()
        assume(not fds.is_open(fd2))  # free once the set-up is done
        fds.renumber(w, fd2)  # harness-side: fd2 becomes the pipe's only write end
        fds.target(fd2)  # after dup2 the target's: closed first, with the target's close
        fds.os.write(fd2, data)
        target.api.dup2(fd, fd2)
        fds.nonblocking(r)  # a write end left open: BlockingIOError, not a hang
        assert fds.os.read(r, len(data)) == data
        assert fds.os.read(r, 1) == b"", "the pipe's write end fd2 was not closed"
        assert fds.same_open_file(fd, fd2)


@behaviour("dup2.returns-fd2")
@given(fd2=FD2_NUMBERS, inheritable=st.sampled_from([None, True, False]), kind=FD_KINDS)
def test_dup2_returns_fd2(target, sandbox, fd2, inheritable, kind):
    """dup2.returns-fd2: "Return *fd2*." """
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        assume(not fds.is_open(fd2))  # free once the set-up is done
        fds.target(fd2)
        kwargs = {} if inheritable is None else {"inheritable": inheritable}
        got = target.api.dup2(fd, fd2, **kwargs)
        assert type(got) is int and got == fd2, "dup2 returned %r, not %d" % (got, fd2)


@behaviour("dup2.inheritable-by-default")
@given(fd2=FD2_NUMBERS, kind=FD_KINDS, source_inheritable=st.booleans())
def test_dup2_makes_fd2_inheritable_by_default(target, sandbox, fd2, kind, source_inheritable):
    """dup2.inheritable-by-default: "The new file descriptor is inheritable by default" """
    support.require(target, "fd_flags", "FD_CLOEXEC of fd2")
    assume(not support.is_open(fd2))
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, not source_inheritable)
        fds.target(fd2)
        target.api.dup2(fd, fd2)
        assert not support.is_cloexec(fd2), "fd2 is non-inheritable after dup2(fd, fd2)"


@behaviour("dup2.inheritable-false")
@given(fd2=FD2_NUMBERS, kind=FD_KINDS, source_inheritable=st.booleans())
def test_dup2_inheritable_false_makes_fd2_non_inheritable(target, sandbox, fd2, kind, source_inheritable):
    """dup2.inheritable-false: "or non-inheritable if *inheritable* is ``False``." """
    support.require(target, "fd_flags", "FD_CLOEXEC of fd2")
    assume(not support.is_open(fd2))
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, not source_inheritable)
        fds.target(fd2)
        target.api.dup2(fd, fd2, inheritable=False)
        assert support.is_cloexec(fd2), "fd2 is inheritable after dup2(fd, fd2, inheritable=False)"


# --- pipe --------------------------------------------------------------------------------

@behaviour("pipe.returns-read-write")
@given(data=pipe_payloads)
def test_pipe_returns_read_and_write_ends(target, sandbox, data):
    """pipe.returns-read-write: "Return a pair of file descriptors ``(r, w)`` usable for reading
    and writing, respectively." """
    with support.fds(target) as fds:
        pair = target.api.pipe()
        r, w = (fds.target(fd) for fd in pair)
        assert type(pair) is tuple and len(pair) == 2 and type(r) is int and type(w) is int, \
            "pipe returned %r" % (pair,)
        fds.nonblocking(r)  # ends that are not one pipe: BlockingIOError, not a hang
        assert fds.os.write(w, data) == len(data)  # harness-side I/O through the two ends
        assert fds.os.read(r, len(data)) == data


@behaviour("pipe.non-inheritable")
@given(end=st.sampled_from([0, 1]))
def test_pipe_returns_non_inheritable_fds(target, sandbox, end):
    """pipe.non-inheritable: "The new file descriptor is non-inheritable." (both ends)."""
    support.require(target, "fd_flags", "FD_CLOEXEC of the pipe's ends")
    with support.fds(target) as fds:
        pair = [fds.target(fd) for fd in target.api.pipe()]
        assert support.is_cloexec(pair[end]), "end %d of the pipe is inheritable" % end


# --- get_inheritable / set_inheritable -----------------------------------------------------

@behaviour("get_inheritable.returns-bool")
@given(kind=FD_KINDS, inheritable=st.booleans())
def test_get_inheritable_reports_the_flag_as_a_bool(target, sandbox, kind, inheritable):
    """get_inheritable.returns-bool: "Get the "inheritable" flag of the specified file
    descriptor (a boolean)." """
    support.require(target, "fd_flags", "FD_CLOEXEC, set harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, not inheritable)
        assert target.api.get_inheritable(fd) is inheritable


@behaviour("set_inheritable.sets-flag")
@given(kind=FD_KINDS, before=st.booleans(), after=st.booleans())
def test_set_inheritable_sets_the_flag(target, sandbox, kind, before, after):
    """set_inheritable.sets-flag: "Set the "inheritable" flag of the specified file
    descriptor." """
    support.require(target, "fd_flags", "FD_CLOEXEC, read harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, not before)
        target.api.set_inheritable(fd, after)
        assert support.is_cloexec(fd) is (not after)


def _open_in_exec_child(fd):
    """Harness-side: whether `fd` is open in a program exec'd by a child of this process."""
    child = subprocess.run(["/bin/sh", "-c", '[ -e "/proc/$$/fd/%d" ]' % fd], close_fds=False)
    return child.returncode == 0


@behaviour("set_inheritable.inheritable-survives-exec")
@given(kind=FD_KINDS)
def test_set_inheritable_true_fd_stays_open_across_exec(target, sandbox, kind):
    """set_inheritable.inheritable-survives-exec: "On UNIX, non-inheritable file descriptors
    are closed in child processes at the execution of a new program, other file descriptors
    are inherited." """
    support.require(target, "processes", "a program exec'd by a child, seeing the fd")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)  # non-inheritable, as Python creates it
        target.api.set_inheritable(fd, True)
        assert _open_in_exec_child(fd), "an inheritable fd was not inherited across exec"


@behaviour("set_inheritable.non-inheritable-closed-on-exec")
@given(kind=FD_KINDS)
def test_set_inheritable_false_fd_is_closed_on_exec(target, sandbox, kind):
    """set_inheritable.non-inheritable-closed-on-exec: "On UNIX, non-inheritable file
    descriptors are closed in child processes at the execution of a new program" """
    support.require(target, "processes", "a program exec'd by a child, seeing the fd")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_cloexec(fd, False)  # start inheritable, so the target must change it
        target.api.set_inheritable(fd, False)
        assert not _open_in_exec_child(fd), "a non-inheritable fd survived exec"


# --- get_blocking / set_blocking -----------------------------------------------------------

@behaviour("get_blocking.false-when-nonblocking")
@given(kind=FD_KINDS)
def test_get_blocking_is_false_when_o_nonblock_is_set(target, sandbox, kind):
    """get_blocking.false-when-nonblocking: "``False`` if the O_NONBLOCK flag is set," """
    support.require(target, "fd_flags", "O_NONBLOCK, set harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_nonblocking(fd, True)
        assert target.api.get_blocking(fd) is False


@behaviour("get_blocking.true-when-blocking")
@given(kind=FD_KINDS)
def test_get_blocking_is_true_when_o_nonblock_is_clear(target, sandbox, kind):
    """get_blocking.true-when-blocking: "``True`` if the flag is cleared." """
    support.require(target, "fd_flags", "O_NONBLOCK, cleared harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_nonblocking(fd, False)
        assert target.api.get_blocking(fd) is True


@behaviour("set_blocking.false-sets-nonblock")
@given(kind=FD_KINDS, before=st.booleans())
def test_set_blocking_false_sets_o_nonblock(target, sandbox, kind, before):
    """set_blocking.false-sets-nonblock: "Set the O_NONBLOCK flag if blocking is ``False``," """
    support.require(target, "fd_flags", "O_NONBLOCK and the status flags, read harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_nonblocking(fd, not before)
        flags = support.status_flags(fd) & ~os.O_NONBLOCK
        target.api.set_blocking(fd, False)
        assert support.is_nonblocking(fd)
        assert support.status_flags(fd) & ~os.O_NONBLOCK == flags, "other status flags changed"


@behaviour("set_blocking.true-clears-nonblock")
@given(kind=FD_KINDS, before=st.booleans())
def test_set_blocking_true_clears_o_nonblock(target, sandbox, kind, before):
    """set_blocking.true-clears-nonblock: "clear the flag otherwise." """
    support.require(target, "fd_flags", "O_NONBLOCK and the status flags, read harness-side")
    with support.fds(target) as fds:
        fd = _any_fd(fds, sandbox, kind)
        support.set_nonblocking(fd, not before)
        flags = support.status_flags(fd) & ~os.O_NONBLOCK
        target.api.set_blocking(fd, True)
        assert not support.is_nonblocking(fd)
        assert support.status_flags(fd) & ~os.O_NONBLOCK == flags, "other status flags changed"

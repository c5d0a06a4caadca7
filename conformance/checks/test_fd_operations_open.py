"""File Descriptor Operations: os.open.

Each check calls the target's `open` only; files are made and inspected harness-side, in the
target's world (support.Fds), so a fault elsewhere in the target is not blamed on open.
"""
import errno
import os

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import contents, file_names, nonempty_contents, path_forms, spell

behaviour = pytest.mark.behaviour
ACCESS_MODES = ("O_RDONLY", "O_WRONLY", "O_RDWR")
# Status flags F_GETFL reports back on a regular file (O_SYNC includes O_DSYNC's bit).
STATUS_FLAGS = ("O_APPEND", "O_NONBLOCK", "O_DSYNC", "O_SYNC", "O_NOATIME")


@behaviour("open.returns-int-fd")
@given(name=file_names(), form=path_forms)
def test_open_returns_an_int_fd_for_the_file(target, sandbox, name, form):
    """open.returns-int-fd: "Return the file descriptor for the newly opened file." """
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), name), b"x")
        fd = fds.target(target.api.open(spell(path, form), os.O_RDONLY))
        assert type(fd) is int and fd >= 0, "open returned %r" % (fd,)
        assert fds.refers_to(fd, path)


@behaviour("open.applies-flags")
@given(name=file_names(), mode=st.sampled_from(ACCESS_MODES))
def test_open_access_mode_flag_gives_that_access(target, sandbox, name, mode):
    """open.applies-flags: "Open the file *path* and set various flags according to *flags*"
    — O_RDONLY/O_WRONLY/O_RDWR decide the fd's access mode."""
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), name), b"")
        fd = fds.target(target.api.open(path, getattr(os, mode)))
        assert fds.access_mode(fd) == getattr(os, mode)


@behaviour("open.applies-flags")
@given(name=file_names())
def test_open_o_creat_creates_a_missing_file(target, sandbox, name):
    """open.applies-flags: O_CREAT creates the file when it does not exist."""
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        fds.target(target.api.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        assert fds.is_file(path)


@behaviour("open.applies-flags")
@given(name=file_names(), data=nonempty_contents)
def test_open_o_trunc_empties_the_file(target, sandbox, name, data):
    """open.applies-flags: O_TRUNC truncates an existing regular file to length 0."""
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), name), data)
        fds.target(target.api.open(path, os.O_WRONLY | os.O_TRUNC))
        assert fds.read(path) == b""


@behaviour("open.applies-flags")
@given(name=file_names(), data=contents)
def test_open_o_excl_refuses_an_existing_file(target, sandbox, name, data):
    """open.applies-flags: O_CREAT | O_EXCL fails with FileExistsError (EEXIST) on an existing
    file, which it leaves alone."""
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), name), data)
        exc = support.assert_raises(False, FileExistsError, errno.EEXIST,
                                    lambda: fds.target(target.api.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)))
        assert exc.filename == path
        assert fds.read(path) == data


@behaviour("open.flags-or-combined")
@given(name=file_names(), data=nonempty_contents,
       extra=st.sets(st.sampled_from(STATUS_FLAGS)), trunc=st.booleans())
def test_open_applies_every_flag_of_an_or_combination(target, sandbox, name, data, extra, trunc):
    """open.flags-or-combined: "They can be combined using the bitwise OR operator ``|``." —
    access mode, creation flags and status flags given together all take effect. (A world without
    descriptor flags beyond the access mode and O_APPEND - pyfakefs' - has only O_APPEND of the
    status flags to combine.)"""
    if "fd_flags" not in target.capabilities:
        extra = extra & {"O_APPEND"}
    path = os.path.join(sandbox.fresh(), name)
    existed = bool(len(data) % 2)  # half the examples create the file, half reopen it
    flags = os.O_RDWR | os.O_CREAT | (os.O_TRUNC if trunc else 0)
    for flag in extra:
        flags |= getattr(os, flag)
    with support.fds(target) as fds:
        if existed:
            fds.write(path, data)
        fd = fds.target(target.api.open(path, flags, 0o600))
        assert fds.access_mode(fd) == os.O_RDWR
        for flag in extra:
            if flag == "O_APPEND":
                applied = fds.is_append(fd)
            else:
                applied = support.status_flags(fd) & getattr(os, flag) == getattr(os, flag)
            assert applied, "%s not applied" % flag
        assert fds.read(path) == (data if existed and not trunc else b"")


@behaviour("open.mode-masked-by-umask")
@given(name=file_names(), mode=st.integers(0, 0o777), umask=st.integers(0, 0o777))
def test_open_created_file_mode_is_masked_by_umask(target, sandbox, name, mode, umask):
    """open.mode-masked-by-umask: "When computing *mode*, the current umask value is first
    masked out." """
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        with support.umask_set(target, umask):  # harness-side, in the target's world
            fds.target(target.api.open(path, os.O_WRONLY | os.O_CREAT, mode))
        assert fds.permissions(path) == mode & ~umask


@behaviour("open.default-mode-0o777")
@given(name=file_names(), umask=st.integers(0, 0o777))
def test_open_default_mode_is_0o777(target, sandbox, name, umask):
    """open.default-mode-0o777: "open(path, flags, mode=0o777, *, dir_fd=None)" — without a
    mode, a created file gets 0o777 & ~umask."""
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        with support.umask_set(target, umask):
            fds.target(target.api.open(path, os.O_WRONLY | os.O_CREAT))
        assert fds.permissions(path) == 0o777 & ~umask


@behaviour("open.non-inheritable")
@given(name=file_names(), mode=st.sampled_from(ACCESS_MODES), create=st.booleans())
def test_open_returns_a_non_inheritable_fd(target, sandbox, name, mode, create):
    """open.non-inheritable: "The new file descriptor is non-inheritable." (FD_CLOEXEC set,
    though the flags did not ask for O_CLOEXEC)."""
    support.require(target, "fd_flags", "FD_CLOEXEC")
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        if not create:
            fds.write(path, b"")
        fd = fds.target(target.api.open(path, getattr(os, mode) | (os.O_CREAT if create else 0), 0o600))
        assert support.is_cloexec(fd), "the fd returned by open is inheritable"


@behaviour("open.dir-fd")
@given(name=file_names(), data=contents)
def test_open_resolves_relative_path_against_dir_fd(target, sandbox, name, data):
    """open.dir-fd: a relative path is resolved against the directory open on *dir_fd*, not
    against the working directory."""
    base = sandbox.fresh()
    with support.fds(target) as fds, support.cwd_set(target, base):  # harness-side, the target's world
        fds.mkdir(os.path.join(base, "sub"), 0o755)
        path = fds.write(os.path.join(base, "sub", name), data)
        # A same-named file in the working directory must not be the one opened.
        fds.write(os.path.join(base, name), b"wrong " + data)
        dir_fd = fds.open(os.path.join(base, "sub"), os.O_RDONLY | os.O_DIRECTORY)
        fd = fds.target(target.api.open(name, os.O_RDONLY, dir_fd=dir_fd))
        assert fds.refers_to(fd, path)


@behaviour("open.dir-fd-keyword-only")
@given(name=file_names())
def test_open_dir_fd_is_keyword_only(target, sandbox, name):
    """open.dir-fd-keyword-only: "open(path, flags, mode=0o777, *, dir_fd=None)" — a fourth
    positional argument is a TypeError, and nothing is created."""
    base = sandbox.fresh()
    path = os.path.join(base, name)
    with support.fds(target) as fds:
        dir_fd = fds.open(base, os.O_RDONLY | os.O_DIRECTORY)
        support.assert_raises(False, TypeError, None,
                              lambda: fds.target(target.api.open(path, os.O_WRONLY | os.O_CREAT, 0o600, dir_fd)))
        assert not fds.lexists(path)


@behaviour("open.accepts-pathlike")
@given(name=file_names(), form=st.sampled_from(["pathlike-str", "pathlike-bytes"]))
def test_open_accepts_a_pathlike(target, sandbox, name, form):
    """open.accepts-pathlike: "Accepts a path-like object." (an object with only __fspath__)."""
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        fd = fds.target(target.api.open(spell(path, form), os.O_WRONLY | os.O_CREAT, 0o600))
        assert fds.refers_to(fd, path)


@behaviour("open.accepts-bytes-path")
@given(name=file_names())
def test_open_accepts_a_bytes_path(target, sandbox, name):
    """open.accepts-bytes-path: "All functions accepting path or file names accept both bytes and
    string objects" — the bytes path names the same file as its str spelling."""
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        fd = fds.target(target.api.open(spell(path, "bytes"), os.O_WRONLY | os.O_CREAT, 0o600))
        assert fds.refers_to(fd, path)


@behaviour("open.applies-flags")
@given(name=file_names())
def test_open_missing_file_without_o_creat_raises_file_not_found(target, sandbox, name):
    """open.applies-flags: without O_CREAT a missing file is not created: FileNotFoundError
    (ENOENT) naming the path."""
    path = os.path.join(sandbox.fresh(), name)
    with support.fds(target) as fds:
        assume(not fds.lexists(path))
        exc = support.assert_raises(False, FileNotFoundError, errno.ENOENT,
                                    lambda: fds.target(target.api.open(path, os.O_RDONLY)))
    assert exc.filename == path

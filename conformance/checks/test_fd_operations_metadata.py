"""File Descriptor Operations: fchmod, fchown, fpathconf, fstatvfs (the fd twins of chmod, chown,
pathconf and statvfs) and the default inheritability of the descriptors Python creates.

Files are made and inspected harness-side in the target's world (support.Fds: on pyfakefs its
FakeFilesystem's own file objects); each "same as X(fd)" claim is checked against that world's own
X on a twin file or the same fd, so only the named function is the target's. pathconf and statvfs
values are the kernel's ("kernel_facts"), inheritability is FD_CLOEXEC ("fd_flags").
"""
import errno
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support

behaviour = pytest.mark.behaviour
modes = st.integers(0, 0o7777)
ids = st.integers(0, 2 ** 31)
#: statvfs fields that do not move while a check runs (free counts may).
STABLE_VFS = ["f_bsize", "f_frsize", "f_blocks", "f_files", "f_flag", "f_namemax", "f_fsid"]


def _file(fds, sandbox, name="f", mode=0o644):
    path = fds.write(os.path.join(sandbox.fresh(), name), b"data")
    fds.set_mode(path, mode)
    return path


# --- fchmod --------------------------------------------------------------------------------

@behaviour("fchmod.changes-mode")
@given(before=modes, mode=modes, flags=st.sampled_from([os.O_RDONLY, os.O_WRONLY, os.O_RDWR]))
def test_fchmod_sets_the_mode_of_the_open_file(target, sandbox, before, mode, flags):
    """fchmod.changes-mode: "Change the mode of the file given by *fd* to the numeric *mode*."
    — whatever the fd's access mode, the file's permission bits (special bits included, as root)
    become `mode`; the file type stays."""
    with support.fds(target) as fds:
        path = _file(fds, sandbox, mode=0o600)
        fd = fds.open(path, flags)
        fds.set_mode(path, before)
        assert target.api.fchmod(fd, mode) is None
        st_mode = fds.st_mode(path)
    assert stat.S_IMODE(st_mode) == mode and stat.S_ISREG(st_mode)


@behaviour("fchmod.same-as-chmod-fd")
@given(mode=modes, is_dir=st.booleans())
def test_fchmod_does_what_chmod_of_the_fd_does(target, sandbox, mode, is_dir):
    """fchmod.same-as-chmod-fd: "As of Python 3.3, this is equivalent to os.chmod(fd, mode)." —
    the same mode as the harness's chmod(fd) gives a twin (a file or a directory)."""
    base = sandbox.fresh()
    a, b = os.path.join(base, "a"), os.path.join(base, "b")
    with support.fds(target) as fds:
        for p in (a, b):
            fds.os.mkdir(p) if is_dir else fds.write(p, b"")
        target.api.fchmod(fds.open(a), mode)
        fds.os.chmod(fds.open(b), mode)  # harness-side model: the world's own chmod(fd)
        assert fds.st_mode(a) == fds.st_mode(b)


# --- fchown --------------------------------------------------------------------------------

@behaviour("fchown.changes-owner-group")
@given(uid=ids, gid=ids)
def test_fchown_sets_uid_and_gid(target, sandbox, uid, gid):
    """fchown.changes-owner-group: "Change the owner and group id of the file given by *fd* to the
    numeric *uid* and *gid*." (as root: any ids)"""
    with support.fds(target) as fds:
        path = _file(fds, sandbox)
        assert target.api.fchown(fds.open(path), uid, gid) is None
        assert fds.owner(path) == (uid, gid)


@behaviour("fchown.minus-one-unchanged")
@given(uid=ids, gid=ids, keep=st.sampled_from(["uid", "gid", "both"]))
def test_fchown_minus_one_leaves_an_id_unchanged(target, sandbox, uid, gid, keep):
    """fchown.minus-one-unchanged: "To leave one of the ids unchanged, set it to -1." """
    with support.fds(target) as fds:
        path = _file(fds, sandbox)
        fds.set_owner(path, 4242, 4343)  # harness-side starting owner
        target.api.fchown(fds.open(path), -1 if keep in ("uid", "both") else uid,
                          -1 if keep in ("gid", "both") else gid)
        assert fds.owner(path) == (4242 if keep in ("uid", "both") else uid,
                                   4343 if keep in ("gid", "both") else gid)


@behaviour("fchown.same-as-chown-fd")
@given(uid=st.one_of(st.just(-1), ids), gid=st.one_of(st.just(-1), ids), mode=st.sampled_from([0o644, 0o6755]))
def test_fchown_does_what_chown_of_the_fd_does(target, sandbox, uid, gid, mode):
    """fchown.same-as-chown-fd: "As of Python 3.3, this is equivalent to os.chown(fd, uid, gid)."
    — owner, group and mode (the kernel clears set-id bits on a chown) as the harness's chown(fd)
    leaves a twin."""
    base = sandbox.fresh()
    with support.fds(target) as fds:
        a, b = (fds.write(os.path.join(base, n), b"x") for n in "ab")
        for p in (a, b):
            fds.set_owner(p, 4242, 4343)
            fds.set_mode(p, mode)
        target.api.fchown(fds.open(a), uid, gid)
        fds.os.chown(fds.open(b), uid, gid)  # harness-side model: the world's own chown(fd)
        assert fds.owner(a) + (fds.st_mode(a),) == fds.owner(b) + (fds.st_mode(b),)


# --- fpathconf -----------------------------------------------------------------------------

def _conf_fd(fds, sandbox, kind):
    """Harness-side: an fd of `kind` (a file, a directory, a pipe end), in the target's world."""
    if kind == "pipe":
        return fds.pipe()[0]
    base = sandbox.fresh()
    return fds.open(base if kind == "dir" else fds.write(os.path.join(base, "f"), b""))


def _cpython_pathconf(target, fd, name):
    """CPython's pathconf of the fd (hostos.cpython_os: the reference when the target is the
    running stdlib, whose fpathconf and pathconf share one C path)."""
    try:
        return hostos.cpython_os(target).pathconf(fd, name)
    except OSError as exc:
        return ("OSError", exc.errno)


def _target_fpathconf(target, fd, name):
    try:
        return target.api.fpathconf(fd, name)
    except OSError as exc:
        return ("OSError", exc.errno)


@behaviour("fpathconf.string-name", "fpathconf.same-as-pathconf-fd")
@given(name=st.sampled_from(sorted(os.pathconf_names)), kind=st.sampled_from(["file", "dir", "pipe"]))
def test_fpathconf_by_name_answers_as_pathconf_of_the_fd(target, sandbox, name, kind):
    """fpathconf.string-name: "*name* specifies the configuration value to retrieve; it may be a
    string which is the name of a defined system value" — an int; fpathconf.same-as-pathconf-fd:
    "equivalent to os.pathconf(fd, name)" — CPython's pathconf of the same fd, value or
    errno alike."""
    support.require(target, "kernel_facts", "pathconf values of the fd's file system")
    with support.fds(target) as fds:
        fd = _conf_fd(fds, sandbox, kind)
        got = _target_fpathconf(target, fd, name)
        want = _cpython_pathconf(target, fd, name)
    assert got == want and (type(got) is int or type(got) is tuple)


@behaviour("fpathconf.integer-name")
@given(name=st.sampled_from(sorted(os.pathconf_names)), kind=st.sampled_from(["file", "dir", "pipe"]))
def test_fpathconf_by_number_answers_as_by_name(target, sandbox, name, kind):
    """fpathconf.integer-name: "passing an integer for *name* is also accepted" — the number from
    the harness's pathconf_names gives what the harness's pathconf gives for the name."""
    support.require(target, "kernel_facts", "pathconf values of the fd's file system")
    with support.fds(target) as fds:
        fd = _conf_fd(fds, sandbox, kind)
        got = _target_fpathconf(target, fd, os.pathconf_names[name])
        want = _cpython_pathconf(target, fd, name)
    assert got == want


@behaviour("fpathconf.unknown-string-raises-valueerror")
@given(name=st.text(max_size=12).filter(lambda n: n not in os.pathconf_names))
def test_fpathconf_unknown_name_raises_valueerror(target, sandbox, name, strict):
    """fpathconf.unknown-string-raises-valueerror: "If *name* is a string and is not known,
    ValueError is raised." """
    with support.fds(target) as fds:
        fd = fds.open(sandbox.fresh())
        support.assert_raises(strict, ValueError, None, lambda: target.api.fpathconf(fd, name),
                              model=lambda: _stdlib_fpathconf(fds, fd, name))


def _stdlib_fpathconf(fds, fd, name):
    """The running stdlib's fpathconf of the same fd and name (the model of the strict message);
    in a world of the target's own, of a real fd of the harness's (the real os never gets a fake
    fd; the message is about the name)."""
    if not fds.fake:
        return os.fpathconf(fd, name)
    real = os.open(os.devnull, os.O_RDONLY)
    try:
        return os.fpathconf(real, name)
    finally:
        os.close(real)


@behaviour("fpathconf.unsupported-raises-oserror-einval")
@given(number=st.integers(1000, 2 ** 31 - 1))
def test_fpathconf_unsupported_number_raises_einval(target, sandbox, number, strict):
    """fpathconf.unsupported-raises-oserror-einval: "If a specific value for *name* is not
    supported by the host system, even if it is included in pathconf_names, an OSError is raised
    with errno.EINVAL for the error number." — numbers glibc does not know."""
    support.require(target, "kernel_facts", "which pathconf names the host system supports")
    with support.fds(target) as fds:
        fd = fds.open(sandbox.fresh())
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.fpathconf(fd, number),
                              model=lambda: os.fpathconf(fd, number))


# --- fstatvfs ------------------------------------------------------------------------------

@behaviour("fstatvfs.returns-statvfs-result", "fstatvfs.same-as-statvfs-fd")
@given(kind=st.sampled_from(["file", "dir", "pipe", "devnull"]))
def test_fstatvfs_describes_the_file_system_of_the_fd(target, sandbox, kind):
    """fstatvfs.returns-statvfs-result: "Return information about the filesystem containing the
    file associated with file descriptor *fd*, like statvfs()." — a result with statvfs's fields
    (ints, f_fsid included) and a 10-tuple view; fstatvfs.same-as-statvfs-fd: its stable fields
    are those of CPython's statvfs(fd) (the reference's when the target is the running stdlib)."""
    support.require(target, "kernel_facts", "statvfs values of the fd's file system")
    with support.fds(target) as fds:
        if kind == "devnull":
            fd = fds.open(os.devnull)
        else:
            fd = _conf_fd(fds, sandbox, kind)
        got = target.api.fstatvfs(fd)
        want = hostos.cpython_os(target).statvfs(fd)
    assert all(type(getattr(got, f)) is int for f in STABLE_VFS + ["f_bfree", "f_bavail", "f_ffree", "f_favail"])
    assert len(tuple(got)) == 10 and tuple(got)[0] == got.f_bsize
    assert [getattr(got, f) for f in STABLE_VFS] == [getattr(want, f) for f in STABLE_VFS]


# --- inheritability of new descriptors -----------------------------------------------------

def _created(target, sandbox, fds, how):
    """The fds the target's `how` creates (tracked for closing)."""
    api = target.api
    if how == "open":
        return [fds.target(api.open(fds.write(os.path.join(sandbox.fresh(), "f"), b""), os.O_RDONLY))]
    if how == "dup":
        return [fds.target(api.dup(fds.open(sandbox.fresh())))]
    if how == "pipe":
        return [fds.target(fd) for fd in api.pipe()]
    if how == "openpty":
        return [fds.target(fd) for fd in api.openpty()]
    if how == "memfd_create":
        return [fds.target(api.memfd_create("x"))]
    if how == "eventfd":
        return [fds.target(api.eventfd(0))]
    raise AssertionError(how)


@behaviour("get_inheritable.python-fds-default-non-inheritable")
@pytest.mark.parametrize("how", ["open", "dup", "pipe", "openpty", "memfd_create", "eventfd"])
def test_descriptors_the_target_creates_are_not_inheritable(target, sandbox, how):
    """get_inheritable.python-fds-default-non-inheritable: "Since Python 3.4, file descriptors
    created by Python are non-inheritable by default." — fds made by the target's open, dup,
    pipe, openpty (and memfd_create, eventfd where it has them) have FD_CLOEXEC set (read
    harness-side with fcntl) and the target's get_inheritable says False. (pipe2(0) is the
    documented-elsewhere exception: see the finding.)"""
    get_inheritable = target.api.get_inheritable
    support.require(target, "fd_flags", "FD_CLOEXEC, read harness-side")
    if how == "openpty":
        support.require(target, "terminals")
    with support.fds(target) as fds:
        created = _created(target, sandbox, fds, how)
        assert [support.is_cloexec(fd) for fd in created] == [True] * len(created), "inheritable by default"
        assert [get_inheritable(fd) for fd in created] == [False] * len(created)

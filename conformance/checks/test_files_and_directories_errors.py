"""Files and Directories: rejected arguments, function by function.

Every call gets a sandbox holding a file `f` (b"data"), a directory `d` and a symlink `l -> f`;
the bad argument goes where the path (or the int) goes. Exception class and errno are compared
always, the message only under --os-strict. A rejected call must leave the sandbox as it was:
each check compares a harness-side snapshot (types, modes, owners, sizes, contents, names).
Expected outcomes are CPython's on Linux (3.8 to 3.13 agree on every case used here).
"""
import errno
import os

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import NAME_MAX, non_paths, nul_names, path_forms, spell

behaviour = pytest.mark.behaviour


def _walk(api, p, base=None):
    return list(api.walk(p))


def _fwalk(api, p, base=None):
    return [t[:3] for t in api.fwalk(p)]


# name -> call(api, p, base): `p` is the argument under test, `base` the sandbox directory.
PATH_CALLS = {
    "access": lambda api, p, b: api.access(p, os.F_OK),
    "chdir": lambda api, p, b: api.chdir(p),
    "chmod": lambda api, p, b: api.chmod(p, 0o600),
    "chown": lambda api, p, b: api.chown(p, -1, -1),
    "lchown": lambda api, p, b: api.lchown(p, -1, -1),
    "listdir": lambda api, p, b: api.listdir(p),
    "lstat": lambda api, p, b: api.lstat(p),
    "mkdir": lambda api, p, b: api.mkdir(p),
    "makedirs": lambda api, p, b: api.makedirs(p),
    "mkfifo": lambda api, p, b: api.mkfifo(p),
    "mknod": lambda api, p, b: api.mknod(p),
    "pathconf": lambda api, p, b: api.pathconf(p, "PC_NAME_MAX"),
    "readlink": lambda api, p, b: api.readlink(p),
    "remove": lambda api, p, b: api.remove(p),
    "removedirs": lambda api, p, b: api.removedirs(p),
    "rmdir": lambda api, p, b: api.rmdir(p),
    "scandir": lambda api, p, b: list(api.scandir(p)),
    "stat": lambda api, p, b: api.stat(p),
    "statvfs": lambda api, p, b: api.statvfs(p),
    "truncate": lambda api, p, b: api.truncate(p, 0),
    "unlink": lambda api, p, b: api.unlink(p),
    "utime": lambda api, p, b: api.utime(p, (1, 2)),
    "getxattr": lambda api, p, b: api.getxattr(p, "user.x"),
    "setxattr": lambda api, p, b: api.setxattr(p, "user.x", b"v"),
    "listxattr": lambda api, p, b: api.listxattr(p),
    "removexattr": lambda api, p, b: api.removexattr(p, "user.x"),
    "walk": _walk,
    "fwalk": _fwalk,
    "link-src": lambda api, p, b: api.link(p, os.path.join(b, "new")),
    "link-dst": lambda api, p, b: api.link(os.path.join(b, "f"), p),
    "symlink-dst": lambda api, p, b: api.symlink("f", p),
    "rename-src": lambda api, p, b: api.rename(p, os.path.join(b, "new")),
    "rename-dst": lambda api, p, b: api.rename(os.path.join(b, "f"), p),
    "renames-src": lambda api, p, b: api.renames(p, os.path.join(b, "new")),
    "renames-dst": lambda api, p, b: api.renames(os.path.join(b, "f"), p),
    "replace-src": lambda api, p, b: api.replace(p, os.path.join(b, "new")),
    "replace-dst": lambda api, p, b: api.replace(os.path.join(b, "f"), p),
}
# A symlink's target is any string: only the NUL and type checks apply to it.
TARGET_CALLS = {"symlink-src": lambda api, p, b: api.symlink(p, os.path.join(b, "new"))}
# These take None for "the current directory".
NONE_OK = {"listdir", "scandir", "listxattr"}


def _name(case):
    return case.split("-")[0]


def _params(calls, slug):
    return [pytest.param(c, id=c, marks=behaviour("%s.%s" % (_name(c), slug))) for c in sorted(calls)]


def _world(h, base):
    """Harness-side: the standard sandbox contents."""
    h.write(h.path.join(base, "f"), b"data")
    h.os.mkdir(h.path.join(base, "d"))
    h.os.symlink("f", h.path.join(base, "l"))


def _rejected(target, sandbox, strict, exc, err, call, value):
    """Assert call(api, value, base) raises (exc, err) and changes nothing in the sandbox."""
    with support.host(target) as h:
        base = sandbox.fresh()
        _world(h, base)
        arg = value(base) if callable(value) else value
        before = h.snapshot(base)
        cwd = h.os.getcwd()
        try:
            support.assert_raises(strict, exc, err, lambda: call(target.api, arg, base),
                                  model=None if h.fake else lambda: call(os, arg, base))
        finally:
            if h.os.getcwd() != cwd:
                h.os.chdir(cwd)
        assert h.snapshot(base) == before, "a rejected call changed the sandbox"


@pytest.mark.parametrize("case", _params(dict(PATH_CALLS, **TARGET_CALLS), "rejects-non-path"))
@given(value=st.one_of(non_paths, st.none()))
def test_non_path_raises_typeerror(target, sandbox, case, value, strict):
    """<name>.rejects-non-path: a path that is neither str, bytes nor os.PathLike is a TypeError
    (None is one, except where it means the current directory), nothing changed."""
    if value is None and _name(case) in NONE_OK:
        value = 1.5
    call = dict(PATH_CALLS, **TARGET_CALLS)[case]
    _rejected(target, sandbox, strict, TypeError, None, call, value)


@pytest.mark.parametrize("case", _params(dict(PATH_CALLS, **TARGET_CALLS), "rejects-nul-in-path"))
# No explain phase: in a forked check child its tracing takes over a minute on this check.
@settings(phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink])
@given(name=nul_names(), form=st.sampled_from(["str", "bytes", "pathlike-str", "pathlike-bytes"]),
       where=st.sampled_from(["leaf", "relative", "dir"]))
def test_nul_in_path_raises_valueerror(target, sandbox, case, name, form, where, strict):
    """<name>.rejects-nul-in-path: a str or bytes path with an embedded NUL is a ValueError and
    nothing is created, removed or changed (C would have cut the path at the NUL)."""
    def value(base):
        path = {"leaf": os.path.join(base, name), "relative": name, "dir": os.path.join(base, name, "f")}[where]
        return spell(path, form)
    _rejected(target, sandbox, strict, ValueError, None, dict(PATH_CALLS, **TARGET_CALLS)[case], value)


# Where each function is sent, and the errno that gives: (path under base, errno).
BAD_PATHS = {
    "missing": ("missing", errno.ENOENT),
    "missing-parent": (os.path.join("missing", "x"), errno.ENOENT),
    "too-long": ("x" * (NAME_MAX + 1), errno.ENAMETOOLONG),
    "file-as-dir": (os.path.join("f", "x"), errno.ENOTDIR),
}
CREATORS = {"mkdir", "mkfifo", "mknod", "link-dst", "symlink-dst", "rename-dst", "replace-dst"}
ERROR_CALLS = {c: f for c, f in PATH_CALLS.items() if _name(c) not in ("access", "walk", "fwalk", "renames")}
ERROR_CALLS["renames-src"] = PATH_CALLS["renames-src"]


@pytest.mark.parametrize("case", _params(ERROR_CALLS, "oserror-for-rejected-arguments"))
@given(kind=st.sampled_from(sorted(BAD_PATHS)), form=path_forms)
def test_unusable_path_raises_oserror_with_errno(target, sandbox, case, kind, form, strict):
    """<name>.oserror-for-rejected-arguments: "os functions raise OSError in the case of invalid or
    inaccessible file names and paths" — a missing file (for creators: a missing parent), a name
    over NAME_MAX, a file used as a directory give ENOENT, ENAMETOOLONG, ENOTDIR; nothing changed."""
    rel, err = BAD_PATHS[kind]
    if kind == "missing" and case in CREATORS or case == "makedirs" and kind == "missing-parent":
        rel, err = BAD_PATHS["missing-parent"] if case != "makedirs" else BAD_PATHS["too-long"]
    if kind == "missing" and case == "makedirs":
        rel, err = BAD_PATHS["file-as-dir"]
    _rejected(target, sandbox, strict, OSError, err, PATH_CALLS[case],
              lambda base: spell(os.path.join(base, rel), form))


# Functions that take an open fd as the path, and those with a dir_fd.
FD_CALLS = {n: PATH_CALLS[n] for n in ("chdir", "chmod", "chown", "listdir", "scandir", "stat", "statvfs",
                                       "truncate", "utime", "pathconf", "getxattr", "setxattr", "listxattr",
                                       "removexattr")}
DIR_FD_CALLS = {
    "chmod": lambda api, fd, b: api.chmod("f", 0o600, dir_fd=fd),
    "chown": lambda api, fd, b: api.chown("f", -1, -1, dir_fd=fd),
    "link": lambda api, fd, b: api.link("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "lstat": lambda api, fd, b: api.lstat("f", dir_fd=fd),
    "mkdir": lambda api, fd, b: api.mkdir("new", dir_fd=fd),
    "mkfifo": lambda api, fd, b: api.mkfifo("new", dir_fd=fd),
    "mknod": lambda api, fd, b: api.mknod("new", dir_fd=fd),
    "readlink": lambda api, fd, b: api.readlink("l", dir_fd=fd),
    "rename": lambda api, fd, b: api.rename("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "replace": lambda api, fd, b: api.replace("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "rmdir": lambda api, fd, b: api.rmdir("d", dir_fd=fd),
    "stat": lambda api, fd, b: api.stat("f", dir_fd=fd),
    "symlink": lambda api, fd, b: api.symlink("f", "new", dir_fd=fd),
    "unlink": lambda api, fd, b: api.unlink("f", dir_fd=fd),
    "utime": lambda api, fd, b: api.utime("f", dir_fd=fd),
}


def _closed_fd(h, base):
    fd = h.os.open(base, os.O_RDONLY)
    h.os.close(fd)
    return fd


@pytest.mark.parametrize("case", _params(FD_CALLS, "oserror-for-rejected-arguments"))
@given(data=st.data())
def test_closed_fd_as_path_raises_ebadf(target, sandbox, case, data, strict):
    """<name>.oserror-for-rejected-arguments: a closed descriptor given as the path is OSError EBADF."""
    with support.host(target) as h:
        fd = _closed_fd(h, sandbox.path)
    _rejected(target, sandbox, strict, OSError, errno.EBADF, FD_CALLS[case], fd)


@pytest.mark.parametrize("case", _params(DIR_FD_CALLS, "oserror-for-rejected-arguments"))
@given(data=st.data())
def test_closed_dir_fd_raises_ebadf(target, sandbox, case, data, strict):
    """<name>.oserror-for-rejected-arguments: a closed dir_fd with a relative path is OSError EBADF."""
    def value(base):
        with support.host(target) as h:
            return _closed_fd(h, base)
    _rejected(target, sandbox, strict, OSError, errno.EBADF, DIR_FD_CALLS[case], value)


# --- integers: modes, ids, lengths, devices, fds -------------------------------------------
INT_CALLS = {
    "access": lambda api, v, b: api.access(os.path.join(b, "f"), v),
    "chmod": lambda api, v, b: api.chmod(os.path.join(b, "f"), v),
    "chown-uid": lambda api, v, b: api.chown(os.path.join(b, "f"), v, -1),
    "chown-gid": lambda api, v, b: api.chown(os.path.join(b, "f"), -1, v),
    "lchown": lambda api, v, b: api.lchown(os.path.join(b, "l"), v, -1),
    "mkdir": lambda api, v, b: api.mkdir(os.path.join(b, "new"), v),
    "mkfifo": lambda api, v, b: api.mkfifo(os.path.join(b, "new"), v),
    "mknod-mode": lambda api, v, b: api.mknod(os.path.join(b, "new"), v),
    "mknod-device": lambda api, v, b: api.mknod(os.path.join(b, "new"), 0o600, v),
    "truncate": lambda api, v, b: api.truncate(os.path.join(b, "f"), v),
    "major": lambda api, v, b: api.major(v),
    "minor": lambda api, v, b: api.minor(v),
    "makedev-major": lambda api, v, b: api.makedev(v, 0),
    "makedev-minor": lambda api, v, b: api.makedev(0, v),
}
NON_INT_CALLS = dict(INT_CALLS, **{
    "makedirs": lambda api, v, b: api.makedirs(os.path.join(b, "new"), v),
    "fchdir": lambda api, v, b: api.fchdir(v),
})
NON_INT_CALLS.update({n + "-dir-fd": c for n, c in DIR_FD_CALLS.items() if n in (
    "stat", "lstat", "readlink", "unlink", "rmdir", "rename", "replace", "link", "symlink", "utime")})
NON_INT_CALLS["remove-dir-fd"] = lambda api, fd, b: api.remove("f", dir_fd=fd)
# A C int, an unsigned 64-bit device, uid_t (-1 means "unchanged") and off_t, each overflowed.
BEYOND = {
    "access": st.integers(2 ** 31, 2 ** 70), "chmod": st.integers(-2 ** 70, -2 ** 31 - 1),
    "chown-uid": st.one_of(st.integers(2 ** 32, 2 ** 70), st.integers(-2 ** 70, -2)),
    "chown-gid": st.one_of(st.integers(2 ** 32, 2 ** 70), st.integers(-2 ** 70, -2)),
    "lchown": st.integers(2 ** 32, 2 ** 70), "mkdir": st.integers(2 ** 31, 2 ** 70),
    "mkfifo": st.integers(2 ** 31, 2 ** 70), "mknod-mode": st.integers(2 ** 31, 2 ** 70),
    "mknod-device": st.integers(2 ** 64, 2 ** 80), "truncate": st.integers(2 ** 63, 2 ** 80),
    "major": st.integers(2 ** 64, 2 ** 80), "minor": st.integers(2 ** 64, 2 ** 80),
    "makedev-major": st.integers(2 ** 32, 2 ** 70), "makedev-minor": st.integers(2 ** 32, 2 ** 70),
}
# 3.8 still converts a float length with a DeprecationWarning: only non-numbers for truncate.
_non_numbers = st.one_of(st.text(max_size=3), st.binary(max_size=3), st.lists(st.integers(), max_size=2))
_non_ints = st.one_of(_non_numbers, st.floats(allow_nan=False), st.none())


@pytest.mark.parametrize("case", _params(NON_INT_CALLS, "rejects-non-integer"))
@given(data=st.data())
def test_non_integer_raises_typeerror(target, sandbox, case, data, strict):
    """<name>.rejects-non-integer: a mode, id, length, device, fd or dir_fd that is not an int is
    a TypeError (for dir_fd, None is the default and fine), nothing changed."""
    strategy = _non_numbers if case == "truncate" or case.endswith("dir-fd") else _non_ints
    value = data.draw(strategy)
    if case.endswith("dir-fd") and data.draw(st.booleans()):
        value = data.draw(st.floats(allow_nan=False))
    _rejected(target, sandbox, strict, TypeError, None, NON_INT_CALLS[case], value)


@pytest.mark.parametrize("case", _params(INT_CALLS, "rejects-int-beyond-c-range"))
@given(data=st.data())
def test_int_beyond_c_range_raises_overflowerror(target, sandbox, case, data, strict):
    """<name>.rejects-int-beyond-c-range: an int beyond its C type is an OverflowError before
    any system call, nothing changed."""
    _rejected(target, sandbox, strict, OverflowError, None, INT_CALLS[case], data.draw(BEYOND[case]))

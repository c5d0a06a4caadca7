"""Files and Directories: supports_dir_fd, supports_fd, supports_follow_symlinks and
supports_effective_ids, checked against behaviour: every function a set names does what it
promises. A function the target lacks is skipped (it is reported under its own name)."""
import collections.abc
import os
import stat

import pytest
from conformance import support
from conformance.targets import TargetLacks

behaviour = pytest.mark.behaviour
SETS = ["supports_dir_fd", "supports_fd", "supports_follow_symlinks", "supports_effective_ids"]

# name -> call(api, h, base, dir_fd): acts on `f`, `d` or `l` in base relative to dir_fd.
DIR_FD = {
    "access": lambda api, fd: api.access("f", os.F_OK, dir_fd=fd),
    "chmod": lambda api, fd: api.chmod("f", 0o640, dir_fd=fd),
    "chown": lambda api, fd: api.chown("f", -1, -1, dir_fd=fd),
    "link": lambda api, fd: api.link("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "lstat": lambda api, fd: api.lstat("l", dir_fd=fd),
    "mkdir": lambda api, fd: api.mkdir("new", dir_fd=fd),
    "mkfifo": lambda api, fd: api.mkfifo("new", dir_fd=fd),
    "mknod": lambda api, fd: api.mknod("new", dir_fd=fd),
    "open": lambda api, fd: api.close(api.open("f", os.O_RDONLY, dir_fd=fd)),
    "readlink": lambda api, fd: api.readlink("l", dir_fd=fd),
    "remove": lambda api, fd: api.remove("f", dir_fd=fd),
    "rename": lambda api, fd: api.rename("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "replace": lambda api, fd: api.replace("f", "new", src_dir_fd=fd, dst_dir_fd=fd),
    "rmdir": lambda api, fd: api.rmdir("d", dir_fd=fd),
    "stat": lambda api, fd: api.stat("f", dir_fd=fd),
    "symlink": lambda api, fd: api.symlink("f", "new", dir_fd=fd),
    "unlink": lambda api, fd: api.unlink("f", dir_fd=fd),
    "utime": lambda api, fd: api.utime("f", dir_fd=fd),
}
FD = {
    "chdir": lambda api, h, fd: None,  # checked by its own module: changing the cwd here would leak
    "chmod": lambda api, h, fd: api.chmod(fd, 0o640),
    "chown": lambda api, h, fd: api.chown(fd, -1, -1),
    "listdir": lambda api, h, fd: api.listdir(fd),
    "pathconf": lambda api, h, fd: api.pathconf(fd, "PC_NAME_MAX"),
    "scandir": lambda api, h, fd: list(api.scandir(fd)),
    "stat": lambda api, h, fd: api.stat(fd),
    "statvfs": lambda api, h, fd: api.statvfs(fd),
    "truncate": lambda api, h, fd: api.truncate(fd, 0),
    "utime": lambda api, h, fd: api.utime(fd),
}
NOFOLLOW = {  # on the symlink `l`
    "access": lambda api: api.access("l", os.F_OK, follow_symlinks=False),
    "chmod": lambda api: api.chmod("l", 0o640, follow_symlinks=False),
    "chown": lambda api: api.chown("l", -1, -1, follow_symlinks=False),
    "link": lambda api: api.link("l", "new", follow_symlinks=False),
    "stat": lambda api: api.stat("l", follow_symlinks=False),
    "utime": lambda api: api.utime("l", follow_symlinks=False),
}


def _world(h, base):
    h.write(h.path.join(base, "f"))
    h.os.mkdir(h.path.join(base, "d"))
    h.os.symlink("f", h.path.join(base, "l"))


def _member(target, set_name, name):
    """Whether the set holds the target's function `name` (by identity, or by its __name__: a
    wrapper module may list the functions it wraps)."""
    try:
        fn = getattr(target.api, name)
    except TargetLacks:
        pytest.skip("the target has no os.%s" % name)
    members = getattr(target.api, set_name)
    return fn in members or any(getattr(f, "__name__", None) == name for f in members)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.is-set" % n, "%s.membership-test" % n))
                                  for n in SETS])
def test_supports_set_is_a_set_of_the_modules_functions(target, sandbox, name):
    """supports_*.is-set: "A Set object indicating which functions in the os module accept ..."
    — a collections.abc.Set whose members are callables, tested with 'in'."""
    value = getattr(target.api, name)
    assert isinstance(value, collections.abc.Set) and all(callable(f) for f in value)


@behaviour("supports_effective_ids.contains-access-or-empty")
def test_supports_effective_ids_is_access_or_nothing(target, sandbox):
    """supports_effective_ids.contains-access-or-empty: {access} where effective_ids works, else
    empty."""
    assert set(target.api.supports_effective_ids) in (set(), {target.api.access})


@behaviour("supports_dir_fd.lists-dir-fd-functions", "supports_dir_fd.dir-fd-parameter-always-accepted")
@pytest.mark.parametrize("name", sorted(DIR_FD))
def test_functions_in_supports_dir_fd_accept_dir_fd(target, sandbox, name):
    """supports_dir_fd.lists-dir-fd-functions: a function in the set resolves relative to dir_fd;
    one outside it raises NotImplementedError for a dir_fd or — as CPython on Linux does for
    remove (finding), lstat and replace — works anyway. dir_fd=None is always accepted."""
    with support.host(target) as h:
        first = sandbox.fresh()
        _world(h, first)
        with support.cwd_set(target, first):
            DIR_FD[name](target.api, None)
        base = sandbox.fresh()
        _world(h, base)
        fd = h.open(base)
        try:
            DIR_FD[name](target.api, fd)
        except NotImplementedError:
            assert not _member(target, "supports_dir_fd", name), "%s is in supports_dir_fd" % name
            return
        except TargetLacks:
            raise
        assert h.lexists(h.path.join(base, "new")) or name not in ("link", "mkdir", "mkfifo", "mknod", "rename",
                                                                   "replace", "symlink")


@behaviour("supports_fd.lists-fd-functions", "supports_fd.unsupported-raises-notimplementederror")
@pytest.mark.parametrize("name", sorted(FD))
def test_functions_in_supports_fd_accept_an_fd(target, sandbox, name):
    """supports_fd.lists-fd-functions: a function in the set takes an open fd as its path; one
    outside it raises NotImplementedError for an fd (or works anyway, see the xattr finding)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        _world(h, base)
        fd = h.open(h.path.join(base, "d" if name in ("listdir", "scandir") else "f"),
                    os.O_RDWR if name == "truncate" else os.O_RDONLY)
        member = _member(target, "supports_fd", name)
        try:
            FD[name](target.api, h, fd)
        except NotImplementedError:
            assert not member, "%s is in supports_fd" % name


@behaviour("supports_follow_symlinks.lists-follow-symlinks-functions",
           "supports_follow_symlinks.unsupported-raises-notimplementederror",
           "supports_follow_symlinks.parameter-always-accepted")
@pytest.mark.parametrize("name", sorted(NOFOLLOW))
def test_functions_in_supports_follow_symlinks_act_on_the_link(target, sandbox, name):
    """supports_follow_symlinks.*: a function in the set acts on a symlink itself with
    follow_symlinks=False; one outside it raises NotImplementedError for a symlink (chmod on
    Linux) and nothing changes. follow_symlinks=True is always accepted."""
    with support.host(target) as h:
        base = sandbox.fresh()
        _world(h, base)
        member = _member(target, "supports_follow_symlinks", name)
        with support.cwd_set(target, base):
            before = h.snapshot(base)
            try:
                NOFOLLOW[name](target.api)
            except NotImplementedError:
                assert not member, "%s is in supports_follow_symlinks" % name
                assert h.snapshot(base) == before
            else:
                assert member, "%s acts on a symlink but is not in supports_follow_symlinks" % name
            if name == "link" and h.lexists("new"):
                assert stat.S_ISLNK(h.os.lstat("new").st_mode)

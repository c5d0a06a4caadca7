"""Files and Directories: chmod, chown, lchown, and the R_OK/W_OK/X_OK/F_OK constants' meaning.

We run as root: chown to any uid works. A denial is observed in a forked child that chdirs into
the sandbox and drops to uid 12345 (support.run_in_child). Set-up and inspection harness-side.
"""
import errno
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import file_names, modes_with_special_bits, path_forms, spell

behaviour = pytest.mark.behaviour
ids = st.integers(0, 2 ** 31)
STAT_BITS = [stat.S_ISUID, stat.S_ISGID, stat.S_ISVTX, stat.S_IRWXU, stat.S_IRUSR, stat.S_IWUSR, stat.S_IXUSR,
             stat.S_IRWXG, stat.S_IRGRP, stat.S_IWGRP, stat.S_IXGRP, stat.S_IRWXO, stat.S_IROTH, stat.S_IWOTH,
             stat.S_IXOTH]


def _file(h, sandbox, name="f", data=b""):
    return h.write(h.path.join(sandbox.fresh(), name), data)


def _mode(h, path):
    return stat.S_IMODE(h.os.lstat(path).st_mode)


def _owner(h, path, follow=False):
    st_ = h.os.stat(path) if follow else h.os.lstat(path)
    return st_.st_uid, st_.st_gid


def _denied_as_user(target, sandbox, call, strict):
    """In a child as uid 12345: call(api) on root's file `f` raises PermissionError EPERM."""
    support.require(target, "users")
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.chmod(base, 0o777)  # harness-side: the user may enter the directory
        f = h.write(h.path.join(base, "f"), b"")
        before = h.os.lstat(f)

        def as_user():
            try:
                call(target.api)
            except OSError as exc:
                return type(exc).__name__, exc.errno  # a name: protocol-2 pickles map the class to OSError
            return None, None
        got = h.as_user(base, as_user)
        assert got == ("PermissionError", errno.EPERM), \
            "as a user who does not own the file: expected PermissionError EPERM, got %s" % (got,)
        after = h.os.lstat(f)
        assert (after.st_mode, after.st_uid, after.st_gid) == (before.st_mode, before.st_uid, before.st_gid), \
            "the refused call changed the file"


# --- the constants, with the harness' own access() ----------------------------------------

@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(b)) for n, b in [
    ("F_OK", "F_OK.tests-existence"), ("R_OK", "R_OK.tests-readability"),
    ("W_OK", "W_OK.tests-writability"), ("X_OK", "X_OK.tests-executability")]])
@given(bits=st.integers(0, 0o7), exists=st.booleans())
def test_mode_constant_asks_access_for_its_permission(target, sandbox, name, bits, exists):
    """<X>_OK.tests-*: the target's constant, given to the (harness') access as a user the
    "other" bits apply to, asks exactly for existence, read, write or execute permission."""
    support.require(target, "users")
    value = getattr(target.api, name)
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.chmod(base, 0o711)
        if exists:
            h.write(h.path.join(base, "f"), b"")
            h.os.chmod(h.path.join(base, "f"), bits)
        want = {"F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1}[name]
        assert h.as_user(base, lambda: h.os.access("f", value)) is (exists and bits & want == want)


# --- chmod -------------------------------------------------------------------------------

@behaviour("chmod.sets-mode", "chmod.accepts-pathlike")
@given(name=file_names(), mode=modes_with_special_bits, form=path_forms, is_dir=st.booleans())
def test_chmod_sets_the_permission_bits(target, sandbox, name, mode, form, is_dir):
    """chmod.sets-mode: "Change the mode of *path* to the numeric *mode*." — S_IMODE of st_mode
    equals mode afterwards (set-id and sticky bits included, the umask not applied)."""
    with support.host(target) as h, support.umask_set(target, 0o077):
        path = h.path.join(sandbox.fresh(), name)
        h.os.mkdir(path) if is_dir else h.write(path)
        target.api.chmod(spell(path, form), mode)
        assert _mode(h, path) == mode


@behaviour("chmod.accepts-stat-constants")
@given(bits=st.sets(st.sampled_from(STAT_BITS)))
def test_chmod_accepts_stat_constants_ored(target, sandbox, bits):
    """chmod.accepts-stat-constants: mode "may take one of the following values ... or bitwise
    ORed combinations of them" (stat.S_ISUID, S_IRWXU, S_IROTH, ...)."""
    mode = 0
    for b in bits:
        mode |= b
    with support.host(target) as h:
        path = _file(h, sandbox)
        target.api.chmod(path, mode)
        assert _mode(h, path) == mode


@behaviour("chmod.path-as-fd")
@given(mode=modes_with_special_bits)
def test_chmod_of_an_fd_changes_that_file(target, sandbox, mode):
    """chmod.path-as-fd: chmod accepts an open fd (chmod is in supports_fd on Linux)."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        fd = h.open(path)
        target.api.chmod(fd, mode)
        assert _mode(h, path) == mode


@behaviour("chmod.dir-fd")
@given(name=file_names(), mode=modes_with_special_bits)
def test_chmod_resolves_relative_path_against_dir_fd(target, sandbox, name, mode):
    """chmod.dir-fd: with dir_fd, the relative name is the one in that directory."""
    with support.host(target) as h:
        path = _file(h, sandbox, name)
        fd = h.open(h.path.dirname(path))
        target.api.chmod(name, mode, dir_fd=fd)
        assert _mode(h, path) == mode


@behaviour("chmod.follow-symlinks-false")
@given(mode=modes_with_special_bits, link=st.booleans())
def test_chmod_follow_symlinks_false(target, sandbox, mode, link):
    """chmod.follow-symlinks-false — as CPython on Linux does (finding: platform difference):
    chmod is not in supports_follow_symlinks, so on a symlink NotImplementedError and nothing
    changes; on a regular file follow_symlinks=False just sets the mode."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        os_mode = _mode(h, path)
        if link:
            lpath = h.path.join(h.path.dirname(path), "l")
            h.os.symlink("f", lpath)
            support.assert_raises(False, NotImplementedError, None,
                                  lambda: target.api.chmod(lpath, mode, follow_symlinks=False))
            assert _mode(h, path) == os_mode
        else:
            target.api.chmod(path, mode, follow_symlinks=False)
            assert _mode(h, path) == mode


@behaviour("chmod.fd-with-dir-fd-or-follow-symlinks-is-error")
@given(mode=modes_with_special_bits, which=st.sampled_from(["dir_fd", "follow_symlinks"]))
def test_chmod_fd_with_dir_fd_or_no_follow_sets_the_mode_as_cpython(target, sandbox, mode, which):
    """chmod.fd-with-dir-fd-or-follow-symlinks-is-error — as CPython on Linux does (finding:
    implementation bug): chmod(fd, mode, dir_fd=d) and chmod(fd, mode, follow_symlinks=False)
    do not raise ValueError; they change the fd's file."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        fd = h.open(path)
        kw = {"dir_fd": h.open(h.path.dirname(path))} if which == "dir_fd" else {"follow_symlinks": False}
        target.api.chmod(fd, mode, **kw)
        assert _mode(h, path) == mode


@behaviour("chmod.keyword-only-options")
@given(extra=st.sampled_from([None, True]))
def test_chmod_options_are_keyword_only(target, sandbox, extra):
    """chmod.keyword-only-options: a third positional argument is a TypeError, mode unchanged."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        before = _mode(h, path)
        support.assert_raises(False, TypeError, None, lambda: target.api.chmod(path, 0o600, extra))
        assert _mode(h, path) == before


@behaviour("chmod.oserror-for-rejected-arguments")
@given(mode=modes_with_special_bits)
def test_chmod_of_someone_elses_file_raises_permissionerror(target, sandbox, mode, strict):
    """chmod.oserror-for-rejected-arguments: a non-owner (uid 12345) may not chmod root's file:
    PermissionError EPERM, mode unchanged."""
    _denied_as_user(target, sandbox, lambda api: api.chmod("f", mode), strict)


# --- chown, lchown -------------------------------------------------------------------------

@behaviour("chown.sets-uid-gid", "chown.accepts-pathlike")
@given(name=file_names(), uid=ids, gid=ids, form=path_forms)
def test_chown_sets_uid_and_gid(target, sandbox, name, uid, gid, form):
    """chown.sets-uid-gid: "Change the owner and group id of *path* to the numeric *uid* and
    *gid*." (as root, any ids)."""
    with support.host(target) as h:
        path = _file(h, sandbox, name)
        target.api.chown(spell(path, form), uid, gid)
        assert _owner(h, path) == (uid, gid)


@behaviour("chown.minus-one-unchanged")
@given(uid=ids, gid=ids, keep=st.sampled_from(["uid", "gid", "both"]))
def test_chown_minus_one_leaves_an_id_unchanged(target, sandbox, uid, gid, keep):
    """chown.minus-one-unchanged: "To leave one of the ids unchanged, set it to -1." """
    with support.host(target) as h:
        path = _file(h, sandbox)
        h.os.chown(path, 4242, 4343)  # harness-side starting owner
        target.api.chown(path, -1 if keep != "gid" else uid, -1 if keep != "uid" else gid)
        assert _owner(h, path) == (4242 if keep != "gid" else uid, 4343 if keep != "uid" else gid)


@behaviour("chown.path-as-fd")
@given(uid=ids, gid=ids)
def test_chown_of_an_fd_changes_that_file(target, sandbox, uid, gid):
    """chown.path-as-fd: chown accepts an open fd (chown is in supports_fd on Linux)."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        target.api.chown(h.open(path), uid, gid)
        assert _owner(h, path) == (uid, gid)


@behaviour("chown.dir-fd")
@given(name=file_names(), uid=ids, gid=ids)
def test_chown_resolves_relative_path_against_dir_fd(target, sandbox, name, uid, gid):
    """chown.dir-fd: with dir_fd, the relative name is the one in that directory."""
    with support.host(target) as h:
        path = _file(h, sandbox, name)
        target.api.chown(name, uid, gid, dir_fd=h.open(h.path.dirname(path)))
        assert _owner(h, path) == (uid, gid)


@behaviour("chown.follow-symlinks-false")
@given(uid=ids, gid=ids, follow=st.booleans())
def test_chown_follow_symlinks_chooses_link_or_target(target, sandbox, uid, gid, follow):
    """chown.follow-symlinks-false: with follow_symlinks=False the symlink's owner changes and
    its target's does not; by default it is the other way round."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        link = h.path.join(h.path.dirname(path), "l")
        h.os.symlink("f", link)
        target.api.chown(link, uid, gid, follow_symlinks=follow)
        changed, kept = (path, link) if follow else (link, path)
        assert _owner(h, changed) == (uid, gid) and _owner(h, kept) == (0, 0)


@behaviour("chown.fd-with-dir-fd-or-follow-symlinks-raises-valueerror")
@given(which=st.sampled_from(["dir_fd", "follow_symlinks"]))
def test_chown_fd_with_dir_fd_or_no_follow_raises_valueerror(target, sandbox, which, strict):
    """chown.fd-with-dir-fd-or-follow-symlinks-raises-valueerror: chown(fd, ..., dir_fd=d) and
    chown(fd, ..., follow_symlinks=False) raise ValueError (CPython exempts fd 0 from the second
    rule; these fds are never 0), owner unchanged."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        fd = h.open(path)
        kw = {"dir_fd": h.open(h.path.dirname(path))} if which == "dir_fd" else {"follow_symlinks": False}
        support.assert_raises(strict, ValueError, None, lambda: target.api.chown(fd, 7, 7, **kw),
                              model=None if h.fake else lambda: os.chown(fd, 7, 7, **kw))
        assert _owner(h, path) == (0, 0)


@behaviour("chown.keyword-only-options")
@given(extra=st.sampled_from([None, True]))
def test_chown_options_are_keyword_only(target, sandbox, extra):
    """chown.keyword-only-options: a fourth positional argument is a TypeError, owner unchanged."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        support.assert_raises(False, TypeError, None, lambda: target.api.chown(path, 7, 7, extra))
        assert _owner(h, path) == (0, 0)


@behaviour("chown.oserror-for-rejected-arguments")
@given(uid=st.integers(0, 2 ** 31).filter(lambda u: u != 12345))
def test_chown_as_non_root_raises_permissionerror(target, sandbox, uid, strict):
    """chown.oserror-for-rejected-arguments: a non-root user (uid 12345) may not give root's file
    away: PermissionError EPERM, owner unchanged."""
    _denied_as_user(target, sandbox, lambda api: api.chown("f", uid, -1), strict)


@behaviour("lchown.sets-owner-no-follow", "lchown.accepts-pathlike")
@given(name=file_names(), uid=ids, gid=ids, form=path_forms, dangling=st.booleans())
def test_lchown_changes_the_link_not_its_target(target, sandbox, name, uid, gid, form, dangling):
    """lchown.sets-owner-no-follow: "Change the owner and group id of *path* ... This function will
    not follow symbolic links." — dangling links included."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        link = h.path.join(h.path.dirname(path), name)
        h.os.symlink("missing" if dangling else "f", link)
        target.api.lchown(spell(link, form), uid, gid)
        assert _owner(h, link) == (uid, gid) and _owner(h, path) == (0, 0)


@behaviour("lchown.equivalent-to-chown-nofollow")
@given(uid=st.one_of(st.just(-1), ids), gid=st.one_of(st.just(-1), ids))
def test_lchown_minus_one_and_ids_as_chown_nofollow(target, sandbox, uid, gid):
    """lchown.equivalent-to-chown-nofollow: like chown(..., follow_symlinks=False), -1 included."""
    with support.host(target) as h:
        path = _file(h, sandbox)
        link = h.path.join(h.path.dirname(path), "l")
        h.os.symlink("f", link)
        h.os.lchown(link, 4242, 4343)  # harness-side starting owner
        target.api.lchown(link, uid, gid)
        assert _owner(h, link) == (4242 if uid == -1 else uid, 4343 if gid == -1 else gid)
        assert _owner(h, path) == (0, 0)

"""Files and Directories: access and the F_OK/R_OK/W_OK/X_OK modes, chdir, fchdir, getcwd,
getcwdb, chroot.

Set-up and inspection are harness-side (support.Host); the cwd is restored after every check
that changes it. Permission outcomes are observed in a forked child that chdirs into the
sandbox as root and then drops to uid 12345 (support.run_in_child), so relative names need
only search permission on that one directory.
"""
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import file_names, path_forms, permission_bits, spell

behaviour = pytest.mark.behaviour
MODES = {"F_OK": 0, "R_OK": 4, "W_OK": 2, "X_OK": 1}


def _as_real_user(directory, fn):
    """In a child: chdir to `directory` as root, set the real uid and gid to 12345 (the
    effective ones stay 0), run fn()."""
    def child():
        os.chdir(directory)
        os.setregid(12345, 0)
        os.setreuid(12345, 0)
        return fn()
    return support.run_in_child(child)


# --- access --------------------------------------------------------------------------------

@behaviour("access.f-ok-tests-existence", "access.returns-bool", "access.accepts-pathlike")
@given(name=file_names(), exists=st.booleans(), form=path_forms)
def test_access_f_ok_is_true_exactly_for_an_existing_path(target, sandbox, name, exists, form):
    """access.f-ok-tests-existence: "*mode* should be F_OK to test the existence of *path*" —
    True (a bool) for an existing file, False for a missing one, never an exception."""
    with support.host(target) as h:
        path = h.path.join(sandbox.fresh(), name)
        if exists:
            h.write(path)
        got = target.api.access(spell(path, form), os.F_OK)
    assert got is exists


@behaviour("access.mode-or-of-permissions", "access.returns-bool")
@given(bits=permission_bits, want=st.sets(st.sampled_from(["R_OK", "W_OK", "X_OK"]), min_size=1))
def test_access_is_true_only_when_every_requested_permission_is_granted(target, sandbox, bits, want):
    """access.mode-or-of-permissions: mode may be "the inclusive OR of one or more of R_OK, W_OK,
    and X_OK": for a user who is neither owner nor group member, True exactly when the file's
    "other" bits grant all of them."""
    support.require(target, "users")
    mode = 0
    for w in want:
        mode |= MODES[w]
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.chmod(base, 0o711)  # harness-side: the user may search the directory
        h.write(h.path.join(base, "f"), b"")
        h.os.chmod(h.path.join(base, "f"), bits)
        got = h.as_user(base, lambda: target.api.access("f", mode))
    assert got is (bits & mode == mode), "other bits %o, asked %o" % (bits & 7, mode)


@behaviour("access.uses-real-ids", "access.effective-ids")
@given(effective=st.booleans())
def test_access_uses_the_real_uid_unless_effective_ids(target, sandbox, effective):
    """access.uses-real-ids: "Use the real uid/gid to test for access" — with real uid 12345 and
    effective uid 0, a mode-000... root-only file is not readable; effective_ids=True asks as the
    effective uid (root) and it is."""
    support.require(target, "effective_ids")
    base = sandbox.fresh()
    os.chmod(base, 0o711)
    support.write_file(os.path.join(base, "f"), b"")
    os.chmod(os.path.join(base, "f"), 0o600)
    if effective:
        got = _as_real_user(base, lambda: target.api.access("f", os.R_OK, effective_ids=True))
    else:
        got = _as_real_user(base, lambda: target.api.access("f", os.R_OK))
    assert got is effective


@behaviour("access.effective-ids-unsupported-raises-notimplementederror")
def test_access_effective_ids_matches_supports_effective_ids(target, sandbox):
    """access.effective-ids-unsupported-raises-notimplementederror: where access is not in
    supports_effective_ids, effective_ids=True raises NotImplementedError; where it is, it works."""
    with support.host(target) as h:
        path = h.write(h.path.join(sandbox.fresh(), "f"))
    api = target.api
    if api.access in api.supports_effective_ids:
        assert api.access(path, os.F_OK, effective_ids=True) is True
    else:
        support.assert_raises(False, NotImplementedError, None,
                              lambda: api.access(path, os.F_OK, effective_ids=True))


@behaviour("access.dir-fd")
@given(name=file_names(), exists=st.booleans())
def test_access_resolves_relative_path_against_dir_fd(target, sandbox, name, exists):
    """access.dir-fd: with dir_fd, a relative path is looked up in that directory (not the cwd)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        if exists:
            h.write(h.path.join(base, name))
        fd = h.open(base)
        if target.api.access in target.api.supports_dir_fd:
            assert target.api.access(name, os.F_OK, dir_fd=fd) is exists
        else:
            support.assert_raises(False, NotImplementedError, None,
                                  lambda: target.api.access(name, os.F_OK, dir_fd=fd))


@behaviour("access.follow-symlinks-false")
@given(name=file_names(), follow=st.booleans())
def test_access_follow_symlinks_false_sees_a_dangling_link(target, sandbox, name, follow):
    """access.follow-symlinks-false: F_OK on a dangling symlink is False when following, True
    with follow_symlinks=False (the link itself exists)."""
    with support.host(target) as h:
        link = h.path.join(sandbox.fresh(), name)
        h.os.symlink("missing-target", link)
        api = target.api
        if not follow and api.access not in api.supports_follow_symlinks:
            support.assert_raises(False, NotImplementedError, None,
                                  lambda: api.access(link, os.F_OK, follow_symlinks=False))
            return
        assert api.access(link, os.F_OK, follow_symlinks=follow) is (not follow)


@behaviour("access.keyword-only-options")
@given(which=st.sampled_from([1, 2, 3]))
def test_access_options_are_keyword_only(target, sandbox, which):
    """access.keyword-only-options: dir_fd, effective_ids and follow_symlinks are keyword-only:
    a third positional argument is a TypeError."""
    with support.host(target) as h:
        path = h.write(h.path.join(sandbox.fresh(), "f"))
    extra = [None, False, True][which - 1]
    support.assert_raises(False, TypeError, None, lambda: target.api.access(path, os.F_OK, extra))


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(n + ".is-int"))
                                  for n in sorted(MODES)])
def test_access_mode_constant_is_an_int_usable_as_mode(target, sandbox, name):
    """<X>_OK.is-int: the constant is an int (not a bool), the value access() takes (the
    harness' own access accepts it)."""
    value = getattr(target.api, name)
    assert type(value) is int and value == MODES[name]
    assert os.access(sandbox.path, value) in (True, False)


# --- chdir, fchdir, getcwd, getcwdb ----------------------------------------------------------

@behaviour("chdir.changes-cwd", "chdir.accepts-pathlike")
@given(name=file_names(), form=path_forms, relative=st.booleans())
def test_chdir_makes_relative_paths_resolve_from_the_directory(target, sandbox, name, form, relative):
    """chdir.changes-cwd: "Change the current working directory to *path*." — relative names
    then resolve in it (checked harness-side: a file made there via a relative name)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        d = h.path.join(base, name)
        h.os.mkdir(d)
        with support.cwd_set(target, base):
            target.api.chdir(spell(name if relative else d, form))
            h.write("marker")
            assert os.fsencode(h.os.getcwd()) == os.fsencode(d)
        assert h.lexists(h.path.join(d, "marker"))


@behaviour("chdir.path-as-fd", "fchdir.changes-cwd", "fchdir.equivalent-to-chdir-fd")
@pytest.mark.parametrize("how", ["chdir", "fchdir"])
@given(name=file_names())
def test_chdir_or_fchdir_to_a_directory_fd(target, sandbox, how, name):
    """chdir.path-as-fd / fchdir.changes-cwd: an open directory fd becomes the cwd, the same with
    chdir(fd) and fchdir(fd)."""
    with support.host(target) as h:
        d = h.path.join(sandbox.fresh(), name)
        h.os.mkdir(d)
        fd = h.open(d)
        with support.cwd_set(target, sandbox.path):
            getattr(target.api, how)(fd)
            assert os.fsencode(h.os.getcwd()) == os.fsencode(d)


@behaviour("chdir.fd-must-be-directory", "fchdir.fd-must-be-directory")
@pytest.mark.parametrize("how", ["chdir", "fchdir"])
@given(name=file_names())
def test_chdir_or_fchdir_to_a_file_fd_raises_notadirectoryerror(target, sandbox, how, name, strict):
    """chdir.fd-must-be-directory: an fd of a regular file is NotADirectoryError; cwd unchanged."""
    with support.host(target) as h:
        fd = h.open(h.write(h.path.join(sandbox.fresh(), name)))
        with support.cwd_set(target, sandbox.path):
            support.assert_raises(strict, NotADirectoryError, None, lambda: getattr(target.api, how)(fd))
            assert h.os.getcwd() == sandbox.path


@pytest.mark.parametrize("how", [pytest.param("getcwd", marks=behaviour("getcwd.returns-str")),
                                 pytest.param("getcwdb", marks=behaviour("getcwdb.returns-bytes"))])
@given(name=file_names())
def test_getcwd_names_the_current_directory(target, sandbox, how, name):
    """getcwd.returns-str / getcwdb.returns-bytes: the absolute current directory, as str (getcwd)
    or as bytes equal to its fsencode (getcwdb); undecodable bytes round-trip."""
    with support.host(target) as h:
        d = h.path.join(sandbox.fresh(), name)
        h.os.mkdir(d)
        with support.cwd_set(target, d):
            got = getattr(target.api, how)()
    assert type(got) is (str if how == "getcwd" else bytes)
    assert os.fsencode(got) == os.fsencode(d)  # '\udcc2\udc80' is b'\xc2\x80', read back as '\x80'


@behaviour("chroot.changes-root", "chroot.accepts-pathlike")
@given(form=path_forms)
def test_chroot_makes_slash_resolve_to_the_directory(target, sandbox, form):
    """chroot.changes-root: "Change the root directory of the current process to *path*." —
    in a child, '/marker' then names the file in the new root."""
    support.require(target, "processes", "chroot is tried in a child")
    base = sandbox.fresh()
    support.write_file(os.path.join(base, "marker"), b"in the jail")

    def child():
        target.api.chroot(spell(base, form))
        os.chdir("/")
        return support.file_bytes("/marker"), stat.S_ISDIR(os.stat("/").st_mode)
    assert support.run_in_child(child) == (b"in the jail", True)

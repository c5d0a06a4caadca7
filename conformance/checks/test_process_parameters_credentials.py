"""Process Parameters: user and group ids — get/set uid, gid, euid, egid, the re/res variants,
groups, getgrouplist, initgroups.

Every set* call, the target's or the harness's, happens ONLY in a forked child
(support.run_in_child), which then `_exit`s: the test process keeps its credentials. The
harness reads and sets credentials with the stdlib os; the check calls only the named function.
"""
import errno
import os
import shutil
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import grp, pwd  # absent on WebAssembly Pythons
from conformance import support
from conformance.hostos import host  # a WebAssembly Python's os lacks getres[ug]id

behaviour = pytest.mark.behaviour
#: Ids a root child may switch to (no account needs to exist).
ids = st.integers(0, 65534)
#: Sizes of supplementary group lists (Linux allows NGROUPS_MAX = 65536; keep it small).
group_lists = st.lists(ids, max_size=20)


def _in_child(fn):
    return support.run_in_child(fn)


# --- getters -----------------------------------------------------------------------------

GETTERS = {
    # name: (what the harness says now, index in getres*id(), which getres*id, harness setter)
    "getuid": ("getuid.returns-real-uid", 0, host.getresuid, lambda v: host.setresuid(v, 0, 0)),
    "geteuid": ("geteuid.returns-effective-uid", 1, host.getresuid, lambda v: host.setresuid(0, v, 0)),
    "getgid": ("getgid.returns-real-gid", 0, host.getresgid, lambda v: host.setresgid(v, 0, 0)),
    "getegid": ("getegid.returns-effective-gid", 1, host.getresgid, lambda v: host.setresgid(0, v, 0)),
}


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(GETTERS[n][0])) for n in sorted(GETTERS)])
@support.few_examples(4)
@given(value=ids)
def test_id_getter_returns_the_processs_id(target, name, value):
    """get[e]uid/get[e]gid.returns-*: "Return the current process's real/effective user/group id."
    — here and in a child whose ids the harness changed with setres[ug]id."""
    _, index, getres, setter = GETTERS[name]
    assert getattr(target.api, name)() == getres()[index]

    def in_child():
        setter(value)
        return getattr(target.api, name)(), getres()[index]
    got, want = _in_child(in_child)
    assert type(got) is int and got == want == value


@pytest.mark.parametrize("name,getres,setres", [
    pytest.param("getresuid", host.getresuid, host.setresuid, id="getresuid",
                 marks=behaviour("getresuid.returns-3-tuple", "getresuid.order-real-effective-saved")),
    pytest.param("getresgid", host.getresgid, host.setresgid, id="getresgid",
                 marks=behaviour("getresgid.returns-3-tuple", "getresgid.order-real-effective-saved"))])
@support.few_examples(4)
@given(triple=st.tuples(ids, ids, ids))
def test_getres_returns_real_effective_saved(target, name, getres, setres, triple):
    """getres[ug]id.*: "Return a tuple (ruid, euid, suid) denoting the current process's real,
    effective, and saved user ids." — as set by the harness in a child."""
    def in_child():
        setres(*triple)  # harness-side
        return getattr(target.api, name)()
    got = _in_child(in_child)
    assert isinstance(got, tuple) and len(got) == 3 and all(type(v) is int for v in got)
    assert tuple(got) == triple


@behaviour("getgroups.returns-supplementary-gids")
@support.few_examples(4)
@given(groups=group_lists)
def test_getgroups_returns_the_supplementary_groups(target, groups):
    """getgroups.returns-supplementary-gids: "Return list of supplemental group ids associated
    with the current process." — those the harness set with setgroups in a child."""
    def in_child():
        host.setgroups(groups)
        return target.api.getgroups()
    got = _in_child(in_child)
    assert type(got) is list and all(type(g) is int for g in got)
    assert sorted(set(got)) == sorted(set(groups))


def _members():
    """Harness-side: {user: set of gids whose member list names the user} from the group database."""
    out = {}
    for g in grp.getgrall():
        for user in g.gr_mem:
            out.setdefault(user, set()).add(g.gr_gid)
    return out


USERS = (sorted(p.pw_name for p in pwd.getpwall())[:40] if pwd else []) or ["root"]


@behaviour("getgrouplist.returns-user-groups", "getgrouplist.includes-group")
@given(user=st.sampled_from(USERS), group=ids)
def test_getgrouplist_lists_the_users_groups_and_group(target, user, group):
    """getgrouplist.*: "Return list of group ids that *user* belongs to. If *group* is not in the
    list, it is included; typically, *group* is specified as the group ID field from the password
    record for *user*." (the group database, read harness-side with grp)."""
    got = target.api.getgrouplist(user, group)
    assert type(got) is list and all(type(g) is int for g in got)
    assert set(got) == _members().get(user, set()) | {group}


@behaviour("initgroups.sets-user-groups", "initgroups.adds-gid")
@support.few_examples(4)
@given(user=st.sampled_from(USERS), gid=ids)
def test_initgroups_sets_the_users_groups_plus_gid(target, user, gid):
    """initgroups.*: "Call the system initgroups() to initialize the group access list with all of
    the groups of which the specified username is a member, plus the specified group id." """
    def in_child():
        result = target.api.initgroups(user, gid)
        return result, host.getgroups()
    result, groups = _in_child(in_child)
    assert result is None
    assert set(groups) == _members().get(user, set()) | {gid}


@behaviour("getegid.reflects-setgid-bit")
@support.few_examples(4)
@given(gid=st.integers(1, 65534))
def test_getegid_in_a_set_group_id_program_is_the_files_group(target, sandbox, gid):
    """getegid.reflects-setgid-bit: "The effective id corresponds to the set id bit on the file
    being executed in the current process." — a copy of this interpreter, set-group-id and owned
    by group *gid*, runs the target: getegid() is gid, getgid() still ours."""
    support.require(target, "processes", "a set-group-ID program runs as a child")
    if sys.implementation.name != "cpython":
        pytest.skip("copies the CPython executable")
    program = os.path.join(sandbox.fresh(), "python-setgid")
    shutil.copyfile(os.path.realpath(sys.executable), program)  # harness-side set-up
    os.chown(program, -1, gid)
    os.chmod(program, 0o2755)
    if os.statvfs(program).f_flag & os.ST_NOSUID:
        pytest.skip("the sandbox's file system is mounted nosuid")
    got = support.target_python(target, "print((T.getegid(), T.getgid()))", {}, executable=program)
    assert got == (gid, os.getgid())


# --- setters (children only) -------------------------------------------------------------

SETTERS = {
    # name: (behaviour, arity, harness read-back)
    "setuid": ("setuid.sets-uid", 1, host.getresuid),
    "setgid": ("setgid.sets-gid", 1, host.getresgid),
    "seteuid": ("seteuid.sets-effective-uid", 1, host.geteuid),
    "setegid": ("setegid.sets-effective-gid", 1, host.getegid),
    "setreuid": ("setreuid.sets-real-effective-uid", 2, lambda: host.getresuid()[:2]),
    "setregid": ("setregid.sets-real-effective-gid", 2, lambda: host.getresgid()[:2]),
    "setresuid": ("setresuid.sets-real-effective-saved-uid", 3, host.getresuid),
    "setresgid": ("setresgid.sets-real-effective-saved-gid", 3, host.getresgid),
}


def _expected(name, values):
    if name in ("setuid", "setgid"):
        return (values[0],) * 3  # as root, Linux sets the real, effective and saved id
    return values[0] if len(values) == 1 else tuple(values)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(SETTERS[n][0])) for n in sorted(SETTERS)])
@support.few_examples(4)
@given(values=st.lists(ids, min_size=3, max_size=3))
def test_id_setter_sets_the_id_in_a_child(target, name, values):
    """set*id.sets-*: e.g. "Set the current process's user id." — in a root child, the harness
    reads the ids back with getres[ug]id (setuid/setgid as root set all three)."""
    _, arity, read = SETTERS[name]
    args = values[:arity]

    def in_child():
        result = getattr(target.api, name)(*args)
        return result, read()
    result, got = _in_child(in_child)
    assert result is None
    assert got == _expected(name, args)


@behaviour("setgroups.sets-supplementary-gids")
@support.few_examples(4)
@given(groups=group_lists, seq=st.sampled_from([list, tuple]))
def test_setgroups_sets_the_supplementary_groups(target, groups, seq):
    """setgroups.sets-supplementary-gids: "Set the list of supplemental group ids associated with
    the current process to *groups*." (root child; read back harness-side)."""
    def in_child():
        result = target.api.setgroups(seq(groups))
        return result, host.getgroups()
    result, got = _in_child(in_child)
    assert result is None and sorted(set(got)) == sorted(set(groups))


@behaviour("setgroups.requires-sequence")
@support.few_examples(4)
@given(value=st.one_of(st.integers(), st.none(), st.floats(allow_nan=False)))
def test_setgroups_rejects_a_non_sequence(target, value, strict):
    """setgroups.requires-sequence: "*groups* must be a sequence" — TypeError; the groups stay."""
    def in_child():
        before = host.getgroups()
        support.assert_raises(strict, TypeError, None, lambda: target.api.setgroups(value),
                              model=lambda: host.setgroups(value))
        return host.getgroups() == before
    assert _in_child(in_child)


@behaviour("setgroups.requires-int-elements")
@support.few_examples(4)
@given(groups=group_lists, bad=st.one_of(st.text(max_size=2), st.floats(allow_nan=False), st.none()),
       at=st.integers(0, 20))
def test_setgroups_rejects_non_int_elements(target, groups, bad, at, strict):
    """setgroups.requires-int-elements: "each element must be an integer identifying a group" —
    TypeError; the groups stay."""
    groups = groups[:at] + [bad] + groups[at:]

    def in_child():
        before = host.getgroups()
        support.assert_raises(strict, TypeError, None, lambda: target.api.setgroups(groups),
                              model=lambda: host.setgroups(groups))
        return host.getgroups() == before
    assert _in_child(in_child)


@behaviour("setgroups.superuser-only")
@support.few_examples(4)
@given(groups=group_lists)
def test_setgroups_without_privilege_raises_permissionerror(target, groups, strict):
    """setgroups.superuser-only: "This operation is typically available only to the superuser." —
    a child that dropped root (harness-side) gets PermissionError EPERM."""
    def in_child():
        support.drop_to_user()
        support.assert_raises(strict, PermissionError, errno.EPERM, lambda: target.api.setgroups(groups),
                              model=lambda: host.setgroups(groups))
        return host.getgroups()
    assert _in_child(in_child) == []

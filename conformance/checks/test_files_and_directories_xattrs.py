"""Files and Directories: Linux extended attributes (getxattr, setxattr, listxattr, removexattr,
XATTR_*). The sandbox's file system is probed first (harness-side): without user.* xattr support
every check skips with the reason. Attributes are set and read back harness-side, in the target's
world (support.Host: the kernel's, or the xattr dicts of pyfakefs' own file objects)."""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import PathLike, path_forms, spell

behaviour = pytest.mark.behaviour
attr_names = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
                     min_size=1, max_size=20).map(lambda s: "user." + s).filter(lambda a: len(a.encode()) <= 255)
values = st.binary(max_size=512)
ATTR_FORMS = ["str", "bytes", "pathlike-str", "pathlike-bytes"]


def _setup(h, sandbox, link=False):
    """A file (or a symlink to one) with user.* support, or skip saying why (the real sandbox's
    file system may have none: a fact of the machine, not of the target)."""
    base = sandbox.fresh()
    f = h.write(h.path.join(base, "f"), b"")
    unsupported = h.xattrs_supported(f)
    if unsupported is not None:
        pytest.skip("the sandbox file system has no user.* xattrs: %s" % unsupported)
    if link:
        return f, h.symlink("f", h.path.join(base, "l"))
    return f


def _attr(name, form):
    return spell(name, form) if form != "pathlike-bytes" else PathLike(os.fsencode(name))


@behaviour("getxattr.returns-value", "getxattr.attribute-str-bytes-pathlike", "getxattr.str-attribute-fs-encoded",
           "getxattr.accepts-pathlike")
@given(name=attr_names, value=values, form=path_forms, aform=st.sampled_from(ATTR_FORMS))
def test_getxattr_returns_the_stored_bytes(target, sandbox, name, value, form, aform):
    """getxattr.returns-value: "Return the value of the extended filesystem attribute *attribute*
    for *path*." — bytes; the attribute as str (fs-encoded), bytes or PathLike."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        h.set_xattr(f, name, value)
        got = target.api.getxattr(spell(f, form), _attr(name, aform))
    assert type(got) is bytes and got == value


@behaviour("setxattr.sets-value", "setxattr.str-attribute-fs-encoded", "setxattr.flags-default-0",
           "setxattr.accepts-pathlike", "XATTR_SIZE_MAX.value-64kib-on-linux")
@given(name=attr_names, old=st.one_of(st.none(), values), value=values, form=path_forms, aform=st.sampled_from(ATTR_FORMS))
def test_setxattr_creates_or_replaces(target, sandbox, name, old, value, form, aform):
    """setxattr.sets-value: "Set the extended filesystem attribute *attribute* on *path* to
    *value*." — with flags 0 it is created or replaced as needed."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        if old is not None:
            h.set_xattr(f, name, old)
        target.api.setxattr(spell(f, form), _attr(name, aform), value)
        assert h.xattrs(f).get(name) == value and target.api.XATTR_SIZE_MAX == 65536


@behaviour("setxattr.replace-missing-raises", "setxattr.create-existing-raises", "XATTR_CREATE.must-create",
           "XATTR_REPLACE.must-replace", "XATTR_CREATE.accepted-by-setxattr", "XATTR_REPLACE.accepted-by-setxattr")
@given(name=attr_names, exists=st.booleans(), flag=st.sampled_from(["XATTR_CREATE", "XATTR_REPLACE"]))
def test_setxattr_create_and_replace_flags(target, sandbox, name, exists, flag, strict):
    """setxattr.*-raises — as CPython on Linux does (finding: the documented errnos are swapped):
    XATTR_CREATE on an existing attribute is FileExistsError EEXIST, XATTR_REPLACE on a missing
    one OSError ENODATA; the value is left alone. Otherwise they create / replace."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        if exists:
            h.set_xattr(f, name, b"old")
        bit = getattr(target.api, flag)
        fails = exists if flag == "XATTR_CREATE" else not exists
        if fails:
            err = errno.EEXIST if flag == "XATTR_CREATE" else errno.ENODATA
            support.assert_raises(strict, OSError, err, lambda: target.api.setxattr(f, name, b"new", bit))
            assert (name in h.xattrs(f)) is exists and (not exists or h.xattrs(f)[name] == b"old")
        else:
            target.api.setxattr(f, name, b"new", bit)
            assert h.xattrs(f).get(name) == b"new"


@behaviour("listxattr.returns-list-of-str", "listxattr.accepts-pathlike")
@given(names=st.sets(attr_names, max_size=5), form=path_forms)
def test_listxattr_lists_the_names_as_str(target, sandbox, names, form):
    """listxattr.returns-list-of-str: "Return a list of the extended filesystem attributes on
    *path*. The attributes in the list are represented as strings decoded with the filesystem
    encoding." — str even for a bytes path."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        for n in names:
            h.set_xattr(f, n, b"v")
        got = target.api.listxattr(spell(f, form))
    assert all(type(n) is str for n in got)
    assert set(n for n in got if n.startswith("user.")) == names


@behaviour("listxattr.none-means-cwd")
@given(name=attr_names, none=st.booleans())
def test_listxattr_without_path_lists_the_cwd(target, sandbox, name, none):
    """listxattr.none-means-cwd: "If *path* is None, listxattr() will examine the current directory." """
    with support.host(target) as h:
        f = _setup(h, sandbox)
        base = h.path.dirname(f)
        h.set_xattr(base, name, b"v")
        with support.cwd_set(target, base):
            got = target.api.listxattr(None) if none else target.api.listxattr()
    assert name in got


@behaviour("removexattr.removes", "removexattr.attribute-str-bytes-pathlike", "removexattr.str-attribute-fs-encoded",
           "removexattr.accepts-pathlike")
@given(name=attr_names, other=attr_names, form=path_forms, aform=st.sampled_from(ATTR_FORMS))
def test_removexattr_removes_only_that_attribute(target, sandbox, name, other, form, aform):
    """removexattr.removes: "Removes the extended filesystem attribute *attribute* from *path*." """
    with support.host(target) as h:
        f = _setup(h, sandbox)
        h.set_xattr(f, name, b"v")
        h.set_xattr(f, other, b"w")
        target.api.removexattr(spell(f, form), _attr(name, aform))
        left = h.xattrs(f)
    assert name not in left and (other == name or left.get(other) == b"w")


FD_CALLS = {
    "getxattr": lambda api, p: api.getxattr(p, "user.a"),
    "setxattr": lambda api, p: api.setxattr(p, "user.a", b"new"),
    "listxattr": lambda api, p: api.listxattr(p),
    "removexattr": lambda api, p: api.removexattr(p, "user.a"),
}
OUTCOME = {"getxattr": lambda h, f, r: r == b"old", "setxattr": lambda h, f, r: h.xattrs(f).get("user.a") == b"new",
           "listxattr": lambda h, f, r: "user.a" in r, "removexattr": lambda h, f, r: "user.a" not in h.xattrs(f)}


@pytest.mark.parametrize("name", [pytest.param(n, marks=behaviour(n + ".path-as-fd")) for n in sorted(FD_CALLS)])
def test_xattr_function_takes_an_fd(target, sandbox, name):
    """<name>.path-as-fd: an open fd works as the path."""
    with support.fds(target) as fds:
        f = _setup(fds, sandbox)
        fds.set_xattr(f, "user.a", b"old")
        assert OUTCOME[name](fds, f, FD_CALLS[name](target.api, fds.open(f)))


@pytest.mark.parametrize("name", [pytest.param(n, marks=behaviour(n + ".follow-symlinks-false")) for n in sorted(FD_CALLS)])
def test_xattr_function_no_follow_acts_on_the_link(target, sandbox, name, strict):
    """<name>.follow-symlinks-false: follow_symlinks=False acts on the symlink itself; Linux
    allows no user.* attributes on a symlink, so set/get/remove give OSError (EPERM / ENODATA)
    and listxattr lists none, while the target file keeps its attribute."""
    with support.host(target) as h:
        f, link = _setup(h, sandbox, link=True)
        h.set_xattr(f, "user.a", b"old")
        call = {"getxattr": lambda: target.api.getxattr(link, "user.a", follow_symlinks=False),
                "setxattr": lambda: target.api.setxattr(link, "user.a", b"new", follow_symlinks=False),
                "listxattr": lambda: target.api.listxattr(link, follow_symlinks=False),
                "removexattr": lambda: target.api.removexattr(link, "user.a", follow_symlinks=False)}[name]
        if name == "listxattr":
            assert "user.a" not in call()
        else:
            support.assert_raises(strict, OSError, (errno.EPERM, errno.ENODATA, errno.ENOTSUP), call)
        assert h.xattrs(f).get("user.a") == b"old"


@pytest.mark.parametrize("name", [pytest.param(n, marks=behaviour(n + ".fd-with-follow-symlinks-raises-valueerror"))
                                  for n in sorted(FD_CALLS)])
def test_xattr_function_fd_with_no_follow_raises_valueerror(target, sandbox, name, strict):
    """<name>.fd-with-follow-symlinks-raises-valueerror: an fd with follow_symlinks=False is a
    ValueError, the attribute unchanged."""
    with support.fds(target) as fds:
        f = _setup(fds, sandbox)
        fds.set_xattr(f, "user.a", b"old")
        fd = fds.open(f)
        call = {"getxattr": lambda: target.api.getxattr(fd, "user.a", follow_symlinks=False),
                "setxattr": lambda: target.api.setxattr(fd, "user.a", b"new", follow_symlinks=False),
                "listxattr": lambda: target.api.listxattr(fd, follow_symlinks=False),
                "removexattr": lambda: target.api.removexattr(fd, "user.a", follow_symlinks=False)}[name]
        support.assert_raises(strict, ValueError, None, call)
        assert fds.xattrs(f).get("user.a") == b"old"


@behaviour("setxattr.attribute-no-nul")
@given(form=st.sampled_from(["str", "bytes"]), where=st.integers(0, 6))
def test_setxattr_attribute_with_nul_raises_valueerror(target, sandbox, form, where, strict):
    """setxattr.attribute-no-nul: an attribute name containing NUL is a ValueError, nothing set."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        name = "user.ab"[:where] + "\x00" + "user.ab"[where:]
        attr = os.fsencode(name) if form == "bytes" else name
        support.assert_raises(strict, ValueError, None, lambda: target.api.setxattr(f, attr, b"v"))
        assert not [n for n in h.xattrs(f) if n.startswith("user.")]


@behaviour("XATTR_SIZE_MAX.max-value-size")
@given(extra=st.integers(1, 64))
def test_setxattr_value_over_xattr_size_max_raises(target, sandbox, extra, strict):
    """XATTR_SIZE_MAX.max-value-size: a value longer than XATTR_SIZE_MAX is rejected (OSError
    E2BIG on Linux), nothing set."""
    with support.host(target) as h:
        f = _setup(h, sandbox)
        size = target.api.XATTR_SIZE_MAX + extra
        support.assert_raises(strict, OSError, (errno.E2BIG, errno.ENOSPC),
                              lambda: target.api.setxattr(f, "user.big", b"x" * size))
        assert "user.big" not in h.xattrs(f)

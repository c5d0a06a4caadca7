"""Files and Directories: stat, lstat and stat_result (fields, tuple behaviour, times vs _ns).

Files are made harness-side (support.Host); the target's stat/lstat result is compared with
CPython's for the same file (conformance.hostos.cpython_os: the reference when the target is the
running stdlib, never the target itself), or, for a target with a world of its own, with what
that world's harness-side os says (noted as relied on). stat_result checks reach the class through the target's
lstat (a result object is what they are about).
"""
import errno
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support
from conformance.strategies import file_names, names_up_to_name_max, path_forms, spell

behaviour = pytest.mark.behaviour
KINDS = ["file", "dir", "link", "dangling"]
FIELDS = ["st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size",
          "st_atime", "st_mtime", "st_ctime"]


def _make(h, base, name, kind, data=b""):
    p = h.path.join(base, name)
    if kind == "file":
        h.write(p, data)
    elif kind == "dir":
        h.os.mkdir(p)
    else:
        if kind == "link":
            h.write(h.path.join(base, "\x01target"), data)
        h.os.symlink("\x01target" if kind == "link" else "missing", p)
    return p


def _yardstick(target, h):
    """The module whose stat/lstat the target's results are judged by."""
    return h.os if h.fake else hostos.cpython_os(target)


def _same(a, b):
    return all(getattr(a, f) == getattr(b, f) for f in FIELDS + ["st_atime_ns", "st_mtime_ns", "st_ctime_ns"])


# --- stat --------------------------------------------------------------------------------

@behaviour("stat.returns-stat-result", "stat.accepts-str-bytes-pathlike-fd", "stat.accepts-pathlike",
           "stat.follows-symlinks-by-default")
@given(name=names_up_to_name_max, kind=st.sampled_from(KINDS[:3]), form=path_forms, data=st.binary(max_size=99))
def test_stat_describes_the_file_a_path_leads_to(target, sandbox, name, kind, form, data):
    """stat.returns-stat-result: "Get the status of a file ... Return a stat_result object." — for
    a symlink, the file it points to (follow_symlinks defaults to True)."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), name, kind, data)
        got = target.api.stat(spell(p, form))
        assert isinstance(got, target.api.stat_result) and _same(got, _yardstick(target, h).stat(p))


@behaviour("stat.follows-symlinks-by-default")
@given(name=file_names())
def test_stat_of_a_dangling_symlink_raises_filenotfounderror(target, sandbox, name, strict):
    """stat.follows-symlinks-by-default: a dangling symlink is followed: FileNotFoundError."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), name, "dangling")
        support.assert_raises(strict, FileNotFoundError, errno.ENOENT, lambda: target.api.stat(p))


@behaviour("stat.follow-symlinks-false")
@given(name=file_names(), kind=st.sampled_from(KINDS))
def test_stat_no_follow_describes_the_link_itself(target, sandbox, name, kind):
    """stat.follow-symlinks-false: "If *follow_symlinks* is False ... stat will examine the
    symbolic link itself" — the same as lstat."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), name, kind)
        assert _same(target.api.stat(p, follow_symlinks=False), h.os.lstat(p))


@behaviour("stat.path-as-fd", "stat.accepts-str-bytes-pathlike-fd")
@given(kind=st.sampled_from(["file", "dir"]), data=st.binary(max_size=99))
def test_stat_of_an_fd_describes_the_open_file(target, sandbox, kind, data):
    """stat.path-as-fd: stat(fd) describes the open file, like fstat(fd)."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), "x", kind, data)
        fd = h.open(p)
        assert _same(target.api.stat(fd), h.os.fstat(fd))


@behaviour("stat.dir-fd")
@given(name=file_names(), absolute=st.booleans())
def test_stat_resolves_relative_paths_against_dir_fd(target, sandbox, name, absolute):
    """stat.dir-fd: a relative path is looked up in dir_fd's directory; an absolute path
    ignores dir_fd."""
    with support.host(target) as h:
        a, b = sandbox.fresh(), sandbox.fresh()
        p = _make(h, a, name, "file", b"in a")
        _make(h, b, name, "dir")
        fd = h.open(b if absolute else a)
        assert _same(target.api.stat(p if absolute else name, dir_fd=fd), _yardstick(target, h).stat(p))


@behaviour("stat.fd-with-dir-fd-or-follow-symlinks-raises-valueerror")
@given(which=st.sampled_from(["dir_fd", "follow_symlinks"]))
def test_stat_fd_with_dir_fd_or_no_follow_raises_valueerror(target, sandbox, which, strict):
    """stat.fd-with-dir-fd-or-follow-symlinks-raises-valueerror: stat(fd, dir_fd=d) and
    stat(fd, follow_symlinks=False) raise ValueError."""
    with support.host(target) as h:
        base = sandbox.fresh()
        fd = h.open(_make(h, base, "f", "file"))
        kw = {"dir_fd": h.open(base)} if which == "dir_fd" else {"follow_symlinks": False}
        support.assert_raises(strict, ValueError, None, lambda: target.api.stat(fd, **kw),
                              model=None if h.fake else lambda: os.stat(fd, **kw))


@pytest.mark.parametrize("fn", [pytest.param("stat", marks=behaviour("stat.keyword-only-options")),
                                pytest.param("lstat", marks=behaviour("lstat.dir-fd-keyword-only"))])
def test_stat_options_are_keyword_only(target, sandbox, fn):
    """stat.keyword-only-options / lstat.dir-fd-keyword-only: a second positional argument
    (a would-be dir_fd) is a TypeError."""
    with support.host(target) as h:
        base = sandbox.fresh()
        fd = h.open(base)
        support.assert_raises(False, TypeError, None, lambda: getattr(target.api, fn)("x", fd))


# --- lstat ---------------------------------------------------------------------------------

@behaviour("lstat.returns-stat-result", "lstat.does-not-follow-symlinks", "lstat.accepts-pathlike")
@given(name=names_up_to_name_max, kind=st.sampled_from(KINDS), form=path_forms)
def test_lstat_describes_a_symlink_itself(target, sandbox, name, kind, form):
    """lstat.does-not-follow-symlinks: "Perform the equivalent of an lstat() system call" — a
    stat_result of the link itself (S_ISLNK, st_size the target's length), dangling or not."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), name, kind)
        got = target.api.lstat(spell(p, form))
        assert isinstance(got, target.api.stat_result) and _same(got, _yardstick(target, h).lstat(p))
        if kind in ("link", "dangling"):
            assert stat.S_ISLNK(got.st_mode) and got.st_size == len(os.fsencode(h.os.readlink(p)))


@behaviour("lstat.dir-fd", "lstat.equivalent-to-stat-nofollow")
@given(name=file_names(), kind=st.sampled_from(KINDS))
def test_lstat_with_dir_fd(target, sandbox, name, kind):
    """lstat.dir-fd: with dir_fd, the relative name in that directory, not followed."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = _make(h, base, name, kind)
        assert _same(target.api.lstat(name, dir_fd=h.open(base)), _yardstick(target, h).lstat(p))


# --- stat_result -------------------------------------------------------------------------

@behaviour("stat_result.tuple-of-at-least-10", "stat_result.tuple-order", "stat_result.tuple-items-are-int")
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=99))
def test_stat_result_is_a_sequence_of_ten_ints_in_order(target, sandbox, kind, data):
    """stat_result.tuple-order: items 0-9 are st_mode, st_ino, st_dev, st_nlink, st_uid, st_gid,
    st_size, then the three times as ints (int(st_mtime), while st_mtime is a float)."""
    with support.host(target) as h:
        r = target.api.lstat(_make(h, sandbox.fresh(), "x", kind, data))
    assert len(r) >= 10 and len(tuple(r)) == len(r)
    for i, field in enumerate(FIELDS):
        want = getattr(r, field)
        assert type(r[i]) is int and r[i] == (int(want) if i >= 7 else want), field
    assert type(r.st_mtime) is float


@behaviour("stat_result.returned-by-stat-fstat-lstat")
@given(fn=st.sampled_from(["stat", "fstat", "lstat"]))
def test_stat_fstat_lstat_return_stat_result(target, sandbox, fn):
    """stat_result.returned-by-stat-fstat-lstat: all three return os.stat_result instances."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), "x", "file")
        got = getattr(target.api, fn)(h.open(p) if fn == "fstat" else p)
    assert isinstance(got, target.api.stat_result)


SIMPLE = {  # field -> behaviour id: the value equals what the harness sees
    "st_mode": "stat_result.st_mode.type-and-permissions", "st_dev": "stat_result.st_dev.device-identifier",
    "st_uid": "stat_result.st_uid.owner-uid", "st_gid": "stat_result.st_gid.owner-gid",
    "st_size": "stat_result.st_size.regular-file-bytes", "st_blksize": "stat_result.st_blksize.preferred-io-size",
    "st_atime": "stat_result.st_atime.access-time-seconds",
    "st_mtime": "stat_result.st_mtime.modification-time-seconds",
    "st_ctime": "stat_result.st_ctime.unix-metadata-change",
    "st_atime_ns": "stat_result.st_atime_ns.int-nanoseconds", "st_mtime_ns": "stat_result.st_mtime_ns.int-nanoseconds",
    "st_ctime_ns": "stat_result.st_ctime_ns.unix-metadata-change-ns", "st_blocks": "stat_result.st_blocks.512-byte-blocks",
}


@pytest.mark.parametrize("field", [pytest.param(f, id=f, marks=behaviour(b, "stat_result.has-ns-members"
                                                                         if f.endswith("_ns") else b))
                                   for f, b in sorted(SIMPLE.items())])
@given(kind=st.sampled_from(KINDS[:3]), mode=st.integers(0, 0o7777), owner=st.tuples(st.integers(0, 99999), st.integers(0, 99999)),
       times=st.tuples(st.integers(0, 2 ** 33), st.integers(0, 2 ** 33)), data=st.binary(max_size=5000))
def test_stat_result_field_holds_the_files_value(target, sandbox, field, kind, mode, owner, times, data):
    """stat_result.<field>: the file's type and mode, device, owner, group, size, block size,
    times (float seconds; int nanoseconds consistent with them) and 512-byte blocks, as set
    harness-side with chmod, chown and utime."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), "x", kind, data)
        if kind != "link":
            h.os.chmod(p, mode)
        h.os.lchown(p, *owner)
        if kind != "link":
            h.os.utime(p, ns=times)
        got, want = target.api.lstat(p), _yardstick(target, h).lstat(p)
    value = getattr(got, field)
    assert value == getattr(want, field)
    assert type(value) is (float if field in ("st_atime", "st_mtime", "st_ctime") else int)
    if field.endswith("time_ns"):
        assert abs(getattr(got, field[:-3]) - value / 1e9) < 1e-6
    if field == "st_blocks" and kind == "file":
        assert value * 512 >= got.st_size
    if field == "st_blksize":
        assert value > 0


@pytest.mark.parametrize("field", [pytest.param(f, marks=behaviour("stat_result.%s.exact" % f))
                                   for f in ("st_atime_ns", "st_mtime_ns")])
@given(atime=st.integers((-2 ** 31 + 2) * 10 ** 9, 2 ** 33 * 10 ** 9), mtime=st.integers((-2 ** 31 + 2) * 10 ** 9, 2 ** 33 * 10 ** 9))
def test_stat_result_ns_times_are_exact(target, sandbox, field, atime, mtime):
    """stat_result.st_*time_ns.exact: the nanoseconds utime set (harness-side) come back exactly."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), "x", "file")
        h.os.utime(p, ns=(atime, mtime))
        assert getattr(target.api.lstat(p), field) == (atime if field == "st_atime_ns" else mtime)


@behaviour("stat_result.st_nlink.hard-link-count", "stat_result.st_ino.unique-per-device")
@given(links=st.integers(1, 5), others=st.integers(0, 3))
def test_stat_result_nlink_counts_hard_links_and_ino_identifies(target, sandbox, links, others):
    """stat_result.st_nlink.hard-link-count: a new file has 1 link, each link adds one; hard links
    share (st_dev, st_ino) and distinct files differ."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = _make(h, base, "f", "file")
        for i in range(1, links):
            h.os.link(p, h.path.join(base, "h%d" % i))
        rs = [target.api.lstat(h.path.join(base, "h%d" % i) if i else p) for i in range(links)]
        os_ = [target.api.lstat(_make(h, base, "o%d" % i, "file")) for i in range(others)]
    assert all(r.st_nlink == links for r in rs)
    keys = set((r.st_dev, r.st_ino) for r in rs)
    assert len(keys) == 1 and rs[0].st_ino != 0
    assert len(keys | set((r.st_dev, r.st_ino) for r in os_)) == 1 + others


@behaviour("stat_result.st_ino.inode-number-on-unix")
@given(kind=st.sampled_from(KINDS))
def test_stat_result_ino_is_the_directory_entrys_inode(target, sandbox, kind):
    """stat_result.st_ino.inode-number-on-unix: st_ino is the inode number the directory entry
    has (the harness' scandir inode())."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = _make(h, base, "x", kind)
        inode = [e.inode() for e in h.os.scandir(base) if e.name == "x"][0]
        assert target.api.lstat(p).st_ino == inode


@behaviour("stat_result.st_size.symlink-target-length")
@given(to=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_stat_result_size_of_a_symlink_is_its_target_length(target, sandbox, to):
    """stat_result.st_size.symlink-target-length: lstat of a link: st_size is the target's length
    in bytes (UTF-8 here), without a NUL."""
    with support.host(target) as h:
        p = h.path.join(sandbox.fresh(), "l")
        h.os.symlink(to, p)
        assert target.api.lstat(p).st_size == len(to.encode("utf-8", "surrogateescape"))


@behaviour("stat_result.st_blocks.smaller-for-sparse")
@given(size=st.integers(2 ** 20, 2 ** 30))
def test_stat_result_blocks_of_a_sparse_file(target, sandbox, size):
    """stat_result.st_blocks.smaller-for-sparse: a file truncated (harness-side) to a large size
    has st_size == size but far fewer than size/512 blocks."""
    with support.host(target) as h:
        p = _make(h, sandbox.fresh(), "f", "file")
        h.os.truncate(p, size)
        r = target.api.lstat(p)
    assert r.st_size == size and r.st_blocks < size // 512


@behaviour("stat_result.st_rdev.device-type")
@given(dev=st.sampled_from(["/dev/null", "/dev/zero", "/dev/full", "/dev/random"]))
def test_stat_result_rdev_of_a_device_node(target, sandbox, dev):
    """stat_result.st_rdev.device-type: "Type of device if an inode device." — /dev/null is
    makedev(1, 3); each equals CPython's."""
    support.require(target, "devices")
    got = target.api.stat(dev).st_rdev
    assert got == hostos.cpython_os(target).stat(dev).st_rdev and (dev != "/dev/null" or got == hostos.makedev(1, 3))

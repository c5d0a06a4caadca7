"""Files and Directories: link, symlink, readlink, unlink, remove, rename, replace.

Trees are built and inspected harness-side (support.Host); each check calls only the function
it is named after. Names are awkward on purpose (non-ASCII, surrogate escapes, leading dashes,
spaces, up to NAME_MAX bytes); targets of symlinks are any non-NUL string.
"""
import errno
import os
import stat

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import support
from conformance.hostos import host
from conformance.strategies import file_names, names_up_to_name_max, path_forms, spell

behaviour = pytest.mark.behaviour
link_targets = st.one_of(file_names(), st.lists(st.sampled_from(["..", ".", "a", "\udcff", "b c", "-x"]),
                                                 min_size=1, max_size=4).map("/".join),
                         st.just("/nonexistent/abs"))


def _ino(h, path, follow=False):
    s = h.os.stat(path) if follow else h.os.lstat(path)
    return s.st_dev, s.st_ino


# --- link ----------------------------------------------------------------------------------

@behaviour("link.creates-hard-link", "link.accepts-pathlike")
@given(src=names_up_to_name_max, dst=names_up_to_name_max, form=path_forms, data=st.binary(max_size=64))
def test_link_makes_a_second_name_for_the_same_inode(target, sandbox, src, dst, form, data):
    """link.creates-hard-link: "Create a hard link pointing to *src* named *dst*." — same
    (st_dev, st_ino), st_nlink 2, same content."""
    assume(src != dst)
    with support.host(target) as h:
        base = sandbox.fresh()
        s, d = h.write(h.path.join(base, src), data), h.path.join(base, dst)
        target.api.link(spell(s, form), spell(d, form))
        assert _ino(h, s) == _ino(h, d) and h.os.lstat(d).st_nlink == 2 and h.read(d) == data


@behaviour("link.src-dst-dir-fd")
@given(src=file_names(), dst=file_names())
def test_link_resolves_src_and_dst_against_their_dir_fds(target, sandbox, src, dst):
    """link.src-dst-dir-fd: src_dir_fd and dst_dir_fd resolve relative src and dst."""
    with support.host(target) as h:
        a, b = sandbox.fresh(), sandbox.fresh()
        s = h.write(h.path.join(a, src))
        target.api.link(src, dst, src_dir_fd=h.open(a), dst_dir_fd=h.open(b))
        assert _ino(h, s) == _ino(h, h.path.join(b, dst))


@behaviour("link.follow-symlinks-default-follows", "link.follow-symlinks-false")
@given(follow=st.sampled_from([None, True, False]))
def test_link_to_a_symlink_links_the_symlink_itself(target, sandbox, follow):
    """link.follow-symlinks-default-follows — as CPython on Linux does (finding: implementation
    bug): link(2) does not follow, so with the default, follow_symlinks=True or False alike dst is
    a hard link to the symlink itself (link.follow-symlinks-false: that is what False asks)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        h.write(h.path.join(base, "f"))
        lnk, dst = h.path.join(base, "l"), h.path.join(base, "h")
        h.os.symlink("f", lnk)
        kw = {} if follow is None else {"follow_symlinks": follow}
        target.api.link(lnk, dst, **kw)
        assert stat.S_ISLNK(h.os.lstat(dst).st_mode) and _ino(h, dst) == _ino(h, lnk)


@behaviour("link.keyword-only-options")
def test_link_options_are_keyword_only(target, sandbox):
    """link.keyword-only-options: a third positional argument is a TypeError, nothing linked."""
    with support.host(target) as h:
        base = sandbox.fresh()
        s = h.write(h.path.join(base, "f"))
        support.assert_raises(False, TypeError, None, lambda: target.api.link(s, s + "2", None))
        assert not h.lexists(s + "2")


@behaviour("link.oserror-for-rejected-arguments")
@given(dst=st.sampled_from(["f", "g", "d"]))
def test_link_onto_an_existing_name_raises_fileexistserror(target, sandbox, dst, strict):
    """link.oserror-for-rejected-arguments: an existing dst (file or directory) is FileExistsError."""
    with support.host(target) as h:
        base = sandbox.fresh()
        s = h.write(h.path.join(base, "f"))
        h.write(h.path.join(base, "g"), b"g")
        h.os.mkdir(h.path.join(base, "d"))
        before = h.snapshot(base)
        support.assert_raises(strict, FileExistsError, errno.EEXIST,
                              lambda: target.api.link(s, h.path.join(base, dst)))
        assert h.snapshot(base) == before


# --- symlink, readlink --------------------------------------------------------------------

@behaviour("symlink.creates-symlink", "symlink.accepts-pathlike")
@given(name=names_up_to_name_max, to=link_targets, form=path_forms)
def test_symlink_stores_src_verbatim(target, sandbox, name, to, form):
    """symlink.creates-symlink: "Create a symbolic link pointing to *src* named *dst*." — src
    need not exist and is stored as given (readlink returns its bytes)."""
    with support.host(target) as h:
        dst = h.path.join(sandbox.fresh(), name)
        target.api.symlink(spell(to, form), spell(dst, form))
        assert stat.S_ISLNK(h.os.lstat(dst).st_mode)
        assert os.fsencode(h.os.readlink(dst)) == os.fsencode(to)


@behaviour("symlink.target-is-directory-ignored")
@given(is_dir=st.booleans(), flag=st.booleans())
def test_symlink_target_is_directory_is_ignored(target, sandbox, is_dir, flag):
    """symlink.target-is-directory-ignored: on Unix target_is_directory is accepted and ignored."""
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.mkdir(h.path.join(base, "t")) if is_dir else h.write(h.path.join(base, "t"))
        target.api.symlink("t", h.path.join(base, "l"), flag)
        assert h.os.readlink(h.path.join(base, "l")) == "t"


@behaviour("symlink.dir-fd")
@given(name=file_names(), to=link_targets)
def test_symlink_creates_dst_in_dir_fd(target, sandbox, name, to):
    """symlink.dir-fd: with dir_fd, a relative dst is created inside that directory."""
    with support.host(target) as h:
        base = sandbox.fresh()
        target.api.symlink(to, name, dir_fd=h.open(base))
        assert os.fsencode(h.os.readlink(h.path.join(base, name))) == os.fsencode(to)


@behaviour("symlink.oserror-for-rejected-arguments")
@given(existing=st.sampled_from(["f", "d", "l"]))
def test_symlink_onto_an_existing_name_raises_fileexistserror(target, sandbox, existing, strict):
    """symlink.oserror-for-rejected-arguments: an existing dst (even a symlink) is FileExistsError."""
    with support.host(target) as h:
        base = sandbox.fresh()
        h.write(h.path.join(base, "f"))
        h.os.mkdir(h.path.join(base, "d"))
        h.os.symlink("f", h.path.join(base, "l"))
        before = h.snapshot(base)
        support.assert_raises(strict, FileExistsError, errno.EEXIST,
                              lambda: target.api.symlink("x", h.path.join(base, existing)))
        assert h.snapshot(base) == before


@behaviour("readlink.returns-target", "readlink.str-in-str-out", "readlink.bytes-in-bytes-out",
           "readlink.accepts-pathlike", "readlink.may-raise-unicodedecodeerror")
@given(name=file_names(), to=link_targets, form=path_forms)
def test_readlink_returns_the_stored_target_in_the_path_type(target, sandbox, name, to, form):
    """readlink.returns-target: "Return a string representing the path to which the symbolic link
    points." — str for a str (PathLike) path, bytes for bytes. As CPython on Linux (finding:
    documentation vague) an undecodable target comes back surrogate-escaped, never as
    UnicodeDecodeError."""
    with support.host(target) as h:
        link = h.path.join(sandbox.fresh(), name)
        h.os.symlink(to, link)
        got = target.api.readlink(spell(link, form))
    want = os.fsencode(to) if form.endswith("bytes") else to
    assert type(got) is type(want) and os.fsencode(got) == os.fsencode(want)


@behaviour("readlink.relative-target-join")
@given(to=st.lists(st.sampled_from(["..", ".", "sub", "é"]), min_size=1, max_size=3).map("/".join))
def test_readlink_relative_result_joins_onto_the_link_directory(target, sandbox, to):
    """readlink.relative-target-join: os.path.join(os.path.dirname(path), result) is where the
    link points."""
    with support.host(target) as h:
        base = sandbox.fresh()
        link = h.path.join(base, "l")
        h.os.symlink(to, link)
        got = target.api.readlink(link)
        assert h.path.normpath(h.path.join(h.path.dirname(link), got)) == h.path.normpath(h.path.join(base, to))


@behaviour("readlink.dir-fd")
@given(name=file_names(), to=link_targets)
def test_readlink_resolves_relative_path_against_dir_fd(target, sandbox, name, to):
    """readlink.dir-fd: with dir_fd, the relative link name is looked up in that directory."""
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.symlink(to, h.path.join(base, name))
        assert os.fsencode(target.api.readlink(name, dir_fd=h.open(base))) == os.fsencode(to)


@behaviour("readlink.oserror-for-rejected-arguments")
@given(kind=st.sampled_from(["file", "dir"]))
def test_readlink_of_a_non_link_raises_einval(target, sandbox, kind, strict):
    """readlink.oserror-for-rejected-arguments: a path that is no symlink is OSError EINVAL."""
    with support.host(target) as h:
        p = h.path.join(sandbox.fresh(), "x")
        h.write(p) if kind == "file" else h.os.mkdir(p)
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.readlink(p))


# --- unlink, remove ------------------------------------------------------------------------

UNLINK_FNS = [pytest.param("unlink", marks=behaviour("unlink.deletes-file", "unlink.accepts-pathlike")),
               pytest.param("remove", marks=behaviour("remove.deletes-file", "remove.accepts-pathlike"))]


def _check_unlink(target, sandbox, fn, name, kind, form):
    with support.host(target) as h:
        base = sandbox.fresh()
        keep = h.write(h.path.join(base, "keep" if name != "keep" else "other"))
        p = h.path.join(base, name)
        if kind == "file":
            h.write(p)
        elif kind == "fifo":
            host.mkfifo(p)
        else:
            h.os.symlink(keep if kind == "link" else "missing", p)
        getattr(target.api, fn)(spell(p, form))
        assert not h.lexists(p) and h.lexists(keep), "%s(%s) left %s" % (
            fn, kind, "the name" if h.lexists(p) else "nothing of the other file")


@pytest.mark.parametrize("fn", UNLINK_FNS)
@given(name=names_up_to_name_max, kind=st.sampled_from(["file", "link", "dangling"]), form=path_forms)
def test_unlink_or_remove_deletes_the_name(target, sandbox, fn, name, kind, form):
    """unlink/remove.deletes-file: "Remove (delete) the file *path*." — files and symlinks
    (the link, not its target); afterwards the name is gone, the rest untouched."""
    _check_unlink(target, sandbox, fn, name, kind, form)


@pytest.mark.parametrize("fn", UNLINK_FNS)
@given(name=names_up_to_name_max, form=path_forms)
def test_unlink_or_remove_deletes_a_fifo(target, sandbox, fn, name, form):
    """unlink/remove.deletes-file: a FIFO is a file too: its name is gone afterwards."""
    support.require(target, "fifos")
    _check_unlink(target, sandbox, fn, name, "fifo", form)


@pytest.mark.parametrize("fn", [pytest.param("unlink", marks=behaviour("unlink.same-as-remove")),
                                pytest.param("remove", marks=behaviour("remove.directory-raises-oserror"))])
@given(name=file_names(), empty=st.booleans())
def test_unlink_or_remove_of_a_directory_raises_isadirectoryerror(target, sandbox, fn, name, empty, strict):
    """remove.directory-raises-oserror: "If *path* is a directory, an IsADirectoryError is
    raised." (unlink: the same); the directory stays."""
    with support.host(target) as h:
        d = h.path.join(sandbox.fresh(), name)
        h.os.mkdir(d)
        if not empty:
            h.write(h.path.join(d, "x"))
        support.assert_raises(strict, IsADirectoryError, errno.EISDIR, lambda: getattr(target.api, fn)(d))
        assert h.path.isdir(d)


@pytest.mark.parametrize("fn", [pytest.param("unlink", marks=behaviour("unlink.dir-fd")),
                                pytest.param("remove", marks=behaviour("remove.dir-fd"))])
@given(name=file_names())
def test_unlink_or_remove_resolves_against_dir_fd(target, sandbox, fn, name):
    """unlink/remove.dir-fd: with dir_fd, the relative name is removed from that directory. As
    CPython on Linux (finding: remove is not in supports_dir_fd, yet its dir_fd works)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = h.write(h.path.join(base, name))
        getattr(target.api, fn)(name, dir_fd=h.open(base))
        assert not h.lexists(p)


@behaviour("remove.unix-open-file-survives")
@given(data=st.binary(max_size=256))
def test_remove_of_an_open_file_leaves_the_fd_readable(target, sandbox, data):
    """remove.unix-open-file-survives: "the space occupied by the file will not be made available
    until the original file is no longer in use" — the name goes, the open fd still reads."""
    with support.host(target) as h:
        p = h.write(h.path.join(sandbox.fresh(), "f"), data)
        fd = h.open(p)
        target.api.remove(p)
        assert not h.lexists(p) and h.os.read(fd, 1024) == data


@behaviour("remove.same-as-unlink")
@given(kind=st.sampled_from(["file", "dir", "missing", "link"]))
def test_remove_gives_what_unlink_gives(target, sandbox, kind):
    """remove.same-as-unlink: "This function is semantically identical to unlink()." — the same
    outcome for the same input (unlink harness-side on a twin tree)."""
    with support.host(target) as h:
        results = []
        for fn in (target.api.remove, h.os.unlink):
            p = h.path.join(sandbox.fresh(), "x")
            if kind == "file":
                h.write(p)
            elif kind == "dir":
                h.os.mkdir(p)
            elif kind == "link":
                h.os.symlink("x", p)
            try:
                fn(p)
                results.append((None, h.lexists(p)))
            except OSError as exc:
                results.append((exc.errno, h.lexists(p)))
        assert results[0] == results[1]


# --- rename, replace -----------------------------------------------------------------------

def _rename_params(slug_by_fn):
    return [pytest.param(fn, id=fn, marks=behaviour(*("%s.%s" % (fn, s) for s in slugs)))
            for fn, slugs in slug_by_fn]


@pytest.mark.parametrize("fn", _rename_params([("rename", ["renames", "accepts-pathlike"]),
                                               ("replace", ["renames", "accepts-pathlike"])]))
@given(src=names_up_to_name_max, dst=names_up_to_name_max, is_dir=st.booleans(), form=path_forms,
       data=st.binary(max_size=64))
def test_rename_moves_the_inode_to_dst(target, sandbox, fn, src, dst, is_dir, form, data):
    """rename/replace.renames: "Rename the file or directory *src* to *dst*." — src is gone and
    dst is the same inode (with its content)."""
    assume(src != dst)
    with support.host(target) as h:
        a, b = sandbox.fresh(), sandbox.fresh()
        s = h.path.join(a, src)
        h.os.mkdir(s) if is_dir else h.write(s, data)
        ino = _ino(h, s)
        getattr(target.api, fn)(spell(s, form), spell(h.path.join(b, dst), form))
        assert not h.lexists(s) and _ino(h, h.path.join(b, dst)) == ino


@pytest.mark.parametrize("fn", _rename_params([("rename", ["unix-replaces-existing-file"]),
                                               ("replace", ["replaces-existing-file"])]))
@given(old=st.binary(max_size=32), new=st.binary(max_size=32), dst_is_link=st.booleans())
def test_rename_replaces_an_existing_file(target, sandbox, fn, old, new, dst_is_link):
    """rename.unix-replaces-existing-file / replace.replaces-existing-file: an existing file (or
    symlink) dst is silently replaced."""
    with support.host(target) as h:
        base = sandbox.fresh()
        s, d = h.write(h.path.join(base, "s"), new), h.path.join(base, "d")
        h.os.symlink("s", d) if dst_is_link else h.write(d, old)
        getattr(target.api, fn)(s, d)
        assert not h.lexists(s) and not stat.S_ISLNK(h.os.lstat(d).st_mode) and h.read(d) == new


@pytest.mark.parametrize("fn", _rename_params([("rename", ["dst-directory-raises-oserror"]),
                                               ("replace", ["dst-directory-raises-oserror"])]))
@given(case=st.sampled_from(["file-onto-dir", "dir-onto-nonempty", "dir-onto-empty", "dir-onto-file"]))
def test_rename_onto_a_directory_as_linux_does(target, sandbox, fn, case, strict):
    """<fn>.dst-directory-raises-oserror — as CPython on Linux does (finding: documentation
    error): a file onto a directory is IsADirectoryError, a directory onto a non-empty one OSError
    ENOTEMPTY, onto a file NotADirectoryError; a directory onto an EMPTY directory replaces it."""
    with support.host(target) as h:
        base = sandbox.fresh()
        s, d = h.path.join(base, "s"), h.path.join(base, "d")
        h.write(s) if case == "file-onto-dir" else h.os.mkdir(s)
        h.write(d) if case == "dir-onto-file" else h.os.mkdir(d)
        if case == "dir-onto-nonempty":
            h.write(h.path.join(d, "x"))
        if case == "dir-onto-empty":
            ino = _ino(h, s)
            getattr(target.api, fn)(s, d)
            assert not h.lexists(s) and _ino(h, d) == ino
            return
        before = h.snapshot(base)
        exc, err = {"file-onto-dir": (IsADirectoryError, errno.EISDIR),
                    "dir-onto-nonempty": (OSError, (errno.ENOTEMPTY, errno.EEXIST)),
                    "dir-onto-file": (NotADirectoryError, errno.ENOTDIR)}[case]
        support.assert_raises(strict, exc, err, lambda: getattr(target.api, fn)(s, d))
        assert h.snapshot(base) == before


@pytest.mark.parametrize("fn", _rename_params([("rename", ["cross-filesystem-may-fail"]),
                                               ("replace", ["cross-filesystem-may-fail"])]))
@given(name=file_names())
def test_rename_across_filesystems_raises_exdev(target, sandbox, fn, name, strict):
    """<fn>.cross-filesystem-may-fail: "The operation may fail if *src* and *dst* are on different
    filesystems." — on Linux OSError EXDEV (dst on another mounted file system: under /proc, where
    nothing can be created, or pyfakefs' own second mount point), src kept."""
    with support.host(target) as h:
        s = h.write(h.path.join(sandbox.fresh(), name), b"x")
        support.assert_raises(strict, OSError, errno.EXDEV,
                              lambda: getattr(target.api, fn)(s, h.on_another_filesystem(sandbox.fresh())))
        assert h.lexists(s), "the refused %s removed src" % fn


@pytest.mark.parametrize("fn", _rename_params([("rename", ["src-dst-dir-fd"]), ("replace", ["src-dst-dir-fd"])]))
@given(src=file_names(), dst=file_names())
def test_rename_resolves_src_and_dst_against_their_dir_fds(target, sandbox, fn, src, dst):
    """<fn>.src-dst-dir-fd: src_dir_fd / dst_dir_fd resolve relative src / dst."""
    with support.host(target) as h:
        a, b = sandbox.fresh(), sandbox.fresh()
        s = h.write(h.path.join(a, src), b"moved")
        getattr(target.api, fn)(src, dst, src_dir_fd=h.open(a), dst_dir_fd=h.open(b))
        assert not h.lexists(s) and h.read(h.path.join(b, dst)) == b"moved"

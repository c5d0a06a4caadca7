"""Files and Directories: listdir, scandir and its iterator, DirEntry (walk and fwalk: _walk).

Trees are built harness-side from hypothesis-drawn names (files, directories, symlinks to
both, dangling links); listings are compared as sets, never in order.
"""
import gc
import sys
import os
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import file_names, path_forms, spell

behaviour = pytest.mark.behaviour
entries = st.dictionaries(file_names(), st.sampled_from(["file", "dir", "link-file", "link-dir", "dangling"]),
                          max_size=6)


def _tree(h, base, spec):
    """Harness-side: make `spec` ({name: kind}) in base; returns base."""
    h.os.mkdir(h.path.join(base, "\x01dir"))
    h.write(h.path.join(base, "\x01file"))
    for name, kind in spec.items():
        p = h.path.join(base, name)
        if kind == "file":
            h.write(p)
        elif kind == "dir":
            h.os.mkdir(p)
        else:
            h.os.symlink({"link-file": "\x01file", "link-dir": "\x01dir", "dangling": "nowhere"}[kind], p)
    return base


def _names(spec):
    return set(spec) | {"\x01dir", "\x01file"}


def _enc(names):
    return set(os.fsencode(n) for n in names)


# --- listdir -------------------------------------------------------------------------------

@behaviour("listdir.returns-list-of-names", "listdir.excludes-dot-entries", "listdir.arbitrary-order",
           "listdir.bytes-in-bytes-out", "listdir.str-otherwise", "listdir.accepts-pathlike")
@given(spec=entries, form=path_forms)
def test_listdir_returns_the_entry_names(target, sandbox, spec, form):
    """listdir.returns-list-of-names: "Return a list containing the names of the entries in the
    directory given by *path*." — no '.'/'..', any order; bytes for a bytes path, else str."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        got = target.api.listdir(spell(base, form))
    assert type(got) is list
    want_type = bytes if form.endswith("bytes") else str
    assert all(type(n) is want_type for n in got)
    assert sorted(_enc(got)) == sorted(_enc(_names(spec))) and len(got) == len(_names(spec))


@behaviour("listdir.default-path-cwd", "listdir.str-otherwise")
@given(spec=entries, none=st.booleans())
def test_listdir_without_path_lists_the_cwd(target, sandbox, spec, none):
    """listdir.default-path-cwd: "*path* ... defaults to the current directory" (None as well)."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        with support.cwd_set(target, base):
            got = target.api.listdir(None) if none else target.api.listdir()
    assert all(type(n) is str for n in got) and _enc(got) == _enc(_names(spec))


@behaviour("listdir.path-as-fd", "listdir.str-otherwise")
@given(spec=entries)
def test_listdir_of_a_directory_fd(target, sandbox, spec):
    """listdir.path-as-fd: an open directory fd is listed (names are str)."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        got = target.api.listdir(h.open(base))
    assert all(type(n) is str for n in got) and _enc(got) == _enc(_names(spec))


# --- scandir, DirEntry ---------------------------------------------------------------------

def _scan(target, path):
    it = target.api.scandir(path)
    try:
        return list(it)
    finally:
        it.close()


@behaviour("scandir.returns-direntry-iterator", "scandir.excludes-dot-entries", "scandir.arbitrary-order",
           "scandir.bytes-in-bytes-attrs", "scandir.str-otherwise", "scandir.accepts-pathlike")
@given(spec=entries, form=path_forms)
def test_scandir_yields_one_entry_per_name(target, sandbox, spec, form):
    """scandir.returns-direntry-iterator: "Return an iterator of os.DirEntry objects corresponding
    to the entries in the directory given by *path*." — no dot entries; bytes name/path for a
    bytes path."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        it = target.api.scandir(spell(base, form))
        assert iter(it) is it
        got = list(it)
        it.close()
    t = bytes if form.endswith("bytes") else str
    assert all(type(e.name) is t and type(e.path) is t for e in got)
    assert _enc(e.name for e in got) == _enc(_names(spec)) and len(got) == len(_names(spec))


@behaviour("scandir.default-path-cwd", "scandir.str-otherwise")
@given(spec=entries)
def test_scandir_without_path_scans_the_cwd(target, sandbox, spec):
    """scandir.default-path-cwd: *path* defaults to '.': names as in the cwd, path './name'
    (both str: scandir.str-otherwise covers the default)."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        with support.cwd_set(target, base):
            it = target.api.scandir()
            got = list(it)
            it.close()
    _assert_str_attributes(got, "scandir()")
    assert _enc(e.name for e in got) == _enc(_names(spec))
    assert all(e.path == os.path.join(".", e.name) for e in got)


def _assert_str_attributes(entries, call):
    wrong = sorted({(type(e.name).__name__, type(e.path).__name__) for e in entries} - {("str", "str")})
    assert not wrong, "%s gave entries whose (name, path) types are %s, not str" % (call, wrong)


@behaviour("scandir.path-as-fd", "DirEntry.path.fd-scandir-equals-name", "scandir.str-otherwise")
@given(spec=entries)
def test_scandir_of_a_directory_fd(target, sandbox, spec):
    """scandir.path-as-fd: a directory fd is scanned (3.7); each entry's path equals its name,
    both str (scandir.str-otherwise: "For str, str-PathLike or fd paths")."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        got = _scan(target, h.open(base))
    _assert_str_attributes(got, "scandir(fd)")
    assert _enc(e.name for e in got) == _enc(_names(spec)) and all(e.path == e.name for e in got)


@behaviour("scandir.context-manager", "scandir.close.with-statement-closes", "scandir.close.closes")
@given(spec=entries, how=st.sampled_from(["with", "close"]))
def test_scandir_iterator_closes(target, sandbox, spec, how):
    """scandir.close.closes: leaving a with block or close() closes the iterator: it yields no
    more entries, and destroying it warns nothing."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if how == "with":
                with target.api.scandir(base) as it:
                    next(it)
            else:
                it = target.api.scandir(base)
                next(it)
                it.close()
            assert list(it) == []
            del it
            if sys.implementation.name != "cpython":
                gc.collect()  # CPython finalises on del; a full collection costs ~1 s per example here
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


@behaviour("scandir.resourcewarning-if-unclosed", "scandir.close.auto-on-gc", "scandir.close.auto-on-exhaustion")
@given(exhaust=st.booleans())
def test_scandir_iterator_left_open_warns_unless_exhausted(target, sandbox, exhaust):
    """scandir.resourcewarning-if-unclosed: an iterator neither exhausted nor closed emits
    ResourceWarning when destroyed (and is closed then); an exhausted one closes itself."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), {"a": "file", "b": "file"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            it = target.api.scandir(base)
            list(it) if exhaust else next(it)
            del it
            gc.collect()  # "when destroyed": an iterator caught in a reference cycle too
    warned = [w for w in caught if issubclass(w.category, ResourceWarning)]
    assert bool(warned) is not exhaust


KIND_ANSWERS = {  # kind -> (is_dir, is_file, is_symlink, is_dir nofollow, is_file nofollow)
    "file": (False, True, False, False, True), "dir": (True, False, False, True, False),
    "link-file": (False, True, True, False, False), "link-dir": (True, False, True, False, False),
    "dangling": (False, False, True, False, False)}


@behaviour("DirEntry.yielded-by-scandir", "DirEntry.is_dir.true-for-dir-or-link-to-dir",
           "DirEntry.is_dir.false-for-other", "DirEntry.is_dir.follow-symlinks-false",
           "DirEntry.is_file.true-for-file-or-link-to-file", "DirEntry.is_file.false-for-other",
           "DirEntry.is_file.follow-symlinks-false", "DirEntry.is_symlink.true-for-symlink",
           "DirEntry.is_symlink.false-for-non-symlink", "DirEntry.pathlib-correspondence",
           "DirEntry.is_dir.filenotfounderror-caught", "DirEntry.is_file.filenotfounderror-caught")
@given(spec=entries)
def test_direntry_type_answers(target, sandbox, spec):
    """DirEntry.is_dir/is_file/is_symlink: True for a directory / file (or a link to one, unless
    follow_symlinks=False), is_symlink for any link, dangling ones included."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        got = _scan(target, base)
    kinds = {os.fsencode(k): v for k, v in dict(spec, **{"\x01dir": "dir", "\x01file": "file"}).items()}
    for e in got:
        assert isinstance(e, target.api.DirEntry)
        answers = (e.is_dir(), e.is_file(), e.is_symlink(), e.is_dir(follow_symlinks=False),
                   e.is_file(follow_symlinks=False))
        assert answers == KIND_ANSWERS[kinds[os.fsencode(e.name)]], e.name


@behaviour("DirEntry.name.base-filename", "DirEntry.path.joined-path", "DirEntry.path.absolute-only-if-scandir-absolute",
           "DirEntry.name.type-follows-path", "DirEntry.path.type-follows-path", "DirEntry.implements-pathlike")
@given(spec=entries, relative=st.booleans(), form=st.sampled_from(["str", "bytes"]))
def test_direntry_name_and_path(target, sandbox, spec, relative, form):
    """DirEntry.path.joined-path: path == os.path.join(scandir_path, name), absolute exactly when
    the scandir path was; both of the path's type; os.fspath(entry) == entry.path."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        with support.cwd_set(target, h.path.dirname(base)):
            top = spell(h.path.basename(base) if relative else base, form)
            got = _scan(target, top)
    for e in got:
        assert e.path == os.path.join(top, e.name) and os.fspath(e) == e.path
        assert os.path.isabs(e.path) is (not relative) and os.sep.encode() not in os.fsencode(e.name)
        assert type(e.name) is type(top) and type(e.path) is type(top)


@behaviour("DirEntry.inode.returns-inode")
@given(spec=entries)
def test_direntry_inode_is_the_files(target, sandbox, spec):
    """DirEntry.inode.returns-inode: inode() is lstat's st_ino."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        for e in _scan(target, base):
            assert e.inode() == h.os.lstat(h.path.join(base, e.name)).st_ino


@behaviour("DirEntry.stat.returns-stat-result", "DirEntry.stat.follows-symlinks-by-default")
@given(spec=entries)
def test_direntry_stat_matches_the_file(target, sandbox, spec):
    """DirEntry.stat: a stat_result like os.stat(path) (follow_symlinks=False: like lstat)."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), spec)
        for e in _scan(target, base):
            p = h.path.join(base, e.name)
            assert tuple(e.stat(follow_symlinks=False))[:7] == tuple(h.os.lstat(p))[:7]
            if {os.fsencode(k): v for k, v in spec.items()}.get(os.fsencode(e.name)) != "dangling":
                assert tuple(e.stat())[:7] == tuple(h.os.stat(p))[:7]


@behaviour("DirEntry.caches-stat", "DirEntry.stat.cached-per-follow-symlinks", "DirEntry.inode.cached",
           "DirEntry.is_symlink.cached")
@given(mode=st.integers(0, 0o777))
def test_direntry_caches_what_it_learnt(target, sandbox, mode):
    """DirEntry.caches-stat: once stat() ran its result is kept: a later chmod, or replacing the
    file by a symlink, is not reflected in stat(), inode() or is_symlink()."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), {"f": "file"})
        e = [x for x in _scan(target, base) if x.name == "f"][0]
        first, ino, link = e.stat(), e.inode(), e.is_symlink()
        h.os.chmod(h.path.join(base, "f"), mode ^ 0o777)
        h.os.unlink(h.path.join(base, "f"))
        h.os.symlink("\x01dir", h.path.join(base, "f"))
        assert e.stat() is first or tuple(e.stat()) == tuple(first)
        assert e.inode() == ino and e.is_symlink() is link is False


@behaviour("DirEntry.is_dir.cached-per-follow-symlinks", "DirEntry.is_file.cached-per-follow-symlinks")
@given(first=st.sampled_from(["follow", "nofollow"]))
def test_direntry_type_answers_are_cached_per_follow_symlinks(target, sandbox, first):
    """DirEntry.is_dir/is_file.cached-per-follow-symlinks: a link to a directory, asked once,
    keeps that answer after the link is made to point at a file (the other follow_symlinks
    answer is cached on its own and, being d_type's, never changes)."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), {"x": "link-dir"})
        e = [x for x in _scan(target, base) if x.name == "x"][0]
        answers = (e.is_dir(), e.is_file()) if first == "follow" else (e.is_dir(follow_symlinks=False),)
        h.os.unlink(h.path.join(base, "x"))
        h.os.symlink("\x01file", h.path.join(base, "x"))
        if first == "follow":
            assert (e.is_dir(), e.is_file()) == answers == (True, False)
        else:
            assert (e.is_dir(follow_symlinks=False),) == answers == (False,)


@behaviour("DirEntry.is_dir.false-if-missing", "DirEntry.is_file.false-if-missing",
           "DirEntry.is_symlink.false-if-missing", "DirEntry.methods-may-raise-oserror")
@given(kind=st.sampled_from(["file", "dir", "link-file"]))
def test_direntry_of_a_deleted_entry_keeps_its_d_type(target, sandbox, kind, strict):
    """DirEntry.*.false-if-missing — as CPython on Linux does (finding: documentation vague): the
    answer comes from d_type, so a deleted entry keeps its old type; stat() of it raises
    FileNotFoundError (DirEntry.methods-may-raise-oserror). In a world of the target's own
    (pyfakefs) the entry is deleted from that world's objects."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), {"x": kind})
        e = [x for x in _scan(target, base) if x.name == "x"][0]
        h.remove(h.path.join(base, "x"))
        assert (e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False), e.is_symlink()) == \
            (kind == "dir", kind == "file", kind == "link-file")
        support.assert_raises(strict, FileNotFoundError, None, lambda: e.stat(follow_symlinks=False))


@pytest.mark.parametrize("method", [pytest.param(m, marks=behaviour("DirEntry.%s.follow-symlinks-keyword-only" % m))
                                    for m in ("is_dir", "is_file", "stat")])
def test_direntry_follow_symlinks_is_keyword_only(target, sandbox, method):
    """DirEntry.<m>.follow-symlinks-keyword-only: a positional argument is a TypeError."""
    with support.host(target) as h:
        base = _tree(h, sandbox.fresh(), {})
        e = _scan(target, base)[0]
        support.assert_raises(False, TypeError, None, lambda: getattr(e, method)(False))

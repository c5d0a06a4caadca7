"""Files and Directories: walk and fwalk over a fixed tree (with a symlink to a directory),
in both orders, with pruning, onerror, bytes and PathLike tops, and followed links."""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import path_forms, spell

behaviour = pytest.mark.behaviour


# --- walk, fwalk ---------------------------------------------------------------------------
# The tree:  top/ a/ (x, a1/ (y)), b/ (), f, l -> a (a symlink to a directory)

def _walk_tree(h, top):
    for d in ("a", "a/a1", "b"):
        h.os.makedirs(h.path.join(top, d))
    for f in ("a/x", "a/a1/y", "f"):
        h.write(h.path.join(top, f))
    h.os.symlink("a", h.path.join(top, "l"))
    return top


def _norm(rows, top):
    return sorted((os.path.relpath(os.fsdecode(d), os.fsdecode(top)), sorted(map(os.fsdecode, ds)),
                   sorted(map(os.fsdecode, fs))) for d, ds, fs in rows)


WALKED = [(".", ["a", "b", "l"], ["f"]), ("a", ["a1"], ["x"]), ("a/a1", [], ["y"]), ("b", [], [])]
FOLLOWED = WALKED + [("l", ["a1"], ["x"]), ("l/a1", [], ["y"])]


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour(
    "walk.yields-3-tuples", "walk.dirpath-is-str", "walk.dirnames-subdirectories", "walk.filenames-non-directories",
    "walk.names-have-no-path", "walk.no-follow-links-default", "walk.followlinks-true-descends", "walk.accepts-pathlike")),
    pytest.param("fwalk", marks=behaviour("fwalk.yields-4-tuples", "fwalk.same-as-walk", "fwalk.follow-symlinks-default-false",
                                          "fwalk.bytes-paths", "fwalk.accepts-pathlike"))])
@given(form=path_forms, follow=st.sampled_from([None, True]), topdown=st.booleans())
def test_walk_yields_each_directory_once(target, sandbox, fn, form, follow, topdown):
    """walk/fwalk: one (dirpath, dirnames, filenames[, dirfd]) per directory; a symlink to a
    directory is listed in dirnames and entered only when following (followlinks /
    follow_symlinks); bytes in, bytes out (walk's finding: the docs only say str)."""
    with support.host(target) as h:
        top = _walk_tree(h, sandbox.fresh())
        kw = {} if follow is None else {("followlinks" if fn == "walk" else "follow_symlinks"): follow}
        rows = list(getattr(target.api, fn)(spell(top, form), topdown, **kw))
    t = bytes if form.endswith("bytes") else str
    assert all(len(r) == (3 if fn == "walk" else 4) and type(r[0]) is t for r in rows)
    assert all(type(n) is t and os.sep.encode() not in os.fsencode(n) for r in rows for n in r[1] + r[2])
    assert _norm([r[:3] for r in rows], top) == sorted(FOLLOWED if follow else WALKED)


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour("walk.topdown-default", "walk.bottom-up")),
                                pytest.param("fwalk", marks=behaviour("fwalk.same-as-walk"))])
@given(topdown=st.sampled_from([None, True, False]))
def test_walk_orders_parents_and_children(target, sandbox, fn, topdown):
    """walk.topdown-default / walk.bottom-up: top-down (the default) yields a directory before its
    subdirectories; topdown=False after all of them."""
    with support.host(target) as h:
        top = _walk_tree(h, sandbox.fresh())
        rows = list(getattr(target.api, fn)(top) if topdown is None else getattr(target.api, fn)(top, topdown))
    order = [os.path.relpath(r[0], top) for r in rows]
    for i, d in enumerate(order):
        for j, e in enumerate(order):
            if e != d and (d == "." or e.startswith(d + "/")):
                assert (i < j) is (topdown is not False), order


def _visited_after_editing_top(target, sandbox, fn, edit):
    """The directories (relative to top) that walk or fwalk visits, top-down, when the top's
    dirnames are replaced in place by edit(dirnames)."""
    with support.host(target) as h:
        top = _walk_tree(h, sandbox.fresh())
        seen = []
        for row in getattr(target.api, fn)(top):
            seen.append(os.path.relpath(row[0], top))
            if row[0] == top:
                row[1][:] = edit(row[1])
    return seen


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour("walk.prune-dirnames-in-place", "walk.listing-before-yield")),
                                pytest.param("fwalk", marks=behaviour("fwalk.same-as-walk"))])
@given(keep=st.sets(st.sampled_from(["a", "b", "l"])))
def test_walk_top_down_prunes_what_is_removed_from_dirnames(target, sandbox, fn, keep):
    """walk.prune-dirnames-in-place: removing names from dirnames in place (top-down) keeps walk
    out of them."""
    seen = _visited_after_editing_top(target, sandbox, fn, lambda dirnames: [d for d in dirnames if d in keep])
    want = {"."} | ({"a", "a/a1"} if "a" in keep else set()) | ({"b"} if "b" in keep else set())
    assert set(seen) == want and len(seen) == len(want)


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour("walk.prune-dirnames-in-place")),
                                pytest.param("fwalk", marks=behaviour("fwalk.same-as-walk"))])
@given(order=st.permutations(["a", "b"]))
def test_walk_top_down_visits_dirnames_in_the_order_left_there(target, sandbox, fn, order):
    """walk.prune-dirnames-in-place: dirnames modified in place can "impose a specific order of
    visiting": top-down, the subdirectories are walked in the order the caller leaves them in."""
    seen = _visited_after_editing_top(target, sandbox, fn, lambda dirnames: list(order))
    want = ["."] + [d for first in order for d in ({"a": ["a", "a/a1"], "b": ["b"]}[first])]
    assert seen == want, "dirnames left as %r at the top, %s visited %r" % (list(order), fn, seen)


@behaviour("walk.bottom-up-dirnames-mod-no-effect")
def test_walk_bottom_up_ignores_dirnames_changes(target, sandbox):
    """walk.bottom-up-dirnames-mod-no-effect: with topdown=False clearing dirnames changes nothing."""
    with support.host(target) as h:
        top = _walk_tree(h, sandbox.fresh())
        rows = []
        for row in target.api.walk(top, False):
            rows.append((row[0], list(row[1]), list(row[2])))
            row[1][:] = []
    assert _norm(rows, top) == sorted(WALKED)


@behaviour("walk.errors-ignored-by-default", "walk.onerror-called-with-oserror", "walk.onerror-raise-aborts")
@given(how=st.sampled_from(["ignored", "called", "raise"]))
def test_walk_reports_scandir_errors_through_onerror(target, sandbox, how):
    """walk.onerror-*: errors listing a directory are ignored by default; onerror gets the
    OSError (filename: the failing path); an exception onerror raises ends the walk."""
    with support.host(target) as h:
        missing = h.path.join(sandbox.fresh(), "missing")
        errors = []

        def onerror(exc):
            errors.append(exc)
            if how == "raise":
                raise KeyError("stop")
        if how == "ignored":
            assert list(target.api.walk(missing)) == []
        elif how == "called":
            assert list(target.api.walk(missing, onerror=onerror)) == []
            assert len(errors) == 1 and isinstance(errors[0], FileNotFoundError) and errors[0].filename == missing
        else:
            with pytest.raises(KeyError):
                list(target.api.walk(missing, onerror=onerror))


@behaviour("walk.never-changes-cwd")
def test_walk_leaves_the_cwd_alone(target, sandbox):
    """walk.never-changes-cwd: "walk() never changes the current directory"."""
    with support.host(target) as h:
        top = _walk_tree(h, sandbox.fresh())
        cwd = h.os.getcwd()
        for _ in target.api.walk(top):
            assert h.os.getcwd() == cwd


@behaviour("fwalk.dirfd-refers-to-dirpath", "fwalk.fds-valid-until-next-step")
def test_fwalk_dirfd_is_the_directory_and_closed_afterwards(target, sandbox):
    """fwalk.dirfd-refers-to-dirpath: each dirfd is an open fd of dirpath, and the names it
    yields with it resolve against it (stat(name, dir_fd=dirfd) is dirpath/name); fwalk closes
    the fds."""
    with support.host(target) as h:  # the target's world: its fds and files
        top = _walk_tree(h, sandbox.fresh())
        fds = []
        for dirpath, dirnames, filenames, dirfd in target.api.fwalk(top):
            assert h.refers_to(dirfd, dirpath), "the dirfd of %r is open on another file" % (dirpath,)
            for name in dirnames + filenames:
                wanted = h.lstat_ino_mode(h.path.join(dirpath, name))
                try:
                    st = h.os.stat(name, dir_fd=dirfd, follow_symlinks=False)
                except OSError as e:
                    raise AssertionError("%r with the dirfd of %r does not resolve: %s" % (name, dirpath, e))
                assert (st.st_ino, st.st_mode) == wanted, \
                    "%r with the dirfd of %r resolves to another file than %r" % (name, dirpath, name)
            fds.append(dirfd)
        assert not any(h.is_open(fd) and h.refers_to(fd, top) for fd in fds)


@behaviour("fwalk.dir-fd", "fwalk.default-top-cwd")
@given(how=st.sampled_from(["dir_fd", "default"]))
def test_fwalk_relative_top_from_dir_fd_or_cwd(target, sandbox, how):
    """fwalk.dir-fd / fwalk.default-top-cwd: a relative top is resolved against dir_fd; with no
    top, '.' is walked."""
    with support.host(target) as h:
        base = sandbox.fresh()
        top = _walk_tree(h, h.path.join(base, "t") if h.os.mkdir(h.path.join(base, "t")) is None else None)
        if how == "dir_fd":
            rows = [r[:3] for r in target.api.fwalk("t", dir_fd=h.open(base))]
            assert _norm(rows, "t") == sorted(WALKED)
        else:
            with support.cwd_set(target, top):
                rows = [r[:3] for r in target.api.fwalk()]
            assert _norm(rows, ".") == sorted(WALKED)

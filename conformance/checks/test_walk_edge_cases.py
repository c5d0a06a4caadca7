"""Files and Directories: walk, fwalk, makedirs and removedirs at their edges, each compared
with the stdlib's result on the same tree (harness-side set-up in the target's world; for a
target with a world of its own, the stdlib walks a twin tree in the real file system).

The tree holds, besides a file and a subdirectory, entries whose type cannot be read without
an error: a symlink loop (stat fails with ELOOP, so DirEntry.is_dir() raises) and a dangling
symlink. They are non-directories ("filenames lists the names of the non-directory entries").
"""
import os

import pytest

from conformance import hostos, support

behaviour = pytest.mark.behaviour


def _tree(h, top):
    h.os.makedirs(h.path.join(top, "d", "e"))
    h.write(h.path.join(top, "f"), b"x")
    h.write(h.path.join(top, "d", "g"), b"y")
    h.os.symlink("loop", h.path.join(top, "loop"))  # a symlink to itself: ELOOP
    h.os.symlink("missing", h.path.join(top, "dangling"))
    h.os.symlink("d", h.path.join(top, "link"))
    h.os.symlink("loop2", h.path.join(top, "d", "loop2"))
    return top


def _trees(target, sandbox):
    """(Host of the target's world, the tree there, the tree the stdlib walks: the same one, or
    a twin in the real file system for a target with a world of its own)."""
    h = support.Host(target)
    top = _tree(h, sandbox.fresh())
    twin = _tree(support.Host(None), sandbox.real()) if h.fake else top
    return h, top, twin


def _norm(rows, top=None):
    """Sorted (dirpath, dirnames, filenames) as str; dirpath relative to `top` if given."""
    def path(p):
        p = os.fsdecode(p)
        return os.path.relpath(p, os.fsdecode(top)) if top is not None else p
    return sorted((path(r[0]), sorted(map(os.fsdecode, r[1])), sorted(map(os.fsdecode, r[2])))
                  for r in rows)


@pytest.mark.parametrize("topdown", [True, False])
@pytest.mark.parametrize("followlinks", [False, True])
@behaviour("walk.filenames-non-directories", "walk.dirnames-subdirectories")
def test_walk_lists_unreadable_symlinks_as_files(target, sandbox, topdown, followlinks):
    """A symlink loop and a dangling symlink are listed among the filenames, as by the stdlib."""
    h, top, twin = _trees(target, sandbox)
    got = _norm(target.api.walk(top, topdown=topdown, followlinks=followlinks), top)
    assert got == _norm(hostos.cpython_os(target).walk(twin, topdown=topdown, followlinks=followlinks), twin)
    assert (".", ["d", "link"], ["dangling", "f", "loop"]) in got


@pytest.mark.parametrize("topdown", [True, False])
@pytest.mark.parametrize("follow", [False, True])
@pytest.mark.parametrize("as_bytes", [False, True])
@behaviour("fwalk.same-as-walk")
def test_fwalk_lists_unreadable_symlinks_as_files(target, sandbox, topdown, follow, as_bytes):
    """fwalk's dirpath/dirnames/filenames equal walk's, symlink loops and dangling links
    included (bytes tops too)."""
    h, top, twin = _trees(target, sandbox)
    arg = os.fsencode(top) if as_bytes else top
    rows = [(p, d, f) for p, d, f, _ in target.api.fwalk(arg, topdown=topdown, follow_symlinks=follow)]
    assert all(isinstance(p, bytes) == as_bytes for p, _, _ in rows)
    assert _norm(rows, top) == _norm(hostos.cpython_os(target).walk(twin, topdown=topdown, followlinks=follow), twin)
    assert (".", ["d", "link"], ["dangling", "f", "loop"]) in _norm(rows, top)


@pytest.mark.parametrize("topdown", [True, False])
@behaviour("fwalk.same-as-walk")
def test_fwalk_of_a_file_top_yields_nothing(target, sandbox, topdown):
    """Like walk, fwalk of a regular file (also reached through a symlinked directory) yields
    nothing."""
    h, top, twin = _trees(target, sandbox)
    for name in ("f", "link/g"):
        got = list(target.api.fwalk(os.path.join(top, name), topdown=topdown))
        assert got == [] == list(hostos.cpython_os(target).walk(os.path.join(twin, name), topdown=topdown))


@behaviour("fwalk.fds-valid-until-next-step")
def test_fwalk_closed_early_closes_its_descriptors(target, sandbox):
    """Closing the fwalk generator after a step closes the descriptors it still holds."""
    h, top, _ = _trees(target, sandbox)
    for topdown in (True, False):
        walker = target.api.fwalk(top, topdown=topdown)
        _, _, _, fd = next(walker)
        assert h.is_open(fd)
        walker.close()
        assert not h.is_open(fd), "fd %d still open after closing the %s fwalk" % (
            fd, "top-down" if topdown else "bottom-up")


@behaviour("makedirs.creates-intermediate")
def test_makedirs_of_a_path_ending_in_dot(target, sandbox):
    """makedirs('new/sub/.') creates new and new/sub, as the stdlib does, without error."""
    h = support.Host(target)
    base = sandbox.fresh()
    target.api.makedirs(os.path.join(base, "new", "sub", "."))
    assert sorted(h.os.listdir(os.path.join(base, "new"))) == ["sub"]
    assert h.os.listdir(os.path.join(base, "new", "sub")) == []
    target.api.makedirs(os.path.join(base, "more", ""))  # a trailing separator
    assert h.path.isdir(os.path.join(base, "more"))


@behaviour("removedirs.removes-leaf-and-empty-parents")
def test_removedirs_with_a_trailing_separator(target, sandbox):
    """removedirs('a/b/c/') removes c, then the emptied b and a (base, not empty, stays)."""
    h = support.Host(target)
    base = sandbox.fresh()
    h.write(os.path.join(base, "keep"), b"")
    h.os.makedirs(os.path.join(base, "a", "b", "c"))
    target.api.removedirs(os.path.join(base, "a", "b", "c") + os.sep)
    assert h.os.listdir(base) == ["keep"]


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour("walk.onerror-called-with-oserror")),
                                pytest.param("fwalk", marks=behaviour("fwalk.same-as-walk"))])
@pytest.mark.parametrize("with_onerror", [True, False])
def test_a_directory_removed_during_the_walk_goes_to_onerror(target, sandbox, fn, with_onerror):
    """A subdirectory listed by a top-down walk but removed before the walk reaches it is
    reported to onerror (FileNotFoundError) and skipped, or silently skipped without onerror;
    the rest of the walk goes on — as with the stdlib (fwalk "behaves exactly like walk")."""
    def run(module, h, top):
        for d in ("a/b", "c", "e"):
            h.os.makedirs(os.path.join(top, d))
        errors = []
        seen = []
        walker = getattr(module, fn)(top, onerror=errors.append if with_onerror else None)
        for row in walker:
            seen.append(os.path.relpath(row[0], top))
            if row[0] == top:
                h.os.rmdir(os.path.join(top, "c"))
        return sorted(seen), [type(e).__name__ for e in errors]
    h = support.Host(target)
    got = run(target.api, h, sandbox.fresh())
    want = run(hostos.cpython_os(target), support.Host(None), sandbox.real() if h.fake else sandbox.fresh())
    assert got == want
    assert got[0] == [".", "a", "a/b", "e"]

"""Files and Directories: walk, fwalk, makedirs and removedirs at their edges, each compared
with the stdlib's result on the same tree (harness-side set-up in the real file system).

The tree holds, besides a file and a subdirectory, entries whose type cannot be read without
an error: a symlink loop (stat fails with ELOOP, so DirEntry.is_dir() raises) and a dangling
symlink. They are non-directories ("filenames lists the names of the non-directory entries").
"""
import os

import pytest

from conformance import hostos, support

behaviour = pytest.mark.behaviour


def _tree(sandbox):
    top = sandbox.fresh()
    os.makedirs(os.path.join(top, "d", "e"))
    support.write_file(os.path.join(top, "f"), b"x")
    support.write_file(os.path.join(top, "d", "g"), b"y")
    os.symlink("loop", os.path.join(top, "loop"))  # a symlink to itself: ELOOP
    os.symlink("missing", os.path.join(top, "dangling"))
    os.symlink("d", os.path.join(top, "link"))
    os.symlink("loop2", os.path.join(top, "d", "loop2"))
    return top


def _norm(rows):
    return sorted((os.fsdecode(r[0]), sorted(map(os.fsdecode, r[1])), sorted(map(os.fsdecode, r[2])))
                  for r in rows)


@pytest.mark.parametrize("topdown", [True, False])
@pytest.mark.parametrize("followlinks", [False, True])
@behaviour("walk.filenames-non-directories", "walk.dirnames-subdirectories")
def test_walk_lists_unreadable_symlinks_as_files(target, sandbox, topdown, followlinks):
    """A symlink loop and a dangling symlink are listed among the filenames, as by the stdlib."""
    support.require_real_world(target)
    top = _tree(sandbox)
    got = _norm(target.api.walk(top, topdown=topdown, followlinks=followlinks))
    assert got == _norm(os.walk(top, topdown=topdown, followlinks=followlinks))
    assert (top, ["d", "link"], ["dangling", "f", "loop"]) in got


@pytest.mark.parametrize("topdown", [True, False])
@pytest.mark.parametrize("follow", [False, True])
@pytest.mark.parametrize("as_bytes", [False, True])
@behaviour("fwalk.same-as-walk")
def test_fwalk_lists_unreadable_symlinks_as_files(target, sandbox, topdown, follow, as_bytes):
    """fwalk's dirpath/dirnames/filenames equal walk's, symlink loops and dangling links
    included (bytes tops too)."""
    support.require_real_world(target)
    top = _tree(sandbox)
    arg = os.fsencode(top) if as_bytes else top
    rows = [(p, d, f) for p, d, f, _ in target.api.fwalk(arg, topdown=topdown, follow_symlinks=follow)]
    assert all(isinstance(p, bytes) == as_bytes for p, _, _ in rows)
    assert _norm(rows) == _norm(os.walk(top, topdown=topdown, followlinks=follow))
    assert (top, ["d", "link"], ["dangling", "f", "loop"]) in _norm(rows)


@pytest.mark.parametrize("topdown", [True, False])
@behaviour("fwalk.same-as-walk")
def test_fwalk_of_a_file_top_yields_nothing(target, sandbox, topdown):
    """Like walk, fwalk of a regular file (also reached through a symlinked directory) yields
    nothing."""
    support.require_real_world(target)
    top = _tree(sandbox)
    for name in ("f", "link/g"):
        got = list(target.api.fwalk(os.path.join(top, name), topdown=topdown))
        assert got == [] == list(os.walk(os.path.join(top, name), topdown=topdown))


@behaviour("fwalk.fds-valid-until-next-step")
def test_fwalk_closed_early_closes_its_descriptors(target, sandbox):
    """Closing the fwalk generator after a step closes the descriptors it still holds."""
    support.require_real_world(target)
    top = _tree(sandbox)
    for topdown in (True, False):
        walker = target.api.fwalk(top, topdown=topdown)
        _, _, _, fd = next(walker)
        assert support.is_open(fd)
        walker.close()
        assert not support.is_open(fd), topdown


@behaviour("makedirs.creates-intermediate")
def test_makedirs_of_a_path_ending_in_dot(target, sandbox):
    """makedirs('new/sub/.') creates new and new/sub, as the stdlib does, without error."""
    support.require_real_world(target)
    base = sandbox.fresh()
    target.api.makedirs(os.path.join(base, "new", "sub", "."))
    assert sorted(os.listdir(os.path.join(base, "new"))) == ["sub"]
    assert os.listdir(os.path.join(base, "new", "sub")) == []
    target.api.makedirs(os.path.join(base, "more", ""))  # a trailing separator
    assert os.path.isdir(os.path.join(base, "more"))


@behaviour("removedirs.removes-leaf-and-empty-parents")
def test_removedirs_with_a_trailing_separator(target, sandbox):
    """removedirs('a/b/c/') removes c, then the emptied b and a (base, not empty, stays)."""
    support.require_real_world(target)
    base = sandbox.fresh()
    support.write_file(os.path.join(base, "keep"), b"")
    os.makedirs(os.path.join(base, "a", "b", "c"))
    target.api.removedirs(os.path.join(base, "a", "b", "c") + os.sep)
    assert os.listdir(base) == ["keep"]


@pytest.mark.parametrize("fn", [pytest.param("walk", marks=behaviour("walk.onerror-called-with-oserror")),
                                pytest.param("fwalk", marks=behaviour("fwalk.same-as-walk"))])
@pytest.mark.parametrize("with_onerror", [True, False])
def test_a_directory_removed_during_the_walk_goes_to_onerror(target, sandbox, fn, with_onerror):
    """A subdirectory listed by a top-down walk but removed before the walk reaches it is
    reported to onerror (FileNotFoundError) and skipped, or silently skipped without onerror;
    the rest of the walk goes on — as with the stdlib (fwalk "behaves exactly like walk")."""
    support.require_real_world(target)

    def run(module):
        top = sandbox.fresh()
        for d in ("a/b", "c", "e"):
            os.makedirs(os.path.join(top, d))
        errors = []
        seen = []
        walker = getattr(module, fn)(top, onerror=errors.append if with_onerror else None)
        for row in walker:
            seen.append(os.path.relpath(row[0], top))
            if row[0] == top:
                os.rmdir(os.path.join(top, "c"))
        return sorted(seen), [type(e).__name__ for e in errors]
    got, want = run(target.api), run(hostos.cpython_os())
    assert got == want
    assert got[0] == [".", "a", "a/b", "e"]

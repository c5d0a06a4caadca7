"""Files and Directories: which DirEntry answers come from the directory entry itself (no system
call) and which ask the file system, and the errors DirEntry methods let through.

The suite cannot count system calls (no strace on the machines it runs on), so "no system call"
is checked by a behavioural proxy: after scandir has yielded the entry, the harness replaces the
file by one of another kind (and another inode). An answer that comes from the directory entry
(d_type, d_ino) is still the old file's; an answer that asks the file system (a stat or lstat
call) is the new one's. DirEntry.stat(), which "always requires a system call" on Unix, must see
the new file. The proxy needs no kernel: in a target's own world (pyfakefs) the harness builds and
replaces the files in that world's own objects (support.Host), and the entry must answer as a
Unix DirEntry does there too.
"""
import errno

import pytest

from conformance import support

behaviour = pytest.mark.behaviour
#: (old kind, new kind) pairs: the old one is what scandir saw, the new one replaces it.
KINDS = ["file", "dir", "link-file", "link-dir"]
REPLACEMENTS = [(a, b) for a in KINDS for b in KINDS if a != b]


def _make(h, path, kind):
    """Harness-side: a `kind` at `path` (links point at siblings made by _base)."""
    if kind == "file":
        h.write(path, b"x")
    elif kind == "dir":
        h.mkdir(path)
    else:
        h.symlink({"link-file": "\x01file", "link-dir": "\x01dir"}[kind], path)


def _entry(target, h, base, name):
    """The target's DirEntry for `name` in `base`, the iterator closed already."""
    it = target.api.scandir(base)
    try:
        found = [e for e in it if e.name == name]
    finally:
        it.close()
    assert len(found) == 1, "scandir yielded %d entries named %r" % (len(found), name)
    return found[0]


def _base(h, sandbox):
    base = sandbox.fresh()
    h.mkdir(h.path.join(base, "\x01dir"))
    h.write(h.path.join(base, "\x01file"), b"target")
    return base


def _scanned_then_replaced(target, h, sandbox, old, new):
    """(entry, path, old (st_ino, st_mode)): `x` of kind `old` scanned, then replaced
    harness-side by `new`."""
    base = _base(h, sandbox)
    path = h.path.join(base, "x")
    _make(h, path, old)
    before = h.lstat_ino_mode(path)
    entry = _entry(target, h, base, "x")
    spare = h.path.join(base, "spare")
    _make(h, spare, new)  # made while x still holds its inode: a different inode number
    h.remove(path)
    h.rename(spare, path)
    return entry, path, before


IS = {"file": (False, True, False), "dir": (True, False, False),  # is_dir, is_file, is_symlink (no follow)
      "link-file": (False, False, True), "link-dir": (False, False, True)}


@behaviour("DirEntry.is_dir.no-syscall-for-non-symlinks", "DirEntry.is_file.no-syscall-for-non-symlinks",
           "DirEntry.is_symlink.no-syscall", "scandir.is-file-usually-no-syscall")
@pytest.mark.parametrize("old,new", REPLACEMENTS, ids=["%s-to-%s" % p for p in REPLACEMENTS])
def test_direntry_type_answers_come_from_the_directory_entry(target, sandbox, old, new):
    """DirEntry.is_dir/is_file no-syscall-for-non-symlinks, is_symlink.no-syscall: "for
    non-symlinks, neither Windows or Unix require a system call" — proxy (no syscall counter):
    the entry is replaced by another kind after scandir yielded it, and is_dir()/is_file() of a
    non-symlink, is_dir/is_file(follow_symlinks=False) and is_symlink() of any entry still give
    the scanned kind's answers (d_type); a stat/lstat made now would see the replacement.
    Each answer is asked first, before any other method could have cached a stat."""
    with support.host(target) as h:
        answers = {}
        for method, kwargs in (("is_symlink", {}), ("is_dir", {"follow_symlinks": False}),
                               ("is_file", {"follow_symlinks": False}), ("is_dir", {}), ("is_file", {})):
            if kwargs == {} and method != "is_symlink" and old.startswith("link"):
                continue  # following a link needs a stat call: not this claim
            entry, _, _ = _scanned_then_replaced(target, h, sandbox, old, new)
            answers[(method, bool(kwargs))] = getattr(entry, method)(**kwargs)
    want_dir, want_file, want_link = IS[old]
    assert answers.pop(("is_symlink", False)) is want_link, "is_symlink() asked the file system"
    assert answers.pop(("is_dir", True)) is want_dir, "is_dir(follow_symlinks=False) asked the file system"
    assert answers.pop(("is_file", True)) is want_file, "is_file(follow_symlinks=False) asked the file system"
    for (method, _), got in answers.items():  # non-symlinks, following (the default)
        assert got is {"is_dir": want_dir, "is_file": want_file}[method], "%s() asked the file system" % method


@behaviour("DirEntry.inode.no-syscall-on-unix")
@pytest.mark.parametrize("new", KINDS)
def test_direntry_inode_comes_from_the_directory_entry(target, sandbox, new):
    """DirEntry.inode.no-syscall-on-unix: "On the first, uncached call, a system call is required
    on Windows but not on Unix." — proxy: after the scanned file is replaced (a new inode),
    inode() is still the scanned entry's d_ino; an lstat made now would give the new inode."""
    with support.host(target) as h:
        entry, path, before = _scanned_then_replaced(target, h, sandbox, "file", new)
        assert entry.inode() == before[0] != h.lstat_ino_mode(path)[0]


@behaviour("DirEntry.stat.unix-always-syscall")
@pytest.mark.parametrize("old,new", REPLACEMENTS, ids=["%s-to-%s" % p for p in REPLACEMENTS])
@pytest.mark.parametrize("follow", [True, False])
def test_direntry_stat_asks_the_file_system(target, sandbox, old, new, follow):
    """DirEntry.stat.unix-always-syscall: "On Unix, this method always requires a system call."
    — proxy: the entry is replaced after scandir yielded it; the first stat() (lstat with
    follow_symlinks=False) describes the replacement, not what the directory entry said. (An
    entry scanned as a non-symlink may be lstat'ed even when following, as CPython does: d_type
    said there was no link to follow; PyPy stats it. Either call sees the replacement.)"""
    with support.host(target) as h:
        entry, path, before = _scanned_then_replaced(target, h, sandbox, old, new)
        got = entry.stat(follow_symlinks=follow)
        if not follow:
            wants = [h.lstat_ino_mode(path)]
        elif old.startswith("link"):
            wants = [h.lstat_ino_mode(path, follow_symlinks=True)]
        else:
            wants = [h.lstat_ino_mode(path), h.lstat_ino_mode(path, follow_symlinks=True)]
    assert (got.st_ino, got.st_mode) in wants


@behaviour("DirEntry.is_dir.other-oserror-propagates")
@pytest.mark.parametrize("method", ["is_dir", "is_file"])
@pytest.mark.parametrize("link,err", [("x", errno.ELOOP), ("\x01file/below", errno.ENOTDIR)],
                         ids=["loop", "through-a-file"])
def test_direntry_is_dir_lets_other_oserrors_through(target, sandbox, method, link, err, strict):
    """DirEntry.is_dir.other-oserror-propagates: "This method can raise OSError, such as
    PermissionError, but FileNotFoundError is caught and not raised." (is_file: "exceptions
    raised are as per is_dir") — following a symlink that loops (ELOOP) or that runs through a
    regular file (ENOTDIR) makes the stat call fail with an error that is not FileNotFoundError:
    it is raised, not turned into False."""
    with support.host(target) as h:
        base = _base(h, sandbox)
        h.symlink(link, h.path.join(base, "x"))
        entry = _entry(target, h, base, "x")
        exc = support.assert_raises(strict, OSError, err, lambda: getattr(entry, method)())
    assert not isinstance(exc, FileNotFoundError)


@behaviour("DirEntry.is_symlink.filenotfounderror-caught")
@pytest.mark.parametrize("kind", KINDS)
def test_direntry_is_symlink_of_a_vanished_entry_does_not_raise(target, sandbox, kind):
    """DirEntry.is_symlink.filenotfounderror-caught: "FileNotFoundError is caught and not
    raised." — the entry is deleted after scandir yielded it; is_symlink() returns a bool (with
    d_type known: the scanned answer; a file system returning DT_UNKNOWN would make it lstat the
    missing file, whose FileNotFoundError must be caught) and raises nothing."""
    with support.host(target) as h:
        base = _base(h, sandbox)
        path = h.path.join(base, "x")
        _make(h, path, kind)
        entry = _entry(target, h, base, "x")
        h.remove(path)
        got = entry.is_symlink()
    assert got is kind.startswith("link")

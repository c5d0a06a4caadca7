"""Files and Directories: mkdir, makedirs, rmdir, removedirs, renames, mkfifo, mknod, major,
minor, makedev, truncate, sync.

Modes are checked under many umasks (set harness-side, restored). removedirs and renames prune
parent directories: every example keeps a file `keep` in its base, so pruning stops there and
never climbs out of the sandbox.
"""
import errno
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support
from conformance.strategies import (file_names, names_up_to_name_max, path_forms, permission_bits, spell,
                                    umasks)

behaviour = pytest.mark.behaviour
components = st.lists(file_names(), min_size=1, max_size=4)


def _base(h, sandbox):
    base = sandbox.fresh()
    h.write(h.path.join(base, "keep"))  # stops removedirs/renames from pruning the sandbox
    return base


def _mode(h, p):
    return stat.S_IMODE(h.os.lstat(p).st_mode)


# --- mkdir, makedirs ----------------------------------------------------------------------

@behaviour("mkdir.creates-directory", "mkdir.mode-umask-masked", "mkdir.accepts-pathlike")
@given(name=names_up_to_name_max, mode=permission_bits, mask=umasks, form=path_forms,
       spelling=st.sampled_from(["absolute", "relative", "dot-relative", "trailing-slash"]))
def test_mkdir_creates_a_directory_with_mode_masked_by_umask(target, sandbox, name, mode, mask, form, spelling):
    """mkdir.mode-umask-masked: "Create a directory named *path* with numeric mode *mode*." — the
    bits are mode & ~umask; relative, './' and trailing-slash spellings all work."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = {"absolute": h.path.join(base, name), "relative": name, "dot-relative": "./" + name,
             "trailing-slash": h.path.join(base, name) + "/"}[spelling]
        with support.cwd_set(target, base), support.umask_set(target, mask):
            target.api.mkdir(spell(p, form), mode)
        made = h.path.join(base, name)
        assert stat.S_ISDIR(h.os.lstat(made).st_mode) and _mode(h, made) == mode & ~mask


@behaviour("mkdir.default-mode-0o777")
@given(mask=umasks)
def test_mkdir_default_mode_is_0o777_masked(target, sandbox, mask):
    """mkdir.default-mode-0o777: mode defaults to 0o777, so the bits are 0o777 & ~umask."""
    with support.host(target) as h:
        p = h.path.join(sandbox.fresh(), "d")
        with support.umask_set(target, mask):
            target.api.mkdir(p)
        assert _mode(h, p) == 0o777 & ~mask


@behaviour("mkdir.existing-raises-fileexistserror")
@given(kind=st.sampled_from(["dir", "file", "link", "dangling"]))
def test_mkdir_on_an_existing_name_raises_fileexistserror(target, sandbox, kind, strict):
    """mkdir.existing-raises-fileexistserror: "If the directory already exists, FileExistsError is
    raised." — also for a file or a (dangling) symlink of that name; nothing changes."""
    with support.host(target) as h:
        base = sandbox.fresh()
        p = h.path.join(base, "x")
        {"dir": lambda: h.os.mkdir(p), "file": lambda: h.write(p),
         "link": lambda: h.os.symlink(".", p), "dangling": lambda: h.os.symlink("nowhere", p)}[kind]()
        before = h.snapshot(base)
        support.assert_raises(strict, FileExistsError, errno.EEXIST, lambda: target.api.mkdir(p))
        assert h.snapshot(base) == before


@behaviour("mkdir.dir-fd")
@given(name=file_names(), mode=permission_bits)
def test_mkdir_creates_inside_dir_fd(target, sandbox, name, mode):
    """mkdir.dir-fd: with dir_fd, the relative path is created inside that directory."""
    with support.host(target) as h, support.umask_set(target, 0):
        base = sandbox.fresh()
        target.api.mkdir(name, mode, dir_fd=h.open(base))
        assert _mode(h, h.path.join(base, name)) == mode


@behaviour("makedirs.creates-intermediate", "makedirs.accepts-pathlike", "makedirs.mode-applies-to-leaf",
           "makedirs.parents-use-umask", "makedirs.mode-not-applied-to-parents")
@given(parts=components, mode=permission_bits, mask=umasks, form=path_forms, slash=st.booleans())
def test_makedirs_creates_every_missing_directory(target, sandbox, parts, mode, mask, form, slash):
    """makedirs.creates-intermediate: "Recursive directory creation function." — every missing
    level is made; the leaf gets mode & ~umask, new parents 0o777 & ~umask (3.7: mode is not
    applied to parents)."""
    with support.host(target) as h:
        base = sandbox.fresh()
        leaf = h.path.join(base, *parts)
        with support.umask_set(target, mask):
            target.api.makedirs(spell(leaf + ("/" if slash else ""), form), mode)
        assert _mode(h, leaf) == mode & ~mask
        for i in range(1, len(parts)):
            assert _mode(h, h.path.join(base, *parts[:i])) == 0o777 & ~mask


@behaviour("makedirs.existing-parents-unchanged")
@given(bits=permission_bits.map(lambda b: b | 0o700), mode=permission_bits)
def test_makedirs_leaves_existing_parents_alone(target, sandbox, bits, mode):
    """makedirs.existing-parents-unchanged: parents that exist keep their permission bits."""
    with support.host(target) as h:
        base = sandbox.fresh()
        parent = h.path.join(base, "p")
        h.os.mkdir(parent)
        h.os.chmod(parent, bits)
        target.api.makedirs(h.path.join(parent, "a", "b"), mode)
        assert _mode(h, parent) == bits and h.path.isdir(h.path.join(parent, "a", "b"))


@behaviour("makedirs.exist-ok-false-raises-oserror", "makedirs.exist-ok-true-no-error")
@given(exist_ok=st.sampled_from([None, False, True]), mode=permission_bits)
def test_makedirs_on_an_existing_directory(target, sandbox, exist_ok, mode, strict):
    """makedirs.exist-ok-*: an existing leaf directory is FileExistsError unless exist_ok=True,
    which accepts it even with another mode (3.4.1) and leaves its mode alone."""
    with support.host(target) as h:
        leaf = h.path.join(sandbox.fresh(), "a")
        h.os.mkdir(leaf)
        h.os.chmod(leaf, 0o751)
        kw = {} if exist_ok is None else {"exist_ok": exist_ok}
        if exist_ok:
            target.api.makedirs(leaf, mode, **kw)
        else:
            support.assert_raises(strict, FileExistsError, errno.EEXIST, lambda: target.api.makedirs(leaf, mode, **kw))
        assert _mode(h, leaf) == 0o751


@behaviour("makedirs.oserror-for-rejected-arguments")
@given(exist_ok=st.booleans())
def test_makedirs_onto_a_file_raises_fileexistserror_even_with_exist_ok(target, sandbox, exist_ok, strict):
    """makedirs.oserror-for-rejected-arguments: a file where the leaf should be is FileExistsError,
    exist_ok or not; the file is kept."""
    with support.host(target) as h:
        f = h.write(h.path.join(sandbox.fresh(), "f"), b"x")
        support.assert_raises(strict, FileExistsError, errno.EEXIST,
                              lambda: target.api.makedirs(f, exist_ok=exist_ok))
        assert h.read(f) == b"x"


# --- rmdir, removedirs, renames -----------------------------------------------------------

@behaviour("rmdir.removes-empty-dir", "rmdir.accepts-pathlike")
@given(name=names_up_to_name_max, form=path_forms)
def test_rmdir_removes_an_empty_directory(target, sandbox, name, form):
    """rmdir.removes-empty-dir: "Remove (delete) the directory *path*." """
    with support.host(target) as h:
        base = _base(h, sandbox)
        d = h.path.join(base, name)
        h.os.mkdir(d)
        target.api.rmdir(spell(d, form))
        assert not h.lexists(d) and h.lexists(h.path.join(base, "keep"))


@behaviour("rmdir.nonempty-raises-oserror")
@given(child=st.sampled_from(["file", "dir", "link"]))
def test_rmdir_of_a_non_empty_directory_raises_oserror(target, sandbox, child, strict):
    """rmdir.nonempty-raises-oserror: "If the directory does not exist or is not empty, an
    FileNotFoundError or an OSError is raised" — ENOTEMPTY, nothing removed."""
    with support.host(target) as h:
        base = sandbox.fresh()
        d = h.path.join(base, "d")
        h.os.mkdir(d)
        c = h.path.join(d, "c")
        {"file": lambda: h.write(c), "dir": lambda: h.os.mkdir(c), "link": lambda: h.os.symlink("x", c)}[child]()
        before = h.snapshot(base)
        support.assert_raises(strict, OSError, (errno.ENOTEMPTY, errno.EEXIST), lambda: target.api.rmdir(d))
        assert h.snapshot(base) == before


@behaviour("rmdir.dir-fd")
@given(name=file_names())
def test_rmdir_resolves_against_dir_fd(target, sandbox, name):
    """rmdir.dir-fd: with dir_fd, the relative name is removed from that directory."""
    with support.host(target) as h:
        base = sandbox.fresh()
        h.os.mkdir(h.path.join(base, name))
        target.api.rmdir(name, dir_fd=h.open(base))
        assert not h.lexists(h.path.join(base, name))


@behaviour("removedirs.removes-leaf-and-empty-parents", "removedirs.accepts-pathlike")
@given(parts=components, form=path_forms)
def test_removedirs_prunes_empty_parents(target, sandbox, parts, form):
    """removedirs.removes-leaf-and-empty-parents: the leaf goes, then each parent that became
    empty, up to the first that is not (the base, holding `keep`)."""
    with support.host(target) as h:
        base = _base(h, sandbox)
        leaf = h.path.join(base, *parts)
        h.os.makedirs(leaf)
        target.api.removedirs(spell(leaf, form))
        assert not h.lexists(h.path.join(base, parts[0])) and h.lexists(h.path.join(base, "keep"))


@behaviour("removedirs.stops-silently-at-nonempty-parent")
@given(parts=st.lists(file_names(), min_size=2, max_size=4), at=st.integers(0, 2))
def test_removedirs_stops_quietly_at_a_non_empty_parent(target, sandbox, parts, at):
    """removedirs.stops-silently-at-nonempty-parent: errors removing parents are ignored."""
    at = min(at, len(parts) - 2)
    with support.host(target) as h:
        base = _base(h, sandbox)
        leaf = h.path.join(base, *parts)
        h.os.makedirs(leaf)
        stopper = h.path.join(base, *parts[:at + 1])
        h.write(h.path.join(stopper, "\x01stop" if "\x01stop" not in parts else "\x02stop"))
        target.api.removedirs(leaf)
        assert not h.lexists(leaf) and h.path.isdir(stopper)


@behaviour("removedirs.leaf-failure-raises-oserror")
@given(case=st.sampled_from(["missing", "nonempty"]))
def test_removedirs_raises_when_the_leaf_cannot_go(target, sandbox, case, strict):
    """removedirs.leaf-failure-raises-oserror: "Raises OSError if the leaf directory could not be
    successfully removed." — nothing removed."""
    with support.host(target) as h:
        base = _base(h, sandbox)
        leaf = h.path.join(base, "a", "b")
        h.os.makedirs(h.path.dirname(leaf))
        if case == "nonempty":
            h.os.mkdir(leaf)
            h.write(h.path.join(leaf, "x"))
        before = h.snapshot(base)
        err = errno.ENOENT if case == "missing" else (errno.ENOTEMPTY, errno.EEXIST)
        support.assert_raises(strict, OSError, err, lambda: target.api.removedirs(leaf))
        assert h.snapshot(base) == before


@behaviour("renames.creates-intermediate-dirs", "renames.prunes-old-dirs", "renames.accepts-pathlike")
@given(old=components, new=components, form=path_forms, data=st.binary(max_size=32))
def test_renames_makes_new_parents_and_prunes_old_ones(target, sandbox, old, new, form, data):
    """renames.*: missing directories of new are made first, then old's emptied parents pruned."""
    with support.host(target) as h:
        a, b = _base(h, sandbox), sandbox.fresh()
        src = h.path.join(a, *old)
        h.os.makedirs(h.path.dirname(src), exist_ok=True)
        h.write(src, data)
        dst = h.path.join(b, *new)
        target.api.renames(spell(src, form), spell(dst, form))
        assert h.read(dst) == data and not h.lexists(h.path.join(a, old[0]))
        assert h.lexists(h.path.join(a, "keep"))


# --- mkfifo, mknod, devices -----------------------------------------------------------------

@behaviour("mkfifo.creates-fifo", "mkfifo.mode-umask-masked", "mkfifo.does-not-open",
           "mkfifo.persists-until-deleted", "mkfifo.accepts-pathlike")
@given(name=names_up_to_name_max, mode=st.one_of(st.none(), permission_bits), mask=umasks, form=path_forms)
def test_mkfifo_makes_a_fifo_without_opening_it(target, sandbox, name, mode, mask, form):
    """mkfifo.creates-fifo: "Create a FIFO (a named pipe) named *path* with numeric mode *mode*."
    — S_ISFIFO, bits mode & ~umask (default 0o666), returns without a reader (no blocking)."""
    with support.host(target) as h:
        p = h.path.join(sandbox.fresh(), name)
        with support.umask_set(target, mask):
            target.api.mkfifo(spell(p, form)) if mode is None else target.api.mkfifo(spell(p, form), mode)
        st_ = h.os.lstat(p)
        assert stat.S_ISFIFO(st_.st_mode) and stat.S_IMODE(st_.st_mode) == (0o666 if mode is None else mode) & ~mask


@behaviour("mkfifo.dir-fd")
@given(name=file_names())
def test_mkfifo_creates_inside_dir_fd(target, sandbox, name):
    """mkfifo.dir-fd: with dir_fd, the relative path is created inside that directory."""
    with support.host(target) as h:
        base = sandbox.fresh()
        target.api.mkfifo(name, dir_fd=h.open(base))
        assert stat.S_ISFIFO(h.os.lstat(h.path.join(base, name)).st_mode)


NODE_TYPES = {"reg": stat.S_IFREG, "fifo": stat.S_IFIFO, "chr": stat.S_IFCHR, "blk": stat.S_IFBLK}


@behaviour("mknod.creates-node", "mknod.mode-selects-type", "mknod.device-for-char-block",
           "mknod.device-ignored-otherwise", "mknod.accepts-pathlike")
@given(name=file_names(), kind=st.sampled_from(sorted(NODE_TYPES)), bits=permission_bits,
       major=st.integers(0, 4095), minor=st.integers(0, 2 ** 20 - 1), form=path_forms)
def test_mknod_makes_the_node_type_mode_selects(target, sandbox, name, kind, bits, major, minor, form):
    """mknod.mode-selects-type: the type bit in mode makes a file, FIFO, character or block
    device (as root); st_rdev is *device* for devices, a device for others is ignored."""
    dev = hostos.makedev(major, minor)  # harness-side composition (not PyPy's 32-bit os.makedev)
    with support.host(target) as h, support.umask_set(target, 0):
        p = h.path.join(sandbox.fresh(), name)
        target.api.mknod(spell(p, form), NODE_TYPES[kind] | bits, dev)
        st_ = h.os.lstat(p)
        assert stat.S_IFMT(st_.st_mode) == NODE_TYPES[kind] and stat.S_IMODE(st_.st_mode) == bits
        assert st_.st_rdev == (dev if kind in ("chr", "blk") else 0)


@behaviour("mknod.defaults", "mknod.dir-fd")
@given(name=file_names(), mask=umasks)
def test_mknod_defaults_to_a_0o600_regular_file_and_takes_dir_fd(target, sandbox, name, mask):
    """mknod.defaults: mode=0o600 and device=0 by default (a regular file), dir_fd keyword-only."""
    with support.host(target) as h:
        base = sandbox.fresh()
        with support.umask_set(target, mask):
            target.api.mknod(name, dir_fd=h.open(base))
        st_ = h.os.lstat(h.path.join(base, name))
        assert stat.S_ISREG(st_.st_mode) and stat.S_IMODE(st_.st_mode) == 0o600 & ~mask


@behaviour("major.extracts-major", "minor.extracts-minor")
@given(major=st.integers(0, 2 ** 31 - 1), minor=st.integers(0, 2 ** 31 - 1), which=st.sampled_from(["major", "minor"]))
def test_major_and_minor_decompose_a_device_number(target, sandbox, major, minor, which):
    """major/minor.extracts-*: the major (minor) part of a raw device number (composed
    harness-side), and of /dev/null's st_rdev (1, 3)."""
    dev = hostos.makedev(major, minor)
    fn = getattr(target.api, which)
    assert fn(dev) == (major if which == "major" else minor)
    assert fn(os.stat("/dev/null").st_rdev) == (1 if which == "major" else 3)


@behaviour("makedev.composes")
@given(major=st.integers(0, 2 ** 31 - 1), minor=st.integers(0, 2 ** 31 - 1))
def test_makedev_composes_what_major_and_minor_take_apart(target, sandbox, major, minor):
    """makedev.composes: an int that (the harness') major()/minor() decompose back."""
    dev = target.api.makedev(major, minor)
    assert type(dev) is int and (hostos.major(dev), hostos.minor(dev)) == (major, minor)


# --- truncate, sync ------------------------------------------------------------------------

@behaviour("truncate.truncates-to-length", "truncate.accepts-pathlike")
@given(data=st.binary(max_size=256), length=st.integers(0, 512), form=path_forms)
def test_truncate_sets_the_length(target, sandbox, data, length, form):
    """truncate.truncates-to-length: "Truncate the file corresponding to *path*, so that it is at
    most *length* bytes in size." — bytes before length kept, a longer length pads with zeros."""
    with support.host(target) as h:
        p = h.write(h.path.join(sandbox.fresh(), "f"), data)
        target.api.truncate(spell(p, form), length)
        assert h.read(p) == data[:length] + b"\0" * max(0, length - len(data))


@behaviour("truncate.path-as-fd")
@given(data=st.binary(max_size=256), length=st.integers(0, 512))
def test_truncate_of_an_fd_open_for_writing(target, sandbox, data, length):
    """truncate.path-as-fd: truncate accepts an fd open for writing (in supports_fd on Linux)."""
    with support.host(target) as h:
        p = h.write(h.path.join(sandbox.fresh(), "f"), data)
        target.api.truncate(h.open(p, os.O_WRONLY), length)
        assert h.read(p) == data[:length] + b"\0" * max(0, length - len(data))


@behaviour("sync.flushes-to-disk")
def test_sync_takes_no_arguments_and_returns_none(target, sandbox):
    """sync.flushes-to-disk: "Force write of everything to disk." — no arguments, returns None
    (that the data reached the disk cannot be observed from here)."""
    assert target.api.sync() is None
    support.assert_raises(False, TypeError, None, lambda: target.api.sync(1))

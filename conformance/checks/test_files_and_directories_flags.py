"""Files and Directories: chflags, lchflags (BSD file flags) and lchmod (a symlink's own mode).

CPython on Linux has none of the three (the catalogue says why): for the stdlib and the reference
these checks report the names `unavailable`. They run for any target that provides the names.

The harness reads file flags from `st_flags` where its own stat has that field (BSD, macOS). On
Linux, which has no st_flags, it reads the inode flags of FS_IOC_GETFLAGS (what chattr sets) and
maps the one flag both systems share and that is harmless to set, stat.UF_NODUMP, to
FS_NODUMP_FL (immutable and append-only flags would stop even root from cleaning the sandbox, and
are not used). A symlink's own flags cannot be read on Linux (no descriptor of a link takes the
ioctl); there the checks observe that the file the link points at is left alone, and accept the
platform's refusal (OSError) for the link itself.
"""
import errno
import os
import stat
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import fcntl  # absent on WebAssembly Pythons
from conformance import support
from conformance.strategies import path_forms, spell

behaviour = pytest.mark.behaviour
HAS_ST_FLAGS = hasattr(os.stat_result, "st_flags")
FS_IOC_GETFLAGS = 0x80086601  # _IOR('f', 1, long)
FS_NODUMP_FL = 0x00000040
#: Flag sets the checks set: stat-module constants ORed. Only UF_NODUMP is observable on Linux.
FLAG_SETS = [0, stat.UF_NODUMP] + ([stat.UF_NODUMP | stat.UF_OPAQUE] if HAS_ST_FLAGS else [])
#: What a platform that cannot change a symlink's flags or mode answers.
REFUSALS = (errno.EOPNOTSUPP, errno.ENOTSUP, errno.EPERM, errno.ELOOP)


def file_flags(path):
    """Harness-side: the stat.UF_*/SF_* flags of the file at `path` (not following a final
    symlink where st_flags exists; on Linux a regular file or directory only)."""
    if HAS_ST_FLAGS:
        return os.lstat(path).st_flags
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        try:
            raw = struct.unpack("i", fcntl.ioctl(fd, FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        except OSError as exc:
            if exc.errno in (errno.ENOTTY, errno.EOPNOTSUPP, errno.ENOSYS):
                pytest.skip("the sandbox's file system has no inode flags (FS_IOC_GETFLAGS)")
            raise
    finally:
        os.close(fd)
    return stat.UF_NODUMP if raw & FS_NODUMP_FL else 0


def _tree(sandbox):
    """Harness-side: base/f (a file, flags cleared) and base/l -> f."""
    base = sandbox.fresh()
    path = support.write_file(os.path.join(base, "f"), b"data")
    link = os.path.join(base, "l")
    os.symlink("f", link)
    return base, path, link


def _link_flags_or_refused(call, link):
    """Call a no-follow flag setter on a link: the link's flags afterwards, or "refused" when the
    platform cannot (Linux: OSError, and nothing to read back)."""
    try:
        call()
    except OSError as exc:
        if HAS_ST_FLAGS or exc.errno not in REFUSALS:
            raise
        return "refused"
    return os.lstat(link).st_flags if HAS_ST_FLAGS else "set (unreadable here)"


# --- chflags --------------------------------------------------------------------------------

@behaviour("chflags.sets-flags", "chflags.flags-from-stat-module", "chflags.accepts-pathlike")
@given(flags=st.sampled_from(FLAG_SETS), before=st.sampled_from(FLAG_SETS), form=path_forms,
       is_dir=st.booleans())
def test_chflags_sets_the_flags(target, sandbox, flags, before, form, is_dir):
    """chflags.sets-flags: "Set the flags of *path* to the numeric *flags*." — with flags ORed
    from the stat module's UF_* constants (chflags.flags-from-stat-module), for a path given as
    str, bytes or PathLike (chflags.accepts-pathlike); the file's flags become exactly `flags`,
    whatever they were (set first with the target's chflags, then read harness-side)."""
    support.require(target, "file_flags")
    chflags = target.api.chflags
    base = sandbox.fresh()
    p = os.path.join(base, "d") if is_dir else support.write_file(os.path.join(base, "f"), b"")
    if is_dir:
        os.mkdir(p)
    chflags(p, before)
    assert file_flags(p) == before
    assert chflags(spell(p, form), flags) is None
    assert file_flags(p) == flags


@behaviour("chflags.follow-symlinks-false")
@given(flags=st.sampled_from([f for f in FLAG_SETS if f]))
def test_chflags_follow_symlinks_false_leaves_the_link_target_alone(target, sandbox, flags):
    """chflags.follow-symlinks-false: "This function can support not following symlinks." — with
    follow_symlinks=False the link's own flags are set (read back where st_flags exists; Linux
    refuses, an OSError) and the file it points at keeps its flags; following (the default) sets
    the file's."""
    support.require(target, "file_flags")
    chflags = target.api.chflags
    _, path, link = _tree(sandbox)
    got = _link_flags_or_refused(lambda: chflags(link, flags, follow_symlinks=False), link)
    assert got in (flags, "refused", "set (unreadable here)")
    assert file_flags(path) == 0, "follow_symlinks=False changed the flags of the link's target"
    chflags(link, flags)
    assert file_flags(path) == flags


# --- lchflags -------------------------------------------------------------------------------

@behaviour("lchflags.sets-flags-no-follow", "lchflags.equivalent-to-chflags-nofollow", "lchflags.accepts-pathlike")
@given(flags=st.sampled_from([f for f in FLAG_SETS if f]), form=path_forms)
def test_lchflags_sets_the_links_own_flags(target, sandbox, flags, form):
    """lchflags.sets-flags-no-follow: "Set the flags of *path* to the numeric *flags*, like
    chflags(), but do not follow symbolic links." — for a link, its own flags (Linux: refused)
    and never its target's; for a regular file, that file's flags, as chflags(...,
    follow_symlinks=False) sets them (lchflags.equivalent-to-chflags-nofollow), whatever form
    the path has (lchflags.accepts-pathlike)."""
    support.require(target, "file_flags")
    lchflags = target.api.lchflags
    _, path, link = _tree(sandbox)
    got = _link_flags_or_refused(lambda: lchflags(spell(link, form), flags), link)
    assert got in (flags, "refused", "set (unreadable here)")
    assert file_flags(path) == 0, "lchflags followed the link"
    assert lchflags(spell(path, form), flags) is None
    assert file_flags(path) == flags


# --- lchmod ---------------------------------------------------------------------------------

@behaviour("lchmod.sets-mode", "lchmod.accepts-pathlike")
@given(mode=st.integers(0, 0o7777), form=path_forms, is_dir=st.booleans())
def test_lchmod_sets_the_mode_of_a_non_link(target, sandbox, mode, form, is_dir):
    """lchmod.sets-mode: "Change the mode of *path* to the numeric *mode*." — for a file or a
    directory (no link involved) the permission bits become `mode`; the path may be str, bytes
    or PathLike (lchmod.accepts-pathlike)."""
    lchmod = target.api.lchmod
    with support.host(target) as h:
        p = h.path.join(sandbox.fresh(), "x")
        h.os.mkdir(p) if is_dir else h.write(p, b"")
        assert lchmod(spell(p, form), mode) is None
        assert stat.S_IMODE(h.os.lstat(p).st_mode) == mode


@behaviour("lchmod.affects-symlink", "lchmod.equivalent-to-chmod-nofollow")
@given(mode=st.integers(0, 0o777), dangling=st.booleans())
def test_lchmod_of_a_link_leaves_its_target_alone(target, sandbox, mode, dangling):
    """lchmod.affects-symlink: "If path is a symlink, this affects the symlink rather than the
    target." — the link's own mode becomes `mode` where the platform can change it (BSD, macOS);
    Linux cannot (fchmodat with AT_SYMLINK_NOFOLLOW fails with EOPNOTSUPP) and an OSError is
    accepted there, with the link unchanged. Either way the file the link points at keeps its
    mode, as chmod(path, mode, follow_symlinks=False) leaves it (lchmod.equivalent-to-chmod-
    nofollow)."""
    lchmod = target.api.lchmod
    with support.host(target) as h:
        base = sandbox.fresh()
        path, link = h.write(h.path.join(base, "f"), b"data"), h.path.join(base, "l")
        h.os.symlink("f", link)
        h.os.chmod(path, 0o640)
        if dangling:
            h.os.unlink(path)
        before = h.os.lstat(link)
        try:
            lchmod(link, mode)
            refused = None
        except OSError as exc:
            refused = exc
        after = h.os.lstat(link)
        if refused is None:
            assert stat.S_IMODE(after.st_mode) == mode and stat.S_ISLNK(after.st_mode)
        else:
            assert refused.errno in (errno.EOPNOTSUPP, errno.ENOTSUP), refused
            assert after.st_mode == before.st_mode
        if not dangling:
            assert stat.S_IMODE(h.os.stat(path).st_mode) == 0o640, "lchmod followed the link"
        else:
            assert not h.lexists(path), "lchmod created the dangling link's target"

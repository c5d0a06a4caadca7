"""Twin sandboxes for differential sequences: the target acts in one, the reference in the other.

Each step of a sequence runs the same call on both sides and turns what happened into an
`outcome`: ("returned", normalised value) or ("raised", exception class, errno name[, message]).
Normalised means comparable across the two sandboxes: the sandbox prefix of a path becomes
"<sandbox>", fds become "<fd>" (with their harness-side flags), stat results keep type, mode,
size, link count and owner but no inode or device numbers, and timestamps are either "now" (set
by the system while the sequence ran) or the value a `utime` step set, compared within the
resolution the two file systems keep. After every step both trees are listed harness-side
(`Side.tree`) and compared the same way.

The target's side lives in the target's world (a FakeFilesystem for pyfakefs) and is inspected
through support.Host; the reference always works on the real file system. For pyfakefs the
reference's sandbox is therefore a real directory at the sandbox's (fake) path.
"""
import os
import shutil
import stat as stat_mod
import sys

from conformance import errnos, oracles
from conformance.support import Host, is_cloexec, is_open, status_flags

SANDBOX = "<sandbox>"
# Timestamps before 2020-09-13 can only have come from a utime step (its times are drawn from
# 2001-2017); later ones were set by the system while the sequence ran.
SET_BEFORE_NS = 1600000000 * 10 ** 9
# The probe time for the resolution of each side's timestamps: odd in every nanosecond digit.
_PROBE_NS = 1300000000 * 10 ** 9 + 123456789

#: The seed tree both sandboxes start from, so that names collide from the first step.
SEED_FILES = (("a", b"0123456789", 0o644), ("b/c", b"xyz", 0o600))
SEED_DIRS = (("b", 0o755),)
SEED_LINKS = (("c", "b"),)
#: Descriptors opened harness-side on the seed files at the start of every program.
SEED_FDS = (("a", os.O_RDWR), ("b/c", os.O_RDONLY))


class Time(object):
    """A timestamp a utime step set; equal to another within the sides' resolution."""

    __slots__ = ("ns", "tolerance")

    def __init__(self, ns, tolerance):
        self.ns, self.tolerance = ns, tolerance

    def __eq__(self, other):
        return isinstance(other, Time) and abs(self.ns - other.ns) <= max(self.tolerance, other.tolerance)

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        return "set:%d" % self.ns


class Side(object):
    """One sandbox: `impl` (a Target) acts in it through `call`, the harness sees it through
    `host` (support.Host: the real os, or a second FakeOsModule over pyfakefs' file system)."""

    def __init__(self, label, impl, root, host):
        self.label = label
        self.impl = impl
        self.root = root
        self.host = host
        self.os = host.os
        self.real = not host.fake
        self.tolerance = 0
        self.fd_flags = self.real  # compare an fd's flags (only where both sides' fds are real)
        self.fds = set()  # fd numbers this side's opens returned and no close has closed yet

    def fn(self, name):
        """The implementation's function (TargetMissing/TargetDelegated as for any check)."""
        return getattr(self.impl.api, name)

    def path(self, rel, as_bytes=False):
        full = self.root + "/" + rel if rel else self.root
        return os.fsencode(full) if as_bytes else full

    # --- normalisation ------------------------------------------------------------------

    def norm(self, value):
        """`value` with this sandbox's prefix replaced, stat results reduced (see module doc)."""
        if isinstance(value, str):
            return SANDBOX if value == self.root else value.replace(self.root + "/", SANDBOX + "/")
        if isinstance(value, bytes):
            root = os.fsencode(self.root)
            return SANDBOX.encode() if value == root else value.replace(root + b"/", SANDBOX.encode() + b"/")
        if isinstance(value, (bool, int, float)) or value is None:
            return value
        if hasattr(value, "st_mode"):
            return self.stat_view(value)
        if isinstance(value, list):
            return [self.norm(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.norm(v) for v in value)
        return "<%s>" % type(value).__name__

    def time_view(self, ns):
        return Time(ns, self.tolerance) if ns < SET_BEFORE_NS else "now"

    def stat_view(self, st):
        """What two sandboxes' stat results must agree on. A directory's size is the file
        system's business, not the implementation's: left out."""
        mode = st.st_mode
        out = {"type": stat_mod.S_IFMT(mode), "mode": stat_mod.S_IMODE(mode), "nlink": st.st_nlink,
               "uid": st.st_uid, "gid": st.st_gid, "mtime": self.time_view(st.st_mtime_ns)}
        if not stat_mod.S_ISDIR(mode):
            out["size"] = st.st_size
        return out

    def fd_view(self, fd):
        """An fd a successful open returned: its number is the process's business; its
        close-on-exec flag, access mode and O_APPEND are the call's (real fds only)."""
        if not isinstance(fd, int) or isinstance(fd, bool) or fd < 0:
            return self.norm(fd)
        if not self.fd_flags:
            return "<fd>"
        if not is_open(fd):
            return "<fd, not open>"
        access = os.O_RDONLY | os.O_WRONLY | os.O_RDWR  # O_ACCMODE: not in PyPy
        flags = status_flags(fd) & (access | os.O_APPEND)
        return ("<fd>", "cloexec" if is_cloexec(fd) else "inheritable", flags)

    def outcome(self, call, view, strict=False):
        """(raw result or None, outcome) of `call()`; `view(side, result)` normalises."""
        try:
            result = call()
        except Exception as exc:  # TargetLacks is a BaseException: it passes
            message = self.norm(str(exc)) if strict else None
            return None, ("raised", type(exc).__name__, errnos.name(getattr(exc, "errno", None)), message)
        try:
            return result, ("returned", view(self, result))
        except Exception as exc:  # a result the harness cannot read is the call's result
            return result, ("returned", "<unreadable %s: %s: %s>" % (type(result).__name__,
                                                                    type(exc).__name__, exc))

    # --- harness-side: set-up and inspection ----------------------------------------------

    def seed(self):
        for rel, mode in SEED_DIRS:
            self.os.mkdir(self.path(rel), mode)
        for rel, data, mode in SEED_FILES:
            self.host.write(self.path(rel), data, mode)
        for rel, to in SEED_LINKS:
            self.os.symlink(to, self.path(rel))

    def open_seed(self, rel, flags):
        fd = self.host.open(self.path(rel), flags)
        self.fds.add(fd)
        return fd

    def probe(self):
        """Measure the side's timestamp resolution (utime then stat, harness-side) and whether
        its file system keeps user xattrs: None, or the reason it does not."""
        probe = self.path(".probe")
        self.host.write(probe, b"")
        try:
            self.os.utime(probe, ns=(_PROBE_NS, _PROBE_NS))
            self.tolerance = abs(self.os.stat(probe).st_mtime_ns - _PROBE_NS)
            try:
                self.os.setxattr(probe, "user.probe", b"1")
                self.os.removexattr(probe, "user.probe")
            except (OSError, AttributeError) as exc:
                return "%s: no user xattrs (%s)" % (self.label, exc)
            return None
        finally:
            self.os.unlink(probe)

    def tree(self, xattrs, fds=()):
        """{relative path: what it is}: type, mode and mtime of everything; the target of a
        symlink; size, link count and bytes of a file, and the first other name of the same
        inode (hard links); with `xattrs`, each file's and directory's user xattrs. Then for each
        of `fds`, {"fd#i": its offset and the names of its file}: a call that moves an offset or
        leaves an fd on another inode diverges at once, not at a later step on that fd."""
        # The fds first: pyfakefs' tell() flushes an fd's buffer into its file, so measured after
        # the bytes, a step's divergence (e.g. truncate not reaching an open fd) would surface
        # only at the next step and be blamed on that step's function.
        fd_views = []
        for i, fd in enumerate(fds):
            try:
                st = self.os.fstat(fd)
                offset = "(directory)" if stat_mod.S_ISDIR(st.st_mode) else self.offset(fd)
                fd_views.append((i, (st.st_dev, st.st_ino), offset, None))
            except OSError as exc:
                fd_views.append((i, None, None, exc.errno))
        out, stack, inodes = {}, [""], {}
        while stack:
            rel = stack.pop()
            full = self.path(rel)
            st = self.os.lstat(full)
            mode = st.st_mode
            entry = {"type": stat_mod.S_IFMT(mode), "mode": stat_mod.S_IMODE(mode),
                     "mtime": self.time_view(st.st_mtime_ns)}
            if stat_mod.S_ISDIR(mode):
                stack.extend(rel + "/" + n if rel else n for n in self.os.listdir(full))
            elif stat_mod.S_ISLNK(mode):
                entry["to"] = self.norm(self.os.readlink(full))
            else:
                entry.update(size=st.st_size, nlink=st.st_nlink)
                if stat_mod.S_ISREG(mode):
                    entry["data"] = self.host.read(full)
                inodes.setdefault((st.st_dev, st.st_ino), []).append(rel)
            if xattrs and not stat_mod.S_ISLNK(mode):
                entry["xattrs"] = sorted((n, self.os.getxattr(full, n)) for n in self.os.listxattr(full))
            out[rel or "."] = entry
        for names in inodes.values():
            for rel in names:
                others = sorted(n for n in names if n != rel)
                if others:
                    out[rel]["same_as"] = others
        for i, key, offset, error in fd_views:
            out["fd#%d" % i] = ({"error": error} if key is None else
                                {"offset": offset, "file": sorted(inodes.get(key, ["(no name)"]))})
        return out

    def offset(self, fd):
        """Harness-side: an fd's file offset (pyfakefs' own lseek returns None: ask its file)."""
        if self.real:
            return os.lseek(fd, 0, os.SEEK_CUR)
        return self.host._fs.get_open_file(fd).tell()

    def close_fds(self):
        """Harness-side: close what this side's opens left open (a target close that forgot)."""
        for fd in sorted(self.fds):
            try:
                if self.real:
                    if is_open(fd):
                        os.close(fd)
                else:
                    self.os.close(fd)
            except OSError:
                pass
        self.fds.clear()

    def fd_closed(self, fd):
        """After a close step: forget `fd` if it is closed now (kept for teardown if not)."""
        if self.real and is_open(fd):
            return False
        if not self.real and self.host.is_open(fd):
            return False
        self.fds.discard(fd)
        return True


class Twins(object):
    """Sandbox A (the target) and B (the reference), seeded alike; `close()` removes them."""

    def __init__(self, target, oracle, sandbox, strict=False):
        # The oracle is the reference, except for the reference itself (the running CPython's
        # stdlib then: a target is never its own yardstick).
        if oracle.kind == "reference":
            oracles.consult(oracles.REFERENCE, oracle.module)
            self.oracle_name = "reference"
        else:
            version = "%d.%d" % sys.version_info[:2]
            oracles.consult("cpython-%s-live" % version, oracle.module)
            self.oracle_name = "CPython " + version
        self.strict = strict
        root_a = sandbox.fresh()
        host_b = Host(oracle)
        if target.kind == "pyfakefs" or not os.path.isdir(sandbox.path):
            # The sandbox exists only in the target's world: the reference gets the real
            # directory of the same path (made and removed here).
            self._made_real = not os.path.isdir(sandbox.path)
            os.makedirs(sandbox.path, 0o700, exist_ok=True)
            root_b = os.path.join(sandbox.path, "reference-" + os.path.basename(root_a))
            os.mkdir(root_b, 0o700)
        else:
            self._made_real = False
            root_b = sandbox.fresh()
        self._sandbox = sandbox
        self.a = Side("target", target, root_a, Host(target))
        self.b = Side("reference", oracle, root_b, host_b)
        self.sides = (self.a, self.b)
        self.a.fd_flags = self.b.fd_flags = self.a.real and self.b.real
        for side in self.sides:
            side.seed()
        reasons = [r for r in (self.a.probe(), self.b.probe()) if r]
        self.xattrs_reason = "; ".join(reasons) or None
        self.xattrs = self.xattrs_reason is None

    def trees(self, pairs=()):
        """Both trees, each with the state of its side of the fd `pairs` (see Side.tree)."""
        return tuple(_listed(side, self.xattrs, [p[i] for p in pairs]) for i, side in enumerate(self.sides))

    def close(self):
        for side in self.sides:
            side.close_fds()
        self.a.impl.remove_tree(self.a.root)
        shutil.rmtree(self.b.root, ignore_errors=True)
        if self._made_real:
            shutil.rmtree(self._sandbox.path, ignore_errors=True)


def _listed(side, xattrs, fds):
    """side.tree(), or what stopped the harness from listing it (compared like a tree)."""
    try:
        return side.tree(xattrs, fds)
    except OSError as exc:
        return {"(unlistable)": {"error": exc.errno, "filename": side.norm(exc.filename)}}


def tree_difference(tree_a, tree_b, limit=6, oracle_name="reference"):
    """Lines naming the entries in which two trees differ (at most `limit`)."""
    lines = []
    for rel in sorted(set(tree_a) | set(tree_b)):
        ea, eb = tree_a.get(rel), tree_b.get(rel)
        if ea != eb:
            lines.append("    %s: target %s, %s %s" % (rel, _entry(ea), oracle_name, _entry(eb)))
    if len(lines) > limit:
        lines[limit:] = ["    ... and %d more" % (len(lines) - limit)]
    return lines


def _entry(entry):
    if entry is None:
        return "(absent)"
    parts = []
    for key, value in sorted(entry.items()):
        if key in ("type", "mode"):
            value = "%o" % value
        parts.append("%s=%r" % (key, value))
    return "{%s}" % " ".join(parts)

"""Differential sequences: random file-system programs run on the target and on the reference.

One hypothesis state machine per focus function F. Every step runs on both twin sandboxes
(conformance.differential: the target in A, the reference in B, both seeded with the same small
tree) and is compared: the normalised result or the exception's class and errno (and message
under --os-strict), then both whole trees. Each step is charged to the function it calls:

- a divergence at an F step, when every earlier step agreed, fails the F check, and hypothesis
  minimises the program; the report's falsifying example is the step list to replay
  (`state = Sequences_rename()` ... `state.teardown()`, see `machine_for`);
- a divergence at any other step stops the comparison for the rest of that program (the trees
  no longer correspond): it is that function's own check's to report.

So a broken function is flagged on exactly its own name. Paths are built from a three-letter
alphabet, nested up to three deep, as str or bytes, so that names collide, directories nest and
symlinks dangle; F's rule is drawn FOCUS_WEIGHT (8) times as often as any other.
"""
import errno
import os

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (Bundle, RuleBasedStateMachine, consumes, initialize, multiple,
                                 precondition, rule, run_state_machine_as_test)

from conformance import differential

FD_OPS = ("open", "write", "pread", "pwrite", "ftruncate", "close")
PATH_OPS = ("truncate", "rename", "replace", "link", "symlink", "unlink", "mkdir", "rmdir", "makedirs",
            "chmod", "utime", "scandir", "listdir", "stat", "lstat", "readlink")
XATTR_OPS = ("getxattr", "setxattr", "listxattr", "removexattr")
OPS = FD_OPS + PATH_OPS + XATTR_OPS
FOCUS_WEIGHT = 8

paths = st.lists(st.sampled_from("abc"), min_size=1, max_size=3).map("/".join)
as_bytes = st.booleans()
small = st.integers(min_value=0, max_value=16)
payloads = st.binary(max_size=8)
_access = st.sampled_from([os.O_RDONLY, os.O_WRONLY, os.O_RDWR])
_extra = st.sets(st.sampled_from([os.O_CREAT, os.O_EXCL, os.O_TRUNC, os.O_APPEND, os.O_DIRECTORY,
                                  os.O_NOFOLLOW]), max_size=3)
open_flags = st.builds(lambda acc, extra: acc | sum(extra), _access, _extra)
create_modes = st.sampled_from([0o600, 0o644, 0o755, 0o777, 0o000])
chmod_modes = st.sampled_from([0o000, 0o400, 0o644, 0o755, 0o777, 0o4755, 0o2755, 0o1777, 0o7777])
# utime times from 2001 to 2017, every nanosecond digit free: "set", never mistaken for "now".
times_ns = st.integers(min_value=10 ** 18, max_value=1500000000 * 10 ** 9)
xattr_names = st.sampled_from(["user.x", "user.y"])
xattr_flags = st.sampled_from([0, os.XATTR_CREATE, os.XATTR_REPLACE]) if hasattr(os, "XATTR_CREATE") \
    else st.just(0)


def _plain(side, value):
    return side.norm(value)


def _sorted(side, value):
    return sorted(side.norm(value)) if isinstance(value, list) else side.norm(value)


def _fd(side, value):
    return side.fd_view(value)


class Sequences(RuleBasedStateMachine):
    """The op set; `machine_for` makes the per-focus subclass that knows target and reference."""

    focus = None
    target = None
    oracle = None
    sandbox = None
    strict = False
    usable = frozenset()

    fds = Bundle("fds")

    def __init__(self):
        super(Sequences, self).__init__()
        self.twins = differential.Twins(self.target, self.oracle, self.sandbox, self.strict)
        self.steps = 0
        self.diverged = None  # (step, function) of the first non-focus divergence
        self.pairs = []  # the fd pairs in the bundle, whose offsets and files are compared

    def teardown(self):
        self.twins.close()

    # --- one step on both sides --------------------------------------------------------

    def apply(self, name, call, view=_plain, show=""):
        """Run `call(side)` on A then B, compare outcomes and trees; returns the raw results."""
        if self.diverged:
            return None, None
        self.steps += 1
        a, b = self.twins.sides
        raw_a, out_a = a.outcome(lambda: call(a), view, self.strict)
        raw_b, out_b = b.outcome(lambda: call(b), view, self.strict)
        problem = []
        if out_a != out_b:
            problem = ["    target:    %s" % _show(out_a), "    %-10s %s" % (self.twins.oracle_name + ":", _show(out_b))]
        else:
            tree_a, tree_b = self.twins.trees(self.pairs)
            if tree_a != tree_b:
                problem = ["    both %s, but the trees differ afterwards:" % _show(out_a)]
                problem += differential.tree_difference(tree_a, tree_b, oracle_name=self.twins.oracle_name)
        if problem:
            self.diverge(name, show, problem)
        return raw_a, raw_b

    def diverge(self, name, show, problem):
        if name == self.focus:
            raise AssertionError("\n".join(
                ["%s disagrees with the %s at step %d, %s(%s), all earlier steps agreed:"
                 % (name, self.twins.oracle_name, self.steps, name, show)] + problem))
        self.diverged = (self.steps, name)

    def on_path(self, name, rels, as_bytes_, *extra, **kw):
        """A step calling `name(<paths>..., *extra, **kw)` with paths from each side's root."""
        view = kw.pop("view", _plain)

        def call(side):
            return side.fn(name)(*[side.path(r, as_bytes_) for r in rels] + list(extra), **kw)
        shown = [repr(r.encode() if as_bytes_ else r) for r in rels] + [_octal(e) for e in extra]
        shown += ["%s=%r" % kv for kv in sorted(kw.items())]
        self.apply(name, call, view, ", ".join(shown))

    def on_fd(self, name, pair, *extra, **kw):
        view = kw.pop("view", _plain)
        self.apply(name, lambda side: side.fn(name)(pair[side is self.twins.b], *extra), view,
                   ", ".join(["fd"] + [repr(e) for e in extra]))

    def enabled(self, name):
        return name in self.usable

    # --- descriptors ------------------------------------------------------------------

    @initialize(target=fds)
    def seed_fds(self):
        """Harness-side: every program starts with fds on the seed files (differential.SEED_FDS)
        in both sandboxes, so that the fd functions have something to work on from step one."""
        a, b = self.twins.sides
        self.pairs = [(a.open_seed(rel, flags), b.open_seed(rel, flags))
                      for rel, flags in differential.SEED_FDS]
        return multiple(*self.pairs)

    @precondition(lambda self: self.enabled("open"))
    @rule(target=fds, path=paths, flags=open_flags, mode=create_modes, as_bytes=as_bytes)
    def open(self, path, flags, mode, as_bytes):
        a, b = self.twins.sides
        before = self.diverged

        def call(side):
            fd = side.fn("open")(side.path(path, as_bytes), flags, mode)
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0:
                side.fds.add(fd)
            return fd
        fd_a, fd_b = self.apply("open", call, _fd, "%r, %s, %s" % (
            path.encode() if as_bytes else path, _flags(flags), oct(mode)))
        if before is None and self.diverged is None and fd_a is not None and fd_b is not None:
            self.pairs.append((fd_a, fd_b))
            return (fd_a, fd_b)
        return multiple()

    @precondition(lambda self: self.enabled("write"))
    @rule(fd=fds, data=payloads)
    def write(self, fd, data):
        self.on_fd("write", fd, data)

    @precondition(lambda self: self.enabled("pread"))
    @rule(fd=fds, length=small, offset=small)
    def pread(self, fd, length, offset):
        self.on_fd("pread", fd, length, offset)

    @precondition(lambda self: self.enabled("pwrite"))
    @rule(fd=fds, data=payloads, offset=small)
    def pwrite(self, fd, data, offset):
        self.on_fd("pwrite", fd, data, offset)

    @precondition(lambda self: self.enabled("ftruncate"))
    @rule(fd=fds, length=small)
    def ftruncate(self, fd, length):
        self.on_fd("ftruncate", fd, length)

    @precondition(lambda self: self.enabled("close"))
    @rule(fd=consumes(fds))
    def close(self, fd):
        # Whether the fd is still open afterwards is part of close's result (harness-side).
        def call(side):
            number = fd[side is self.twins.b]
            result = side.fn("close")(number)
            return result, "closed" if side.fd_closed(number) else "still open"
        self.pairs = [p for p in self.pairs if p is not fd]
        self.apply("close", call, show="fd")

    # --- paths ------------------------------------------------------------------------

    @precondition(lambda self: self.enabled("truncate"))
    @rule(path=paths, length=small, as_bytes=as_bytes)
    def truncate(self, path, length, as_bytes):
        self.on_path("truncate", [path], as_bytes, length)

    @precondition(lambda self: self.enabled("rename"))
    @rule(src=paths, dst=paths, as_bytes=as_bytes)
    def rename(self, src, dst, as_bytes):
        self.on_path("rename", [src, dst], as_bytes)

    @precondition(lambda self: self.enabled("replace"))
    @rule(src=paths, dst=paths, as_bytes=as_bytes)
    def replace(self, src, dst, as_bytes):
        self.on_path("replace", [src, dst], as_bytes)

    @precondition(lambda self: self.enabled("link"))
    @rule(src=paths, dst=paths, as_bytes=as_bytes)
    def link(self, src, dst, as_bytes):
        self.on_path("link", [src, dst], as_bytes)

    @precondition(lambda self: self.enabled("symlink"))
    @rule(to=paths, absolute=st.booleans(), dst=paths, as_bytes=as_bytes)
    def symlink(self, to, absolute, dst, as_bytes):
        def call(side):
            src = side.path(to, as_bytes) if absolute else (to.encode() if as_bytes else to)
            return side.fn("symlink")(src, side.path(dst, as_bytes))
        self.apply("symlink", call, show="%s%r, %r" % ("<sandbox>/" if absolute else "", to, dst))

    @precondition(lambda self: self.enabled("unlink"))
    @rule(path=paths, as_bytes=as_bytes)
    def unlink(self, path, as_bytes):
        self.on_path("unlink", [path], as_bytes)

    @precondition(lambda self: self.enabled("mkdir"))
    @rule(path=paths, mode=create_modes, as_bytes=as_bytes)
    def mkdir(self, path, mode, as_bytes):
        self.on_path("mkdir", [path], as_bytes, mode)

    @precondition(lambda self: self.enabled("rmdir"))
    @rule(path=paths, as_bytes=as_bytes)
    def rmdir(self, path, as_bytes):
        self.on_path("rmdir", [path], as_bytes)

    @precondition(lambda self: self.enabled("makedirs"))
    @rule(path=paths, mode=create_modes, exist_ok=st.booleans(), as_bytes=as_bytes)
    def makedirs(self, path, mode, exist_ok, as_bytes):
        self.on_path("makedirs", [path], as_bytes, mode, exist_ok=exist_ok)

    @precondition(lambda self: self.enabled("chmod"))
    @rule(path=paths, mode=chmod_modes, as_bytes=as_bytes)
    def chmod(self, path, mode, as_bytes):
        self.on_path("chmod", [path], as_bytes, mode)

    @precondition(lambda self: self.enabled("utime"))
    @rule(path=paths, atime=times_ns, mtime=times_ns, as_bytes=as_bytes)
    def utime(self, path, atime, mtime, as_bytes):
        self.on_path("utime", [path], as_bytes, ns=(atime, mtime))

    @precondition(lambda self: self.enabled("scandir"))
    @rule(path=paths, as_bytes=as_bytes)
    def scandir(self, path, as_bytes):
        def call(side):
            it = side.fn("scandir")(side.path(path, as_bytes))
            try:
                entries = sorted((e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink()) for e in it)
            finally:
                getattr(it, "close", lambda: None)()
            return entries
        self.apply("scandir", call, show=repr(path.encode() if as_bytes else path))

    @precondition(lambda self: self.enabled("listdir"))
    @rule(path=paths, as_bytes=as_bytes)
    def listdir(self, path, as_bytes):
        self.on_path("listdir", [path], as_bytes, view=_sorted)

    @precondition(lambda self: self.enabled("stat"))
    @rule(path=paths, as_bytes=as_bytes)
    def stat(self, path, as_bytes):
        self.on_path("stat", [path], as_bytes)

    @precondition(lambda self: self.enabled("lstat"))
    @rule(path=paths, as_bytes=as_bytes)
    def lstat(self, path, as_bytes):
        self.on_path("lstat", [path], as_bytes)

    @precondition(lambda self: self.enabled("readlink"))
    @rule(path=paths, as_bytes=as_bytes)
    def readlink(self, path, as_bytes):
        self.on_path("readlink", [path], as_bytes)

    # --- extended attributes (only where both file systems keep user xattrs) ------------

    @precondition(lambda self: self.enabled("getxattr"))
    @rule(path=paths, attribute=xattr_names, as_bytes=as_bytes)
    def getxattr(self, path, attribute, as_bytes):
        self.on_path("getxattr", [path], as_bytes, attribute)

    @precondition(lambda self: self.enabled("setxattr"))
    @rule(path=paths, attribute=xattr_names, value=payloads, flags=xattr_flags, as_bytes=as_bytes)
    def setxattr(self, path, attribute, value, flags, as_bytes):
        self.on_path("setxattr", [path], as_bytes, attribute, value, flags)

    @precondition(lambda self: self.enabled("listxattr"))
    @rule(path=paths, as_bytes=as_bytes)
    def listxattr(self, path, as_bytes):
        self.on_path("listxattr", [path], as_bytes, view=_sorted)

    @precondition(lambda self: self.enabled("removexattr"))
    @rule(path=paths, attribute=xattr_names, as_bytes=as_bytes)
    def removexattr(self, path, attribute, as_bytes):
        self.on_path("removexattr", [path], as_bytes, attribute)


def _show(outcome):
    if outcome[0] == "raised":
        kind, cls, code, message = outcome
        text = "raised %s (errno %s)" % (cls, errno.errorcode.get(code, code)) if code is not None \
            else "raised %s" % cls
        return text + (": %s" % message if message else "")
    return "returned %r" % (outcome[1],)


def _octal(value):
    return oct(value) if isinstance(value, int) and not isinstance(value, bool) and value > 7 else repr(value)


def _flags(flags):
    names = ["O_RDONLY", "O_WRONLY", "O_RDWR"][flags & (os.O_RDONLY | os.O_WRONLY | os.O_RDWR):][:1]
    names += [n for n in ("O_CREAT", "O_EXCL", "O_TRUNC", "O_APPEND", "O_DIRECTORY", "O_NOFOLLOW")
              if flags & getattr(os, n)]
    return "|".join(names)


def machine_for(focus, target, oracle, sandbox, strict=False, usable=OPS):
    """The state machine class of one focus function, e.g. to replay a reported step list:
    `Sequences_rename = machine_for("rename", target, oracle, sandbox)`, then the steps."""
    attrs = {"focus": focus, "target": target, "oracle": oracle, "sandbox": sandbox,
             "strict": strict, "usable": frozenset(usable)}
    # The same rule under more names is drawn more often; it still prints under its own name.
    for i in range(1, FOCUS_WEIGHT):
        attrs["_%s_%d" % (focus, i)] = getattr(Sequences, focus)
    return type("Sequences_%s" % focus, (Sequences,), attrs)


def _usable(target, oracle, twins_reason, focus):
    """The ops both sides implement (a target's missing or delegated name is left out of the
    programs; for the focus itself it is the check's result)."""
    getattr(target.api, focus)  # TargetMissing / TargetDelegated: missing / delegated
    out = set(op for op in OPS if target.has(op) and oracle.has(op))
    if twins_reason:
        if focus in XATTR_OPS:
            pytest.skip("the sandboxes keep no user xattrs: %s" % twins_reason)
        out -= set(XATTR_OPS)
    return out


@pytest.mark.cross_function  # every machine calls every op: --os-scope keeps all its instances
@pytest.mark.parametrize("focus", [
    pytest.param(op, marks=pytest.mark.behaviour(op + ".agrees-with-reference-in-sequences"))
    for op in OPS])
def test_sequences_agree_with_the_reference(target, oracle, sandbox, strict, focus):
    """<focus>.agrees-with-reference-in-sequences: in random sequences of file-system
    operations, the focus function's results, exception class and errno, and the resulting tree
    agree with the reference implementation (differential; undocumented as such)."""
    probe = differential.Twins(target, oracle, sandbox)
    try:
        reason = probe.xattrs_reason
        seeded = probe.trees()
    finally:
        probe.close()
    if seeded[0] != seeded[1]:  # the harness's own set-up: no function's divergence
        pytest.skip("the two sandboxes differ before any step:\n"
                    + "\n".join(differential.tree_difference(*seeded)))
    machine = machine_for(focus, target, oracle, sandbox, strict, _usable(target, oracle, reason, focus))
    run_state_machine_as_test(machine, settings=settings())

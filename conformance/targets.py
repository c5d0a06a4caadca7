"""One interface for every implementation under test.

A target spec is `stdlib` (the running interpreter's `os`), `reference` (this project's ctypes
implementation), `pyfakefs` (pyfakefs' FakeOsModule over a FakeFilesystem) or
`module:DOTTED.NAME` (any importable module). Checks reach the implementation only through
`Target.api`, so that a name the target lacks becomes a `missing` result and a name pyfakefs
merely forwards to the real os becomes `delegated` — never a call into the wrong world.
"""
import importlib
import os
import shutil
import sys

from _pytest.outcomes import OutcomeException


def _reference_runs_here():
    """The reference's ABI is Linux x86_64 glibc's (reference/_platform.py refuses the rest);
    WebAssembly Pythons have no C library for ctypes at all."""
    import platform
    return sys.platform.startswith("linux") and platform.machine() == "x86_64"


# By default the stdlib and, where it can run, the reference (a CI job on arm64 or macOS runs
# the stdlib alone instead of refusing the whole run).
DEFAULT_TARGETS = ("stdlib", "reference") if _reference_runs_here() else ("stdlib",)


class UsageError(Exception):
    """A target spec that cannot be used; the message is one line for the user."""


class TargetLacks(OutcomeException):
    """The check cannot run on this target. A BaseException, like pytest's skip: no
    `except Exception` or `pytest.raises(OSError)` in a check may mistake it for the API's own
    error, and hypothesis lets it through at once instead of shrinking it as a failure. A pytest
    outcome, so that raised in a fixture it is cached and torn down like a skip (pytest 9.2
    leaves a fixture that raised any other BaseException half made, and refuses the next
    check's request for it)."""


class TargetMissing(TargetLacks):
    """The target lacks `name`."""

    def __init__(self, name):
        TargetLacks.__init__(self, "the target has no os.%s" % name)
        self.name = name


class TargetDelegated(TargetLacks):
    """The target forwards `name` to the real os instead of implementing it."""

    def __init__(self, name):
        TargetLacks.__init__(self, "the target forwards os.%s to the real os" % name)
        self.name = name


class TargetUnavailable(TargetLacks):
    """The check needs a capability the target declares its world lacks (see CAPABILITIES)."""

    def __init__(self, capability, why=None):
        TargetLacks.__init__(self, "the target's world lacks %s%s" % (
            CAPABILITIES[capability], ": " + why if why else ""))
        self.capability = capability


# What a check may need of the world a target works in. A target in the real kernel's world has
# them all; a target with a world of its own (pyfakefs) declares the ones it has, and a check
# needing another is `unavailable` with the capability named - a fact about the target, never a
# limitation of the harness (the harness sets up and inspects through the target's world).
CAPABILITIES = {
    "processes": "child processes sharing it (fork, exec, spawn, a second interpreter)",
    "fd_flags": "descriptor flags beyond the access mode and O_APPEND (O_NONBLOCK, FD_CLOEXEC, "
                "O_DIRECT, fcntl locks)",
    "terminals": "terminals and pseudo-terminals",
    "signals": "signals interrupting its calls (EINTR)",
    "users": "other users to check permissions as",
    "effective_ids": "a real user id apart from the effective one (setreuid)",
    "devices": "device nodes",
    "fifos": "FIFOs (named pipes)",
    "sockets": "sockets",
    "d_type": "directory entries typed by the kernel (d_type, d_ino) and counted stat calls",
    "kernel_facts": "the kernel's configuration values and entropy pool",
    "file_flags": "BSD file flags (st_flags)",
    "concurrency": "a second process working on the same files at once",
    "resource_limits": "resource limits and usage (getrlimit, setrlimit, getrusage)",
    "c_library": "a C library reachable through ctypes, which the reference implementation runs "
                 "on (the differential checks' oracle, and the harness's stand-in for os names "
                 "its interpreter lacks)",
}
REAL_WORLD = frozenset(CAPABILITIES)
# What the platform's own os works in, declared once per platform: Emscripten (Pyodide) emulates
# one process of one user over its own file systems (MEMFS, NODEFS) in a JavaScript engine,
# without signals, terminals, sockets, a kernel to ask, or a C library for ctypes.
PLATFORM_LACKS = {
    "emscripten": ("processes", "signals", "terminals", "users", "effective_ids", "sockets",
                   "kernel_facts", "file_flags", "concurrency", "resource_limits", "c_library"),
}
PLATFORM_WORLD = REAL_WORLD - frozenset(PLATFORM_LACKS.get(sys.platform, ()))


class _Api(object):
    """`target.api.pread` is the target's pread, or raises TargetMissing/TargetDelegated."""

    __slots__ = ("_target",)

    def __init__(self, target):
        object.__setattr__(self, "_target", target)

    def __getattr__(self, name):
        return self._target.lookup(name)

    def __repr__(self):
        return "<os API of target %s>" % self._target.spec


class Target(object):
    kind = None
    capabilities = REAL_WORLD  # what the target's world can do (CAPABILITIES)
    own_world = False  # True: files and fds live in the target's own objects, not the kernel

    def __init__(self, spec, module):
        self.spec = spec
        self.module = module
        self.api = _Api(self)

    @property
    def label(self):
        """The spec as it appears in report file names."""
        return self.spec.replace(":", "-")

    @property
    def module_name(self):
        return getattr(self.module, "__name__", type(self.module).__name__)

    def lookup(self, name):
        """The target's object for a catalogue name (`stat_result.st_mode` looks on its owner)."""
        obj = self.module
        for part in name.split("."):
            try:
                obj = getattr(obj, part)
            except AttributeError:
                raise TargetMissing(name)
        if self.is_delegated(name, obj):
            raise TargetDelegated(name)
        return obj

    def has(self, name):
        try:
            self.lookup(name)
        except (TargetMissing, TargetDelegated):
            return False
        return True

    def is_delegated(self, name, obj):
        return False

    def require(self, capability, why=None):
        """Raise TargetUnavailable unless the target's world has `capability`."""
        if capability not in CAPABILITIES:
            raise ValueError("unknown capability %r" % capability)
        if capability not in self.capabilities:
            raise TargetUnavailable(capability, why)

    # The sandbox lives in the target's own world (pyfakefs: its fake filesystem).
    def make_dir(self, path):
        os.mkdir(path, 0o700)

    def remove_tree(self, path):
        shutil.rmtree(path, ignore_errors=True)

    def as_dict(self):
        return {"spec": self.spec, "label": self.label, "kind": self.kind,
                "module": self.module_name, "world": "own" if self.own_world else "kernel",
                "capabilities": sorted(self.capabilities)}

    # A worker runs many checks: each must find the target as a freshly forked process would.
    def begin_check(self):
        """In the process about to run a check: what `end_check` needs to put back."""
        environ = getattr(self.module, "environ", None)
        if environ is None or environ is os.environ:
            return None  # the process's environment: restored by conformance.hygiene
        try:
            return dict(environ)
        except Exception:  # a broken target's environ: nothing to keep
            return None

    def end_check(self, saved):
        """Put back the target's own state (its environ mapping) as begin_check found it."""
        if saved is None:
            return
        environ = self.module.environ
        try:
            if dict(environ) != saved:
                environ.clear()
                environ.update(saved)
        except Exception:
            pass


class StdlibTarget(Target):
    kind = "stdlib"
    capabilities = PLATFORM_WORLD


class ReferenceTarget(Target):
    kind = "reference"


class ModuleTarget(Target):
    kind = "module"


class PyfakefsTarget(Target):
    """pyfakefs' fake os. Its `__getattr__` forwards unfaked names to the real os: those are
    reported as delegated, and never called (a fake fd handed to the real os hits a real fd)."""

    kind = "pyfakefs"
    own_world = True
    # Its fds are its own numbers over its own file objects (a pipe is a real pipe behind a fake
    # number); users are its own notion of uid (pyfakefs.helpers.set_uid); a forked child has a
    # copy of the fake file system, not a shared one.
    capabilities = frozenset(["users"])

    def __init__(self, spec):
        try:
            from pyfakefs import fake_filesystem, fake_os
        except ImportError:
            raise UsageError("target pyfakefs needs pyfakefs installed (pip install pyfakefs)")
        self.filesystem = fake_filesystem.FakeFilesystem()
        Target.__init__(self, spec, fake_os.FakeOsModule(self.filesystem))

    @property
    def module_name(self):
        return "pyfakefs.fake_os.FakeOsModule (pyfakefs %s)" % self.version

    @property
    def version(self):
        import pyfakefs
        return getattr(pyfakefs, "__version__", "unknown")

    @property
    def label(self):
        """`pyfakefs-6.3.2`: releases of pyfakefs are columns of their own in the matrix."""
        return "pyfakefs-%s" % self.version

    def is_delegated(self, name, obj):
        # Judge by the top-level name: a forwarded class forwards its members too. Plain data
        # (O_RDONLY, sep) forwarded from the real os is simply correct, not delegation.
        top = name.split(".")[0]
        forwarded = getattr(self.module, top)
        return callable(forwarded) and getattr(os, top, None) is forwarded

    def begin_check(self):
        """A fresh fake file system (and fake os over it) for every check, as fork-per-check
        gave each check a copy of the untouched one."""
        from pyfakefs import fake_filesystem, fake_os
        self.filesystem = fake_filesystem.FakeFilesystem()
        self.module = fake_os.FakeOsModule(self.filesystem)
        return None

    def end_check(self, saved):
        pass

    def make_dir(self, path):
        self.filesystem.create_dir(path, perm_bits=0o700)

    def remove_tree(self, path):
        if self.filesystem.exists(path):
            self.filesystem.remove_object(path)


def resolve(spec):
    """The Target for a spec, or UsageError with a one-line reason."""
    if spec == "stdlib":
        return StdlibTarget(spec, os)
    if spec == "reference":
        return ReferenceTarget(spec, _import("reference"))
    if spec == "pyfakefs":
        return PyfakefsTarget(spec)
    if spec.startswith("module:") and len(spec) > len("module:"):
        return ModuleTarget(spec, _import(spec[len("module:"):]))
    raise UsageError("unknown target %r: use stdlib, reference, pyfakefs or module:DOTTED.NAME"
                     % spec)


def _import(dotted):
    try:
        return importlib.import_module(dotted)
    except SystemExit as exc:  # not a BaseException to let through: it would end the run silently
        raise UsageError("cannot import target module %s: it called sys.exit(%r) while being imported"
                         % (dotted, exc.code))
    except Exception as exc:  # the module's own import error, whatever it is, is the user's news
        first = (str(exc).splitlines() or [""])[0]
        raise UsageError("cannot import target module %s: %s: %s"
                         % (dotted, type(exc).__name__, first))


def sandbox_parent():
    """Where a run's sandboxes go: OS_CONFORMANCE_SANDBOX_DIR when that is not where pytest's own
    temporary files should (Pyodide on NODEFS: sandboxes on /host, the rest in memory)."""
    import tempfile
    return os.environ.get("OS_CONFORMANCE_SANDBOX_DIR") or tempfile.gettempdir()


def interpreter_info():
    """What runs the suite. Under Pyodide the implementation is Pyodide's release, with the
    CPython it embeds, Emscripten's version and the file system the checks ran on (the driver,
    conformance.wasm, names it): one column per release and file system."""
    impl = sys.implementation.name
    version = "%d.%d.%d" % sys.version_info[:3]
    info = {"implementation": impl, "version": version, "executable": sys.executable,
            "full": sys.version.replace("\n", " ")}
    if sys.platform == "emscripten":
        try:
            import pyodide
            release = pyodide.__version__
        except ImportError:  # another Emscripten build of CPython
            release = "unknown"
        filesystem = os.environ.get("OS_CONFORMANCE_FS", "memfs").lower()
        info.update(implementation="pyodide", version=release, variant=filesystem,
                    cpython=version, filesystem=filesystem.upper(),
                    sandboxes=sandbox_parent(),  # /host on NODEFS, /tmp on MEMFS
                    emscripten=".".join(str(p) for p in sys._emscripten_info.emscripten_version),
                    runtime=sys._emscripten_info.runtime)
    return info

"""Harness-side `os` names the harness interpreter itself may lack.

The checks set up and inspect state with the real `os`, but the interpreter running the suite
is not always CPython: PyPy 3.9's `os` has no `O_ACCMODE`, `ST_RDONLY`, `waitid`, `preadv`,
`posix_spawn`, `sched_getaffinity`... A check must be affected only by the *target* lacking a
name (reported `missing`), never by the harness interpreter lacking one. `host.NAME` is the
interpreter's `os.NAME` where it exists, else the reference implementation's (ctypes over libc,
independent of the interpreter's `os`):

    from conformance.hostos import host
    flags & host.O_ACCMODE
    host.waitid(host.P_PID, pid, host.WEXITED | host.WNOWAIT)

Constants never differ between the two on Linux x86_64; functions fall back only where the
interpreter has none, so under CPython nothing changes.
"""
import os


class _Host:
    """Attribute access: os.NAME, else reference.NAME, else AttributeError naming both."""

    def __getattr__(self, name):
        try:
            return getattr(os, name)
        except AttributeError:
            pass
        try:
            import reference  # noqa: PLC0415 -- only when the interpreter's os lacks the name
        except ImportError as exc:  # a WebAssembly Python: no C library for the reference
            return Lacking(name, exc)
        try:
            value = getattr(reference, name)
        except AttributeError:
            raise AttributeError("neither the harness interpreter's os nor the reference has %r"
                                 % name) from None
        setattr(self, name, value)  # cache: later lookups skip both getattr calls
        return value

    def __repr__(self):
        return "<harness-side os (with the reference's names where the interpreter lacks them)>"


host = _Host()


class Lacking(object):
    """`host.NAME` where neither the interpreter's os nor the reference (which cannot be
    imported) has it: a check that uses it is `unavailable` for want of a C library."""

    def __init__(self, name, error):
        self.name, self.error = name, error

    def _unavailable(self):
        from .targets import TargetUnavailable
        return TargetUnavailable("c_library", "the harness needs os.%s, which this interpreter "
                                 "lacks, and the reference cannot stand in (%s)" % (self.name, self.error))

    def __call__(self, *args, **kwargs):
        raise self._unavailable()

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise self._unavailable()

    def _use(self, *args):
        raise self._unavailable()

    # A constant used as a number (flags |= host.RTLD_DEEPBIND) is a use too.
    __or__ = __ror__ = __and__ = __rand__ = __xor__ = __rxor__ = __invert__ = _use
    __int__ = __index__ = __add__ = __radd__ = __lt__ = __le__ = __gt__ = __ge__ = _use

    def __repr__(self):
        return "<os.%s: lacking here>" % self.name


def reference_module():
    """The reference implementation, or TargetUnavailable where it cannot run (no C library
    through ctypes: WebAssembly Pythons)."""
    try:
        import reference  # noqa: PLC0415
    except ImportError as exc:
        from .targets import TargetUnavailable
        raise TargetUnavailable("c_library", "the reference, the oracle here, cannot be imported: %s"
                                % exc)
    return reference


# --- device numbers, harness-side ------------------------------------------------------------
# PyPy 3.9's os.makedev/major/minor work on a 32-bit dev_t (os.makedev(4096, 0) == 0,
# os.makedev(0, 524288) == -2**31, os.major(2**44) raises OverflowError): the harness composes
# and takes apart device numbers itself, with glibc's <sys/sysmacros.h> formulas.

def makedev(major, minor):
    """glibc's gnu_dev_makedev: the 64-bit dev_t of (major, minor), both unsigned 32-bit."""
    return (((major & 0x00000fff) << 8) | ((major & 0xfffff000) << 32)
            | (minor & 0x000000ff) | ((minor & 0xffffff00) << 12))


def major(dev):
    """glibc's gnu_dev_major of a 64-bit dev_t."""
    return ((dev & 0x00000000000fff00) >> 8) | ((dev & 0xfffff00000000000) >> 32)


def minor(dev):
    """glibc's gnu_dev_minor of a 64-bit dev_t."""
    return (dev & 0x00000000000000ff) | ((dev & 0x00000ffffff00000) >> 12)


# --- what CPython does, for checks whose expectation is "as CPython on Linux" -----------------

def cpython_os(target=None):
    """The module whose behaviour stands for CPython's when judging `target`: the running `os`
    under CPython (the same version's behaviour), else the reference, which implements CPython's
    argument conversion (PyPy's own `os` is a target like any other, never the yardstick).

    A target is never its own yardstick: judging the running CPython's stdlib, the reference
    stands for CPython instead (an independent implementation of the same version's behaviour,
    itself judged against this stdlib on every check). Off CPython, judging the reference,
    there is no other: the check is then a baseline (conformance.oracles)."""
    import sys
    from . import oracles
    under_test = getattr(target, "module", None)
    if sys.implementation.name == "cpython" and under_test is not os:
        return oracles.consult("cpython-%d.%d-live" % sys.version_info[:2], os)
    # only off CPython, or judging CPython's own stdlib
    return oracles.consult(oracles.REFERENCE, reference_module())

"""The CPython version whose behaviour the reference follows where CPython changed it (3.10's
utime ns, 3.12's bytes-like paths, 3.13's makedev range, ...): the running interpreter's, unless
the environment's OS_CONFORMANCE_REFERENCE_ACTS_AS=X.Y names another at start-up. The project's
tests use that to hold the version policy against every recorded CPython from one interpreter
(tests/reference/test_reference_version_policy.py). Every module decides by this one value."""
import sys

from . import _libc


def _chosen():
    raw = _libc.getenv(b'OS_CONFORMANCE_REFERENCE_ACTS_AS')  # read once, like the C runtime's own
    if not raw:
        return tuple(sys.version_info[:2])
    major, minor = raw.decode('ascii').split('.')
    return int(major), int(minor)


VERSION = _chosen()

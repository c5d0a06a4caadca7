"""Process Management: posix_spawn's refusal of malformed arguments, compared with CPython's.

The expectation comes from conformance.hostos.cpython_os(target): the running CPython's stdlib
when judging any other target, the reference when judging that stdlib itself (a target is never
its own yardstick), and the reference off CPython (PyPy's os may have no posix_spawn at all).

Every case is refused by CPython before any process is created; each call runs in a forked
check child (conformance.children.run_in_child), and a process a wrong target does create is
waited for there. The observation is the exception class (or "spawned").
"""
import os
import signal

import pytest

from conformance import children, hostos

behaviour = pytest.mark.behaviour

TRUE = "/bin/true"
OPEN, CLOSE, DUP2 = 0, 1, 2  # os.POSIX_SPAWN_OPEN, _CLOSE, _DUP2 (the documented values on Linux)

class _FsPath(object):
    """A path-like object whose __fspath__() returns `value` (not a str or bytes here)."""

    def __init__(self, value):
        self.value = value

    def __fspath__(self):
        return self.value


MALFORMED = "posix_spawn.rejects-malformed-options"
# Built with the harness's os; a WebAssembly Python has no sched_param (nor posix_spawn's
# oracle, the reference): the case is then unavailable, not an import error.
_SCHED_PARAM = os.sched_param(0) if hasattr(os, "sched_param") else hostos.host.sched_param
CASES = [
    (MALFORMED, "action-list-not-tuple", (TRUE, [TRUE], {}), {"file_actions": [[CLOSE, 5]]}),
    (MALFORMED, "action-empty-tuple", (TRUE, [TRUE], {}), {"file_actions": [()]}),
    (MALFORMED, "close-too-short", (TRUE, [TRUE], {}), {"file_actions": [(CLOSE,)]}),
    (MALFORMED, "dup2-too-short", (TRUE, [TRUE], {}), {"file_actions": [(DUP2, 1)]}),
    (MALFORMED, "open-too-short", (TRUE, [TRUE], {}), {"file_actions": [(OPEN, 3, "/dev/null", 0)]}),
    (MALFORMED, "open-float-mode", (TRUE, [TRUE], {}),
     {"file_actions": [(OPEN, 3, "/dev/null", os.O_RDONLY, 1.5)]}),
    (MALFORMED, "open-nul-path", (TRUE, [TRUE], {}),
     {"file_actions": [(OPEN, 3, "/dev/\0null", os.O_RDONLY, 0)]}),
    (MALFORMED, "unknown-tag", (TRUE, [TRUE], {}), {"file_actions": [(99, 1)]}),
    (MALFORMED, "float-tag", (TRUE, [TRUE], {}), {"file_actions": [(1.0, 1)]}),
    (MALFORMED, "file-actions-int", (TRUE, [TRUE], {}), {"file_actions": 5}),
    (MALFORMED, "sigmask-zero", (TRUE, [TRUE], {}), {"setsigmask": [0]}),
    (MALFORMED, "sigmask-65", (TRUE, [TRUE], {}), {"setsigmask": [65]}),
    (MALFORMED, "sigdef-huge", (TRUE, [TRUE], {}), {"setsigdef": [2 ** 70]}),
    (MALFORMED, "sigdef-negative", (TRUE, [TRUE], {}), {"setsigdef": [signal.SIGTERM, -3]}),
    (MALFORMED, "sigmask-not-iterable", (TRUE, [TRUE], {}), {"setsigmask": 5}),
    (MALFORMED, "scheduler-list", (TRUE, [TRUE], {}), {"scheduler": [None, _SCHED_PARAM]}),
    (MALFORMED, "scheduler-1-tuple", (TRUE, [TRUE], {}), {"scheduler": (None,)}),
    (MALFORMED, "env-not-mapping", (TRUE, [TRUE], 5), {}),
    (MALFORMED, "argv-item-int", (TRUE, [TRUE, 5], {}), {}),
    (MALFORMED, "argv-item-fspath-int", (TRUE, [TRUE, _FsPath(5)], {}), {}),
    (MALFORMED, "argv-item-nul", (TRUE, [TRUE, "a\0b"], {}), {}),
    (MALFORMED, "env-value-none", (TRUE, [TRUE], {"A": None}), {}),
    (MALFORMED, "env-key-fspath-none", (TRUE, [TRUE], {_FsPath(None): "x"}), {}),
    ("posix_spawn.rejects-empty-argv", "empty-first-argument", (TRUE, [""], {}), {}),
    ("posix_spawn.rejects-bad-env-name", "empty-env-name", (TRUE, [TRUE], {"": "x"}), {}),
    ("posix_spawn.rejects-bad-env-name", "bytes-env-name-with-equals", (TRUE, [TRUE], {b"A=B": b"x"}), {}),
]


def _attempt(spawn, args, kwargs):
    def body():
        try:
            pid = spawn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - the exception class is the observation
            return type(e).__name__
        os.waitpid(pid, 0)  # the check child's own child
        return "spawned"
    return children.run_in_child(body)


@pytest.mark.parametrize("args,kwargs", [pytest.param(a, k, id=i, marks=behaviour(b)) for b, i, a, k in CASES])
def test_malformed_arguments_are_refused_as_by_cpython(target, args, kwargs):
    """The target refuses the malformed argument with CPython's exception class (or, where
    this CPython accepts it — 3.8 takes a float tag —, spawns as CPython does)."""
    yardstick = hostos.cpython_os(target)
    want = _attempt(yardstick.posix_spawn, args, kwargs)
    got = _attempt(lambda *a, **k: target.api.posix_spawn(*a, **k), args, kwargs)
    assert got == want, "posix_spawn(*%r, **%r): the target gave %s, %s gives %s" % (
        args, kwargs, got, getattr(yardstick, "__name__", "CPython"), want)

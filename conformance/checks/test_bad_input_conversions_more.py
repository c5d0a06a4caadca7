"""More bad input for the argument converters: path fds and dir_fds beyond a C int, bytes-like
objects that are not bytes as paths, utime ns values whose __divmod__ misbehaves, and an
os.PathLike command for system().

As in test_bad_input_conversions: CPython's treatment on Linux is undocumented (or version
dependent, like bytes-like paths: accepted with a DeprecationWarning before 3.12, TypeError
since), so each case calls the target's function and the stdlib's with the same arguments
(fresh files for each) and compares them as test_bad_input_conversions does.
"""
import os

import pytest

from conformance import support
from conformance.badinput import assert_treated_as_cpython, times_ns
from conformance.strategies import PathLike

behaviour = pytest.mark.behaviour

INT_MAX = 2 ** 31 - 1
INT_MIN = -2 ** 31


class BadDivmod(int):
    """An int whose divmod() by anything gives `pair` (utime's ns split calls divmod)."""

    def __new__(cls, value, pair):
        self = int.__new__(cls, value)
        self.pair = pair
        return self

    def __divmod__(self, other):
        return self.pair


class Remainder(int):
    """An int subclass (exact int conversion expected for a C long)."""


#: (behaviour id, case id, call(api, path, fd) -> observation). path is a fresh regular file,
#: fd a fresh read-write descriptor of it.
CASES = [
    ("chmod.rejects-int-beyond-c-range", "path-fd-int-max-plus-1",
     lambda api, p, fd: api.chmod(INT_MAX + 1, 0o600)),
    ("chmod.rejects-int-beyond-c-range", "path-fd-int-min-minus-1",
     lambda api, p, fd: api.chmod(INT_MIN - 1, 0o600)),
    ("chmod.rejects-int-beyond-c-range", "dir-fd-2**40",
     lambda api, p, fd: api.chmod(os.path.basename(p), 0o600, dir_fd=2 ** 40)),
    ("chmod.rejects-int-beyond-c-range", "dir-fd-minus-2**40",
     lambda api, p, fd: api.chmod(os.path.basename(p), 0o600, dir_fd=-2 ** 40)),
    ("stat.rejects-non-path", "bytearray-path",
     lambda api, p, fd: api.stat(bytearray(os.fsencode(p))).st_size),
    ("stat.rejects-non-path", "memoryview-path",
     lambda api, p, fd: api.stat(memoryview(os.fsencode(p))).st_size),
    ("stat.rejects-non-path", "bytearray-path-with-nul",
     lambda api, p, fd: api.stat(bytearray(os.fsencode(p) + b"\0x"))),
    ("utime.rejects-non-integer", "ns-divmod-not-a-tuple",
     lambda api, p, fd: api.utime(p, ns=(BadDivmod(5, 7), 0))),
    ("utime.rejects-non-integer", "ns-divmod-three-tuple",
     lambda api, p, fd: api.utime(p, ns=(0, BadDivmod(5, (1, 2, 3))))),
    ("utime.rejects-non-integer", "ns-divmod-int-subclass-parts",
     lambda api, p, fd: (api.utime(p, ns=(BadDivmod(5, (Remainder(3), Remainder(7))), 9)), times_ns(p))),
    ("utime.rejects-non-integer", "ns-divmod-float-remainder",
     lambda api, p, fd: api.utime(p, ns=(BadDivmod(5, (3, 7.0)), 9))),
]


@pytest.mark.parametrize("case", [pytest.param((b, i, c), id="%s-%s" % (b.split(".")[0], i), marks=behaviour(b))
                                  for b, i, c in CASES])
def test_more_bad_input_is_treated_as_cpython_treats_it(target, sandbox, case, strict, cpython_judge):
    """The target raises the exception CPython raises (or returns what it returns), with the
    same warnings: CPython as recorded for the version the target is judged against
    (conformance.recorded; --os-cpython)."""
    assert_treated_as_cpython(target, sandbox, case, strict, cpython_judge)


@behaviour("system.rejects-non-string")
@pytest.mark.parametrize("command", ["exit 3", b"exit 5"], ids=["str", "bytes"])
def test_system_accepts_a_pathlike_command(target, command):
    """system.rejects-non-string: the command goes through CPython's FSConverter, so an
    os.PathLike whose __fspath__() gives a str or bytes command is run like that command (a
    non-string such as an int is refused, test_process_management_shell); the wait status is
    the command's."""
    system = target.api.system
    status = support.run_in_child(lambda: system(PathLike(command)))
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == (3 if command == "exit 3" else 5)

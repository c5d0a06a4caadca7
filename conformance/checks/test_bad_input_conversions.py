"""Bad input for the argument converters: objects with a wrong fileno() or __fspath__(),
floats, non-finite or out-of-range times, negative or oversized ids and device numbers,
non-string names, read-only or non-contiguous buffers, __index__ objects and bools.

What CPython on Linux raises (or accepts) here is undocumented; each case calls the target's
function and the stdlib's (under CPython; elsewhere the reference stands for CPython) with the
same arguments (fresh files for each) and compares the exception (its message under --os-strict),
or the result and its effect observed harness-side, and the warnings (conformance/badinput.py).
"""
import os

import pytest

from conformance.badinput import assert_treated_as_cpython, times_ns
from conformance.strategies import PathLike

behaviour = pytest.mark.behaviour


class FileNo(object):
    """An object whose fileno() returns `value`."""

    def __init__(self, value):
        self.value = value

    def fileno(self):
        return self.value


class Index(object):
    """An int-like object: __index__ only."""

    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value


#: (behaviour id, case id, call(api, path, fd) -> observation). path is a fresh regular file,
#: fd a fresh read-write descriptor of it.
CASES = [
    ("fsync.rejects-non-integer", "fileno-returns-str", lambda api, p, fd: api.fsync(FileNo("3"))),
    ("fsync.rejects-non-integer", "no-fileno", lambda api, p, fd: api.fsync(object())),
    ("fsync.rejects-non-integer", "index-object", lambda api, p, fd: api.fsync(Index(fd))),
    ("fsync.rejects-non-integer", "float", lambda api, p, fd: api.fsync(float(fd))),
    ("fsync.rejects-int-beyond-c-range", "fileno-huge", lambda api, p, fd: api.fsync(FileNo(2 ** 40))),
    ("fsync.rejects-int-beyond-c-range", "fileno-huge-negative",
     lambda api, p, fd: api.fsync(FileNo(-2 ** 40))),
    ("fsync.rejects-negative-fd", "fileno-negative", lambda api, p, fd: api.fsync(FileNo(-1))),
    ("stat.rejects-non-path", "fspath-returns-int", lambda api, p, fd: api.stat(PathLike(5))),
    ("stat.rejects-non-path", "fspath-returns-none", lambda api, p, fd: api.stat(PathLike(None))),
    ("stat.rejects-non-path", "float", lambda api, p, fd: api.stat(1.5)),
    ("stat.rejects-nul-in-path", "fspath-str-nul", lambda api, p, fd: api.stat(PathLike(p + "\0x"))),
    ("stat.rejects-nul-in-path", "fspath-bytes-nul",
     lambda api, p, fd: api.stat(PathLike(os.fsencode(p) + b"\0x"))),
    ("stat.rejects-non-integer", "dir-fd-float", lambda api, p, fd: api.stat("x", dir_fd=1.0)),
    ("chown.rejects-int-beyond-c-range", "uid-minus-2", lambda api, p, fd: api.chown(p, -2, -1)),
    ("chown.rejects-int-beyond-c-range", "uid-2**32", lambda api, p, fd: api.chown(p, 2 ** 32, -1)),
    ("chown.rejects-int-beyond-c-range", "gid-huge-negative",
     lambda api, p, fd: api.chown(p, -1, -2 ** 40)),
    ("chown.rejects-int-beyond-c-range", "uid-2**64", lambda api, p, fd: api.chown(p, 2 ** 64, -1)),
    ("chown.rejects-int-beyond-c-range", "uid-minus-2**64", lambda api, p, fd: api.chown(p, -2 ** 64, -1)),
    ("chown.rejects-non-integer", "uid-index-minus-1-accepted",
     lambda api, p, fd: api.chown(p, Index(-1), Index(-1))),
    ("chown.rejects-non-integer", "uid-float", lambda api, p, fd: api.chown(p, 1.0, -1)),
    ("chown.rejects-non-integer", "gid-str", lambda api, p, fd: api.chown(p, -1, "0")),
    ("utime.rejects-non-finite-or-huge-times", "nan",
     lambda api, p, fd: api.utime(p, (float("nan"), 0))),
    ("utime.rejects-non-finite-or-huge-times", "inf",
     lambda api, p, fd: api.utime(p, (0, float("-inf")))),
    ("utime.rejects-non-finite-or-huge-times", "1e30", lambda api, p, fd: api.utime(p, (1e30, 0))),
    ("utime.rejects-non-finite-or-huge-times", "int-2**70", lambda api, p, fd: api.utime(p, (2 ** 70, 0))),
    ("utime.rejects-non-finite-or-huge-times", "ns-2**100",
     lambda api, p, fd: api.utime(p, ns=(2 ** 100, 0))),
    ("utime.rejects-non-integer", "ns-float", lambda api, p, fd: api.utime(p, ns=(1.5, 0))),
    ("utime.times-seconds", "negative-fraction",
     lambda api, p, fd: (api.utime(p, (-0.5, 1.9999999999)), times_ns(p))),
    ("utime.times-seconds", "near-whole",
     lambda api, p, fd: (api.utime(p, (12.9999999999999, -7.25)), times_ns(p))),
    ("getgrouplist.rejects-bad-arguments", "bytes-user", lambda api, p, fd: api.getgrouplist(b"root", 0)),
    ("getgrouplist.rejects-bad-arguments", "none-user", lambda api, p, fd: api.getgrouplist(None, 0)),
    ("getgrouplist.rejects-bad-arguments", "nul-in-user", lambda api, p, fd: api.getgrouplist("ro\0ot", 0)),
    ("getgrouplist.rejects-bad-arguments", "surrogate-user",
     lambda api, p, fd: api.getgrouplist("\udcff", 0)),
    ("getgrouplist.rejects-bad-arguments", "group-minus-2", lambda api, p, fd: api.getgrouplist("root", -2)),
    ("getgrouplist.rejects-bad-arguments", "group-float", lambda api, p, fd: api.getgrouplist("root", 1.0)),
    ("confstr.rejects-non-string-non-integer-name", "float", lambda api, p, fd: api.confstr(1.5)),
    ("confstr.rejects-non-string-non-integer-name", "none", lambda api, p, fd: api.confstr(None)),
    ("sysconf.rejects-non-string-non-integer-name", "bytes",
     lambda api, p, fd: api.sysconf(b"SC_OPEN_MAX")),
    ("sysconf.rejects-non-string-non-integer-name", "float", lambda api, p, fd: api.sysconf(1.0)),
    ("readv.rejects-non-writable-buffers", "bytes", lambda api, p, fd: api.readv(fd, [b"abc"])),
    ("readv.rejects-non-writable-buffers", "readonly-memoryview",
     lambda api, p, fd: api.readv(fd, [memoryview(b"abc")])),
    ("readv.rejects-non-writable-buffers", "non-contiguous",
     lambda api, p, fd: api.readv(fd, [memoryview(bytearray(8))[::2]])),
    ("readv.rejects-non-writable-buffers", "int", lambda api, p, fd: api.readv(fd, [3])),
    ("readv.rejects-non-writable-buffers", "not-a-sequence", lambda api, p, fd: api.readv(fd, 5)),
    ("readv.rejects-non-writable-buffers", "a-set", lambda api, p, fd: api.readv(fd, {bytearray(2)})),
    ("sendfile.rejects-bad-argument-binding", "five-arguments",
     lambda api, p, fd: api.sendfile(fd, fd, 0, 1, 5)),
    ("sendfile.rejects-bad-argument-binding", "count-missing", lambda api, p, fd: api.sendfile(fd, fd, 0)),
    ("sendfile.rejects-bad-argument-binding", "keywords-count-missing",
     lambda api, p, fd: api.sendfile(out_fd=fd, in_fd=fd, offset=0)),
    ("sendfile.rejects-bad-argument-binding", "unknown-keyword",
     lambda api, p, fd: api.sendfile(fd, fd, 0, bogus=1)),
    ("major.rejects-int-beyond-c-range", "negative", lambda api, p, fd: api.major(-1)),
    ("major.rejects-int-beyond-c-range", "2**64", lambda api, p, fd: api.major(2 ** 64)),
    ("makedev.rejects-int-beyond-c-range", "major-2**32", lambda api, p, fd: api.makedev(2 ** 32, 0)),
    ("makedev.rejects-non-integer", "float", lambda api, p, fd: api.makedev(1.0, 0)),
    ("lseek.rejects-non-integer", "float-fd", lambda api, p, fd: api.lseek(float(fd), 0, 0)),
    ("lseek.rejects-non-integer", "index-fd-accepted", lambda api, p, fd: api.lseek(Index(fd), 2, 0)),
    ("lseek.rejects-non-integer", "bool-offset-accepted", lambda api, p, fd: api.lseek(fd, True, 0)),
]


@pytest.mark.parametrize("case", [pytest.param((b, i, c), id="%s-%s" % (b.split(".")[0], i), marks=behaviour(b))
                                  for b, i, c in CASES])
def test_bad_input_is_treated_as_cpython_treats_it(target, sandbox, case, strict, cpython_judge):
    """The target raises the exception CPython raises (or returns what it returns), with the
    same warnings: CPython as recorded for the version the target is judged against
    (conformance.recorded; --os-cpython)."""
    assert_treated_as_cpython(target, sandbox, case, strict, cpython_judge)

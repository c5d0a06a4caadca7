"""File Descriptor Operations: rejected arguments of closerange, device_encoding, fsync,
fdatasync, ftruncate, isatty, lockf, posix_fallocate, posix_fadvise, readv, writev, preadv,
pwritev, sendfile, tcgetpgrp, tcsetpgrp, ttyname, get_terminal_size, pipe2.

As in test_fd_operations_errors: the class and errno always, the message only under --os-strict
(against the running CPython). Expected outcomes: CPython 3.8 on Linux (3.8-3.13 agree here).
Nothing here calls closerange with a negative number: CPython 3.13 closes every descriptor then.
"""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import ints_beyond_c_int, negative_fds, non_integers

behaviour = pytest.mark.behaviour


def _scratch(fds, sandbox):
    """Harness-side: a file with three bytes (in the target's world), for the calls that take a
    second descriptor."""
    return fds.write(os.path.join(sandbox.fresh(), "f"), b"abc")


def _model(fds, call, *args):
    """The --os-strict message model: the running CPython's os on the same descriptors, in the
    kernel's world only (a fake world's fd numbers mean nothing to the real os)."""
    return None if fds.fake else (lambda: call(os, *args))


# (api, fd, other) -> call, `fd` in the position under test, `other` a valid read-write file fd.
FD_CALLS = {
    "fdatasync": lambda api, fd, other: api.fdatasync(fd),
    "fsync": lambda api, fd, other: api.fsync(fd),
    "ftruncate": lambda api, fd, other: api.ftruncate(fd, 0),
    "lockf": lambda api, fd, other: api.lockf(fd, os.F_TEST, 0),
    "posix_fallocate": lambda api, fd, other: api.posix_fallocate(fd, 0, 1),
    "posix_fadvise": lambda api, fd, other: api.posix_fadvise(fd, 0, 0, os.POSIX_FADV_NORMAL),
    "preadv": lambda api, fd, other: api.preadv(fd, [bytearray(1)], 0),
    "pwritev": lambda api, fd, other: api.pwritev(fd, [b"x"], 0),
    "readv": lambda api, fd, other: api.readv(fd, [bytearray(1)]),
    "writev": lambda api, fd, other: api.writev(fd, [b"x"]),
    "sendfile-out": lambda api, fd, other: api.sendfile(fd, other, 0, 1),
    "sendfile-in": lambda api, fd, other: api.sendfile(other, fd, 0, 1),
    "tcgetpgrp": lambda api, fd, other: api.tcgetpgrp(fd),
    "tcsetpgrp": lambda api, fd, other: api.tcsetpgrp(fd, os.getpgrp()),
    "ttyname": lambda api, fd, other: api.ttyname(fd),
    "get_terminal_size": lambda api, fd, other: api.get_terminal_size(fd),
}
# Functions that answer rather than raise for a descriptor that is not open.
TYPE_ONLY_CALLS = {
    "device_encoding": lambda api, fd, other: api.device_encoding(fd),
    "isatty": lambda api, fd, other: api.isatty(fd),
    "closerange": lambda api, fd, other: api.closerange(fd, fd),
    "pipe2": lambda api, fd, other: api.pipe2(fd),
}
ALL_CALLS = dict(FD_CALLS, **TYPE_ONLY_CALLS)
# fsync and fdatasync take "an int, or an object with fileno()": a negative int is a ValueError.
VALUE_ERROR_FOR_NEGATIVE = ("fsync", "fdatasync")


def _params(calls, slug):
    return [pytest.param(c, id=c, marks=behaviour("%s.%s" % (c.split("-")[0], slug))) for c in sorted(calls)]


def _run(target, sandbox, strict, call, value, exc, err):
    """Assert call(api, value, other) raises; `value` may be a function making it once `other`
    is open (so that a just-closed number is not reused by `other`)."""
    with support.fds(target) as fds:
        other = fds.open(_scratch(fds, sandbox), os.O_RDWR)
        value = value(fds) if callable(value) else value
        support.assert_raises(strict, exc, err, lambda: call(target.api, value, other),
                              model=_model(fds, call, value, other))


@pytest.mark.parametrize("name", _params(FD_CALLS, "oserror-for-rejected-arguments"))
@given(extra=st.integers(0, 100))
def test_closed_fd_raises_oserror_ebadf(target, sandbox, name, extra, strict):
    """<name>.oserror-for-rejected-arguments: "os functions raise OSError for ... correctly-typed
    arguments the OS rejects" — a descriptor that is not open gives OSError EBADF."""
    def closed_fd(fds):
        fd = fds.free_fd()
        return fd + extra if not fds.is_open(fd + extra) else fd
    _run(target, sandbox, strict, FD_CALLS[name], closed_fd, OSError, errno.EBADF)


@pytest.mark.parametrize("name", _params(FD_CALLS, "oserror-for-rejected-arguments"))
@given(fd=negative_fds)
def test_negative_fd_is_rejected(target, sandbox, name, fd, strict):
    """<name>.oserror-for-rejected-arguments / fsync, fdatasync.rejects-negative-fd: a negative
    descriptor gives OSError EBADF — but fsync and fdatasync, which also take objects with a
    fileno() method, refuse it with ValueError before any system call (CPython on Linux)."""
    if name in VALUE_ERROR_FOR_NEGATIVE:
        _run(target, sandbox, strict, FD_CALLS[name], fd, ValueError, None)
    else:
        _run(target, sandbox, strict, FD_CALLS[name], fd, OSError, errno.EBADF)


# fsync/fdatasync's negative-fd ValueError has its own id as well.
@pytest.mark.parametrize("name", _params(VALUE_ERROR_FOR_NEGATIVE, "rejects-negative-fd"))
@given(fd=negative_fds)
def test_fsync_family_negative_fd_raises_valueerror(target, sandbox, name, fd, strict):
    """<name>.rejects-negative-fd: a negative fd raises ValueError (undocumented; CPython on
    Linux: PyObject_AsFileDescriptor)."""
    _run(target, sandbox, strict, FD_CALLS[name], fd, ValueError, None)


@pytest.mark.parametrize("name", _params(ALL_CALLS, "rejects-non-integer"))
@given(value=non_integers)
def test_non_integer_raises_typeerror(target, sandbox, name, value, strict):
    """<name>.rejects-non-integer: a non-integer fd (pipe2: flags) raises TypeError before any
    system call (undocumented; CPython on Linux)."""
    _run(target, sandbox, strict, ALL_CALLS[name], value, TypeError, None)


@pytest.mark.parametrize("name", _params(ALL_CALLS, "rejects-int-beyond-c-range"))
@given(value=ints_beyond_c_int)
def test_int_beyond_c_int_raises_overflowerror(target, sandbox, name, value, strict):
    """<name>.rejects-int-beyond-c-range: an int fd (pipe2: flags) beyond C's int raises
    OverflowError before any system call (undocumented; CPython on Linux)."""
    _run(target, sandbox, strict, ALL_CALLS[name], value, OverflowError, None)


# Correctly-typed values the kernel refuses, on a good read-write regular file (or a pipe).
EINVAL_CALLS = {
    "ftruncate-negative-length": ("ftruncate", lambda api, fd, v: api.ftruncate(fd, v)),
    "posix_fallocate-negative-offset": ("posix_fallocate", lambda api, fd, v: api.posix_fallocate(fd, v, 1)),
    "posix_fallocate-len-not-positive": ("posix_fallocate", lambda api, fd, v: api.posix_fallocate(fd, 0, v + 1)),
    "posix_fadvise-negative-len": ("posix_fadvise", lambda api, fd, v: api.posix_fadvise(fd, 0, v, 0)),
    "posix_fadvise-unknown-advice": ("posix_fadvise", lambda api, fd, v: api.posix_fadvise(fd, 0, 0, 6 + (-v) % 10 ** 6)),
    "lockf-unknown-cmd": ("lockf", lambda api, fd, v: api.lockf(fd, 4 + (-v) % 10 ** 6, 0)),
    "preadv-negative-offset": ("preadv", lambda api, fd, v: api.preadv(fd, [bytearray(1)], v - 1)),
    # -1 is not refused: glibc's preadv2/pwritev2 take it as "the current position".
    "pwritev-negative-offset": ("pwritev", lambda api, fd, v: api.pwritev(fd, [b"x"], v - 1)),
    "pipe2-unknown-flags": ("pipe2", lambda api, fd, v: api.pipe2(1 << 30 | (-v) % (1 << 20))),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=c, marks=behaviour("%s.oserror-for-rejected-arguments"
                                                                       % EINVAL_CALLS[c][0]))
                                  for c in sorted(EINVAL_CALLS)])
@given(value=st.integers(-2 ** 31, -1))
def test_refused_value_raises_oserror_einval(target, sandbox, case, value, strict):
    """<name>.oserror-for-rejected-arguments: a negative length/offset, an unknown command,
    advice or flag gives OSError EINVAL; the file is untouched."""
    call = EINVAL_CALLS[case][1]
    with support.fds(target) as fds:
        path = _scratch(fds, sandbox)
        fd = fds.open(path, os.O_RDWR)
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: call(target.api, fd, value),
                              model=_model(fds, call, fd, value))
    assert fds.read(path) == b"abc", "the refused call changed the file"


WRONG_KIND_CALLS = {
    # (name, what the fd is, errno)
    "fsync-pipe": ("fsync", "pipe", errno.EINVAL),
    "fdatasync-pipe": ("fdatasync", "pipe", errno.EINVAL),
    "ftruncate-read-only": ("ftruncate", "read-only", errno.EINVAL),
    "readv-write-only": ("readv", "write-only", errno.EBADF),
    "writev-read-only": ("writev", "read-only", errno.EBADF),
    "preadv-pipe": ("preadv", "pipe", errno.ESPIPE),
    "pwritev-pipe": ("pwritev", "pipe", errno.ESPIPE),
    "posix_fallocate-read-only": ("posix_fallocate", "read-only", errno.EBADF),
    "posix_fadvise-pipe": ("posix_fadvise", "pipe", errno.ESPIPE),
    "tcgetpgrp-file": ("tcgetpgrp", "read-only", errno.ENOTTY),
    "tcsetpgrp-file": ("tcsetpgrp", "read-only", errno.ENOTTY),
    "sendfile-out-read-only": ("sendfile-out", "read-only", errno.EBADF),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=c, marks=behaviour("%s.oserror-for-rejected-arguments"
                                                                       % WRONG_KIND_CALLS[c][0].split("-")[0]))
                                  for c in sorted(WRONG_KIND_CALLS)])
@given(data=st.binary(max_size=16))
def test_descriptor_of_the_wrong_kind_raises_oserror(target, sandbox, case, data, strict):
    """<name>.oserror-for-rejected-arguments: a descriptor the call cannot use (a pipe where a
    file is needed, a read-only fd for writing, a file for a terminal) gives OSError with the
    kernel's errno; nothing is written."""
    name, kind, err = WRONG_KIND_CALLS[case]
    call = ALL_CALLS[name]
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), "f"), data)
        other = fds.open(_scratch(fds, sandbox), os.O_RDWR)
        if kind == "pipe":
            fd = fds.pipe()[1]
        else:
            fd = fds.open(path, os.O_RDONLY if kind == "read-only" else os.O_WRONLY)
        support.assert_raises(strict, OSError, err, lambda: call(target.api, fd, other),
                              model=_model(fds, call, fd, other))
    assert fds.read(path) == data, "the refused call changed the file"

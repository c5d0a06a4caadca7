"""File Descriptor Operations: rejected arguments.

Exception class and errno are compared always, the message only under --os-strict (against
what the running CPython says for the same call). Expected outcomes are those of CPython 3.8
on Linux; where 3.8 differs from later versions, both are accepted and the comment says why.
"""
import errno
import os

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import ints_beyond_c_int, negative_fds, non_integers

behaviour = pytest.mark.behaviour
AT_FDCWD = -100

# Each function's own id, so a rejected argument mishandled by pread makes pread fail.
def rejected(name):
    return "%s.oserror-for-rejected-arguments" % name

# Each call takes (api, fd, path) — `api` is the target's or, for the --os-strict message, the
# running stdlib's; `fd` is the bad descriptor; `path` a file in the sandbox.
FD_CALLS = {
    "read": lambda api, fd, path: api.read(fd, 1),
    "write": lambda api, fd, path: api.write(fd, b"x"),
    "close": lambda api, fd, path: api.close(fd),
    "lseek": lambda api, fd, path: api.lseek(fd, 0, os.SEEK_SET),
    "pread": lambda api, fd, path: api.pread(fd, 1, 0),
    "pwrite": lambda api, fd, path: api.pwrite(fd, b"x", 0),
    "fstat": lambda api, fd, path: api.fstat(fd),
    "dup": lambda api, fd, path: api.dup(fd),
    "dup2": lambda api, fd, path: api.dup2(fd, 400),
    "get_inheritable": lambda api, fd, path: api.get_inheritable(fd),
    "set_inheritable": lambda api, fd, path: api.set_inheritable(fd, True),
    "get_blocking": lambda api, fd, path: api.get_blocking(fd),
    "set_blocking": lambda api, fd, path: api.set_blocking(fd, False),
    "open": lambda api, fd, path: api.open(os.path.basename(path), os.O_RDONLY, dir_fd=fd),
}


def _params(calls):
    return [pytest.param(name, id=name, marks=behaviour(rejected(name))) for name in sorted(calls)]


def _closed_fd(h, sandbox):
    """Harness-side: a descriptor number that was just open and is closed now (in the target's
    world)."""
    fd = h.os.open(sandbox.path, os.O_RDONLY)
    h.os.close(fd)
    return fd


def _model(h, call, *args):
    """The --os-strict message model: the running CPython's os on the same descriptor numbers,
    in the kernel's world only (a fake world's numbers may be open real fds of this process)."""
    return None if h.fake else (lambda: call(os, *args))


@pytest.mark.parametrize("name", _params(FD_CALLS))
@given(data=st.data())
def test_closed_fd_raises_oserror_ebadf(target, sandbox, name, data, strict):
    """<name>.oserror-for-rejected-arguments: "os functions raise OSError for ... correctly-typed
    arguments the OS rejects" — a closed descriptor gives OSError EBADF."""
    h = support.Host(target)
    path = h.write(os.path.join(sandbox.fresh(), data.draw(st.sampled_from(["f", "-g h"]))), b"")
    fd = _closed_fd(h, sandbox)
    support.assert_raises(strict, OSError, errno.EBADF, lambda: FD_CALLS[name](target.api, fd, path),
                          model=_model(h, FD_CALLS[name], fd, path))


@pytest.mark.parametrize("name", _params(FD_CALLS))
@given(fd=negative_fds)
def test_negative_fd_raises_oserror_ebadf(target, sandbox, name, fd, strict):
    """<name>.oserror-for-rejected-arguments: a negative descriptor gives OSError EBADF."""
    # Linux's AT_FDCWD is -100: as a dir_fd it means "the current directory", for CPython too.
    assume(not (name == "open" and fd == AT_FDCWD))
    h = support.Host(target)
    path = h.write(os.path.join(sandbox.fresh(), "f"), b"")
    # CPython 3.8's dup2 rejects a negative fd before any system call and raises OSError with
    # whatever errno was left over (0, ENOTTY, ...); 3.9+ says EBADF. Only the class is checked.
    accepted = None if name == "dup2" else errno.EBADF
    support.assert_raises(strict, OSError, accepted, lambda: FD_CALLS[name](target.api, fd, path),
                          model=_model(h, FD_CALLS[name], fd, path))


# Arguments of the right type that the OS (or CPython, standing in for it) rejects: EINVAL.
EINVAL_CALLS = {
    "read-negative-n": ("read", lambda api, fd, v: api.read(fd, v)),
    "pread-negative-n": ("pread", lambda api, fd, v: api.pread(fd, v, 0)),
    "pread-negative-offset": ("pread", lambda api, fd, v: api.pread(fd, 1, v)),
    "pwrite-negative-offset": ("pwrite", lambda api, fd, v: api.pwrite(fd, b"x", v)),
    "lseek-negative-position": ("lseek", lambda api, fd, v: api.lseek(fd, v, os.SEEK_SET)),
}


@pytest.mark.parametrize("case", [pytest.param(c, id=c, marks=behaviour(rejected(EINVAL_CALLS[c][0])))
                                  for c in sorted(EINVAL_CALLS)])
@given(value=st.integers(min_value=-2 ** 31, max_value=-1))
def test_negative_count_or_offset_raises_oserror_einval(target, sandbox, case, value, strict):
    """<name>.oserror-for-rejected-arguments: a negative count or offset gives OSError EINVAL."""
    call = EINVAL_CALLS[case][1]
    with support.fds(target) as fds:
        path = fds.write(os.path.join(sandbox.fresh(), "f"), b"abc")
        fd = fds.open(path, os.O_RDWR)
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: call(target.api, fd, value),
                              model=_model(fds, call, fd, value))
        assert fds.read(path) == b"abc", "the refused call changed the file"
        assert fds.position(fd) == 0, "the refused call moved the offset to %d" % fds.position(fd)


@behaviour(rejected("lseek"))
@given(how=st.one_of(st.integers(5, 2 ** 31 - 1), st.integers(-2 ** 31, -1)))
def test_lseek_unknown_how_raises_oserror_einval(target, sandbox, how, strict):
    """<name>.oserror-for-rejected-arguments: lseek with a `how` that is none of SEEK_SET/CUR/END
    (nor Linux's SEEK_DATA 3/SEEK_HOLE 4) gives OSError EINVAL."""
    with support.fds(target) as fds:
        fd = fds.open(fds.write(os.path.join(sandbox.fresh(), "f"), b"abc"))
        support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.lseek(fd, 0, how),
                              model=_model(fds, lambda api: api.lseek(fd, 0, how)))


PIPE_CALLS = {
    "lseek": lambda api, fd: api.lseek(fd, 0, os.SEEK_SET),
    "pread": lambda api, fd: api.pread(fd, 1, 0),
    "pwrite": lambda api, fd: api.pwrite(fd, b"x", 0),
}


@pytest.mark.parametrize("name", _params(PIPE_CALLS))
@given(end=st.sampled_from([0, 1]))
def test_positioned_io_on_a_pipe_raises_oserror_espipe(target, sandbox, name, end, strict):
    """<name>.oserror-for-rejected-arguments: a pipe has no file offset: lseek, pread and pwrite
    on it give OSError ESPIPE."""
    with support.fds(target) as fds:
        fd = fds.pipe()[end]
        call = PIPE_CALLS[name]
        support.assert_raises(strict, OSError, errno.ESPIPE, lambda: call(target.api, fd),
                              model=_model(fds, call, fd))


# --- wrong types, NUL bytes, ints beyond C's range ----------------------------------------
# Undocumented, but what CPython on Linux raises (the catalogue says so). Expected: CPython 3.8.

def _tagged(bid, name):
    return [pytest.param(name, id=name, marks=behaviour(bid))]


# (api, value, path) -> call: the value goes where the fd (for open: the flags) goes.
INT_ARG_CALLS = dict(FD_CALLS, **{"open-flags": lambda api, v, path: api.open(path, v)})
del INT_ARG_CALLS["open"]


def _int_arg_params(slug):
    out = []
    for name in sorted(INT_ARG_CALLS):
        out += _tagged("%s.%s" % (name.split("-")[0], slug), name)
    return out


NON_INTEGER = _int_arg_params("rejects-non-integer")


@pytest.mark.parametrize("name", NON_INTEGER)
@given(value=non_integers)
def test_non_integer_argument_raises_typeerror(target, sandbox, name, value, strict):
    """<name>.rejects-non-integer: an fd, count, position or flags that is not an int is a
    TypeError (CPython: "an integer is required")."""
    path = support.Host(target).write(os.path.join(sandbox.fresh(), "f"))  # in the target's world
    call = INT_ARG_CALLS[name]
    support.assert_raises(strict, TypeError, None, lambda: call(target.api, value, path),
                          model=lambda: call(os, value, path))


BEYOND_C_INT = _int_arg_params("rejects-int-beyond-c-range")


@pytest.mark.parametrize("name", BEYOND_C_INT)
@given(value=ints_beyond_c_int)
def test_int_beyond_c_range_raises_overflowerror(target, sandbox, name, value, strict):
    """<name>.rejects-int-beyond-c-range: an fd (for open: flags) beyond a C int is an
    OverflowError, raised before any system call."""
    path = support.Host(target).write(os.path.join(sandbox.fresh(), "f"))  # in the target's world
    call = INT_ARG_CALLS[name]
    support.assert_raises(strict, OverflowError, None, lambda: call(target.api, value, path),
                          model=lambda: call(os, value, path))


NUL_IN_PATH = _tagged("open.rejects-nul-in-path", "str") + _tagged("open.rejects-nul-in-path", "bytes")


@pytest.mark.parametrize("form", NUL_IN_PATH)
@given(prefix=st.text(st.characters(blacklist_characters="\x00/", blacklist_categories=("Cs",)), max_size=5),
       suffix=st.text(st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), max_size=5))
def test_open_path_with_nul_raises_valueerror(target, sandbox, form, prefix, suffix, strict):
    """open.rejects-nul-in-path: a path with an embedded NUL is a ValueError, nothing opened."""
    path = os.path.join(sandbox.fresh(), prefix + "\x00" + suffix)
    path = os.fsencode(path) if form == "bytes" else path
    support.assert_raises(strict, ValueError, None, lambda: target.api.open(path, os.O_RDONLY | os.O_CREAT),
                          model=lambda: os.open(path, os.O_RDONLY | os.O_CREAT))


NON_PATH = _tagged("open.rejects-non-path", "open")


@pytest.mark.parametrize("kind", NON_PATH)
@given(path=st.one_of(st.floats(), st.none(), st.lists(st.text(max_size=2), max_size=2)))
def test_open_non_path_raises_typeerror(target, sandbox, kind, path, strict):
    """open.rejects-non-path: a path that is not str, bytes or os.PathLike is a TypeError."""
    support.assert_raises(strict, TypeError, None, lambda: target.api.open(path, os.O_RDONLY),
                          model=lambda: os.open(path, os.O_RDONLY))

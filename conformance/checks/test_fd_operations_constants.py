"""File Descriptor Operations: the O_* flags of open and the SEEK_* values of lseek.

A constant is checked by handing the target's value to the harness's own open/lseek: the
constant is what is under test here, so a faulty target open or lseek is blamed on those
functions only (their own checks pass the same flags).
"""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import catalogue, support
from conformance.strategies import contents, file_names

behaviour = pytest.mark.behaviour

# How each flag shows its effect on a harness-opened regular file (or directory):
#   "accmode": the fd's access mode is the flag; "getfl": F_GETFL reports the flag;
#   "creat"/"excl"/"trunc": the file is created / refused / emptied;
#   "accepted": no observable effect on a regular file (O_NOCTTY, O_CLOEXEC: Python's open
#   sets FD_CLOEXEC anyway), so open accepting it is all there is to see.
EFFECT = {
    "O_RDONLY": "accmode", "O_WRONLY": "accmode", "O_RDWR": "accmode",
    "O_APPEND": "getfl", "O_DSYNC": "getfl", "O_RSYNC": "getfl", "O_SYNC": "getfl",
    "O_NDELAY": "getfl", "O_NONBLOCK": "getfl", "O_ASYNC": "getfl", "O_DIRECT": "getfl",
    "O_NOATIME": "getfl", "O_NOFOLLOW": "getfl", "O_PATH": "getfl", "O_DIRECTORY": "getfl",
    "O_TMPFILE": "getfl",
    "O_CREAT": "creat", "O_EXCL": "excl", "O_TRUNC": "trunc",
    "O_NOCTTY": "accepted", "O_CLOEXEC": "accepted",
}


def _open_flag_ids():
    """Every O_* constant the catalogue says open accepts on this platform."""
    out = []
    for entry in catalogue.load().entries.values():
        for b in entry.behaviours:
            if entry.name.startswith("O_") and b.id.endswith(".accepted-by-open") and b.applies_here:
                out.append(pytest.param(entry.name, id=entry.name, marks=behaviour(b.id)))
    return sorted(out, key=lambda p: p.values[0])


@pytest.mark.parametrize("flag", _open_flag_ids())
@given(name=file_names(), data=contents)
def test_o_flag_is_an_int_accepted_by_open(target, sandbox, flag, name, data):
    """O_*.accepted-by-open: "The following constants are options for the *flags* parameter to
    the open() function." — an int that open takes, with its documented effect."""
    value = getattr(target.api, flag)
    assert type(value) is int, "os.%s is %r" % (flag, value)
    effect = EFFECT.get(flag, "accepted")
    if effect == "getfl" and flag != "O_APPEND":
        support.require(target, "fd_flags", "F_GETFL shows %s" % flag)
    base = sandbox.fresh()
    path = os.path.join(base, name)
    with support.fds(target) as fds:
        if effect not in ("creat",):
            fds.write(path, data)
        if effect == "excl":
            support.assert_raises(False, FileExistsError, errno.EEXIST,
                                  lambda: fds.open(path, os.O_WRONLY | os.O_CREAT | value))
            return
        if flag == "O_TMPFILE":
            fd = fds.open(base, os.O_WRONLY | value)  # an unnamed file in the directory
        elif flag == "O_DIRECTORY":
            fd = fds.open(base, value)
        else:
            extra = 0 if effect == "accmode" else (os.O_WRONLY if effect in ("creat", "trunc") else os.O_RDONLY)
            try:
                fd = fds.open(path, extra | value)
            except OSError as exc:
                if flag == "O_DIRECT" and exc.errno == errno.EINVAL:
                    pytest.skip("this file system does not support O_DIRECT")
                raise
        if effect == "accmode":
            assert fds.access_mode(fd) == value, "open(%s) gave an fd of access mode %d" % (flag, fds.access_mode(fd))
        elif flag == "O_APPEND":
            assert value and fds.is_append(fd), "O_APPEND has no effect"
        elif effect == "getfl":
            assert value and support.status_flags(fd) & value == value, "%s has no effect" % flag
        elif effect == "creat":
            assert fds.path.isfile(path), "O_CREAT created no file"
        elif effect == "trunc":
            assert fds.read(path) == b"", "O_TRUNC left %d bytes" % len(fds.read(path))


SEEKS = [("SEEK_SET", 0), ("SEEK_CUR", 1), ("SEEK_END", 2)]


@pytest.mark.parametrize("name,value", [pytest.param(n, v, id=n, marks=behaviour("%s.value-%d" % (n, v)))
                                        for n, v in SEEKS])
def test_seek_constant_has_its_documented_value(target, name, value):
    """SEEK_*.value-N: "Their values are 0, 1, and 2, respectively." """
    got = getattr(target.api, name)
    assert type(got) is int and got == value, "os.%s is %r" % (name, got)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.accepted-by-lseek" % n))
                                  for n, _ in SEEKS])
@given(data=contents, pos=st.integers(0, 100), start=st.integers(0, 100))
def test_seek_constant_is_accepted_by_lseek(target, sandbox, name, data, pos, start):
    """SEEK_*.accepted-by-lseek: "Parameters to the lseek() function." — the value positions
    from the beginning, the current position and the end respectively."""
    how = getattr(target.api, name)
    with support.fds(target) as fds:
        fd = fds.open(fds.write(os.path.join(sandbox.fresh(), "f"), data))
        fds.seek(fd, start)
        got = fds.seek_how(fd, pos, how)  # the world interprets the target's constant
        assert got == pos + {"SEEK_SET": 0, "SEEK_CUR": start, "SEEK_END": len(data)}[name]

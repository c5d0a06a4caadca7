"""File Object Creation: fdopen.

Descriptors are opened harness-side; the file object fdopen returns is compared with what the
built-in open() makes of a twin descriptor with the same arguments.
"""
import io
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import contents

behaviour = pytest.mark.behaviour
text_contents = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
READ_MODES = ["r", "rb", "r+", "rb+", "rt"]
WRITE_MODES = ["w", "wb", "a", "ab", "w+", "a+b"]


@behaviour("fdopen.returns-file-object")
@given(data=contents, mode=st.sampled_from(["rb", "r+b"]))
def test_fdopen_returns_a_file_object_on_the_fd(target, sandbox, data, mode):
    """fdopen.returns-file-object: "Return an open file object connected to the file descriptor
    *fd*." — its fileno() is fd and it reads the file's bytes."""
    h = support.Host(target)
    fd = h.os.open(h.write(os.path.join(sandbox.fresh(), "f"), data), os.O_RDWR)
    try:
        f = target.api.fdopen(fd, mode)
    except BaseException:
        h.close(fd)
        raise
    with f:
        assert isinstance(f, io.IOBase), "fdopen returned %r, not a file object" % type(f)
        assert f.fileno() == fd and f.read() == data
    assert not h.is_open(fd), "closing the file object left fd %d open" % fd


@behaviour("fdopen.same-arguments-as-open")
@given(text=text_contents, mode=st.sampled_from(READ_MODES + WRITE_MODES),
       buffering=st.sampled_from([-1, 0, 1, 7, 4096]), encoding=st.sampled_from([None, "utf-8", "latin-1", "utf-16"]),
       errors=st.sampled_from([None, "strict", "replace", "surrogateescape"]),
       newline=st.sampled_from([None, "", "\n", "\r", "\r\n"]), closefd=st.booleans(), keywords=st.booleans())
def test_fdopen_takes_opens_arguments_with_opens_effect(target, sandbox, text, mode, buffering, encoding, errors,
                                                       newline, closefd, keywords):
    """fdopen.same-arguments-as-open: "This is an alias of the open() built-in function and accepts
    the same arguments. The only difference is that the first argument of fdopen() must always be
    an integer." — same outcome as open() with the same arguments on a twin file: same exception
    class, or the same bytes read and written and the same closefd effect."""
    base = sandbox.fresh()
    twin = sandbox.real() if target.own_world else base  # the model's file: the kernel's world
    raw = text.encode("utf-8")
    args = dict(buffering=buffering, encoding=encoding, errors=errors, newline=newline, closefd=closefd)
    if "b" in mode:
        args.update(encoding=None, errors=None, newline=None)
    outcomes = []
    for opener, h, name in ((target.api.fdopen, support.Host(target), os.path.join(base, "a")),
                            (open, support.Host(None), os.path.join(twin, "b"))):  # the target, then the model
        path = h.write(name, raw)
        fd = h.os.open(path, os.O_RDWR)
        try:
            f = opener(fd, mode, **args) if keywords else opener(fd, mode, buffering, args["encoding"],
                                                                    args["errors"], args["newline"], closefd)
            with f:
                kind = type(f).__name__
                got = f.read() if f.readable() else None
                if f.writable():
                    f.write(b"xy\n" if "b" in mode else "xy\n")
        except (ValueError, TypeError, LookupError) as exc:  # UnicodeError included
            kind, got = type(exc), None
        still_open = h.is_open(fd)
        if still_open:
            h.close(fd)
        outcomes.append((kind, got, h.read(path), still_open))
    assert outcomes[0] == outcomes[1]


@behaviour("fdopen.rejects-non-integer-fd")
@given(value=st.one_of(st.text(min_size=1, max_size=10), st.binary(min_size=1, max_size=5),
                       st.floats(allow_nan=False), st.none()))
def test_fdopen_rejects_a_non_integer(target, sandbox, value, strict):
    """fdopen.rejects-non-integer-fd: "the first argument of fdopen() must always be an integer."
    — CPython raises TypeError (and opens no path of that name)."""
    h = support.Host(target)
    with support.cwd_set(target, sandbox.fresh()):
        support.assert_raises(strict, TypeError, None, lambda: target.api.fdopen(value),
                              model=lambda: os.fdopen(value))
        assert h.os.listdir(".") == [], "fdopen(%r) created %s" % (value, h.os.listdir("."))

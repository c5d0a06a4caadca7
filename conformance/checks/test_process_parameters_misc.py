"""Process Parameters: fsencode, fsdecode, fspath, PathLike, strerror, umask, uname.

The file system encoding is the running interpreter's (UTF-8 with 'surrogateescape' on Linux);
the harness computes expectations with str.encode/bytes.decode, C strerror through ctypes and
the kernel's uname from /proc/sys/kernel. umask is restored after each example.
"""
import abc
import ctypes
import errno
import os
import pathlib
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support
from conformance.strategies import PathLike

behaviour = pytest.mark.behaviour
ENCODING, ERRORS = sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()
_libc = ctypes.CDLL(None, use_errno=True)
_libc.strerror.restype = ctypes.c_char_p
_libc.strerror.argtypes = (ctypes.c_int,)

#: str as a file name may be: anything, undecodable bytes as surrogate escapes (fsdecode's way).
fs_text = st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
                    st.binary(max_size=20).map(lambda b: b.decode(ENCODING, ERRORS)))
fs_bytes = st.binary(max_size=20)


class StrSubclass(str):
    pass


# --- fsencode, fsdecode ------------------------------------------------------------------

@behaviour("fsencode.str-to-bytes-surrogateescape")
@given(text=fs_text)
def test_fsencode_encodes_str_with_surrogateescape(target, text):
    """fsencode.str-to-bytes-surrogateescape: "Encode path-like *filename* to the filesystem
    encoding with 'surrogateescape' error handler" ('a\\udcff' -> b'a\\xff')."""
    got = target.api.fsencode(text)
    assert type(got) is bytes and got == text.encode(ENCODING, ERRORS)


@behaviour("fsencode.bytes-unchanged")
@given(data=fs_bytes)
def test_fsencode_returns_bytes_unchanged(target, data):
    """fsencode.bytes-unchanged: "return bytes unchanged." """
    assert target.api.fsencode(data) is data


@behaviour("fsencode.accepts-pathlike")
@given(value=st.one_of(fs_text, fs_bytes))
def test_fsencode_accepts_a_pathlike(target, value):
    """fsencode.accepts-pathlike: "path-like *filename*" — its __fspath__ result is encoded."""
    want = value if isinstance(value, bytes) else value.encode(ENCODING, ERRORS)
    assert target.api.fsencode(PathLike(value)) == want


@behaviour("fsencode.inverse-of-fsdecode", "fsdecode.inverse-of-fsencode")
@given(data=fs_bytes, text=fs_text)
def test_fsencode_and_fsdecode_round_trip(target, data, text):
    """fsencode.inverse-of-fsdecode / fsdecode.inverse-of-fsencode: "fsdecode() is the reverse
    function." — any bytes, undecodable ones included, come back (each function against the
    harness's encoding, so a faulty partner cannot hide a fault)."""
    assert target.api.fsdecode(data).encode(ENCODING, ERRORS) == data
    assert target.api.fsencode(data.decode(ENCODING, ERRORS)) == data
    assert target.api.fsencode(text).decode(ENCODING, ERRORS) == text


@behaviour("fsdecode.bytes-to-str-surrogateescape")
@given(data=fs_bytes)
def test_fsdecode_decodes_bytes_with_surrogateescape(target, data):
    """fsdecode.bytes-to-str-surrogateescape: "Decode the path-like *filename* from the
    filesystem encoding with 'surrogateescape' error handler" (b'a\\xff' -> 'a\\udcff')."""
    got = target.api.fsdecode(data)
    assert type(got) is str and got == data.decode(ENCODING, ERRORS)


@behaviour("fsdecode.str-unchanged")
@given(text=fs_text)
def test_fsdecode_returns_str_unchanged(target, text):
    """fsdecode.str-unchanged: "return str unchanged." """
    assert target.api.fsdecode(text) is text


@behaviour("fsdecode.accepts-pathlike")
@given(value=st.one_of(fs_text, fs_bytes))
def test_fsdecode_accepts_a_pathlike(target, value):
    """fsdecode.accepts-pathlike: its __fspath__ result is decoded (str: returned as is)."""
    want = value.decode(ENCODING, ERRORS) if isinstance(value, bytes) else value
    assert target.api.fsdecode(PathLike(value)) == want


@pytest.mark.parametrize("name", [pytest.param(n, marks=behaviour("%s.rejects-non-path" % n))
                                  for n in ("fsencode", "fsdecode")])
@given(value=st.one_of(st.integers(), st.none(), st.floats(allow_nan=False), st.lists(st.integers(), max_size=2)))
def test_fs_codec_rejects_a_non_path(target, name, value, strict):
    """fsencode/fsdecode.rejects-non-path: anything but str, bytes or PathLike is a TypeError."""
    support.assert_raises(strict, TypeError, None, lambda: getattr(target.api, name)(value),
                          model=lambda: getattr(os, name)(value))


# --- fspath, PathLike --------------------------------------------------------------------

@behaviour("fspath.str-unchanged", "fspath.bytes-unchanged")
@given(value=st.one_of(fs_text, fs_bytes, fs_text.map(StrSubclass)))
def test_fspath_returns_str_and_bytes_unchanged(target, value):
    """fspath.str-unchanged / bytes-unchanged: "If str or bytes is passed in, it is returned
    unchanged." (the very object, a str subclass included)."""
    assert target.api.fspath(value) is value


@behaviour("fspath.returns-fspath-result")
@given(value=st.one_of(fs_text, fs_bytes), pure=st.booleans())
def test_fspath_returns_what_fspath_gives(target, value, pure):
    """fspath.returns-fspath-result: "Otherwise __fspath__() is called and its value is returned
    as long as it is a str or bytes object." """
    obj = PathLike(value)
    if pure and isinstance(value, str) and value and "\x00" not in value:
        obj, value = pathlib.PurePosixPath(value), str(pathlib.PurePosixPath(value))
    assert target.api.fspath(obj) == value


@behaviour("fspath.bad-fspath-result-raises-typeerror")
@given(result=st.one_of(st.integers(), st.none(), st.lists(st.text(max_size=2), max_size=2), st.just(bytearray(b"x"))))
def test_fspath_rejects_a_bad_fspath_result(target, result, strict):
    """fspath.bad-fspath-result-raises-typeerror: "In all other cases, TypeError is raised." """
    support.assert_raises(strict, TypeError, None, lambda: target.api.fspath(PathLike(result)),
                          model=lambda: os.fspath(PathLike(result)))


@behaviour("fspath.non-pathlike-raises-typeerror")
@given(value=st.one_of(st.integers(), st.none(), st.floats(allow_nan=False), st.just(bytearray(b"x"))))
def test_fspath_rejects_a_non_pathlike(target, value, strict):
    """fspath.non-pathlike-raises-typeerror: an object that is not str, bytes or path-like."""
    support.assert_raises(strict, TypeError, None, lambda: target.api.fspath(value),
                          model=lambda: os.fspath(value))


@behaviour("PathLike.is-abc", "PathLike.__fspath__.is-abstract")
def test_pathlike_is_an_abstract_base_class(target):
    """PathLike.is-abc / __fspath__.is-abstract: "An abstract base class for objects representing
    a file system path" whose abstract method is __fspath__: neither it nor a subclass lacking
    __fspath__ can be instantiated; one defining it can."""
    cls = target.api.PathLike
    assert isinstance(cls, abc.ABCMeta)
    with pytest.raises(TypeError):
        cls()
    with pytest.raises(TypeError):
        type("NoFspath", (cls,), {})()
    assert isinstance(type("WithFspath", (cls,), {"__fspath__": lambda self: "x"})(), cls)


@behaviour("PathLike.purepath-is-pathlike")
@given(name=st.text("ab/", max_size=6), kind=st.sampled_from([pathlib.PurePath, pathlib.PurePosixPath, pathlib.Path]))
def test_pathlib_paths_are_pathlike(target, name, kind):
    """PathLike.purepath-is-pathlike: pathlib's paths (which define __fspath__) are instances;
    so is any class with __fspath__ (structural subclass hook), and a str is not."""
    cls = target.api.PathLike
    assert isinstance(kind(name), cls) and isinstance(PathLike(name), cls) and not isinstance(name, cls)


@behaviour("PathLike.__fspath__.returns-path-representation", "PathLike.__fspath__.stdlib-returns-str")
@given(name=st.text("ab/", min_size=1, max_size=6))
def test_pathlike_fspath_of_a_subclass_is_called(target, name):
    """PathLike.__fspath__.*: "Return the file system path representation of the object." — a
    subclass's __fspath__ gives the path; pathlib's give str."""
    cls = target.api.PathLike
    sub = type("Sub", (cls,), {"__fspath__": lambda self: name})
    assert sub().__fspath__() == name and cls.__fspath__ is not None
    assert type(pathlib.PurePosixPath(name).__fspath__()) is str


# --- strerror ----------------------------------------------------------------------------

@behaviour("strerror.returns-message")
@given(code=st.sampled_from(sorted(errno.errorcode)))
def test_strerror_returns_the_c_message(target, code):
    """strerror.returns-message: "Return the error message corresponding to the error code in
    *code*." — C strerror's text (harness: ctypes)."""
    got = target.api.strerror(code)
    assert type(got) is str and got == _libc.strerror(code).decode(ENCODING, ERRORS)


@behaviour("strerror.unknown-code-valueerror")
@given(code=st.one_of(st.integers(200, 2 ** 31 - 1), st.integers(-2 ** 31, -1)))
def test_strerror_of_an_unknown_code_is_glibcs_unknown_error(target, code):
    """strerror.unknown-code-valueerror: "On platforms where strerror() returns NULL when given an
    unknown error number, ValueError is raised." glibc never returns NULL (finding): CPython on
    Linux returns 'Unknown error N'."""
    assert target.api.strerror(code) == "Unknown error %d" % code


# --- umask -------------------------------------------------------------------------------

@behaviour("umask.sets-mask")
@given(mask=st.integers(0, 0o777), mode=st.integers(0, 0o777))
def test_umask_masks_the_mode_of_new_files(target, sandbox, mask, mode):
    """umask.sets-mask: "Set the current numeric umask" — a file created afterwards (harness
    open, in the target's world) lacks the masked bits."""
    path = os.path.join(sandbox.fresh(), "f")
    h = support.Host(target)
    old = h.os.umask(0o022)
    try:
        target.api.umask(mask)
        h.os.close(h.os.open(path, os.O_CREAT | os.O_WRONLY, mode))
        assert h.os.stat(path).st_mode & 0o777 == mode & ~mask
    finally:
        h.os.umask(old)


@behaviour("umask.returns-previous")
@given(first=st.integers(0, 0o777), second=st.integers(0, 0o777))
def test_umask_returns_the_previous_mask(target, sandbox, first, second):
    """umask.returns-previous: "... and return the previous umask." """
    h = support.Host(target)  # the umask of the target's world (pyfakefs: its file system's)
    old = h.os.umask(first)
    try:
        got = target.api.umask(second)
        assert type(got) is int and got == first
        assert h.os.umask(first) == second  # harness: the new mask is in force
    finally:
        h.os.umask(old)


# --- uname -------------------------------------------------------------------------------

def _kernel(name):
    with open("/proc/sys/kernel/" + name) as f:
        return f.read().rstrip("\n")


FIELDS = ["sysname", "nodename", "release", "version", "machine"]


@behaviour("uname.five-named-attributes", "uname.iterable-five-tuple")
def test_uname_is_a_five_tuple_with_named_fields(target):
    """uname.five-named-attributes / iterable-five-tuple: "The return value is an object with
    five attributes ... For backwards compatibility, this object is also iterable, behaving like a
    five-tuple containing sysname, nodename, release, version, and machine in that order." """
    u = target.api.uname()
    items = tuple(u)
    assert len(items) == 5 and all(type(v) is str for v in items)
    assert items == tuple(getattr(u, f) for f in FIELDS)


@pytest.mark.parametrize("field,source", [
    pytest.param("sysname", "ostype", marks=behaviour("uname.sysname")),
    pytest.param("nodename", "hostname", marks=behaviour("uname.nodename", "uname.nodename-may-be-truncated")),
    pytest.param("release", "osrelease", marks=behaviour("uname.release")),
    pytest.param("version", "version", marks=behaviour("uname.version")),
    pytest.param("machine", None, marks=behaviour("uname.machine"))])
def test_uname_field_is_the_kernels(target, field, source):
    """uname.<field>: "name of the operating system / name of machine on network / operating system
    release / operating system version / hardware identifier" — as the kernel reports them
    (/proc/sys/kernel; machine as CPython's uname, the reference's when the target is the
    running stdlib). Linux does not truncate nodename."""
    support.require(target, "kernel_facts", "the harness reads the kernel's /proc/sys/kernel")
    got = getattr(target.api.uname(), field)
    want = _kernel(source) if source else hostos.cpython_os(target).uname().machine
    assert got == want

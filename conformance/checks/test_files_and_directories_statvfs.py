"""Files and Directories: statvfs and its ST_* flags, pathconf and pathconf_names.

Values are compared with what CPython's statvfs/pathconf report for the same file
(conformance.hostos.cpython_os: the reference when the target is the running stdlib)."""
import errno
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import hostos, support
from conformance.hostos import host  # PyPy's os lacks ST_RDONLY
from conformance.strategies import path_forms, spell

behaviour = pytest.mark.behaviour
VFS_FIELDS = ["f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files", "f_ffree", "f_favail",
              "f_flag", "f_namemax"]
STABLE = ["f_bsize", "f_frsize", "f_blocks", "f_files", "f_flag", "f_namemax", "f_fsid"]


@behaviour("statvfs.returns-statvfs-result", "statvfs.has-f-fsid", "statvfs.accepts-pathlike", "statvfs.path-as-fd")
@given(form=st.one_of(path_forms, st.just("fd")), is_dir=st.booleans())
def test_statvfs_describes_the_file_system(target, sandbox, form, is_dir):
    """statvfs.returns-statvfs-result: "Perform a statvfs() system call on the given path." — an
    object with f_bsize ... f_namemax and f_fsid (3.7), ints as the harness sees them (free counts
    may move between the two calls; the stable ones must match)."""
    support.require(target, "kernel_facts", "statvfs describes a mounted file system")
    p = sandbox.fresh() if is_dir else support.write_file(os.path.join(sandbox.fresh(), "f"), b"")
    with support.fds(target) as fds:
        arg = fds.open(p) if form == "fd" else spell(p, form)
        got = target.api.statvfs(arg)
    want = hostos.cpython_os(target).statvfs(p)
    assert all(type(getattr(got, f)) is int for f in VFS_FIELDS + ["f_fsid"])
    assert [getattr(got, f) for f in STABLE] == [getattr(want, f) for f in STABLE]


@behaviour("statvfs.st-rdonly-st-nosuid-defined")
@given(path=st.sampled_from(["/proc/sys", "/sys", "/dev", "/"]))
def test_statvfs_st_flags_are_bits_of_f_flag(target, sandbox, path):
    """statvfs.st-rdonly-st-nosuid-defined: ST_RDONLY and ST_NOSUID are int bits that say what
    the harness' f_flag says."""
    support.require(target, "kernel_facts", "mount flags")
    for name in ("ST_RDONLY", "ST_NOSUID"):
        bit = getattr(target.api, name)
        assert type(bit) is int and bit == getattr(host, name)
    flags = hostos.cpython_os(target).statvfs(path).f_flag
    assert target.api.statvfs(path).f_flag & target.api.ST_RDONLY == flags & host.ST_RDONLY


GNU = ["ST_NODEV", "ST_NOEXEC", "ST_SYNCHRONOUS", "ST_MANDLOCK", "ST_WRITE", "ST_APPEND",
       "ST_NOATIME", "ST_NODIRATIME", "ST_RELATIME"]
GLIBC = {"ST_NODEV": 4, "ST_NOEXEC": 8, "ST_SYNCHRONOUS": 16, "ST_MANDLOCK": 64, "ST_WRITE": 128,
         "ST_APPEND": 256, "ST_NOATIME": 1024, "ST_NODIRATIME": 2048, "ST_RELATIME": 4096}


@behaviour("statvfs.gnu-constants-defined")
@pytest.mark.parametrize("name", GNU)
def test_statvfs_gnu_constants_have_glibcs_values(target, sandbox, name):
    """statvfs.gnu-constants-defined — as CPython on glibc does (finding: implementation bug, no
    ST_IMMUTABLE): the other nine GNU ST_* constants, with <sys/statvfs.h>'s values."""
    assert getattr(target.api, name) == GLIBC[name]


@behaviour("pathconf.returns-value", "pathconf.string-name", "pathconf.integer-name", "pathconf.accepts-pathlike",
           "pathconf.path-as-fd", "pathconf_names.names-accepted", "pathconf_names.dict-str-to-int")
@given(name=st.sampled_from(sorted(os.pathconf_names)), form=st.one_of(path_forms, st.just("fd")),
       by_number=st.booleans())
def test_pathconf_answers_like_the_harness(target, sandbox, name, form, by_number):
    """pathconf.returns-value: "Return system configuration information relevant to a named file."
    — by string name or its number from pathconf_names, for a path or an fd; an int, or OSError
    EINVAL where CPython also gets that."""
    support.require(target, "kernel_facts", "pathconf values")
    names = target.api.pathconf_names
    assert type(names) is dict and all(type(k) is str and type(v) is int for k, v in names.items())
    p = sandbox.fresh()
    try:
        want = hostos.cpython_os(target).pathconf(p, name)
    except OSError as exc:
        want = exc.errno
    with support.fds(target) as fds:
        arg = fds.open(p) if form == "fd" else spell(p, form)
        try:
            got = target.api.pathconf(arg, names[name] if by_number else name)
        except OSError as exc:
            got = exc.errno
    assert got == want


@behaviour("pathconf.unknown-string-raises-valueerror")
@given(name=st.text(max_size=12).filter(lambda n: n not in os.pathconf_names))
def test_pathconf_unknown_name_raises_valueerror(target, sandbox, name, strict):
    """pathconf.unknown-string-raises-valueerror: "If *name* is a string and is not known,
    ValueError is raised." """
    support.assert_raises(strict, ValueError, None, lambda: target.api.pathconf(sandbox.path, name),
                          model=lambda: os.pathconf(sandbox.path, name))


@behaviour("pathconf.unsupported-raises-oserror-einval")
@given(number=st.integers(1000, 2 ** 31 - 1))
def test_pathconf_unsupported_number_raises_einval(target, sandbox, number, strict):
    """pathconf.unsupported-raises-oserror-einval: "If a specific value for *name* is not supported
    by the host system, even if it is included in pathconf_names, an OSError is raised with
    errno.EINVAL for the error number." """
    support.require(target, "kernel_facts", "pathconf values")
    support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.pathconf(sandbox.path, number),
                          model=lambda: os.pathconf(sandbox.path, number))

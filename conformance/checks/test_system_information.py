"""Miscellaneous System Information: confstr, confstr_names, cpu_count, getloadavg, sysconf,
sysconf_names, the path constants, linesep, devnull and the RTLD_* flags.

Expectations come from the C library through ctypes (confstr, sysconf by number), from /proc and
/sys, from the stdlib's os.path (posixpath), and from C headers through the compiled probe.
"""
import ctypes
import errno
import os
import posixpath
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import cprobe, hostos, support
from conformance.hostos import host

behaviour = pytest.mark.behaviour
cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)
_libc = ctypes.CDLL(None, use_errno=True)
_libc.confstr.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t)
_libc.confstr.restype = ctypes.c_size_t
_libc.sysconf.argtypes = (ctypes.c_int,)
_libc.sysconf.restype = ctypes.c_long

CONFSTR_NAMES = sorted(os.confstr_names)  # the harness's (CPython's) table
SYSCONF_NAMES = sorted(os.sysconf_names)
unknown_names = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=12).map(lambda s: "XX_" + s)


def c_confstr(number):
    """Harness-side: C confstr's str value, None (undefined) or the errno it failed with."""
    ctypes.set_errno(0)
    size = _libc.confstr(number, None, 0)
    if size == 0:
        return ctypes.get_errno() or None
    buf = ctypes.create_string_buffer(size)
    _libc.confstr(number, buf, size)
    return buf.value.decode(sys.getfilesystemencoding(), "surrogateescape")


def c_sysconf(number):
    """Harness-side: C sysconf's value, or ("errno", e) when it failed."""
    ctypes.set_errno(0)
    value = _libc.sysconf(number)
    return ("errno", ctypes.get_errno()) if value == -1 and ctypes.get_errno() else value


# --- confstr -----------------------------------------------------------------------------

@behaviour("confstr.returns-str", "confstr.accepts-known-names")
@given(name=st.sampled_from(CONFSTR_NAMES))
def test_confstr_returns_the_c_value_for_each_known_name(target, name):
    """confstr.returns-str / accepts-known-names: "Return string-valued system configuration
    values. *name* specifies the configuration value to retrieve; it may be a string which is the
    name of a defined system value; these names are specified in a number of standards" """
    got = target.api.confstr(name)
    assert got is None or type(got) is str
    assert got == c_confstr(hostos.cpython_os(target).confstr_names[name])  # CPython's number for the name


@behaviour("confstr.accepts-int")
@given(name=st.sampled_from(CONFSTR_NAMES))
def test_confstr_accepts_the_number(target, name):
    """confstr.accepts-int: "Configuration values not included in those mappings may also be
    specified by passing an integer for *name*" — the number gives the same value."""
    number = hostos.cpython_os(target).confstr_names[name]  # CPython's number for the name
    assert target.api.confstr(number) == c_confstr(number)


@behaviour("confstr.unknown-name-raises-valueerror")
@given(name=unknown_names)
def test_confstr_of_an_unknown_name_raises_valueerror(target, name, strict):
    """confstr.unknown-name-raises-valueerror: "If the configuration value specified by *name*
    isn't defined, ValueError is raised." """
    support.assert_raises(strict, ValueError, None, lambda: target.api.confstr(name), model=lambda: os.confstr(name))


@behaviour("confstr.unsupported-raises-oserror-einval")
@given(number=st.integers(100000, 2 ** 31 - 1))
def test_confstr_of_an_unsupported_number_raises_einval(target, number, strict):
    """confstr.unsupported-raises-oserror-einval: "If the specific value for *name* is not
    supported by the host system, even if it is included in confstr_names, an OSError is raised
    with errno.EINVAL for the error number." """
    support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.confstr(number),
                          model=lambda: os.confstr(number))


@behaviour("confstr_names.maps-str-to-int", "confstr_names.keys-accepted-by-confstr")
def test_confstr_names_maps_names_to_the_c_numbers(target):
    """confstr_names.*: "Dictionary mapping names accepted by confstr() to the integer values
    defined for those names by the host operating system." — each number gives C's value for the
    name (C confstr of the target's number and of CPython's number for the name agree: CPython's
    table is hostos.cpython_os's, the reference's when the target is the running stdlib)."""
    names = target.api.confstr_names
    cpython = hostos.cpython_os(target).confstr_names
    assert isinstance(names, dict) and names
    for key, value in names.items():
        assert type(key) is str and type(value) is int
        if key in cpython:
            assert c_confstr(value) == c_confstr(cpython[key]), key
        else:
            assert c_confstr(value) is not None, key


# --- sysconf -----------------------------------------------------------------------------

@behaviour("sysconf.returns-int", "sysconf.accepts-known-names", "sysconf.undefined-returns-minus-one",
           "sysconf.unsupported-raises-oserror-einval")
@given(name=st.sampled_from(SYSCONF_NAMES))
def test_sysconf_returns_the_c_value_for_each_known_name(target, name, strict):
    """sysconf.*: "Return integer-valued system configuration values. ... The names known to the
    host operating system are given in the sysconf_names dictionary." — C's value; -1 where it is
    undefined (SC_AIO_LISTIO_MAX on glibc); OSError EINVAL where the host does not support it
    (SC_EQUIV_CLASS_MAX on glibc)."""
    want = c_sysconf(hostos.cpython_os(target).sysconf_names[name])  # CPython's number for the name
    if isinstance(want, tuple):
        support.assert_raises(strict, OSError, want[1], lambda: target.api.sysconf(name),
                              model=lambda: os.sysconf(name))
        return
    got = target.api.sysconf(name)
    assert type(got) is int and got == want


@behaviour("sysconf.accepts-int")
@given(name=st.sampled_from(SYSCONF_NAMES))
def test_sysconf_accepts_the_number(target, name):
    """sysconf.accepts-int: an int *name* gives the same value as its string name."""
    number = hostos.cpython_os(target).sysconf_names[name]  # CPython's number for the name
    want = c_sysconf(number)
    assume(not isinstance(want, tuple))
    assert target.api.sysconf(number) == want


@behaviour("sysconf.unknown-name-raises-valueerror")
@given(name=unknown_names)
def test_sysconf_of_an_unknown_name_raises_valueerror(target, name, strict):
    """sysconf.unknown-name-raises-valueerror: as for confstr, an unknown string is a ValueError."""
    support.assert_raises(strict, ValueError, None, lambda: target.api.sysconf(name), model=lambda: os.sysconf(name))


@behaviour("sysconf.unsupported-raises-oserror-einval")
@given(number=st.integers(100000, 2 ** 31 - 1))
def test_sysconf_of_an_unsupported_number_raises_einval(target, number, strict):
    """sysconf.unsupported-raises-oserror-einval: an int the host does not know: OSError EINVAL."""
    support.assert_raises(strict, OSError, errno.EINVAL, lambda: target.api.sysconf(number),
                          model=lambda: os.sysconf(number))


@behaviour("sysconf_names.maps-str-to-int", "sysconf_names.keys-accepted-by-sysconf")
def test_sysconf_names_maps_names_to_the_c_numbers(target):
    """sysconf_names.*: "Dictionary mapping names accepted by sysconf() to the integer values
    defined for those names by the host operating system." (numbers checked against CPython's
    table where it has the name: hostos.cpython_os's, the reference's when the target is the
    running stdlib)."""
    names = target.api.sysconf_names
    cpython = hostos.cpython_os(target).sysconf_names
    assert isinstance(names, dict) and names
    for key, value in names.items():
        assert type(key) is str and type(value) is int
        if key in cpython:
            assert value == cpython[key], key


# --- cpu_count, getloadavg ---------------------------------------------------------------

@behaviour("cpu_count.returns-int-or-none")
def test_cpu_count_is_the_number_of_cpus(target):
    """cpu_count.returns-int-or-none: "Return the number of CPUs in the system. Returns None if
    undetermined." — here determined: the online CPUs (sysconf(_SC_NPROCESSORS_ONLN), as CPython)."""
    got = target.api.cpu_count()
    assert type(got) is int and got == c_sysconf(os.sysconf_names["SC_NPROCESSORS_ONLN"]) >= 1


@behaviour("cpu_count.not-usable-cpus")
@support.few_examples(4)
@given(data=st.data())
def test_cpu_count_ignores_the_affinity_mask(target, data):
    """cpu_count.not-usable-cpus: "This number is not equivalent to the number of CPUs the current
    process can use." — a child restricted (harness-side) to some CPUs still counts them all."""
    cpus = sorted(host.sched_getaffinity(0))  # PyPy's os lacks the affinity calls
    allowed = data.draw(st.sets(st.sampled_from(cpus), min_size=1))

    def in_child():
        host.sched_setaffinity(0, allowed)
        return target.api.cpu_count(), len(host.sched_getaffinity(0))
    count, usable = support.run_in_child(in_child)
    assert count == c_sysconf(os.sysconf_names["SC_NPROCESSORS_ONLN"]) and count >= usable == len(allowed)


def _proc_loadavg():
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


@behaviour("getloadavg.returns-3-floats")
def test_getloadavg_returns_the_three_load_averages(target):
    """getloadavg.returns-3-floats: "Return the number of processes in the system run queue
    averaged over the last 1, 5, and 15 minutes" — three floats, as /proc/loadavg (read before
    and after: the kernel updates them every 5 s)."""
    getloadavg = target.api.getloadavg
    support.require(target, "kernel_facts", "the harness reads the kernel's /proc/loadavg")
    before = _proc_loadavg()
    got = getloadavg()
    after = _proc_loadavg()
    assert isinstance(got, tuple) and len(got) == 3 and all(type(v) is float and v >= 0 for v in got)
    for value, a, b in zip(got, before, after):
        assert min(a, b) - 0.01 <= value <= max(a, b) + 0.01


# --- path constants, linesep, devnull ----------------------------------------------------

CONSTANTS = {"curdir": ".", "pardir": "..", "sep": "/", "altsep": None, "extsep": ".", "pathsep": ":",
             "linesep": "\n", "devnull": "/dev/null"}
VALUE_IDS = {"curdir": "curdir.posix-value", "pardir": "pardir.posix-value", "sep": "sep.posix-value",
             "altsep": "altsep.none-if-single-separator", "extsep": "extsep.is-dot",
             "pathsep": "pathsep.posix-value", "linesep": "linesep.posix-value", "devnull": "devnull.posix-value"}


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(VALUE_IDS[n])) for n in sorted(CONSTANTS)])
def test_path_constant_has_its_posix_value(target, name):
    """<name>.posix-value: e.g. "The constant string used by the operating system to refer to the
    current directory. This is '.' for Windows and POSIX." (altsep None, linesep '\\n', devnull
    '/dev/null' — which opens and reads as empty)."""
    value = getattr(target.api, name)
    assert value == CONSTANTS[name] and type(value) is type(CONSTANTS[name])
    if name == "devnull":
        fd = os.open(value, os.O_RDONLY)
        try:
            assert os.read(fd, 10) == b""
        finally:
            os.close(fd)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.in-os-path" % n))
                                  for n in ("curdir", "pardir", "sep", "altsep", "extsep", "pathsep", "defpath",
                                            "devnull")])
def test_path_constant_is_also_in_os_path(target, name):
    """<name>.in-os-path: "Also available via os.path." — equal to posixpath's (the harness's
    os.path: the target's own may be posixpath itself)."""
    assert getattr(target.api, name) == getattr(posixpath, name)


@behaviour("defpath.used-without-path")
def test_defpath_is_the_search_path_without_path(target):
    """defpath.used-without-path: "The default search path used by exec*p* and spawn*p* if the
    environment doesn't have a 'PATH' key." — CPython's get_exec_path({}) is that path
    (hostos.cpython_os: the reference when the target is the running stdlib, whose get_exec_path
    reads its own defpath)."""
    value = target.api.defpath
    assert type(value) is str and value.split(os.pathsep) == hostos.cpython_os(target).get_exec_path({})


# --- RTLD_* ------------------------------------------------------------------------------

RTLD = ["RTLD_LAZY", "RTLD_NOW", "RTLD_GLOBAL", "RTLD_LOCAL", "RTLD_NODELETE", "RTLD_NOLOAD", "RTLD_DEEPBIND"]


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.is-int" % n, "%s.accepted-by-setdlopenflags" % n))
                                  for n in RTLD])
@given(other=st.sets(st.sampled_from(RTLD)))
def test_rtld_flag_is_accepted_by_setdlopenflags(target, name, other):
    """RTLD_*.is-int / accepted-by-setdlopenflags: "These constants are used with the
    setdlopenflags() and getdlopenflags() functions." — sys takes the value, ORed with others."""
    value = getattr(target.api, name)
    assert type(value) is int
    flags = value
    for n in other:
        flags |= getattr(host, n)  # harness-side (Pyodide's os lacks RTLD_DEEPBIND)
    old = sys.getdlopenflags()
    try:
        sys.setdlopenflags(flags)
        assert sys.getdlopenflags() == flags
    finally:
        sys.setdlopenflags(old)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.matches-dlopen-flag" % n)) for n in RTLD])
def test_rtld_flag_is_the_dlopen_flag(target, name, c_constants, oracle):
    """RTLD_*.matches-dlopen-flag: the value is <dlfcn.h>'s (compiled probe, else the reference;
    also ctypes' where ctypes defines it)."""
    want = cprobe.expected(name, c_constants, oracle)
    got = getattr(target.api, name)
    assert got == want and got == getattr(__import__("ctypes"), name, got)

"""Random numbers: getrandom, urandom, GRND_NONBLOCK, GRND_RANDOM.

Randomness is checked the only way a test can: outputs of the requested size that differ between
calls. How the bytes are obtained (which system call, with which flags, no /dev/urandom) is read
from strace output of a fresh process running the target (support.target_python), with a
distinctive size so that the interpreter's own start-up calls are not mistaken for the check's.
"""
import os
import re
import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import cprobe, hygiene, support
from conformance.hostos import host

behaviour = pytest.mark.behaviour
cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)
sizes = st.integers(0, 4096)
FLAG_SETS = ["", "GRND_RANDOM", "GRND_NONBLOCK", "GRND_RANDOM|GRND_NONBLOCK"]


def _flags(spec, api=host):  # harness-side values: PyPy's os lacks the GRND_* names
    value = 0
    for name in filter(None, spec.split("|")):
        value |= getattr(api, name)
    return value


def _strace(target, call, size):
    """(result, strace lines) of `call` (code using T) in a fresh process under strace."""
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    code = "r = %s; print(ascii(len(r)))" % call
    return support.target_python(target, code, {}, wrapper=["strace", "-f", "-qq", "-e",
                                                             "trace=getrandom,open,openat"], with_stderr=True)


def _getrandom_calls(trace):
    """[(size, set of flag names or {'0'}, result)] of the getrandom calls strace printed."""
    return [(int(m.group(1)), set(m.group(2).split("|")), int(m.group(3)))
            for m in re.finditer(r"getrandom\(.*, (\d+), ([\w|]+)\) = (-?\d+)", trace)]


# --- getrandom ---------------------------------------------------------------------------

@behaviour("getrandom.returns-bytes", "getrandom.at-most-size", "getrandom.flags-bitmask")
@given(size=sizes, flags=st.sampled_from(FLAG_SETS))
def test_getrandom_returns_at_most_size_bytes(target, size, flags):
    """getrandom.returns-bytes / at-most-size / flags-bitmask: "Get up to *size* random bytes. The
    function can return less bytes than requested. ... *flags* is a bit mask that can contain zero
    or more of the following values ORed together: os.GRND_RANDOM and GRND_NONBLOCK." (harness
    values: an initialised system has bytes, so GRND_NONBLOCK does not raise)."""
    got = target.api.getrandom(size, _flags(flags))
    assert type(got) is bytes and len(got) <= size
    assert got or size == 0 or "GRND_RANDOM" in flags, "no bytes from the urandom source"


@behaviour("getrandom.random-output")
@given(size=st.integers(16, 512))
def test_getrandom_outputs_differ(target, size):
    """getrandom.random-output: "Get up to *size* random bytes." — two calls differ."""
    assert target.api.getrandom(size) != target.api.getrandom(size)


@behaviour("getrandom.flags-default-zero")
@given(size=sizes, keyword=st.booleans())
def test_getrandom_flags_default_to_zero_and_take_keywords(target, size, keyword):
    """getrandom.flags-default-zero: the signature is getrandom(size, flags=0): the flags may be
    left out, and both can be passed by keyword; with flags 0 the full size comes."""
    got = target.api.getrandom(size=size, flags=0) if keyword else target.api.getrandom(size)
    assert type(got) is bytes and len(got) == size


@behaviour("getrandom.linux-syscall")
@support.few_examples()
@given(size=st.integers(4000, 4095), flags=st.sampled_from(FLAG_SETS))
def test_getrandom_is_the_system_call(target, size, flags):
    """getrandom.linux-syscall: "On Linux, if the getrandom() syscall is not available, ..." —
    the call is the getrandom(2) system call with the size and the flags (strace)."""
    target.api.getrandom  # a target without it is "missing", not failing in the child
    n, trace = _strace(target, "T.getrandom(%d, %d)" % (size, _flags(flags)), size)
    want = set(filter(None, flags.split("|"))) or {"0"}
    assert (size, want, n) in _getrandom_calls(trace), trace[-1500:]


# --- urandom -----------------------------------------------------------------------------

@behaviour("urandom.returns-size-bytes")
@given(size=sizes)
def test_urandom_returns_exactly_size_bytes(target, size):
    """urandom.returns-size-bytes: "Return a string of *size* random bytes suitable for
    cryptographic use." """
    got = target.api.urandom(size)
    assert type(got) is bytes and len(got) == size


@behaviour("urandom.random-output")
@given(size=st.integers(32, 512))
def test_urandom_outputs_differ(target, size):
    """urandom.random-output: the bytes are unpredictable: two calls differ."""
    assert target.api.urandom(size) != target.api.urandom(size)


@behaviour("urandom.linux-uses-getrandom-blocking", "urandom.unix-reads-dev-urandom",
           "urandom.getrandom-blocking-fallback-superseded")
@support.few_examples()
@given(size=st.integers(4000, 4095))
def test_urandom_calls_getrandom_with_flags_zero(target, size):
    """urandom.linux-uses-getrandom-blocking: "On Linux, if the getrandom() syscall is available,
    it is used in blocking mode". The text also describes reading /dev/urandom, which CPython 3.8
    on Linux 3.17+ never does (finding), nor does it fall back when getrandom would block (the
    3.5.2 note is superseded): strace shows getrandom(..., size, 0) and no open of /dev/urandom."""
    target.api.urandom
    n, trace = _strace(target, "T.urandom(%d)" % size, size)
    assert n == size and (size, {"0"}, size) in _getrandom_calls(trace), trace[-1500:]
    assert "/dev/urandom" not in trace


@behaviour("urandom.no-dev-urandom-raises-notimplementederror")
@support.few_examples(4)
@given(size=st.integers(1, 64))
def test_urandom_works_without_dev_urandom(target, size):
    """urandom.no-dev-urandom-raises-notimplementederror: "If this function is not found on the
    system [...] NotImplementedError" concerns the /dev/urandom fallback: on Linux with getrandom()
    it is not needed, so with /dev hidden (a child's private mount namespace) CPython still
    returns the bytes, and so must the target."""
    def in_child():
        support.hide_in_private_mount_namespace("/dev")
        assert not os.path.exists("/dev/urandom")
        return len(target.api.urandom(size))
    assert support.run_in_child(in_child) == size


@behaviour("urandom.no-internal-fd")
@given(size=sizes)
def test_urandom_keeps_no_descriptor_open(target, size):
    """urandom.no-internal-fd: "On Linux 3.17 and newer, the getrandom() syscall is now used when
    available" — no descriptor (to /dev/urandom or else) is left open after a call."""
    before = hygiene.open_fds()  # /proc/self/fd, or each small fd where there is none (Pyodide 0.26)
    target.api.urandom(size)
    left = hygiene.open_fds() - before
    assert not left, "urandom left fds %s open (%s)" % (sorted(left), [_fd_path(fd) for fd in sorted(left)])


def _fd_path(fd):
    try:
        return os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        return "?"


# --- GRND_* ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    pytest.param("GRND_NONBLOCK", marks=behaviour("GRND_NONBLOCK.is-int", "GRND_NONBLOCK.raises-blockingioerror")),
    pytest.param("GRND_RANDOM", marks=behaviour("GRND_RANDOM.is-int", "GRND_RANDOM.uses-random-pool"))])
@given(size=st.integers(1, 256))
def test_grnd_flag_is_an_int_getrandom_takes(target, name, size):
    """GRND_*.is-int (and GRND_NONBLOCK.raises-blockingioerror on an initialised pool: it returns
    bytes; GRND_RANDOM.uses-random-pool: the kernel takes the flag): an int the harness's
    getrandom accepts."""
    value = getattr(target.api, name)
    assert type(value) is int
    got = host.getrandom(size, value)  # PyPy's os lacks getrandom
    assert type(got) is bytes and 0 < len(got) <= size


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.matches-c-header" % n))
                                  for n in ("GRND_NONBLOCK", "GRND_RANDOM")])
def test_grnd_flag_equals_the_c_headers_value(target, name, c_constants, oracle):
    """GRND_*.matches-c-header: the value is <sys/random.h>'s (compiled probe, else the reference)."""
    assert getattr(target.api, name) == cprobe.expected(name, c_constants, oracle)


@pytest.mark.parametrize("name", [pytest.param("GRND_NONBLOCK", marks=behaviour("GRND_NONBLOCK.is-int")),
                                  pytest.param("GRND_RANDOM", marks=behaviour("GRND_RANDOM.is-int"))])
def test_grnd_flag_is_a_distinct_single_bit(target, name):
    """GRND_*.is-int: flags to OR together: each a single non-zero bit."""
    value = getattr(target.api, name)
    assert type(value) is int and value > 0 and value & (value - 1) == 0

"""Every documented data constant with a C counterpart equals the platform's C value
(`<NAME>.matches-c-header`): O_*, F_OK/R_OK/W_OK/X_OK, XATTR_*, W*/P_*/CLD_* of wait/waitid,
SCHED_* and EX_*. The value comes from the compiled probe (conformance/cprobe.py); without a
compiler, from the reference's own table. The constants already compared elsewhere (PRIO_*,
F_LOCK..., POSIX_FADV_*, RWF_*, GRND_*, RTLD_*; SEEK_* by their documented values) are not repeated.
"""
import pytest

from conformance import catalogue, cprobe

cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)


def _ids():
    out = []
    for entry in sorted(catalogue.load().entries.values(), key=lambda e: e.data.get("spec_line", 0)):
        for b in entry.behaviours:
            if b.id == entry.name + ".matches-c-header" and entry.name in cprobe.PROBED:
                out.append(pytest.param(entry.name, id=entry.name, marks=pytest.mark.behaviour(b.id)))
    return out


CHECKED_ELSEWHERE = ("PRIO_", "F_LOCK", "F_TLOCK", "F_ULOCK", "F_TEST", "POSIX_FADV_", "RWF_", "GRND_")


@pytest.mark.parametrize("name", [p for p in _ids() if not p.values[0].startswith(CHECKED_ELSEWHERE)])
def test_constant_equals_the_c_headers_value(target, name, c_constants, oracle):
    """<NAME>.matches-c-header: an int equal to the C library's constant of that name."""
    want = cprobe.expected(name, c_constants, oracle)
    got = getattr(target.api, name)
    assert type(got) is int and got == want, "os.%s is %r, C says %d" % (name, got, want)

"""Files and Directories: utime — times in seconds, ns in nanoseconds, None for now, and the
rules on combining them. Times are read back harness-side (lstat)."""
import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import file_names, path_forms, spell

behaviour = pytest.mark.behaviour
# ext4 keeps 1901..2446 (its very first second loses the nanoseconds); stay inside.
ns_values = st.integers((-2 ** 31 + 2) * 10 ** 9, 2 ** 33 * 10 ** 9)
second_values = st.one_of(st.integers(-2 ** 31, 2 ** 33), st.floats(-2.0 ** 31, 2.0 ** 33))


def _file(h, sandbox, name="f"):
    return h.write(h.path.join(sandbox.fresh(), name))


def _times_ns(h, p, follow=True):
    s = h.os.stat(p) if follow else h.os.lstat(p)
    return s.st_atime_ns, s.st_mtime_ns


@behaviour("utime.times-seconds", "utime.accepts-pathlike")
@given(name=file_names(), atime=second_values, mtime=second_values, form=path_forms)
def test_utime_sets_times_in_seconds(target, sandbox, name, atime, mtime, form):
    """utime.times-seconds: "If *times* is not None, it must be a 2-tuple of the form (atime,
    mtime)" — int or float seconds; st_atime/st_mtime read back as os.stat gives them (to the
    nanosecond CPython's float conversion yields, i.e. within 1 µs)."""
    with support.host(target) as h:
        p = _file(h, sandbox, name)
        target.api.utime(spell(p, form), (atime, mtime))
        got = h.os.stat(p)
    assert abs(got.st_atime - atime) < 1e-6 * max(1, abs(atime)) / 1e3 + 1e-6
    assert abs(got.st_mtime - mtime) < 1e-6 * max(1, abs(mtime)) / 1e3 + 1e-6


@behaviour("utime.ns-nanoseconds", "utime.ns-roundtrip-exact")
@given(atime=ns_values, mtime=ns_values)
def test_utime_ns_sets_exact_nanoseconds(target, sandbox, atime, mtime):
    """utime.ns-nanoseconds: "If *ns* is specified, it must be a 2-tuple of the form (atime_ns,
    mtime_ns)" — read back exactly (and so a stat result's _ns values round-trip)."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        target.api.utime(p, ns=(atime, mtime))
        assert _times_ns(h, p) == (atime, mtime)


@behaviour("utime.none-sets-now")
@given(explicit=st.booleans())
def test_utime_without_times_sets_now(target, sandbox, explicit):
    """utime.none-sets-now: "If *times* is None and *ns* is unspecified, this is like specifying
    ns=(atime_ns, mtime_ns) where both times are the current time." """
    with support.host(target) as h:
        p = _file(h, sandbox)
        h.os.utime(p, ns=(0, 0))  # harness-side: long ago
        before = time.time_ns() - 10 ** 9 if hasattr(time, "time_ns") else int((time.time() - 1) * 1e9)
        target.api.utime(p, None) if explicit else target.api.utime(p)
        after = time.time() * 1e9 + 1e9
        a, m = _times_ns(h, p)
    assert before <= a <= after and before <= m <= after


@behaviour("utime.times-and-ns-is-error")
@given(t=st.tuples(st.integers(0, 9), st.integers(0, 9)), ns=st.tuples(st.integers(0, 9), st.integers(0, 9)))
def test_utime_times_and_ns_together_raise_valueerror(target, sandbox, t, ns, strict):
    """utime.times-and-ns-is-error: "It is an error to specify tuples for both *times* and *ns*."
    — ValueError, times unchanged."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        before = _times_ns(h, p)
        support.assert_raises(strict, ValueError, None, lambda: target.api.utime(p, t, ns=ns),
                              model=None if h.fake else lambda: os.utime(p, t, ns=ns))
        assert _times_ns(h, p) == before


@behaviour("utime.times-must-be-2-tuple", "utime.rejects-non-integer")
@given(bad=st.one_of(st.lists(st.integers(0, 9), min_size=2, max_size=2),
                     st.tuples(st.integers(0, 9)), st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)),
                     st.tuples(st.text(max_size=2), st.integers(0, 9)), st.integers(0, 9), st.text(max_size=3)),
       as_ns=st.booleans())
def test_utime_times_or_ns_not_a_pair_of_numbers_raises_typeerror(target, sandbox, bad, as_ns, strict):
    """utime.times-must-be-2-tuple: times (or ns) that is not a 2-tuple of numbers — a list, a
    1- or 3-tuple, a str item — is a TypeError, times unchanged."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        before = _times_ns(h, p)
        call = (lambda api: api.utime(p, ns=bad)) if as_ns else (lambda api: api.utime(p, bad))
        support.assert_raises(strict, TypeError, None, lambda: call(target.api), model=None if h.fake else lambda: call(os))
        assert _times_ns(h, p) == before


@behaviour("utime.path-as-fd")
@given(atime=ns_values, mtime=ns_values)
def test_utime_of_an_fd(target, sandbox, atime, mtime):
    """utime.path-as-fd: utime accepts an open fd (in supports_fd on Linux)."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        target.api.utime(h.open(p), ns=(atime, mtime))
        assert _times_ns(h, p) == (atime, mtime)


@behaviour("utime.dir-fd")
@given(name=file_names(), atime=ns_values, mtime=ns_values)
def test_utime_resolves_relative_path_against_dir_fd(target, sandbox, name, atime, mtime):
    """utime.dir-fd: with dir_fd, the relative name in that directory."""
    with support.host(target) as h:
        p = _file(h, sandbox, name)
        target.api.utime(name, ns=(atime, mtime), dir_fd=h.open(h.path.dirname(p)))
        assert _times_ns(h, p) == (atime, mtime)


@behaviour("utime.follow-symlinks-false")
@given(atime=ns_values, mtime=ns_values, follow=st.booleans())
def test_utime_follow_symlinks_chooses_link_or_target(target, sandbox, atime, mtime, follow):
    """utime.follow-symlinks-false: with follow_symlinks=False the link's own times change and the
    target's do not; by default the target's."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        link = h.path.join(h.path.dirname(p), "l")
        h.os.symlink("f", link)
        h.os.utime(p, ns=(5, 6))
        h.os.utime(link, ns=(7, 8), follow_symlinks=False)
        target.api.utime(link, ns=(atime, mtime), follow_symlinks=follow)
        assert _times_ns(h, p) == ((atime, mtime) if follow else (5, 6))
        # following the link reads it, which may refresh its atime (relatime): compare mtimes there
        lt = _times_ns(h, link, follow=False)
        assert (lt[1] == 8) if follow else (lt == (atime, mtime))


@behaviour("utime.fd-with-dir-fd-or-follow-symlinks-raises-valueerror")
@given(which=st.sampled_from(["dir_fd", "follow_symlinks"]))
def test_utime_fd_with_dir_fd_or_no_follow_raises_valueerror(target, sandbox, which, strict):
    """utime.fd-with-dir-fd-or-follow-symlinks-raises-valueerror: ValueError, times unchanged."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        fd = h.open(p)
        before = _times_ns(h, p)
        kw = {"dir_fd": h.open(h.path.dirname(p))} if which == "dir_fd" else {"follow_symlinks": False}
        support.assert_raises(strict, ValueError, None, lambda: target.api.utime(fd, (1, 2), **kw),
                              model=None if h.fake else lambda: os.utime(fd, (1, 2), **kw))
        assert _times_ns(h, p) == before


@behaviour("utime.ns-keyword-only")
def test_utime_ns_is_keyword_only(target, sandbox):
    """utime.ns-keyword-only: a third positional argument (a would-be ns) is a TypeError."""
    with support.host(target) as h:
        p = _file(h, sandbox)
        before = _times_ns(h, p)
        support.assert_raises(False, TypeError, None, lambda: target.api.utime(p, None, (1, 2)))
        assert _times_ns(h, p) == before

"""One observer for the bad-input tables (checks/test_bad_input_conversions*.py): a case calls
the target's function and the stdlib's (under CPython; elsewhere the reference stands for
CPython) with the same arguments, on fresh files, and the two observations must agree.

Exception classes, results (and their effects, observed harness-side) and warning categories are
always compared; messages only under --os-strict, as for every other check.
"""
import os
import warnings

from conformance import hostos, support


def times_ns(path):
    """(st_atime_ns, st_mtime_ns) of path, read harness-side."""
    st = os.stat(path)
    return st.st_atime_ns, st.st_mtime_ns


def observe(call, api, directory, name):
    """Run call(api, path, fd) on a fresh 10-byte file `name` and a read-write fd of it.
    Returns (outcome, message, warnings): ("raises", class name) or ("returns", result); the
    exception's message with the path as <path> (None if none was raised); the warning categories."""
    path = os.path.join(directory, name)
    support.write_file(path, b"0123456789")
    fd = os.open(path, os.O_RDWR)
    message = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = call(api, path, fd)
            except Exception as e:  # noqa: BLE001 - the exception is the observation
                outcome, message = ("raises", type(e).__name__), str(e).replace(path, "<path>")
            else:
                outcome = ("returns", "stat_result" if hasattr(result, "st_ino") else result)
    finally:
        os.close(fd)
    return outcome, message, sorted(set(w.category.__name__ for w in caught))


def assert_treated_as_cpython(target, sandbox, call, strict):
    """The target's observation of call equals the stdlib's; the message counts only if strict."""
    support.require_real_world(target, "the stdlib oracle works on the same real files")
    directory = sandbox.fresh()
    outcome, message, warned = observe(call, target.api, directory, "target")
    want_outcome, want_message, want_warned = observe(call, hostos.cpython_os(), directory, "oracle")
    assert (outcome, warned) == (want_outcome, want_warned)
    if strict:
        assert message == want_message

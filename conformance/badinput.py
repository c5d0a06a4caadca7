"""One observer for the bad-input tables (checks/test_bad_input_conversions*.py): a case calls
the target's function with the same arguments as CPython was observed with (fixtures/cpython/,
conformance.recorded; without a record, the live stdlib under CPython, elsewhere the reference
standing for CPython), on fresh files, and the two observations must agree.

Exception classes, results (and their effects, observed harness-side) and warning categories are
always compared; messages only under --os-strict, as for every other check.
"""
import os
import warnings

from conformance import hostos, recorded, support


_world = []  # the Host of the observation running now: the world its effects are read in


def times_ns(path):
    """(st_atime_ns, st_mtime_ns) of path, read harness-side in the world being observed."""
    st = _world[-1].os.stat(path)
    return st.st_atime_ns, st.st_mtime_ns


def observe(call, api, host, directory, name):
    """Run call(api, path, fd) on a fresh 10-byte file `name` and a read-write fd of it, both
    made in `host`'s world (the target's own, for pyfakefs). Returns (outcome, message,
    warnings): ("raises", class name) or ("returns", result); the exception's message with the
    path as <path> (None if none was raised); the warning categories."""
    path = host.path.join(directory, name)
    host.write(path, b"0123456789")
    fd = host.open(path, os.O_RDWR)
    message = None
    _world.append(host)
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
        _world.pop()
        host.close_all()
    return outcome, message, sorted(set(w.category.__name__ for w in caught))


def assert_treated_as_cpython(target, sandbox, case, strict, judge):
    """The target's observation of the case equals CPython's: the version `judge` names as
    recorded, else the live CPython's; the message counts only if strict."""
    behaviour, case_id, call = case
    key = recorded.case_key(behaviour, case_id)
    got = recorded.as_record(*observe(call, target.api, support.Host(target), sandbox.fresh(), "target"))
    # Without a record, the live CPython observes the same case on real files: in the sandbox,
    # or beside it for a target whose sandbox is in a world of its own.
    want, source = judge.expected(key, lambda: observe(call, hostos.cpython_os(target), support.Host(None),
                                                       sandbox.real(), "oracle"))
    if recorded.same(got, want, strict):
        return
    like = [v for v in recorded.versions_like(key, got, strict) if v != judge.version]
    failure = AssertionError("%s: %s %s; the target %s%s" % (
        key, source, recorded.describe(want), recorded.describe(got),
        " - as CPython %s %s (recorded): changed-in-%s" % (", ".join(like), "do" if len(like) > 1 else "does",
                                                            like[0]) if like else ""))
    if like:
        # Structured for the record: the class of the departure, and whether the target is the
        # stdlib doing what its own CPython version is recorded to do (a change CPython made,
        # not a bug of this target: it does not fail the run).
        failure.departure = {"class": "changed-in-" + like[0],
                             "own_version": target.kind == "stdlib" and recorded.language_version() in like}
    raise failure

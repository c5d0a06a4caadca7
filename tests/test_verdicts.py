"""Verdicts name their oracle, and a target is never its own yardstick: the reference judges the
stdlib of the running CPython where that CPython would be the oracle; a check whose expectation
came from the target under test anyway is `baseline`, not `pass`, and does not count as checked; a
cpython-basis check judged against a recorded CPython version flags a module that acts like
another version, and says which."""
import sys

from tests.helpers import cli, pytest_run, report

BAD_INPUT = "conformance/checks/test_bad_input_conversions_more.py"


def _run(tmp_path, *args):
    out = tmp_path / "out"
    proc = pytest_run(BAD_INPUT, "-k", "bad_input", "--os-report-dir", str(out), *args)
    return proc, out


OWN_YARDSTICK_CHECK = """
import pytest

from conformance import oracles


@pytest.mark.behaviour("stat.rejects-non-path")
def test_expectation_from_the_target_itself(target):
    yardstick = oracles.consult("cpython-live", target.module)
    assert target.api.stat is yardstick.stat
"""


def test_a_check_whose_expectation_came_from_the_target_is_baseline_not_pass(tmp_path):
    check = tmp_path / "test_own_yardstick.py"
    check.write_text(OWN_YARDSTICK_CHECK)
    out = tmp_path / "out"
    proc = pytest_run(str(check), "--target", "stdlib", "--os-report-dir", str(out))
    assert proc.returncode == 0, proc.stdout[-2000:]
    stdlib = report(out, "stdlib")
    stat = stdlib["functions"]["stat"]
    assert set(stat["counts"]) == {"baseline"}, stat["counts"]
    assert stat["status"] == "baseline" and stat["behaviours"]["stat.rejects-non-path"]["verdict"] is None
    assert "stat.rejects-non-path" in stdlib["summary"]["unchecked_behaviours"]
    assert all("the expectation came from the target itself" in s["reason"] for s in stat["skips"])


def test_without_a_record_the_stdlib_is_judged_by_the_reference(tmp_path):
    # No record of CPython 9.9: the live oracle decides. For the reference that is the running
    # CPython; for that CPython's own stdlib, the reference (never the target itself).
    proc, out = _run(tmp_path, "--target", "stdlib", "--target", "reference", "--os-cpython", "9.9")
    assert proc.returncode == 0, proc.stdout[-2000:]
    stat = report(out, "stdlib")["functions"]["stat"]["behaviours"]["stat.rejects-non-path"]
    assert stat["verdict"] == "pass" and stat["oracles"] == ["reference"], stat
    reference = report(out, "reference")
    ref_stat = reference["functions"]["stat"]["behaviours"]["stat.rejects-non-path"]
    assert ref_stat["verdict"] == "pass" and ref_stat["oracles"] == ["cpython-%d.%d-live" % sys.version_info[:2]]


def test_the_stdlib_is_judged_against_the_spec_version_by_default(tmp_path):
    proc, out = _run(tmp_path, "--target", "stdlib")
    data = report(out, "stdlib")
    behaviour = data["functions"]["chmod"]["behaviours"]["chmod.rejects-int-beyond-c-range"]
    if sys.version_info[:2] == (3, 8):  # its own version's record: the reference judges (below)
        assert behaviour["oracles"] == ["reference"] and behaviour["verdict"] == "pass", behaviour
    else:
        assert behaviour["oracles"] == ["cpython-3.8"] and behaviour["verdict"] == "pass", behaviour


def test_a_module_acting_like_another_cpython_version_is_flagged_with_the_version(tmp_path):
    proc, out = _run(tmp_path, "--target", "module:tests.broken.stat_bytes_like_path_of_another_version")
    assert proc.returncode == 1, proc.stdout[-2000:]
    data = report(out, "module-tests.broken.stat_bytes_like_path_of_another_version")
    stat = data["functions"]["stat"]
    assert stat["behaviours"]["stat.rejects-non-path"]["verdict"] == "fail"
    here = "%d.%d" % sys.version_info[:2]
    for failure in stat["failures"]:
        assert failure["oracle"] == "cpython-" + here, failure
        assert "CPython %s (recorded)" % here in failure["message"], failure["message"]
        like = "3.12" if sys.version_info < (3, 12) else "3.8"
        assert "as CPython " in failure["message"] and like in failure["message"], failure["message"]
    others = {n: f["status"] for n, f in data["functions"].items() if n != "stat" and f["status"] == "fail"}
    assert not others, others


def _pread_run(tmp_path, *args):
    out = tmp_path / "out"
    proc = pytest_run("conformance/checks/test_fd_operations_io.py", "-k", "pread and not preadv",
                      "--target", "module:tests.hostile.flaky_pread", "--os-report-dir", str(out), *args)
    return proc, report(out, "module-tests.hostile.flaky_pread")


def test_a_check_that_fails_then_passes_is_flaky_and_neither_pass_nor_fail(tmp_path):
    proc, data = _pread_run(tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]  # flaky is not a failure
    pread = data["functions"]["pread"]
    assert pread["status"] == "flaky" and pread["counts"].get("flaky") == 1, pread["counts"]
    assert not pread["failures"]
    flaky = [s for s in pread["skips"] if s["status"] == "flaky"]
    assert len(flaky) == 1 and flaky[0]["reason"].startswith("FLAKY: fail at first, pass when run again")


def test_without_reruns_the_first_outcome_is_reported(tmp_path):
    proc, data = _pread_run(tmp_path, "--os-reruns", "0")
    assert proc.returncode == 1
    assert data["functions"]["pread"]["status"] == "fail"


def test_the_stdlib_departs_from_3_8_only_where_its_own_version_is_recorded_to(tmp_path):
    out = tmp_path / "out"
    proc = cli("run", "--target", "stdlib", "--report-dir", str(out), "--quiet",
               "-k", "bad_input_is_treated_as_cpython")
    data = report(out, "stdlib")
    failures = [f for fn in data["functions"].values() for f in fn["failures"]]
    for f in failures:
        assert f["departure"]["own_version"] and f["departure"]["class"].startswith("changed-in-"), f
    if sys.version_info >= (3, 10):  # utime(ns=(1.5, 0)): a DeprecationWarning in 3.8, TypeError since 3.10
        ns_float = data["functions"]["utime"]["behaviours"]["utime.rejects-non-integer"]
        assert ns_float["verdict"] == "fail"
        assert any(f["departure"]["class"] == "changed-in-3.10" for f in failures)
    assert proc.returncode == 0, proc.stdout[-2000:]  # CPython's own changes do not fail the run


def test_the_stdlib_is_not_judged_by_its_own_versions_record(tmp_path):
    # The record of the running CPython was taken from this very stdlib: the reference judges
    # it instead; the reference itself is judged by that record.
    proc, out = _run(tmp_path, "--target", "stdlib", "--target", "reference",
                     "--os-cpython", "%d.%d" % sys.version_info[:2])
    stat = report(out, "stdlib")["functions"]["stat"]
    assert "baseline" not in stat["counts"], stat["counts"]
    assert stat["behaviours"]["stat.rejects-non-path"]["oracles"] == ["reference"]
    ref = report(out, "reference")["functions"]["stat"]["behaviours"]["stat.rejects-non-path"]
    assert ref["verdict"] == "pass" and ref["oracles"] == ["cpython-%d.%d" % sys.version_info[:2]]

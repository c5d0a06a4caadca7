"""The plugin ties checks to the catalogue and keeps checks from spoiling the process."""
import json
import textwrap

from tests.helpers import pytest_run


def _write_check(tmp_path, body):
    path = tmp_path / "test_probe.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


def test_a_check_naming_an_unknown_behaviour_is_refused(tmp_path):
    check = _write_check(tmp_path, """
        import pytest
        @pytest.mark.behaviour("pread.no-such-claim")
        def test_x(target):
            pass
    """)
    proc = pytest_run(check, "--target", "stdlib")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "pread.no-such-claim" in proc.stderr and "not in the catalogue" in proc.stderr


def test_a_check_without_behaviour_is_refused(tmp_path):
    check = _write_check(tmp_path, """
        def test_x(target):
            pass
    """)
    proc = pytest_run(check, "--target", "stdlib")
    assert proc.returncode == 4 and "no @pytest.mark.behaviour" in proc.stderr


def test_leaks_are_errors_and_the_process_is_restored(tmp_path):
    check = _write_check(tmp_path, """
        import os, pytest
        @pytest.mark.behaviour("open.returns-int-fd")
        def test_leaky(target, sandbox):
            os.open(sandbox.path, os.O_RDONLY)
            os.umask(0)
            os.chdir("/")
            os.environ["OS_CONFORMANCE_PROBE"] = "1"
        @pytest.mark.behaviour("close.closes-fd")
        def test_after(target):  # no sandbox: sees the process exactly as the last check left it
            assert os.umask(0o022) == 0o022
            assert os.getcwd() != "/"
            assert "OS_CONFORMANCE_PROBE" not in os.environ
    """)
    out = tmp_path / "out"
    proc = pytest_run(check, "--target", "stdlib", "--os-report-dir", str(out))
    records = [json.loads(l) for l in next(out.glob("*.results.jsonl")).read_text().splitlines()]
    by_check = {r["check"].split("::")[1]: r for r in records}
    assert by_check["test_leaky[stdlib]"]["status"] == "error", proc.stdout
    assert "leaked file descriptors" in by_check["test_leaky[stdlib]"]["message"]
    assert by_check["test_after[stdlib]"]["status"] == "pass", proc.stdout


def test_failure_records_carry_the_falsifying_example(tmp_path):
    check = _write_check(tmp_path, """
        import pytest
        from hypothesis import given, strategies as st
        @pytest.mark.behaviour("pread.offset-unchanged")
        @given(n=st.integers(450, 1000))  # most draws fail: a dozen examples always find one
        def test_prop(target, sandbox, n):
            assert n < 500, "n too big"
    """)
    out = tmp_path / "out"
    pytest_run(check, "--target", "stdlib", "--os-report-dir", str(out))
    data = json.loads(next(p for p in out.glob("*.json")).read_text())
    failure = data["functions"]["pread"]["failures"][0]
    assert failure["status"] == "fail" and "n too big" in failure["message"]
    assert "n=500" in failure["falsifying_example"]


def test_skips_of_forked_checks_fold_into_pytests_skip_summary(tmp_path):
    # A skip's longrepr comes back from the check's process through JSON; pytest's -rs summary
    # needs it as a (path, line, reason) tuple.
    check = _write_check(tmp_path, """
        import pytest
        @pytest.mark.behaviour("open.returns-int-fd")
        def test_skipping(target, sandbox):
            pytest.skip("nothing to see")
    """)
    proc = pytest_run(check, "--target", "stdlib", "-rs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SKIPPED [1]" in proc.stdout and "nothing to see" in proc.stdout

"""`os-conformance` as a user meets it: usage errors, a thin target, reports, the matrix."""
import json
import os

from tests.helpers import ROOT, cli, report


def _one_line_usage_error(proc):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("os-conformance: error:"), proc.stderr
    return lines[0]


def test_unknown_target_is_a_one_line_usage_error(tmp_path):
    line = _one_line_usage_error(cli("run", "--target", "nosuch", "--report-dir", str(tmp_path)))
    assert "unknown target 'nosuch'" in line


def test_unimportable_module_is_a_one_line_usage_error(tmp_path):
    line = _one_line_usage_error(cli("run", "--target", "module:no.such.module", "--report-dir", str(tmp_path)))
    assert "cannot import target module no.such.module" in line


def test_unwritable_report_dir_is_a_one_line_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    line = _one_line_usage_error(cli("run", "--report-dir", str(blocker / "sub")))
    assert "cannot write reports" in line


def test_a_module_lacking_most_of_the_api_is_reported_missing_and_the_run_goes_on(tmp_path):
    proc = cli("run", "--target", "module:json", "--report-dir", str(tmp_path), "-k", "surface", "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = report(tmp_path, "module-json")
    assert data["functions"]["pread"]["status"] == "missing"
    assert data["functions"]["O_BINARY"]["status"] == "unavailable"  # documented for Windows only
    assert data["summary"]["names"]["missing"] > 300
    for ext in ("md", "html"):
        assert os.path.exists(os.path.join(str(tmp_path), "module-json-%s-%s.%s" % (
            data["interpreter"]["implementation"], data["interpreter"]["version"], ext)))
    assert "checks/s" in proc.stdout  # the summary says how fast it went


def test_matrix_merges_reports_and_rejects_a_bad_one(tmp_path):
    runs = tmp_path / "runs"
    assert cli("run", "--target", "stdlib", "--target", "module:json", "--report-dir", str(runs),
               "-k", "surface", "--quiet").returncode == 0
    reports = sorted(str(p) for p in runs.glob("*.json"))
    assert len(reports) == 2
    out = tmp_path / "matrix"
    proc = cli("matrix", *reports, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    with open(str(out / "matrix.json")) as f:
        matrix = json.load(f)
    assert len(matrix["columns"]) == 2
    statuses = set(matrix["rows"]["pread"].values())
    assert statuses == {"pass", "missing"}
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    _one_line_usage_error(cli("matrix", str(bad), "--out", str(out)))


def test_ci_runs_the_readme_commands():
    with open(os.path.join(ROOT, "README.md")) as f:
        readme = f.read()
    with open(os.path.join(ROOT, ".ci", "run")) as f:
        ci = f.read()
    commands = [line.strip() for line in readme.splitlines()
                if line.startswith("    python3 -m pip install")]
    assert len(commands) == 2
    for command in commands:
        assert command in ci.splitlines(), command


def test_a_selection_matching_no_check_is_a_usage_error(tmp_path):
    line = _one_line_usage_error(cli("run", "--report-dir", str(tmp_path), "-k", "no_such_check"))
    assert "no checks selected" in line


def test_pyfakefs_forwarded_names_are_delegated_not_conformant(tmp_path):
    proc = cli("run", "--target", "pyfakefs", "--report-dir", str(tmp_path), "-k", "documented_name_exists",
               "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    functions = report(tmp_path, "pyfakefs")["functions"]
    assert functions["pread"]["status"] == "delegated"  # FakeOsModule forwards it to the real os
    assert functions["open"]["status"] == "pass"  # faked by pyfakefs itself
    assert functions["O_RDONLY"]["status"] == "pass"  # plain data forwarded is simply correct


def test_a_target_exiting_at_import_is_a_one_line_usage_error(tmp_path):
    line = _one_line_usage_error(cli("run", "--target", "module:tests.hostile.exit_at_import",
                                     "--report-dir", str(tmp_path)))
    assert "tests.hostile.exit_at_import" in line and "sys.exit(3)" in line


def test_matrix_refuses_two_reports_of_one_column_and_a_damaged_report(tmp_path):
    from tests.test_matrix import FD, make_report
    paths = []
    for i in range(2):
        path = tmp_path / ("r%d.json" % i)
        path.write_text(json.dumps(make_report("stdlib", "cpython", "3.11.7", [("mkdir", FD, "pass")])))
        paths.append(str(path))
    line = _one_line_usage_error(cli("matrix", *paths, "--out", str(tmp_path / "m")))
    assert "stdlib-cpython-3.11.7" in line
    damaged = make_report("stdlib", "cpython", "3.12.1", [("mkdir", FD, "pass")])
    damaged["functions"]["mkdir"] = "pass"
    (tmp_path / "r1.json").write_text(json.dumps(damaged))
    line = _one_line_usage_error(cli("matrix", *paths, "--out", str(tmp_path / "m")))
    assert "r1.json" in line and "mkdir" in line
    assert not (tmp_path / "m").exists()

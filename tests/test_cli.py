"""`os-conformance` as a user meets it: usage errors, a thin target, reports, the matrix."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.helpers import ROOT, cli, env, report


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


def test_a_module_lacking_the_api_is_reported_missing_and_the_run_goes_on_but_does_not_pass(tmp_path):
    proc = cli("run", "--target", "module:json", "--report-dir", str(tmp_path), "-k", "surface", "--quiet")
    # Every check found the name it proves missing: nothing was checked, which is no pass.
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "nothing was checked on module:json" in proc.stderr
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
               "-k", "surface", "--quiet").returncode == 4  # module:json lacks every name
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


def test_the_console_says_where_the_reports_were_written(tmp_path):
    proc = cli("run", "--target", "stdlib", "--name", "pread", "--report-dir", str(tmp_path), "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = proc.stdout.split("reports written:\n", 1)[1].split()
    assert sorted(written) == sorted(str(p) for p in tmp_path.iterdir())
    assert len(written) == 4  # .json, .md, .html, .results.jsonl


@pytest.mark.parametrize("args", [["-v"], ["-q"], ["--tb=short"]])
def test_ordinary_pytest_options_pass_through(tmp_path, args):
    proc = cli("run", "--target", "stdlib", "--name", "getpid", "--report-dir", str(tmp_path), "--", *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report(tmp_path, "stdlib")["functions"]["getpid"]["status"] == "pass"


def test_collect_only_writes_no_report(tmp_path):
    proc = cli("run", "--target", "stdlib", "--name", "getpid", "--report-dir", str(tmp_path / "r"),
               "--", "--collect-only", "-q")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "test_surface" in proc.stdout and "no report written" in proc.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("args, complaint", [(["--timeout", "-5"], "positive"), (["--timeout", "nan"], "positive"),
                                             (["-n", "0"], "positive number of processes")])
def test_bad_option_values_are_one_line_usage_errors(tmp_path, args, complaint):
    assert complaint in _one_line_usage_error(cli("run", "--report-dir", str(tmp_path), *args))


def test_every_option_has_help():
    from conformance.cli import _parser
    parsers = [_parser()]
    while parsers:
        parser = parsers.pop()
        for action in parser._actions:
            if action.choices and isinstance(action.choices, dict):  # the subcommands
                parsers.extend(action.choices.values())
            else:
                assert action.help, (parser.prog, action.dest)


def test_sigterm_is_an_interruption_not_a_failure(tmp_path):
    # The hanging pread keeps the run going until it is terminated.
    proc = subprocess.Popen([sys.executable, "-m", "conformance.cli", "run", "--target", "module:tests.hostile.hang_pread",
                             "--name", "pread", "--report-dir", str(tmp_path), "--quiet"],
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(tmp_path.glob("*.json")):
        time.sleep(0.2)  # polling a file written by another process, not synchronising a check
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, out + err
    assert "interrupted" in err and "Traceback" not in err
    assert report(tmp_path, "module-tests.hostile.hang_pread")["partial"] is True


def test_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen([sys.executable, "-m", "conformance.cli", "list", "behaviours", "--json"],
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command writes: as a `| head` that has read enough
    err = proc.stderr.read().decode()
    assert proc.wait() == 141 and err == "", err

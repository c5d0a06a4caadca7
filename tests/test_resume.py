"""No result lost: a run killed with SIGKILL midway leaves readable partial reports, and
`os-conformance run --resume` completes them without running a finished check twice."""
import json
import signal
import subprocess
import sys
import time

from tests.helpers import ROOT, cli, env, report

SELECTION = ["-k", "fd_operations_io", "--target", "stdlib", "--quiet"]


def _records(path):
    with open(str(path)) as f:
        return [json.loads(line) for line in f if line.strip()]


def test_sigkill_leaves_a_partial_report_and_resume_completes_it(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "conformance.cli", "run", "--report-dir", str(out)] + SELECTION,
                            cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = None
    deadline = time.time() + 300
    while time.time() < deadline:
        found = list(out.glob("stdlib-*.results.jsonl")) if out.exists() else []
        if found and len(_records(found[0])) >= 3:
            results = found[0]
            break
        time.sleep(0.2)  # polling a file written by another process, not synchronising a check
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert results is not None, "the run wrote no results in time"
    before = _records(results)
    partial = report(out, "stdlib")
    assert partial["partial"] is True
    # Readable, with what was known at its last refresh (every few seconds); the results file
    # has every finished check, and --resume rebuilds the report from it.
    assert sum(partial["summary"]["checks"].values()) <= len(before)

    done = cli("run", "--report-dir", str(out), "--resume", *SELECTION)
    assert done.returncode == 0, done.stdout + done.stderr
    after = _records(results)
    checks = [r["check"] for r in after]
    assert len(checks) == len(set(checks)), "a finished check ran twice"
    assert set(r["check"] for r in before) <= set(checks)
    final = report(out, "stdlib")
    assert final["partial"] is False
    assert sum(final["summary"]["checks"].values()) == len(after) > len(before)

"""The File Descriptor Operations checks can fail: each deliberately broken os in tests/broken/
fails exactly the name it breaks, and the stdlib passes every check of the slice.

One pytest run of the slice's checks against all broken modules and the stdlib, then each
report is read. (The surface checks are left out: a broken module has every name, and they
would multiply the run's time by five.)
"""
import glob
import importlib.util
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = sorted(
    os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "conformance/checks/test_fd_operations*.py")))

#: broken module -> the one name it breaks.
BROKEN = {
    "close_forgets": "close",
    "dup2_ignores_inheritable": "dup2",
    "dup2_returns_none": "dup2",
    "dup_returns_same_fd": "dup",
    "fstat_size_off_by_one": "fstat",
    "get_blocking_always_true": "get_blocking",
    "lseek_ignores_seek_end": "lseek",
    "open_inheritable": "open",
    "open_truncates_at_nul": "open",
    "read_accepts_float_fd": "read",
    "pipe_inheritable": "pipe",
    "pread_moves_offset": "pread",
    "pwrite_drops_last_byte": "pwrite",
    "read_no_eintr_retry": "read",
    "read_returns_str": "read",
    "set_blocking_inverted": "set_blocking",
    "set_inheritable_noop": "set_inheritable",
    "write_returns_none": "write",
}
BAD = ("fail", "error", "crash", "timeout")


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("broken-reports"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    cmd = [sys.executable, "-m", "pytest"] + CHECKS + ["-p", "no:cacheprovider", "-q",
                                                       "--os-report-dir", out, "--target", "stdlib"]
    for name in sorted(BROKEN):
        cmd += ["--target", "module:tests.broken." + name]
    if importlib.util.find_spec("xdist") is not None:
        cmd += ["-n", "2"]  # about 2,000 check runs: halve the wall time where xdist is there
    run = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    assert run.returncode in (0, 1), run.stdout[-3000:]  # 1: the broken modules fail, as they must

    def load(label):
        paths = glob.glob(os.path.join(out, "%s-*.json" % label))
        assert len(paths) == 1, "no single report for %s in %s" % (label, os.listdir(out))
        with open(paths[0]) as f:
            return json.load(f)
    return load


def _slice_names(report):
    return {name: r for name, r in report["functions"].items()
            if r["section"] == "File Descriptor Operations" and r["status"] != "unchecked"}


@pytest.mark.slow
def test_stdlib_passes_every_check_of_the_slice(reports):
    report = reports("stdlib")
    bad = {name: r["status"] for name, r in report["functions"].items() if r["status"] in BAD}
    assert not bad, bad
    assert report["summary"]["checks"].get("pass", 0) > 100


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(BROKEN))
def test_broken_module_fails_exactly_its_function(reports, module):
    report = reports("module-tests.broken." + module)
    broken = BROKEN[module]
    functions = report["functions"]
    assert functions[broken]["status"] == "fail", \
        "%s: the checks did not catch the broken %s (%s)" % (module, broken, functions[broken]["counts"])
    others = {name: r["status"] for name, r in functions.items() if name != broken and r["status"] in BAD}
    assert not others, "%s breaks only %s, yet these failed too: %s" % (module, broken, others)
    assert _slice_names(report), "no check of the slice ran"

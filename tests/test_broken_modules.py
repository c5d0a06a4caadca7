"""The checks can fail: each deliberately broken os in tests/broken/ fails exactly the name it
breaks, and the stdlib passes every check.

A broken module's docstring starts "Violates <behaviour id>"; the catalogue maps the id to the
one name it must fail. One pytest run of every check (the surface checks aside: a broken module
has every name) against all broken modules and the stdlib, then each report is read.
"""
import ast
import glob
import importlib.util
import json
import os
import re
import subprocess
import sys

import pytest

from conformance import catalogue

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKS = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "conformance/checks/test_*.py"))
                if not p.endswith("test_surface.py"))
BAD = ("fail", "error", "crash", "timeout")


def _broken_modules():
    """{module name: the one name it breaks}, read from each module's docstring."""
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "broken", "[!_]*.py"))):
        with open(path, encoding="utf-8") as f:
            doc = ast.get_docstring(ast.parse(f.read())) or ""
        match = re.match(r"Violates ([\w.-]+)", doc)
        assert match, "%s: the docstring must start 'Violates <behaviour id>'" % path
        out[os.path.basename(path)[:-3]] = catalogue.load().name_of(match.group(1))
    return out


BROKEN = _broken_modules()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("broken-reports"))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    cmd = [sys.executable, "-m", "pytest"] + CHECKS + ["-p", "no:cacheprovider", "-q", "--os-profile", "ci",
                                                       "--os-report-dir", out, "--target", "stdlib"]
    for name in sorted(BROKEN):
        cmd += ["--target", "module:tests.broken." + name]
    if importlib.util.find_spec("xdist") is not None:
        cmd += ["-n", "2"]  # thousands of check runs: halve the wall time where xdist is there
    run = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=1800)
    assert run.returncode in (0, 1), run.stdout[-3000:]  # 1: the broken modules fail, as they must

    def load(label):
        paths = glob.glob(os.path.join(out, "%s-*.json" % label))
        assert len(paths) == 1, "no single report for %s in %s" % (label, os.listdir(out))
        with open(paths[0]) as f:
            return json.load(f)
    return load


@pytest.mark.slow
def test_stdlib_passes_every_check(reports):
    report = reports("stdlib")
    bad = {name: r["status"] for name, r in report["functions"].items() if r["status"] in BAD}
    assert not bad, bad
    assert report["summary"]["checks"].get("pass", 0) > 100


def test_there_are_broken_modules_across_the_sections():
    assert len(BROKEN) >= 18


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

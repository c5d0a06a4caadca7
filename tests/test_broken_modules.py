"""The checks can fail: each deliberately broken os in tests/broken/ fails exactly the name it
breaks, and the stdlib passes every check.

A broken module's docstring starts "Violates <behaviour id>"; the catalogue maps the id to the
one name it must fail. One pytest run: the stdlib against every check, each broken module against
the check files that tag its name (running every check against every module would cost CI hours),
then each report is read.
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
from tests import helpers

# One worker runs this module: its module-scoped run is far too costly to repeat per xdist
# worker (the README runs the tests with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("broken-modules")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
    """One run: each broken module scoped (--os-scope) to the checks of its broken name and the
    other checks of their files (checks call only the function they are named after, so elsewhere
    a broken module is the stdlib; the differential sequences, which call every op, run whole).
    The stdlib itself is not run here: the main job runs it on every check and fails when it
    fails one. Returns a loader of reports."""
    out = str(tmp_path_factory.mktemp("broken-reports"))
    env = helpers.env()
    cmd = [sys.executable, "-m", "pytest", "conformance/checks", "-p", "no:cacheprovider", "-q",
           "--os-profile", "ci", "--os-no-shrink", "--os-report-dir", out,
           "--deselect", "conformance/checks/test_surface.py"]
    for module, name in sorted(BROKEN.items()):
        spec = "module:tests.broken." + module
        cmd += ["--target", spec, "--os-scope", "%s=%s" % (spec, name)]
    if importlib.util.find_spec("xdist") is not None:
        cmd += ["-n", "2"]  # thousands of check runs: halve the wall time where xdist is there
    run = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=3000)
    assert run.returncode in (0, 1), run.stdout[-3000:]  # 1: the broken modules fail, as they must

    def load(label):
        paths = glob.glob(os.path.join(out, "%s-*.json" % label))
        assert len(paths) == 1, "no single report for %s in %s" % (label, os.listdir(out))
        with open(paths[0]) as f:
            return json.load(f)
    return load


def test_there_are_broken_modules_across_the_sections():
    assert len(BROKEN) >= 30
    sections = set(catalogue.load().entry(name).section for name in BROKEN.values())
    assert len(sections) >= 5, sections


@pytest.mark.slow
@pytest.mark.parametrize("module", sorted(BROKEN))
def test_broken_module_fails_exactly_its_function(reports, module):
    report = reports("module-tests.broken." + module)
    broken = BROKEN[module]
    functions = report["functions"]
    assert functions[broken]["counts"], "%s: no check of %s ran" % (module, broken)
    assert functions[broken]["status"] == "fail", \
        "%s: the checks did not catch the broken %s (%s)" % (module, broken, functions[broken]["counts"])
    # A broken class is flagged on itself and may be on its members (DirEntry.name, ...).
    others = {name: r["status"] for name, r in functions.items()
              if name != broken and not name.startswith(broken + ".") and r["status"] in BAD}
    assert not others, "%s breaks only %s, yet these failed too: %s" % (module, broken, others)

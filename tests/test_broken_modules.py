"""The checks can fail: each deliberately broken os in tests/broken/ fails exactly the name it
breaks, and the stdlib passes every check.

A broken module's docstring starts "Violates <behaviour id>"; the catalogue maps the id to the
one name it must fail. For each spec section, one pytest run of that section's checks against the
stdlib and the broken modules whose name is in that section, then each report is read. (Checks
call only the function they are named after through the target, so a fault in one section cannot
show in another's checks; running every section against every module would cost CI an hour.)
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


def _checks_for(section, names):
    """The section's check files, plus any other file tagging a behaviour of `names`."""
    slug = catalogue.SECTION_SLUGS[section].replace("-", "_")
    out = []
    for path in glob.glob(os.path.join(ROOT, "conformance", "checks", "test_*.py")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if os.path.basename(path).startswith("test_%s" % slug) or any('"%s.' % n in text for n in names):
            out.append(os.path.relpath(path, ROOT))
    return sorted(out)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Run each section's checks against its broken modules; return a loader of reports."""
    by_section = {}
    for module, name in BROKEN.items():
        by_section.setdefault(catalogue.load().entry(name).section, []).append(module)
    dirs, stdlib_dirs = {}, []
    for section, modules in sorted(by_section.items()):
        out = str(tmp_path_factory.mktemp("broken-reports"))
        _run(_checks_for(section, [BROKEN[m] for m in modules]), ["stdlib"] + ["module:tests.broken." + m for m in modules], out)
        dirs.update({"module-tests.broken." + m: out for m in modules})
        stdlib_dirs.append(out)

    def load(label, out=None):
        paths = glob.glob(os.path.join(out or dirs[label], "%s-*.json" % label))
        assert len(paths) == 1, "no single report for %s in %s" % (label, out or dirs[label])
        with open(paths[0]) as f:
            return json.load(f)
    load.stdlib_dirs = stdlib_dirs
    return load


def _run(checks, specs, out):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    cmd = [sys.executable, "-m", "pytest"] + checks + ["-p", "no:cacheprovider", "-q", "--os-profile", "ci", "--os-no-shrink",
                                                       "--os-report-dir", out]
    for spec in specs:
        cmd += ["--target", spec]
    if importlib.util.find_spec("xdist") is not None:
        cmd += ["-n", "2"]  # thousands of check runs: halve the wall time where xdist is there
    run = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=1800)
    assert run.returncode in (0, 1), run.stdout[-3000:]  # 1: the broken modules fail, as they must


@pytest.mark.slow
def test_stdlib_passes_every_check_it_met(reports):
    for out in reports.stdlib_dirs:
        report = reports("stdlib", out)
        bad = {name: r["status"] for name, r in report["functions"].items() if r["status"] in BAD}
        assert not bad, bad
        assert report["summary"]["checks"].get("pass", 0) > 10


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

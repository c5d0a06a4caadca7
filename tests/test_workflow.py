"""The GitHub Actions workflow, checked where it can be without GitHub: valid against GitHub's
workflow schema, and naming only nox sessions, interpreters and os-conformance options that
exist, so that its first run on GitHub fails for no reason this checkout could have shown."""
import ast
import os
import shlex
import subprocess
import sys

import pytest

from conformance import cli
from tests.helpers import ROOT

yaml = pytest.importorskip("yaml")

WORKFLOW = os.path.join(ROOT, ".github", "workflows", "conformance.yml")


def load_workflow(path=WORKFLOW):
    with open(path) as f:
        return yaml.safe_load(f)


def run_lines(workflow):
    """Every shell line of every `run:` step, in order."""
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in step.get("run", "").splitlines():
                if line.strip():
                    yield line.strip()


def nox_session_names(noxfile=os.path.join(ROOT, "noxfile.py")):
    """The functions noxfile.py decorates with @nox.session: the names `nox -s` accepts."""
    with open(noxfile) as f:
        tree = ast.parse(f.read())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                call = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(call, ast.Attribute) and call.attr == "session":
                    names.add(node.name)
    return names


def noxfile_cpythons(noxfile=os.path.join(ROOT, "noxfile.py")):
    with open(noxfile) as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "CPYTHONS":
            return ast.literal_eval(node.value)
    raise AssertionError("noxfile.py defines no CPYTHONS")


def words_after(line, command):
    """The arguments of `command` on a shell line (after sudo/env wrappers), or None."""
    words = shlex.split(line)
    if command not in words:
        return None
    return words[words.index(command) + 1:]


def problems(workflow):
    """What in the workflow cannot work with this checkout, one sentence each."""
    found = []
    sessions = nox_session_names()
    for line in run_lines(workflow):
        args = words_after(line, "nox")
        if args is not None and "-s" in args:
            for name in args[args.index("-s") + 1:]:
                if name.startswith("-"):
                    break
                if name not in sessions:
                    found.append("nox session %r is not in noxfile.py (%s)" % (name, sorted(sessions)))
        args = words_after(line, "os-conformance")
        if args is not None:
            try:
                cli._parser().parse_args(args)
            except SystemExit:
                found.append("os-conformance refuses the arguments of: %s" % line)
    versions = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/setup-python@"):
                versions.extend(str(step["with"]["python-version"]).split())
    fanned = [v for v in versions if v in noxfile_cpythons()]
    for version in noxfile_cpythons():
        if version not in fanned:
            found.append("CPython %s of noxfile.py is set up by no job" % version)
    if not any(v.startswith("pypy3") for v in versions):
        found.append("no job sets up PyPy, which noxfile.py's conformance session runs")
    uploaded = [step["with"]["name"] for job in workflow["jobs"].values() for step in job["steps"]
                if step.get("uses", "").startswith("actions/upload-artifact@")]
    if not any(name.startswith("reports-") for name in uploaded):
        found.append("no job uploads the per-machine reports the matrix job merges")
    return found


def test_workflow_is_valid_against_githubs_schema():
    """check-jsonschema carries SchemaStore's GitHub workflow schema and reads YAML as GitHub does
    (`on:` is a key, not YAML 1.1's True): no network needed."""
    pytest.importorskip("check_jsonschema")
    proc = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", WORKFLOW], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    assert proc.returncode == 0, proc.stdout


def test_workflow_names_only_what_exists():
    assert problems(load_workflow()) == []


def test_workflow_runs_what_ci_runs():
    """The tests job is .ci/run itself, so the workflow and CI cannot drift apart."""
    lines = [line for line in run_lines(load_workflow()) if ".ci/run" in line]
    assert lines, "no job runs .ci/run"


@pytest.mark.parametrize("mutation, complaint", [
    (lambda w: w["jobs"]["suite"]["steps"][-2].update(run='sudo -E env "PATH=$PATH" nox -s conformance pyfakefss'),
     "nox session 'pyfakefss'"),
    (lambda w: w["jobs"]["matrix"]["steps"][-2].update(run="os-conformance matrix machines/*/*.json --outdir m"),
     "os-conformance refuses"),
    (lambda w: w["jobs"]["suite"]["steps"][1]["with"].update({"python-version": "3.9\n3.10\n"}),
     "CPython 3.8 of noxfile.py"),
    (lambda w: w["jobs"]["suite"]["steps"][1]["with"].update({"python-version": "3.8 3.9 3.10 3.11 3.12 3.13"}),
     "no job sets up PyPy"),
])
def test_problems_are_found_in_a_broken_workflow(mutation, complaint):
    workflow = load_workflow()
    mutation(workflow)
    assert any(complaint in p for p in problems(workflow)), problems(workflow)

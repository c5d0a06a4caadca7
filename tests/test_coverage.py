"""`os-conformance run --coverage`: branch coverage of reference/ reached by the suite, counted
inside the forked, confined children where the checks run."""
import ast
import json
import os

import pytest

from conformance import refcoverage
from tests import helpers

pytest.importorskip("coverage")

SELECTION = "test_pread_reads_the_bytes_at_offset or test_pread_returns_bytes"
# waitpid runs in a process the check forks from its own forked child (conformance/children.py).
GRANDCHILD = "test_waitpid_options_zero_blocks_until_exit"


def _body_lines(path, function):
    """The line of each statement in `function`'s body (its docstring left out)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            body = node.body
            if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]
            return [stmt.lineno for stmt in body]
    raise AssertionError("no function %s in %s" % (function, path))


def _file_entry(raw, suffix):
    matches = [v for k, v in raw["files"].items() if k.replace(os.sep, "/").endswith(suffix)]
    assert len(matches) == 1, sorted(raw["files"])
    return matches[0]


def _check(out, grandchild=False):
    report = helpers.report(out, "reference")
    assert report["isolation"]["forked"]  # the checks ran in forked children
    cov = report["coverage"]
    assert cov["tool"].startswith("coverage.py ") and cov["branch"] is True and cov["package"] == "reference"
    assert 0 < cov["percent"] < 100
    assert cov["statements"]["total"] > cov["statements"]["covered"] > 0
    assert cov["branches"]["total"] > 0
    assert cov["html"] == "coverage/index.html" and (out / "coverage" / "index.html").is_file()
    # Module-level code counts: measurement started before the package was imported.
    assert cov["modules"]["reference"]["percent"] > 50
    with open(str(out / "coverage" / "coverage.json"), encoding="utf-8") as f:
        raw = json.load(f)
    fd_ops = _file_entry(raw, "reference/fd_operations/basic_io.py")
    path = os.path.join(helpers.ROOT, "reference", "fd_operations", "basic_io.py")
    executed = set(fd_ops["executed_lines"])
    # pread's body runs only when a check calls it, in the check's forked child (the harness never
    # calls the reference): counted. write's body no selected check calls: not counted.
    assert _body_lines(path, "pread")[0] in executed
    assert not set(_body_lines(path, "write")) & executed
    assert not [n for n in os.listdir(str(out / "coverage")) if n.startswith(".coverage")]
    if grandchild:
        waits = _file_entry(raw, "reference/process_management/waiting.py")
        path = os.path.join(helpers.ROOT, "reference", "process_management", "waiting.py")
        assert _body_lines(path, "waitpid")[0] in set(waits["executed_lines"])
    # The section is in the schema and in the renderings.
    import jsonschema
    with open(os.path.join(os.path.dirname(refcoverage.__file__), "report", "report.schema.json")) as f:
        jsonschema.validate(report, json.load(f))
    with open(str(out / (os.path.basename(_report_path(out))[:-len(".json")] + ".md")), encoding="utf-8") as f:
        assert "## Coverage of `reference/`" in f.read()
    return cov


def _report_path(out):
    return [os.path.join(str(out), n) for n in os.listdir(str(out))
            if n.startswith("reference-") and n.endswith(".json")][0]


def test_coverage_counts_lines_run_only_in_forked_children(tmp_path):
    out = tmp_path / "reports"
    proc = helpers.cli("run", "--target", "reference", "--coverage", "-k", SELECTION + " or " + GRANDCHILD,
                       "--report-dir", str(out), "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cov = _check(out, grandchild=True)
    assert "coverage of reference/ by the reference checks: %.2f%%" % cov["percent"] in proc.stdout


def test_coverage_under_xdist_combines_the_workers(tmp_path):
    out = tmp_path / "reports"
    proc = helpers.pytest_run(os.path.join(helpers.ROOT, "conformance", "checks", "test_fd_operations_io.py"),
                              "--target", "reference", "--os-coverage", "--os-report-dir", str(out),
                              "-k", SELECTION, "-n", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    _check(out)


def test_coverage_needs_the_reference_target(tmp_path):
    proc = helpers.cli("run", "--target", "stdlib", "--coverage", "--report-dir", str(tmp_path))
    assert proc.returncode == 2
    assert "--coverage measures the reference implementation" in proc.stderr


def test_missing_lines_and_branches_are_listed_compactly():
    statements = [1, 2, 3, 5, 8, 9, 12]
    assert refcoverage.format_missing(statements, [2, 3, 5, 9], [[1, 2], [8, 10], [12, -1]]) == \
        "2-5, 9, 8->10, 12->exit"
    assert refcoverage.format_missing(statements, [], []) == ""


def test_version_guards_count_only_where_they_can_run():
    import re

    from conformance.refcoverage import version_guard_rules

    excluded, partial = version_guard_rules((3, 11))

    def matches(rules, line):
        return any(re.search(rule, line) for rule in rules)

    assert matches(excluded, "    if _VERSION >= (3, 13):") and not matches(partial, "    if _VERSION >= (3, 13):")
    assert matches(excluded, "if _VERSION < (3, 9):  # 3.8 only")
    assert matches(partial, "    elif sys.version_info >= (3, 9):")
    assert not matches(excluded + partial, "if _VERSION >= (3, 12) and pid != -1:")  # not the whole condition
    # The named flags of reference/_version.py: `if FLAG:` holds from the flag's version on.
    excluded, partial = version_guard_rules((3, 11), flags={"NEW_IN_3_12": 12, "NEW_IN_3_9": 9})
    assert matches(excluded, "    if NEW_IN_3_12:") and matches(partial, "if not NEW_IN_3_12:")
    assert matches(partial, "    elif NEW_IN_3_9:") and matches(excluded, "if not NEW_IN_3_9:")
    assert not matches(excluded + partial, "if NEW_IN_3_12 and pid != -1:")  # not the whole condition
    from conformance.refcoverage import version_flags
    flags = version_flags()
    assert flags["BYTES_LIKE_PATHS_REFUSED"] == 12 and len(flags) >= 20

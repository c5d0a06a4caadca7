"""FINDINGS.md from the per-run reports (conformance.report.findings)."""
import glob
import os

import pytest

from conformance import catalogue as catalogue_mod
from conformance.report import files, findings, matrix

from tests.test_matrix import FD, PP, make_report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUOTE = "Read at most *n* bytes from file descriptor *fd* at a position of *offset*"


def _fail(report, name, bid, basis="spec", message="AssertionError: read 3 bytes, not 2\nassert 3 == 2",
          example="test_pread(\n    n=2,\n    offset=1,\n)", departure=None, quote=QUOTE, finding=None):
    fn = report["functions"][name]
    fn["status"] = "fail"
    fn["behaviours"][bid] = {"status": "fail", "claim": "pread reads at most n bytes", "basis": basis,
                             "checks": ["conformance/checks/test_x.py::test_pread[stdlib-pread]"],
                             "oracles": ["spec"], "verdict": "fail"}
    fn["failures"].append({"check": "conformance/checks/test_x.py::test_pread[stdlib-pread]",
                           "behaviours": [bid], "status": "fail", "message": message,
                           "falsifying_example": example, "oracle": "spec", "quote": quote,
                           "distinct": [], "departure": departure, "relied_on": None})
    if finding:
        fn["finding"].append({"behaviour": bid, "kind": finding, "note": "the text is wrong here"})
    return report


def _pass(report, name, bid, basis="spec"):
    report["functions"][name]["behaviours"][bid] = {
        "status": "pass", "claim": "pread reads at most n bytes", "basis": basis, "checks": [],
        "oracles": ["spec"], "verdict": "pass"}
    return report


def synthetic():
    names = [("pread", FD, "pass"), ("getcwd", PP, "pass")]
    pypy = _fail(make_report("stdlib", "pypy", "3.9.16", names), "pread", "pread.at-most-n")
    pypy["target"]["kind"] = "stdlib"
    ref = make_report("reference", "cpython", "3.8.18", names)
    old = _pass(make_report("stdlib", "cpython", "3.8.18", names), "pread", "pread.at-most-n")
    new = _fail(make_report("stdlib", "cpython", "3.12.1", names), "pread", "pread.at-most-n",
                basis="cpython", departure={"class": "changed-in-3.12", "own_version": True}, quote=None,
                message="AssertionError: CPython 3.8 (recorded) raises; the target returns -1 - as "
                        "CPython 3.12 does (recorded): changed-in-3.12")
    fake = _fail(make_report("pyfakefs", "cpython", "3.13.0", names), "getcwd", "getcwd.returns-str",
                 quote="Return a string representing the current working directory.",
                 finding="documentation-error", example=None)
    for r in (old, new):
        r["target"]["kind"] = "stdlib"
    return [fake, ref, old, new, pypy]


@pytest.fixture(scope="module")
def text():
    return findings.render_findings(synthetic(), catalogue=None)


def test_failing_behaviour_has_id_sentence_class_and_rerun_command(text):
    pypy = text[text.index("PyPy 3.9: its own os"):]
    assert "**`pread.at-most-n`** · spec · implementation-bug" in pypy
    assert "\u201c" + QUOTE + "\u201d" in pypy
    assert "claim: pread reads at most n bytes" in pypy
    # One line, without the AssertionError: prefix; the falsifying example on one line.
    assert "failed: `read 3 bytes, not 2`" in pypy
    assert "example: `test_pread(n=2, offset=1)`" in pypy
    assert "Rerun a behaviour's checks with `os-conformance run --target stdlib --behaviour ID`" in pypy
    assert "pypy-divergences.md" in pypy


def test_cpython_drift_has_the_departure_class_and_verdicts(text):
    drift = text[text.index("## CPython version drift"):text.index("## pyfakefs: its fake os")]
    assert "**`pread.at-most-n`** · cpython · changed-in-3.12 · 3.8 pass, 3.12 fail" in drift
    assert "`os-conformance run --target stdlib --behaviour ID`, the behaviour's id for `ID`, under a CPython that fails it" in drift


def test_catalogue_finding_gives_the_class_and_a_check_stands_in_for_an_example(text):
    fake = text[text.index("## pyfakefs: its fake os"):text.index("## PyPy")]
    assert "**`getcwd.returns-str`** · spec · documentation-error" in fake
    assert "finding: the text is wrong here" in fake
    assert "check: `conformance/checks/test_x.py::test_pread[stdlib-pread]`" in fake
    assert "`os-conformance run --target pyfakefs --behaviour ID`" in fake


def test_a_column_without_failures_is_listed_as_none(text):
    summary = text[text.index("## Summary"):text.index("## CPython version drift")]
    assert "| reference · CPython 3.8 | none | 0 | 0 | 0 | 0 |" in summary
    assert "| stdlib · CPython 3.12 | 1 | 0 | 1 | 0 | 1 |" in summary
    assert "No failing behaviour: reference · CPython 3.8, stdlib · CPython 3.8." in summary
    assert "reference under" not in text  # no section for a column that fails nothing


def test_recurring_texts_are_shown_once_under_a_key():
    reports = synthetic()
    # The pypy report gets a second behaviour with the same sentence.
    _fail(reports[-1], "getcwd", "getcwd.other", quote=QUOTE)
    text = findings.render_findings(reports, catalogue=None)
    assert text.count(QUOTE) == 1
    assert text.count("documented: **Q1**") == 2
    assert "- **Q1** (documented): " + QUOTE in text


def test_the_page_is_cut_to_its_budget():
    reports = synthetic()
    long = "x " * 2000
    _fail(reports[0], "pread", "pread.long", message=long, example=long)
    wide = findings.render_findings(reports, catalogue=None, budget=10 ** 9)
    narrow = findings.render_findings(reports, catalogue=None, budget=len(wide.encode()) - 100)
    assert len(narrow) < len(wide)


def test_write_findings_links_the_docs_relative_to_where_it_lands(tmp_path):
    path = findings.write_findings(synthetic(), str(tmp_path / "FINDINGS.md"))
    with open(path, encoding="utf-8") as f:
        assert "](../docs/pypy-divergences.md)" in f.read()  # outside the checkout: as from reports/


def test_published_reports_render():
    paths = sorted(glob.glob(os.path.join(ROOT, "reports", "runs", "*.json")))
    if not paths:
        pytest.skip("no published reports")
    reports = matrix.load_reports(paths)
    text = findings.render_findings(reports, catalogue=catalogue_mod.load())
    # 20 columns, four of them Pyodide's and two pyfakefs' (one section each, each behaviour
    # once; rerun commands once per section): over the 150 KB budget, texts cut to half; the bound keeps it from growing
    # unnoticed.
    assert len(text.encode("utf-8")) < 200000
    for r in reports:
        assert "`%s`" % files.report_basename(r) in text
    assert "## CPython version drift" in text
    assert "| reference · CPython 3.8 | none |" in text
    commit = (reports[0]["provenance"]["suite"] or {}).get("commit")
    if commit:
        assert commit in text


def test_a_pyodide_rerun_names_the_release_and_file_system():
    report = {"interpreter": {"implementation": "pyodide", "version": "0.28.3", "variant": "nodefs"},
              "target": {"spec": "stdlib", "label": "stdlib"}}
    assert findings.rerun_command(report, "dup.returns-new-fd") == (
        "os-conformance run --interpreter pyodide@0.28.3 --fs nodefs --target stdlib --behaviour dup.returns-new-fd")


def test_pyfakefs_releases_share_one_section_with_each_behaviour_once():
    reports = synthetic()
    older = _fail(make_report("pyfakefs", "cpython", "3.13.0", [("pread", FD, "pass"), ("getcwd", PP, "pass")]),
                  "getcwd", "getcwd.returns-str", quote="Return a string representing the current working directory.",
                  example=None)
    _fail(older, "pread", "pread.only-old", example=None)
    older["target"]["label"] = "pyfakefs-5.10.2"
    reports[0]["target"]["label"] = "pyfakefs-6.3.2"
    text = findings.render_findings(reports + [older], catalogue=None)
    assert text.count("## pyfakefs: its fake os, by release (2 behaviours)") == 1
    assert "pyfakefs-6.3.2 under" not in text and "pyfakefs-5.10.2 under" not in text
    assert text.count("**`getcwd.returns-str`**") == 1
    assert "5.10.2 fail, 6.3.2 fail" in text  # the older release's column first
    assert "5.10.2 fail, 6.3.2 —" in text  # not in the newer release's report: not checked there
    assert text.count("| [below](#pyfakefs) |") == 2

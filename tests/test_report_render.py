"""Report schema, Markdown/HTML rendering and atomic writes (conformance.report)."""
import json
import os
import re

import jsonschema
import pytest

from conformance.report import files, render

SCHEMA_PATH = os.path.join(os.path.dirname(files.__file__), "report.schema.json")
MESSAGE = "AssertionError: st_mode 1 < 2 | expected <dir>\nsecond line"
EXAMPLE = "test_mkdir_mode(\n    mode=0o1777,\n)"


def fn(section, status, counts, failures=(), skips=(), finding=(), behaviours=(1, 2)):
    return {"section": section, "kind": "function", "status": status, "counts": counts,
            "behaviours_checked": behaviours[0], "behaviours_applicable": behaviours[1],
            "bases": {"spec": {"applicable": behaviours[1], "checked": behaviours[0], "pass": behaviours[0], "fail": 0}},
            "behaviours": {}, "failures": list(failures), "skips": list(skips),
            "finding": list(finding)}


def make_report(partial=False, label="stdlib", implementation="cpython", version="3.11.7"):
    pp, fd = "Process Parameters", "Files and Directories"
    # Files and Directories first: the renderers must put sections back in spec order.
    functions = {
        "mkdir": fn(fd, "fail", {"pass": 2, "fail": 1}, failures=[{
            "check": "tests/checks/test_files.py::test_mkdir_mode", "status": "fail",
            "behaviours": ["mkdir.mode-masked", "mkdir.creates"], "message": MESSAGE,
            "falsifying_example": EXAMPLE, "distinct": [], "departure": None, "oracle": "spec",
            "quote": "The mode is masked by the umask."}]),
        "rmdir": fn(fd, "pass", {"pass": 3}, behaviours=(1, 6)),
        "chmod": fn(fd, "error", {"error": 1}, failures=[{
            "check": "tests/checks/test_files.py::test_chmod", "status": "error",
            "behaviours": ["chmod.sets-mode"], "message": "fixture leaked fd 7",
            "falsifying_example": None, "distinct": [], "departure": None, "oracle": "reference", "quote": None}]),
        "getcwd": fn(pp, "pass", {"pass": 1}, finding=[{
            "behaviour": "getcwd.returns-str", "kind": "documentation-vague", "note": "n"}]),
        "getpid": fn(pp, "skip", {"skip": 1}, skips=[{
            "check": "tests/checks/test_proc.py::test_getpid", "status": "skip",
            "reason": "no pid namespace"}]),
        "getlogin": fn(pp, "unchecked", {}),
    }
    names, checks, sections = {}, {}, {}
    for f in functions.values():
        names[f["status"]] = names.get(f["status"], 0) + 1
        sec = sections.setdefault(f["section"], {})
        sec[f["status"]] = sec.get(f["status"], 0) + 1
        for s, n in f["counts"].items():
            checks[s] = checks.get(s, 0) + n
    return {
        "schema_version": "2.0", "partial": partial, "generated": "2024-05-01T12:00:00Z",
        "profile": "quick",
        "target": {"spec": label.replace("-", ":", 1), "label": label,
                   "kind": label.split("-")[0], "module": "os"},
        "interpreter": {"implementation": implementation, "version": version,
                        "executable": "/usr/bin/python3", "full": version + " (main)"},
        "platform": {"system": "Linux", "release": "6.1.0", "machine": "x86_64",
                     "libc": "glibc 2.36"},
        "provenance": {"suite": {"commit": "0" * 40, "dirty": False}, "profile": "quick",
                       "seed": "random", "selection": {"k": "mkdir"}, "strict": False,
                       "tools": {"pytest": "8", "hypothesis": "6", "pluggy": "1", "python": version}},
        "catalogue": {"names": 6, "behaviours": 9},
        "summary": {"names": names, "checks": checks, "oracles": {"spec": 6, "reference": 1},
                    "bases": {"spec": {"applicable": 8, "checked": 5, "pass": 3, "fail": 2}},
                    "behaviours": {"applicable": 8, "checked": 5},
                    "unchecked_behaviours": ["getlogin.returns-name"]},
        "sections": sections, "functions": functions,
    }


@pytest.fixture(scope="module")
def validator():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


# --- schema ---------------------------------------------------------------------------------

@pytest.mark.parametrize("partial", [False, True])
def test_sample_reports_are_valid(validator, partial):
    validator.validate(make_report(partial=partial))


def test_schema_allows_new_top_level_keys(validator):
    report = make_report()
    report["added_in_2_1"] = {"anything": 1}
    report["schema_version"] = "2.1"
    validator.validate(report)


def _break(report, how):
    if how == "missing-top-key":
        del report["summary"]
    elif how == "unknown-name-status":
        report["functions"]["rmdir"]["status"] = "passed"
    elif how == "unknown-count-status":
        report["summary"]["checks"]["ok"] = 1
    elif how == "negative-count":
        report["sections"]["Files and Directories"]["pass"] = -1
    elif how == "pass-as-failure":
        report["functions"]["mkdir"]["failures"][0]["status"] = "pass"
    elif how == "missing-falsifying-example":
        del report["functions"]["mkdir"]["failures"][0]["falsifying_example"]
    elif how == "major-version-1":
        report["schema_version"] = "1.0"
    elif how == "baseline-as-failure":
        report["functions"]["mkdir"]["failures"][0]["status"] = "baseline"
    elif how == "unknown-oracle":
        report["functions"]["mkdir"]["failures"][0]["oracle"] = "the target"
    elif how == "bad-profile":
        report["profile"] = "fast"
    elif how == "bad-target-kind":
        report["target"]["kind"] = "fake"
    elif how == "missing-function-key":
        del report["functions"]["getpid"]["skips"]
    elif how == "partial-not-bool":
        report["partial"] = "no"
    elif how == "missing-behaviour-counts":
        del report["functions"]["rmdir"]["behaviours_checked"]
    elif how == "missing-summary-behaviours":
        del report["summary"]["behaviours"]
    elif how == "bad-finding-kind":
        report["functions"]["getcwd"]["finding"][0]["kind"] = "bug"
    return report


@pytest.mark.parametrize("how", [
    "missing-top-key", "unknown-name-status", "unknown-count-status", "negative-count",
    "pass-as-failure", "missing-falsifying-example", "major-version-1", "baseline-as-failure",
    "unknown-oracle", "bad-profile",
    "bad-target-kind", "missing-function-key", "partial-not-bool", "bad-finding-kind",
    "missing-behaviour-counts", "missing-summary-behaviours"])
def test_schema_rejects(validator, how):
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(_break(make_report(), how))


# --- file names and atomic writes -----------------------------------------------------------

def test_report_basename():
    assert files.report_basename(make_report()) == "stdlib-cpython-3.11.7"
    assert (files.report_basename(make_report(label="module-mypkg.myos", implementation="pypy",
                                              version="3.9.16"))
            == "module-mypkg.myos-pypy-3.9.16")


def test_report_basename_refuses_path_separators():
    with pytest.raises(ValueError):
        files.report_basename(make_report(label="../etc"))


def test_write_json_atomic_replaces_and_leaves_no_temp(tmp_path):
    path = tmp_path / "r.json"
    path.write_text("old content that is longer than the new one " * 20)
    files.write_json_atomic(str(path), {"a": [1, "é"]})
    assert json.loads(path.read_text(encoding="utf-8")) == {"a": [1, "é"]}
    assert os.listdir(str(tmp_path)) == ["r.json"]


def test_write_text_atomic_creates_and_leaves_no_temp(tmp_path):
    path = tmp_path / "r.md"
    files.write_text_atomic(str(path), "# hello\n")
    assert path.read_text(encoding="utf-8") == "# hello\n"
    assert os.listdir(str(tmp_path)) == ["r.md"]


def test_failed_rename_keeps_old_file_and_removes_temp(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    path.write_text("old")

    def boom(src, dst):
        raise OSError("disk on fire")
    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        files.write_json_atomic(str(path), {"new": True})
    assert path.read_text() == "old"
    assert os.listdir(str(tmp_path)) == ["r.json"]


def test_write_reports(tmp_path, validator):
    report = make_report()
    out = tmp_path / "reports"
    paths = render.write_reports(report, str(out))
    assert [os.path.basename(p) for p in paths] == [
        "stdlib-cpython-3.11.7.json", "stdlib-cpython-3.11.7.md", "stdlib-cpython-3.11.7.html"]
    assert sorted(os.listdir(str(out))) == sorted(os.path.basename(p) for p in paths)
    with open(paths[0], encoding="utf-8") as f:
        loaded = json.load(f)
    assert loaded == report
    assert list(loaded["functions"]) == list(report["functions"])  # order kept, not sorted
    validator.validate(loaded)
    with open(paths[1], encoding="utf-8") as f:
        assert f.read() == render.render_markdown(report)
    with open(paths[2], encoding="utf-8") as f:
        assert f.read() == render.render_html(report)


# --- Markdown -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def md():
    return render.render_markdown(make_report())


def test_markdown_title_names_target_and_interpreter(md):
    assert md.splitlines()[0] == "# os conformance: stdlib on cpython 3.11.7"


def test_markdown_behaviour_coverage(md):
    assert "5 of the 8 applicable here checked" in md


def test_markdown_partial_warning_only_when_partial(md):
    assert "partial report" not in md.lower()
    assert "partial report" in render.render_markdown(make_report(partial=True)).lower()


def test_markdown_summary_counts(md):
    # names: pass 2 (rmdir, getcwd); checks: pass 2+3+1 = 6
    assert "| pass | 2 | 6 |" in md
    assert "| fail | 1 | 1 |" in md
    assert "| unchecked | 1 | 0 |" in md


def test_markdown_summary_lists_statuses_seen_only_in_checks():
    report = make_report()
    report["summary"]["checks"]["unavailable"] = 4
    assert "| unavailable | 0 | 4 |" in render.render_markdown(report)


def test_markdown_section_table_in_spec_order(md):
    assert "| section | pass | fail | error | skip | unchecked |" in md
    assert "| Process Parameters | 1 | 0 | 0 | 1 | 1 |" in md
    assert "| Files and Directories | 1 | 1 | 1 | 0 | 0 |" in md
    assert md.index("## Process Parameters") < md.index("## Files and Directories")


def test_markdown_name_tables(md):
    # the first line of the message, with `|` escaped so the table survives
    assert ("| `mkdir` | fail | 2/3 | 1/2 | `AssertionError: st_mode 1 < 2 \\| expected <dir>` |"
            in md)
    assert "| `rmdir` | pass | 3/3 | 1/6 |  |" in md  # a thin pass
    assert "| `getlogin` | unchecked | 0/0 | 1/2 |  |" in md
    part = md[md.index("## Files and Directories"):md.index("## Failures")]
    assert part.index("`mkdir`") < part.index("`rmdir`") < part.index("`chmod`")


def test_markdown_name_table_shows_the_first_failure():
    report = make_report()
    failures = report["functions"]["mkdir"]["failures"]
    failures.append(dict(failures[0], message="the second failure"))
    md = render.render_markdown(report)
    assert "| `mkdir` | fail | 2/3 | 1/2 | `AssertionError: st_mode" in md


def test_markdown_failures_section(md):
    failures = md[md.index("## Failures"):]
    assert "**fail** `tests/checks/test_files.py::test_mkdir_mode`" in failures
    assert "`mkdir.mode-masked`, `mkdir.creates`" in failures
    assert "second line" in failures  # the whole message, not only the first line
    assert "```python\n  test_mkdir_mode(\n      mode=0o1777,\n  )\n  ```" in failures
    assert "**error** `tests/checks/test_files.py::test_chmod`" in failures
    assert failures.count("Falsifying example") == 1  # chmod has none
    assert "rmdir" not in failures
    # Each failure says what judged it, and quotes the sentence it contradicts where one exists.
    assert "judged against: spec\n\n  > The mode is masked by the umask." in failures
    assert "judged against: reference\n" in failures


def test_markdown_shows_behaviours_by_basis_and_provenance(md):
    assert "| spec | a sentence of the 3.8 documentation | 8 | 5 | 3 | 2 |" in md
    assert "Verdicts by oracle (checks): spec 6, reference 1." in md
    assert "Suite: " + "0" * 40 + "; pytest 8" in md and "selection `k=mkdir`" in md


def test_markdown_fence_survives_backticks():
    report = make_report()
    report["functions"]["mkdir"]["failures"][0]["message"] = "bad ```code``` here"
    md = render.render_markdown(report)
    assert "````text\n  bad ```code``` here\n  ````" in md


# --- HTML -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html():
    return render.render_html(make_report())


def test_html_escapes_messages(html):
    assert "st_mode 1 &lt; 2 | expected &lt;dir&gt;" in html
    assert "<dir>" not in html


def test_html_content(html):
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>os conformance: stdlib on cpython 3.11.7</title>" in html
    assert ('<tr><td><code>mkdir</code></td><td><span class="st st-fail">fail</span></td>'
            '<td class="n">2/3</td><td class="n">1/2</td>' in html)
    assert "5 of the 8 applicable here checked" in html
    assert re.search(r"\.st-fail\b[^{]*\{[^}]*background", html)  # status colours, inline CSS
    assert html.count("<details>") == 2 and "<summary>" in html
    assert "<code>mkdir.mode-masked</code>, <code>mkdir.creates</code>" in html
    assert "<pre>test_mkdir_mode(\n    mode=0o1777,\n)</pre>" in html
    assert html.count("<table>") == 3 + 2  # bases, summary, sections, one per section
    assert "<blockquote>The mode is masked by the umask.</blockquote>" in html
    assert "<p>Judged against: reference</p>" in html
    assert html.index(">Process Parameters</h2>") < html.index(">Files and Directories</h2>")
    assert "<script" not in html


def test_html_partial_warning_only_when_partial(html):
    assert "partial report" not in html.lower()
    assert "partial report" in render.render_html(make_report(partial=True)).lower()

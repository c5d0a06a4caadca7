"""The matrix across reports, and loading report files (conformance.report.matrix)."""
import json
import os
import re

import jsonschema
import pytest

from conformance.report import files, matrix

SCHEMA_PATH = os.path.join(os.path.dirname(matrix.__file__), "matrix.schema.json")
PP, FD = "Process Parameters", "Files and Directories"


def make_report(label, implementation, version, statuses, partial=False):
    """A minimal valid report; `statuses` is [(name, section, status)] in report order."""
    functions, names = {}, {}
    for name, section, status in statuses:
        functions[name] = {"section": section, "kind": "function", "status": status,
                           "behaviours_applicable": 1, "behaviours_checked": 0, "bases": {}, "counts": {},
                           "behaviours": {}, "failures": [], "skips": [],
                           "finding": []}
        names[status] = names.get(status, 0) + 1
    return {
        "schema_version": "2.0", "partial": partial, "generated": "2024-05-01T12:00:00Z",
        "profile": "ci",
        "target": {"spec": label, "label": label, "kind": label, "module": "os"},
        "interpreter": {"implementation": implementation, "version": version,
                        "executable": "/x", "full": version},
        "platform": {"system": "Linux", "release": "6", "machine": "x86_64", "libc": ""},
        "provenance": {"suite": {"commit": None, "dirty": None}, "profile": "ci", "seed": "derandomized",
                       "tools": {"pytest": None, "hypothesis": None, "pluggy": None, "python": version},
                       "selection": {}, "strict": False},
        "catalogue": {"names": len(functions), "behaviours": 0},
        "summary": {"names": names, "checks": {}, "oracles": {}, "bases": {},
                    "behaviours": {"applicable": 0, "checked": 0}, "unchecked_behaviours": []},
        "sections": {}, "functions": functions,
    }


def reports():
    # Given in an order that is neither the column order nor the spec's section order.
    return [
        make_report("stdlib", "pypy", "3.9.16",
                    [("mkdir", FD, "pass"), ("getcwd", PP, "fail")], partial=True),
        make_report("stdlib", "cpython", "3.11.7",
                    [("rmdir", FD, "pass"), ("mkdir", FD, "pass"), ("getcwd", PP, "pass")]),
        make_report("reference", "cpython", "3.11.7",
                    [("mkdir", FD, "crash"), ("getpid", PP, "unchecked"),
                     ("Weird<name>", "Not a spec section", "skip")]),
        make_report("stdlib", "cpython", "3.9.18",
                    [("mkdir", FD, "timeout"), ("getcwd", PP, "pass")]),
    ]


@pytest.fixture(scope="module")
def m():
    return matrix.build_matrix(reports())


def test_matrix_is_valid(m):
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(m)
    assert m["schema_version"] == matrix.SCHEMA_VERSION


def test_matrix_schema_rejects_unknown_status(m):
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    bad = json.loads(json.dumps(m))
    bad["rows"]["mkdir"]["stdlib-pypy-3.9.16"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_columns_ordered_by_target_then_interpreter(m):
    # 3.9.18 before 3.11.7: versions compare as numbers, not strings
    assert [c["id"] for c in m["columns"]] == [
        "reference-cpython-3.11.7", "stdlib-cpython-3.9.18", "stdlib-cpython-3.11.7",
        "stdlib-pypy-3.9.16"]
    first = m["columns"][0]
    assert first["target"] == "reference" and first["interpreter"] == "cpython-3.11.7"
    assert [c["partial"] for c in m["columns"]] == [False, False, False, True]
    assert first["generated"] == "2024-05-01T12:00:00Z"


def test_column_counts(m):
    counts = {c["id"]: c["counts"] for c in m["columns"]}
    assert counts["stdlib-cpython-3.11.7"] == {"pass": 3}
    assert counts["stdlib-pypy-3.9.16"] == {"pass": 1, "fail": 1}
    assert counts["reference-cpython-3.11.7"] == {"crash": 1, "skip": 1, "unchecked": 1}


def test_sections_in_spec_order_then_names_in_first_report_order(m):
    assert list(m["sections"]) == [PP, FD, "Not a spec section"]
    # getcwd first (first report), getpid only in the third report
    assert m["sections"][PP] == ["getcwd", "getpid"]
    # mkdir from the first report; rmdir is first in the second but mkdir was already placed
    assert m["sections"][FD] == ["mkdir", "rmdir"]


def test_rows_hold_each_columns_status(m):
    assert m["rows"]["mkdir"] == {
        "stdlib-pypy-3.9.16": "pass", "stdlib-cpython-3.11.7": "pass",
        "reference-cpython-3.11.7": "crash", "stdlib-cpython-3.9.18": "timeout"}
    assert m["rows"]["rmdir"] == {"stdlib-cpython-3.11.7": "pass"}  # absent elsewhere
    assert set(m["rows"]) == {"mkdir", "rmdir", "getcwd", "getpid", "Weird<name>"}


def test_duplicate_column_is_refused():
    r = make_report("stdlib", "cpython", "3.11.7", [("mkdir", FD, "pass")])
    with pytest.raises(ValueError, match="stdlib-cpython-3.11.7"):
        matrix.build_matrix([r, json.loads(json.dumps(r))])


def test_one_target_and_interpreter_on_two_machines_are_two_columns():
    """A CI fan-out over Linux x86_64 and arm64 (and macOS) merges into one matrix: the reports
    say their platform, and the columns are told apart by it."""
    x86 = make_report("stdlib", "cpython", "3.12.1", [("mkdir", FD, "pass")])
    arm = json.loads(json.dumps(x86))
    arm["platform"]["machine"] = "aarch64"
    arm["functions"]["mkdir"]["status"] = "fail"
    m = matrix.build_matrix([x86, arm])
    assert m["rows"]["mkdir"] == {"stdlib-cpython-3.12.1@linux-x86_64": "pass",
                                  "stdlib-cpython-3.12.1@linux-aarch64": "fail"}
    assert sorted(c["platform"] for c in m["columns"]) == ["linux-aarch64", "linux-x86_64"]
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        jsonschema.Draft7Validator(json.load(f)).validate(m)


def test_pyodide_columns_are_labelled_by_release_cpython_and_file_system():
    reports = []
    for release, cpython in (("0.26.4", "3.12.1"), ("0.28.3", "3.13.2")):
        for fs in ("memfs", "nodefs"):
            r = make_report("stdlib", "pyodide", release, [("mkdir", FD, "pass")])
            r["interpreter"].update(variant=fs, cpython=cpython, filesystem=fs.upper())
            reports.append(r)
    m = matrix.build_matrix(reports + [make_report("stdlib", "cpython", "3.12.1", [("mkdir", FD, "pass")])])
    ids = [c["id"] for c in m["columns"]]
    assert "stdlib-pyodide-0.28.3-nodefs" in ids and "stdlib-cpython-3.12.1" in ids
    labels = {l["key"]: l for l in matrix._labels(m["columns"])}
    texts = sorted(l["label"] for l in labels.values())
    assert "stdlib \u00b7 Pyodide 0.28.3 NODEFS (CPython 3.13.2)" in texts
    keys = [l["mark_key"] for l in labels.values()]
    assert len(set(keys)) == len(keys) and {"m", "n", "M", "N", "2"} == set(keys)
    # Pyodide's columns are not CPython's: they stay out of the CPython drift table.
    assert all("pyodide" not in v for d in m["drift"] for v in d.get("verdicts", {}))


def test_matrix_markdown(m):
    md = matrix.render_matrix_markdown(m)
    assert md.startswith("# os conformance matrix: 4 reports\n")
    # Columns named by target and interpreter, with the key their marks go by.
    assert "| stdlib \u00b7 PyPy 3.9 *(partial)* | `p` | ci | the whole suite |" in md
    # One mark per column, grouped by target (reference | stdlib 3.9, 3.11, PyPy), then the name.
    assert "reference stdlib\n1         91p\n" in md
    assert "C         T..    mkdir\n" in md
    assert "_         _._    rmdir\n" in md  # absent in three columns
    assert "`X` fail," in md and "`_` absent." in md
    assert md.index("### Process Parameters") < md.index("### Files and Directories")


def test_matrix_markdown_lists_differences_only():
    agreeing = [make_report("stdlib", "cpython", v, [("mkdir", FD, "pass"), ("rmdir", FD, "fail")])
                for v in ("3.8.18", "3.9.18")]
    agreeing[1]["functions"]["rmdir"]["status"] = "pass"
    md = matrix.render_matrix_markdown(matrix.build_matrix(agreeing))
    assert "the 1 of 2 names whose columns do not all" in md
    assert re.search(r"^X\. +rmdir$", md, re.M) and "mkdir" not in md


def test_matrix_html(m):
    html = matrix.render_matrix_html(m)
    assert html.startswith("<!DOCTYPE html>")
    assert "<th>Weird&lt;name&gt;</th>" in html and "Weird<name>" not in html
    # Compact cells: a mark and a status class; the script adds the titles.
    assert ('<tr data-s="1" data-n="mkdir"><th>mkdir</th><td class=c>C<td class=t>T'
            '<td class=p>\u2713<td class=p>\u2713</tr>' in html)
    assert "<b>stdlib</b><br>PyPy 3.9</th>" in html
    assert "<td>pypy-3.9.16 <em>(partial)</em></td>" in html
    assert html.count('<tr class="sec">') == 3  # one per section, in one table


def test_write_matrix(tmp_path, m):
    paths = matrix.write_matrix(m, str(tmp_path / "out"))
    assert sorted(os.listdir(str(tmp_path / "out"))) == ["matrix.html", "matrix.json",
                                                         "matrix.md"]
    with open(paths[0], encoding="utf-8") as f:
        assert json.load(f) == m
    with open(paths[1], encoding="utf-8") as f:
        assert f.read() == matrix.render_matrix_markdown(m)
        assert "FINDINGS.md" not in matrix.render_matrix_markdown(m)  # no findings page: no link


def test_the_matrix_links_the_findings_page_relative_to_itself(tmp_path, m):
    paths = matrix.write_matrix(m, str(tmp_path / "reports" / "matrix"), str(tmp_path / "reports" / "FINDINGS.md"))
    for path, link in ((paths[1], "](../FINDINGS.md)"), (paths[2], 'href="../FINDINGS.md"')):
        with open(path, encoding="utf-8") as f:
            assert link in f.read(), path


# --- load_reports ---------------------------------------------------------------------------

def test_load_reports_round_trip(tmp_path):
    paths = []
    for r in reports()[:2]:
        path = str(tmp_path / (files.report_basename(r) + ".json"))
        files.write_json_atomic(path, r)
        paths.append(path)
    assert matrix.load_reports(paths) == reports()[:2]


def test_load_reports_accepts_newer_minor_version(tmp_path):
    r = reports()[0]
    r["schema_version"] = "2.7"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(r))
    assert matrix.load_reports([str(path)])[0]["schema_version"] == "2.7"


def _bad(kind):
    if kind == "invalid-json":
        return '{"schema_version": "2.0",\n "partial": '
    if kind == "not-utf8":
        return b"\xff\xfe{}"
    if kind == "not-an-object":
        return "[1, 2]"
    r = reports()[0]
    if kind == "no-version":
        del r["schema_version"]
    elif kind == "major-1":
        r["schema_version"] = "1.0"  # before the honest counts: its "checked" meant something else
    elif kind == "major-0":
        r["schema_version"] = "0.9"
    elif kind == "version-number":
        r["schema_version"] = 2.0
    elif kind == "no-functions":
        del r["functions"]
    elif kind == "string-function":
        r["functions"]["mkdir"] = "pass"
    elif kind == "empty-interpreter":
        r["interpreter"] = {}
    elif kind == "invalid-status":
        r["functions"]["mkdir"]["status"] = "passed"
    elif kind == "invalid-behaviour-status":
        r["functions"]["mkdir"]["behaviours"] = {"mkdir.x": {"status": "ok"}}
    return json.dumps(r)


@pytest.mark.parametrize("kind", ["invalid-json", "not-utf8", "not-an-object", "no-version",
                                  "major-1", "major-0", "version-number", "no-functions",
                                  "string-function", "empty-interpreter", "invalid-status",
                                  "invalid-behaviour-status"])
def test_load_reports_rejects(tmp_path, kind):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(reports()[0]))
    path = tmp_path / "bad.json"
    data = _bad(kind)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    with pytest.raises(ValueError) as info:
        matrix.load_reports([str(good), str(path)])
    message = str(info.value)
    assert str(path) in message and "\n" not in message


def test_load_reports_rejects_unreadable(tmp_path):
    missing = str(tmp_path / "nope.json")
    with pytest.raises(ValueError) as info:
        matrix.load_reports([missing])
    assert missing in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(ValueError, match="cannot read"):
        matrix.load_reports([str(tmp_path)])  # a directory


def _with_behaviour(report, name, bid, verdict, message="", finding=None):
    fn = report["functions"][name]
    fn["behaviours"][bid] = {"status": "fail" if verdict == "fail" else "pass", "claim": None,
                             "basis": "cpython", "checks": ["c"], "oracles": ["cpython-3.8"],
                             "verdict": verdict}
    if verdict == "fail":
        fn["failures"].append({"check": "c", "behaviours": [bid], "status": "fail", "message": message,
                               "falsifying_example": None, "distinct": [], "departure": None, "oracle": "cpython-3.8",
                               "quote": None})
    if finding:
        fn["finding"].append({"behaviour": bid, "kind": finding, "note": "n"})
    return report


def test_drift_lists_each_departure_from_3_8_with_its_class():
    versions = ("3.8.18", "3.9.18", "3.10.13", "3.11.7")
    made = [make_report("stdlib", "cpython", v, [("utime", FD, "pass"), ("stat", FD, "pass"),
                                                 ("chmod", FD, "pass")]) for v in versions]
    for report, version in zip(made, versions):
        late = version not in ("3.8.18", "3.9.18")
        # Sanctioned: the failing check names the recorded version it acts like.
        _with_behaviour(report, "utime", "utime.rejects-non-integer", "fail" if late else "pass",
                        "... as CPython 3.10, 3.11 do (recorded): changed-in-3.10")
        # Fails in 3.9 only: it comes and goes.
        _with_behaviour(report, "stat", "stat.x", "fail" if version == "3.9.18" else "pass")
        # Fails from 3.11 on, no record to cite: a change from 3.11.
        _with_behaviour(report, "chmod", "chmod.y", "fail" if version == "3.11.7" else "pass")
    made.append(_with_behaviour(make_report("reference", "cpython", "3.11.7", [("utime", FD, "fail")]),
                                "utime", "utime.rejects-non-integer", "fail"))
    m = matrix.build_matrix(made)
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        jsonschema.validate(m, json.load(f))
    drift = {d["behaviour"]: d for d in m["drift"]}
    assert drift["utime.rejects-non-integer"]["class"] == "changed-in-3.10"
    assert drift["utime.rejects-non-integer"]["verdicts"] == {"3.8": "pass", "3.9": "pass", "3.10": "fail", "3.11": "fail"}
    assert drift["stat.x"]["class"] == "implementation-bug" and drift["stat.x"]["first_failing"] == "3.9"
    assert drift["chmod.y"]["class"] == "changed-in-3.11"
    md = matrix.render_matrix_markdown(m)
    assert "| `utime.rejects-non-integer` | cpython | changed-in-3.10 | pass | pass | fail | fail |" in md


def test_columns_of_different_selections_are_flagged_as_not_comparable():
    made = reports()[:2]
    made[0]["provenance"]["selection"] = {"k": "pread"}
    m = matrix.build_matrix(made)
    assert not m["comparable"]["same_selection"] and '"k": "pread"' in m["comparable"]["note"]
    assert "Warning:" in matrix.render_matrix_markdown(m)
    assert matrix.build_matrix(reports()[1:3])["comparable"]["same_selection"]

"""A target's CI adopting the suite: selection by the catalogue, JUnit XML, its own expectations
(`run --expect`, `expect --update`), `diff` of two reports, `list`."""
import copy
import json
import xml.etree.ElementTree as ET

import pytest

from conformance import diff, expect
from tests.helpers import cli, report

BROKEN = "module:tests.broken.pread_moves_offset"  # fails pread.offset-unchanged, nothing else


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory):
    """One run of the broken pread with JUnit XML: (process, report directory, report)."""
    out = tmp_path_factory.mktemp("broken")
    # Without the differential sequences: whether their random programs meet the bug varies.
    proc = cli("run", "--target", BROKEN, "--name", "pread", "-k", "not differential_sequences",
               "--report-dir", str(out / "r"), "--junit", str(out / "junit.xml"), "--quiet")
    return proc, out, report(out / "r", "module-tests.broken.pread_moves_offset")


def _report_path(out):
    return str(next((out / "r").glob("*.json")))


# --- selection, JUnit ------------------------------------------------------------------------

def test_name_selects_exactly_that_names_checks(broken_run):
    proc, out, data = broken_run
    assert proc.returncode == 1, proc.stdout + proc.stderr
    fns = data["functions"]
    assert fns["pread"]["status"] == "fail"
    assert fns["pread"]["behaviours"]["pread.offset-unchanged"]["status"] == "fail"
    assert fns["preadv"]["status"] == "unchecked"  # -k pread would have run it
    assert set(fn["status"] for n, fn in fns.items() if n != "pread") == {"unchecked"}


def test_junit_test_cases_carry_behaviour_ids_and_target(broken_run):
    proc, out, data = broken_run
    cases = ET.parse(str(out / "junit.xml")).getroot().iter("testcase")
    props = {}
    for case in cases:
        props[case.get("name")] = [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert len(props) == sum(data["summary"]["checks"].values())
    for pairs in props.values():
        assert ("target", BROKEN) in pairs
        assert any(name == "behaviour" and value.startswith("pread.") for name, value in pairs)
    assert any(("behaviour", "pread.offset-unchanged") in pairs for pairs in props.values())


def test_section_and_behaviour_select_by_the_catalogue(tmp_path):
    proc = cli("run", "--target", "stdlib", "--behaviour", "pread.offset-unchanged",
               "--section", "random-numbers", "--report-dir", str(tmp_path), "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    fns = report(tmp_path, "stdlib")["functions"]
    assert fns["pread"]["behaviours_checked"] == 1
    assert all(fn["status"] != "unchecked" for fn in fns.values() if fn["section"] == "Random numbers")
    assert fns["getpid"]["status"] == "unchecked"


@pytest.mark.parametrize("option, value", [("--name", "prea"), ("--section", "fd_operations"),
                                           ("--behaviour", "pread.nosuch")])
def test_an_unknown_selection_is_a_usage_error(tmp_path, option, value):
    proc = cli("run", option, value, "--report-dir", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("os-conformance: error: %s %s:" % (option, value))


# --- expectations ------------------------------------------------------------------------------

def _write(path, doc):
    path.write_text(json.dumps(doc))
    return str(path)


def test_run_with_the_targets_expectations_passes_the_gate(broken_run, tmp_path):
    expected = _write(tmp_path / "expect.json", {"behaviours": {
        "pread.offset-unchanged": {"status": "fail", "reason": "pread is lseek + read"}}})
    proc = cli("run", "--target", BROKEN, "--name", "pread", "-k", "not differential_sequences",
               "--report-dir", str(tmp_path / "r"), "--expect", expected, "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "expectations met" in proc.stdout


def test_an_expected_failure_that_passes_fails_the_gate(broken_run, tmp_path):
    expected = _write(tmp_path / "expect.json", {"behaviours": {
        "pread.offset-unchanged": {"status": "fail", "reason": "known"},
        "pread.at-most-n": {"status": "fail", "reason": "fixed since, but still listed"}}})
    proc = cli("expect", expected, _report_path(broken_run[1]))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "unexpected pass: pread.at-most-n" in proc.stdout


def test_an_unexpected_failure_fails_the_gate(broken_run, tmp_path):
    expected = _write(tmp_path / "expect.json", {"behaviours": {}})
    proc = cli("expect", expected, _report_path(broken_run[1]))
    assert proc.returncode == 1 and "unexpected fail: pread.offset-unchanged" in proc.stdout, proc.stdout


def test_a_name_entry_covers_its_behaviours():
    data = _synthetic([("pread", "fail", {"pread.a": "fail", "pread.b": "pass"})])
    result = expect.evaluate(data, {"pread": {"status": "fail", "reason": "r"}})
    assert expect.gate_passes(result) and result["matched"] == ["pread"]
    result = expect.evaluate(data, {"pread": {"status": "crash", "reason": "r"}})
    assert result["mismatches"] == [("pread", "crash", "fail")]


def test_expect_update_writes_then_refreshes_the_file(broken_run, tmp_path):
    path = tmp_path / "expect.json"
    rep = _report_path(broken_run[1])
    proc = cli("expect", "--update", str(path), rep)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(path.read_text())
    assert list(doc["behaviours"]) == ["pread.offset-unchanged"]
    assert doc["behaviours"]["pread.offset-unchanged"]["status"] == "fail"
    assert doc["behaviours"]["pread.offset-unchanged"]["reason"].startswith("observed: ")
    assert cli("expect", str(path), rep).returncode == 0
    # A hand-written reason and link are kept; an entry that now passes is dropped.
    doc["behaviours"]["pread.offset-unchanged"].update(reason="lseek + read", link="https://x/1")
    doc["behaviours"]["pread.at-most-n"] = {"status": "fail", "reason": "was broken"}
    path.write_text(json.dumps(doc))
    assert cli("expect", "--update", str(path), rep).returncode == 0
    assert json.loads(path.read_text())["behaviours"] == {
        "pread.offset-unchanged": {"status": "fail", "reason": "lseek + read", "link": "https://x/1"}}


@pytest.mark.parametrize("content, complaint", [
    ("{not json", "not valid JSON"),
    ('{"pread.offset-unchanged": "fail"}', "not an expectations file"),
    ('{"behaviours": {"pread.nosuch": {"status": "fail", "reason": "r"}}}', "neither a name nor a behaviour id"),
    ('{"behaviours": {"pread": {"status": "failed", "reason": "r"}}}', "is not one of"),
    ('{"behaviours": {"pread": {"status": "fail"}}}', "a reason"),
])
def test_a_bad_expectations_file_is_a_one_line_usage_error(tmp_path, content, complaint):
    path = tmp_path / "expect.json"
    path.write_text(content)
    proc = cli("run", "--target", "stdlib", "--name", "pread", "--expect", str(path),
               "--report-dir", str(tmp_path / "r"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert complaint in proc.stderr and str(path) in proc.stderr and len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "r").exists()


def test_the_suites_own_expectations_use_the_same_format():
    from conformance import catalogue
    import os
    path = os.path.join(catalogue.fixtures_dir(), "expectations", "reference.json")
    entries, about = expect.load(path, catalogue.load())
    assert entries and all(e["status"] == "fail" and e["reason"] for e in entries.values())


# --- diff ------------------------------------------------------------------------------------

def _synthetic(rows):
    """A report with `rows` [(name, status, {behaviour id: status})]."""
    functions = {}
    for name, status, behaviours in rows:
        functions[name] = {"section": "File Descriptor Operations", "kind": "function", "status": status,
                           "behaviours": dict((b, {"status": s, "claim": None, "checks": ["c::" + b]})
                                              for b, s in behaviours.items()),
                           "failures": [], "skips": []}
    return {"schema_version": "2.0", "partial": False, "target": {"spec": "stdlib", "label": "stdlib"},
            "interpreter": {"implementation": "cpython", "version": "3.11.7"}, "functions": functions}


OLD = _synthetic([("pread", "pass", {"pread.a": "pass", "pread.b": "pass"}),
                  ("pwrite", "fail", {"pwrite.a": "fail"}),
                  ("read", "pass", {"read.a": "pass"}),
                  ("write", "unchecked", {"write.a": "unchecked"})])


def test_diff_classifies_per_name_and_behaviour():
    new = copy.deepcopy(OLD)
    new["functions"]["pread"]["status"] = "fail"
    new["functions"]["pread"]["behaviours"]["pread.b"]["status"] = "fail"
    new["functions"]["pwrite"]["status"] = "pass"
    new["functions"]["pwrite"]["behaviours"]["pwrite.a"]["status"] = "pass"
    new["functions"]["read"]["status"] = "unchecked"
    new["functions"]["read"]["behaviours"]["read.a"]["status"] = "unchecked"
    new["functions"]["write"]["status"] = "pass"
    new["functions"]["write"]["behaviours"]["write.a"]["status"] = "pass"
    result = diff.compare(OLD, new)
    names = dict((cls, [r["name"] for r in rows]) for cls, rows in result["classes"].items())
    assert names == {"regressions": ["pread"], "fixes": ["pwrite"], "changed": [], "new": ["write"],
                     "removed": ["read"]}
    assert result["classes"]["regressions"][0]["behaviours"] == [("pread.b", "pass", "fail", "regressions")]
    assert diff.regressed(result)
    assert not diff.regressed(diff.compare(OLD, OLD))


def test_a_behaviour_regression_under_an_unchanged_name_is_a_regression():
    old = copy.deepcopy(OLD)
    new = copy.deepcopy(OLD)
    old["functions"]["pwrite"]["behaviours"]["pwrite.b"] = {"status": "pass", "checks": []}
    new["functions"]["pwrite"]["behaviours"]["pwrite.b"] = {"status": "crash", "checks": []}
    assert [r["name"] for r in diff.compare(old, new)["classes"]["regressions"]] == ["pwrite"]


def test_diff_markdown_stays_small_for_a_pull_request_comment():
    old = _synthetic([("name%d" % i, "pass", dict(("name%d.b%d" % (i, j), "pass") for j in range(20)))
                      for i in range(400)])
    new = copy.deepcopy(old)
    for fn in new["functions"].values():
        fn["status"] = "fail"
        for b in fn["behaviours"].values():
            b["status"] = "fail"
    md = diff.render_markdown(diff.compare(old, new))
    assert len(md) < 12000 and max(len(line) for line in md.splitlines()) < 300
    assert "Regressions **400**" in md and "… and 350 more" in md


def test_diff_command_exits_1_on_a_regression_and_refuses_a_foreign_file(tmp_path):
    new = copy.deepcopy(OLD)
    new["functions"]["read"]["status"] = "crash"
    old_path, new_path = _write(tmp_path / "old.json", OLD), _write(tmp_path / "new.json", new)
    proc = cli("diff", old_path, new_path)
    assert proc.returncode == 1 and "Regressions (1):" in proc.stdout and "read: pass -> crash" in proc.stdout
    proc = cli("diff", new_path, new_path, "--markdown")
    assert proc.returncode == 0 and proc.stdout.startswith("### os-conformance:")
    proc = cli("diff", old_path, _write(tmp_path / "foreign.json", {"schema_version": "2.0", "rows": {}}))
    assert proc.returncode == 2 and "foreign.json" in proc.stderr and "Traceback" not in proc.stderr


# --- list ------------------------------------------------------------------------------------

def test_list_names_behaviours_and_sections():
    names = cli("list").stdout.splitlines()
    assert "pread\tfd-operations\tfunction" in names and len(names) > 300
    behaviours = json.loads(cli("list", "behaviours", "--json").stdout)
    assert {"id": "pread.offset-unchanged", "name": "pread", "section": "fd-operations"}.items() <= \
        [b for b in behaviours if b["id"] == "pread.offset-unchanged"][0].items()
    sections = json.loads(cli("list", "sections", "--json").stdout)
    assert {"slug": "fd-operations", "title": "File Descriptor Operations", "names": 94} in sections

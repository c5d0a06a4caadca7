"""The published matrix page and its Markdown (conformance.report.matrix): what they show, how
big they are, and, in a headless Chromium, that the page's script filters and opens cells."""
import glob
import json
import os
import re
import shutil
import subprocess

import pytest

from conformance.report import matrix
from tests.test_matrix import FD, PP, make_report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBLISHED_RUNS = sorted(glob.glob(os.path.join(ROOT, "reports", "runs", "*.json")))
# The Markdown goes into pull-request comments.
MARKDOWN_LIMIT = 20000
MESSAGE = "AssertionError: expected FileExistsError, got <none>"


def _fail(report, name, bid, claim, basis="spec"):
    fn = report["functions"][name]
    fn["status"] = "fail"
    fn["behaviours"][bid] = {"status": "fail", "claim": claim, "basis": basis, "checks": ["c"],
                             "oracles": ["spec"], "verdict": "fail"}
    fn["failures"].append({"check": "conformance/checks/test_x.py::test_%s[t]" % name, "behaviours": [bid],
                           "status": "fail", "message": MESSAGE, "falsifying_example": "test_x(mode=0o777)",
                           "distinct": [], "departure": None, "relied_on": None, "oracle": "spec",
                           "quote": "Create a directory named path."})
    return report


def site_reports():
    names = [("getcwd", PP, "pass"), ("mkdir", FD, "pass"), ("rmdir", FD, "pass"),
             ("chmod", FD, "unavailable")]
    made = [make_report("stdlib", "cpython", v, names) for v in ("3.8.18", "3.12.1")]
    made.append(make_report("reference", "pypy", "3.9.16", names))
    _fail(made[1], "mkdir", "mkdir.raises-if-exists", "mkdir raises FileExistsError <when> it exists")
    made[2]["functions"]["rmdir"]["status"] = "missing"
    made[2]["functions"]["rmdir"]["skips"] = [{"check": "c", "status": "missing", "reason": "no os.rmdir"}]
    return made


@pytest.fixture(scope="module")
def site():
    return matrix.build_matrix(site_reports())


@pytest.fixture(scope="module")
def html(site):
    return matrix.render_matrix_html(site)


def page_data(html):
    block = re.search(r'<script type="application/json" id="matrix-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_headers_name_target_and_interpreter(html):
    assert '<b>stdlib</b><br>CPython 3.12</th>' in html
    assert '<b>reference</b><br>PyPy 3.9</th>' in html
    assert 'title="stdlib-cpython-3.12.1 (cpython-3.12.1): profile ci, selection the whole suite"' in html
    assert re.search(r"#m thead th \{ position: sticky; top: 0", html)


def test_legend_has_the_statuses_present_and_the_bases(html):
    legend = html[html.index('<h2 id="legend">'):html.index('<h2 id="columns">')]
    for status in ("pass", "fail", "missing", "unavailable", "absent"):
        assert "<strong>%s</strong>" % status in legend
    assert "<strong>delegated</strong>" not in legend  # not in this data
    for basis in ("spec", "cpython", "surface"):
        assert "<li><strong>%s</strong>: " % basis in legend


def test_drill_down_data_only_for_non_pass_cells(html):
    data = page_data(html)
    assert [c["key"] for c in data["columns"]] == ["c1", "c2", "c3"]
    assert sorted(data["cells"]) == ["chmod", "mkdir", "rmdir"]  # getcwd passes everywhere
    failures, reasons = data["cells"]["mkdir"]["2"]  # column 3: stdlib under CPython 3.12
    assert "1" not in data["cells"]["mkdir"] and not reasons
    status, check, bids, oracle, quote, message, example = failures[0]
    texts = data["t"]
    assert (status, texts[check], bids, oracle) == ("fail", "test_mkdir[t]", ["mkdir.raises-if-exists"], "spec")
    assert (texts[message], texts[example], texts[quote]) == (MESSAGE, "test_x(mode=0o777)",
                                                              "Create a directory named path.")
    basis, claim = data["claims"]["mkdir.raises-if-exists"]
    assert basis == "spec" and texts[claim] == "mkdir raises FileExistsError <when> it exists"
    assert [texts[i] for i in data["cells"]["rmdir"]["0"][1]] == ["no os.rmdir"]


def test_page_data_cannot_end_its_script_block(html):
    block = html[html.index('id="matrix-data">'):]
    block = block[:block.index("</script>")]
    assert "<when>" not in block and "\\u003cwhen\\u003e" in block


def test_page_is_self_contained(html):
    assert "<script src" not in html and "http://" not in html and "https://" not in html
    assert html.count("<script") == 2  # the data and the inline script


def test_section_chart_and_column_profiles(html):
    chart = html[html.index('<h2 id="summary">'):html.index('<h2 id="matrix">')]
    assert '<td title="stdlib \u00b7 CPython 3.12: pass 1, fail 1, unavailable 1">' in chart
    assert '<i class="f" style="width:33.3%"></i>' in chart and "all sections" in chart
    columns = html[html.index('<h2 id="columns">'):html.index('<h2 id="summary">')]
    assert "<td>ci</td><td>the whole suite</td>" in columns


def test_drift_table_is_kept(html):
    assert '<h2 id="drift">CPython drift</h2>' in html


def test_markdown_legend_and_differences(site):
    md = matrix.render_matrix_markdown(site)
    assert "`X` fail," in md and "`M` missing," in md and "*spec*: a sentence" in md
    assert "| stdlib \u00b7 CPython 3.12 | `2` | ci | the whole suite |" in md
    assert re.search(r"^M +\.X +mkdir$", md, re.M) is None  # mkdir: reference passes
    assert re.search(r"^\. +\.X +mkdir$", md, re.M) and re.search(r"^M +\.\. +rmdir$", md, re.M)
    assert "getcwd" not in md and "chmod" not in md  # every column agrees
    assert max(len(line) for line in md.splitlines()) < 140


def test_markdown_groups_pyfakefs_releases_and_keys_blocks_as_the_table_does():
    names = [("mkdir", FD, "pass"), ("rmdir", FD, "pass")]
    made = []
    for release in ("5.10.2", "6.3.2"):
        r = make_report("pyfakefs-" + release, "cpython", "3.13.0", names)
        r["target"]["kind"] = "pyfakefs"
        made.append(r)
    for release in ("0.26.4", "0.28.3"):  # two releases on one file system: keys m, then M
        r = make_report("stdlib", "pyodide", release, names)
        r["interpreter"]["variant"] = "memfs"
        made.append(r)
    made[0]["functions"]["mkdir"]["status"] = "fail"
    md = matrix.render_matrix_markdown(matrix.build_matrix(made))
    assert "| pyfakefs-5.10.2 \u00b7 CPython 3.13 | `5` |" in md and "| pyfakefs-6.3.2 \u00b7 CPython 3.13 | `6` |" in md
    assert "| stdlib \u00b7 Pyodide 0.28.3 MEMFS | `M` |" in md
    assert re.search(r"^pyfakefs stdlib$", md, re.M)  # one group, not one per release
    assert re.search(r"^56 +mM$", md, re.M)  # the block's keys are the table's
    assert re.search(r"^X\. +\.\. +mkdir$", md, re.M)


@pytest.mark.skipif(not PUBLISHED_RUNS, reason="no published reports in reports/runs/")
def test_markdown_of_the_published_matrix_is_small():
    m = matrix.build_matrix(matrix.load_reports(PUBLISHED_RUNS))
    md = matrix.render_matrix_markdown(m).encode("utf-8")
    assert len(md) < MARKDOWN_LIMIT, "%d bytes for %d columns" % (len(md), len(m["columns"]))


# --- in a browser ----------------------------------------------------------------------------

def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


needs_chromium = pytest.mark.skipif(chromium() is None, reason="no chromium binary on PATH "
                                    "(apt-get install chromium) to run the page's script headless")


def headless(tmp_path, url, *args):
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--user-data-dir=%s" % (tmp_path / "profile"), "--virtual-time-budget=5000",
               "--window-size=1400,1600"] + list(args) + [url]
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          universal_newlines=True)


def shown_rows(dom):
    rows = re.findall(r'<tr data-s="\d+" data-n="([^"]+)"( hidden="")?>', dom)
    return [name for name, hidden in rows if not hidden]


@pytest.fixture(scope="module")
def page(site, tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    matrix.write_matrix(site, str(out))
    return out / "matrix.html"


@needs_chromium
def test_browser_shows_differences_only_by_default(page, tmp_path):
    dom = headless(tmp_path, page.as_uri(), "--dump-dom").stdout
    assert shown_rows(dom) == ["mkdir", "rmdir"]  # getcwd and chmod agree everywhere
    assert 'id="count">2 of 4 names shown' in dom
    assert 'title="stdlib \u00b7 CPython 3.12: fail"' in dom  # the script's cell titles


@needs_chromium
def test_browser_applies_the_fragment_and_opens_a_cell(page, tmp_path):
    url = page.as_uri() + "#filter=status:fail&open=mkdir/c3"
    dom = headless(tmp_path, url, "--dump-dom").stdout
    assert shown_rows(dom) == ["mkdir"]  # rmdir differs but fails nowhere
    drill = dom[dom.index('<tr class="drill" id="drill">'):]
    drill = drill[:drill.index("</tr>")]
    assert "mkdir \u2014 stdlib \u00b7 CPython 3.12: fail" in drill
    assert "mkdir.raises-if-exists" in drill and "mkdir raises FileExistsError &lt;when&gt; it exists" in drill
    assert "expected FileExistsError, got &lt;none&gt;" in drill and "test_x(mode=0o777)" in drill
    shot = tmp_path / "matrix.png"
    headless(tmp_path, url, "--screenshot=%s" % shot)
    assert shot.stat().st_size > 10000  # a blank page is about 6 KB


@needs_chromium
def test_browser_hides_columns_and_filters_by_basis(page, tmp_path):
    # Without the 3.12 column, mkdir agrees everywhere; rmdir still differs (missing under PyPy).
    dom = headless(tmp_path, page.as_uri() + "#hide=c3", "--dump-dom").stdout
    assert shown_rows(dom) == ["rmdir"]
    dom = headless(tmp_path, page.as_uri() + "#diff=0&basis=spec", "--dump-dom").stdout
    assert shown_rows(dom) == ["mkdir"]
    dom = headless(tmp_path, page.as_uri() + "#diff=0&sort=failures", "--dump-dom").stdout
    assert shown_rows(dom)[0] == "mkdir" and len(shown_rows(dom)) == 4

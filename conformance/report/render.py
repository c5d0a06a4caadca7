"""Markdown and HTML renderings of a report; the JSON report is the source of truth."""
import os

import jinja2

from conformance.catalogue import SECTIONS
from conformance.report import FAILING, STATUSES
from conformance.report.files import report_basename, write_json_atomic, write_text_atomic

BASIS_MEANINGS = {"spec": "a sentence of the 3.8 documentation",
                  "cpython": "what CPython on Linux does where the text is silent",
                  "surface": "the API's shape: names, signatures, __all__, supports_*"}
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


def fence(text, lang=""):
    """A fenced code block that survives backticks inside `text`."""
    text = text or ""
    longest, run = 0, 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    ticks = "`" * max(3, longest + 1)
    return "%s%s\n%s\n%s" % (ticks, lang, text.rstrip("\n"), ticks)


def md_code(text):
    """An inline code span safe inside a Markdown table cell."""
    text = (text or "").replace("|", "\\|")
    if not text:
        return ""
    return "`` %s ``" % text if "`" in text else "`%s`" % text


def first_line(text, limit=120):
    line = (text or "").strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[:limit - 1] + "\u2026"


_ENVIRONMENT = []


def environment():
    """The templates' jinja2 environment, made once per process: it caches each template
    compiled, and a run refreshes its partial reports many times (compiling both templates
    for every refresh cost 10 s of a 40 s run)."""
    if _ENVIRONMENT:
        return _ENVIRONMENT[0]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html"]),
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.filters.update(fence=fence, md_code=md_code, first_line=first_line)
    _ENVIRONMENT.append(env)
    return env


def ordered_sections(names):
    """Known sections in spec order, then any others in the order met."""
    names = list(dict.fromkeys(names))
    return [s for s in SECTIONS if s in names] + [s for s in names if s not in SECTIONS]


def present(statuses, *count_dicts):
    """The statuses (display order) with a non-zero count in any of `count_dicts`."""
    return [s for s in statuses if any(d.get(s) for d in count_dicts)]


def view(report):
    """What both templates show, computed once so the templates only lay it out."""
    functions = report["functions"]
    by_section = {}
    for name, fn in functions.items():
        counts = fn.get("counts", {})
        failures = fn.get("failures", [])
        by_section.setdefault(fn["section"], []).append({
            "name": name, "status": fn["status"], "passed": counts.get("pass", 0),
            "total": sum(counts.values()),
            "behaviours": "%d/%d" % (fn["behaviours_checked"], fn["behaviours_applicable"]),
            "first_failure": failures[0]["message"] if failures else ""})
    section_counts = report.get("sections", {})
    sections = [{"name": s, "counts": section_counts.get(s, {}), "names": by_section.get(s, [])}
                for s in ordered_sections(list(section_counts) + list(by_section))]
    summary = report["summary"]
    interp = report["interpreter"]
    scores = summary.get("bases", {})
    return {
        "r": report,
        "bases": [{"name": b, "meaning": BASIS_MEANINGS[b], "score": scores[b]}
                  for b in BASIS_MEANINGS if b in scores],
        "title": "os conformance: %s on %s %s" % (report["target"]["spec"],
                                                  interp["implementation"], interp["version"]),
        "summary_statuses": present(STATUSES, summary["names"], summary["checks"]),
        "section_statuses": present(STATUSES, *[s["counts"] for s in sections]),
        "sections": sections,
        "failures": [{"name": n["name"], "failures": functions[n["name"]]["failures"]}
                     for s in sections for n in s["names"]
                     if functions[n["name"]].get("failures")],
        "failing": FAILING,
    }


def render_markdown(report):
    return environment().get_template("report.md").render(**view(report))


def render_html(report):
    return environment().get_template("report.html").render(**view(report))


def write_reports(report, report_dir):
    """Write `<basename>.json`, `.md` and `.html` into `report_dir`; return their paths."""
    os.makedirs(report_dir, exist_ok=True)
    base = os.path.join(report_dir, report_basename(report))
    paths = [base + ".json", base + ".md", base + ".html"]
    write_json_atomic(paths[0], report)
    write_text_atomic(paths[1], render_markdown(report))
    write_text_atomic(paths[2], render_html(report))
    return paths

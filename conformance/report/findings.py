"""FINDINGS.md: every behaviour some implementation fails, from the per-run reports.

One section per implementation that diverges (the stdlib of CPython 3.9+ against 3.8 as its
version drift, PyPy's own `os`, pyfakefs, any other target), each behaviour with its basis, the
class of the departure, the documented sentence and claim, the failure message and a minimal
reproducer (Hypothesis' falsifying example or the check, and the command that reruns it). The
reports are the source; this page is a reading of them."""
import os
import re

from conformance.report.files import interpreter_id, report_basename, write_text_atomic
from conformance.report.matrix import _drift, _interpreter_label, _version_key, cut, pyfakefs_release
from conformance.report.render import BASIS_MEANINGS, environment, ordered_sections

BASES = ("spec", "cpython", "surface")
# Texts on the page are cut to these many characters: 15 columns, hundreds of behaviours.
# Texts on the page are cut to these many characters (15 columns, hundreds of behaviours); when
# the page would exceed SIZE_BUDGET bytes, the message, example and claim limits shrink in steps,
# down to MIN_SCALE of these, the documented sentence last.
LIMITS = {"message": 160, "example": 160, "claim": 180, "quote": 240}
SIZE_BUDGET = 150000
MIN_SCALE = 0.5
MESSAGE_LIMIT = LIMITS["message"]
EXAMPLE_LIMIT = LIMITS["example"]
DOCS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "docs")
# The hand-written explanations of a target's divergences, by (target kind, implementation).
DIVERGENCE_PAGES = {("stdlib", "pypy"): "pypy-divergences.md", ("stdlib", "pyodide"): "pyodide-divergences.md",
                    ("pyfakefs", None): "pyfakefs-divergences.md"}


def _cut(text, limit):
    return cut(" ".join((text or "").split()), limit)


def one_line(message, limit=MESSAGE_LIMIT):
    """The first line of a failure message, trimmed (without the `AssertionError: ` most start
    with: a failing check's assertion is the norm, another exception is named)."""
    line = (message or "").strip().split("\n", 1)[0]
    if line.startswith("AssertionError: "):
        line = line[len("AssertionError: "):]
    return _cut(line, limit)


def compact_example(example, limit=EXAMPLE_LIMIT):
    """Hypothesis' multi-line falsifying example on one line: `f(name='getgid', value=1)`."""
    if not example:
        return None
    text = re.sub(r"\(\s+", "(", example)
    text = re.sub(r",?\s*\n\s*\)", ")", text)
    return _cut(text, limit)


def rerun_command(report, behaviour):
    """The command that reruns a behaviour's checks on the report's target and interpreter
    (inside Pyodide: its release and file system; other interpreters: the suite installed there)."""
    interpreter = report["interpreter"]
    where = ""
    if interpreter.get("implementation") == "pyodide":
        where = " --interpreter pyodide@%s --fs %s" % (interpreter["version"], interpreter.get("variant") or "memfs")
    return "os-conformance run%s --target %s --behaviour %s" % (
        where, report["target"].get("spec") or report["target"]["label"], behaviour)


def _failing(report):
    """{behaviour id: (name, fn, behaviour)} of the behaviours with a `fail` verdict, or named by
    a failing check."""
    out = {}
    for name, fn in report["functions"].items():
        for bid, b in fn.get("behaviours", {}).items():
            if b.get("verdict") == "fail":
                out[bid] = (name, fn, b)
        for f in fn.get("failures", []):
            for bid in f.get("behaviours", []):
                if bid not in out:
                    out[bid] = (name, fn, fn.get("behaviours", {}).get(bid, {}))
    return out


def _finding(fn, bid, catalogue):
    for f in fn.get("finding", []):
        if f.get("behaviour") == bid:
            return f
    b = catalogue.behaviours.get(bid) if catalogue else None
    return b.finding if b is not None and b.finding else None


def _item(report, bid, name, fn, b, catalogue, limits, kind=None):
    """One failing behaviour of one report, as the template shows it."""
    failures = [f for f in fn.get("failures", []) if bid in f.get("behaviours", [])]
    first = failures[0] if failures else {}
    cat = catalogue.behaviours.get(bid) if catalogue else None
    finding = _finding(fn, bid, catalogue)
    if kind is None:
        departure = next((f["departure"] for f in failures if f.get("departure")), None)
        kind = (finding or {}).get("kind") or (departure or {}).get("class") or "implementation-bug"
    example = compact_example(first.get("falsifying_example"), limits["example"])
    return {"behaviour": bid, "name": name, "basis": b.get("basis") or (cat.basis if cat else None),
            "class": kind, "finding_note": _cut((finding or {}).get("note"), limits["claim"]) or None,
            "quote": _cut((cat.quote if cat else None) or first.get("quote"), limits["quote"]) or None,
            "claim": _cut(b.get("claim") or (cat.claim if cat else None), limits["claim"]) or None,
            "message": one_line(first.get("message"), limits["message"]) or None,
            "example": example, "check": first.get("check"),
            "more_checks": max(0, len(failures) - 1), "oracle": first.get("oracle"),
            "rerun": rerun_command(report, bid), "verdicts": None}


def _grouped(items, order):
    """[{section, names: [{name, items}]}] in catalogue section order, names in report order."""
    by_section = {}
    for it in items:
        section = order.get(it["name"], ("", 0))[0]
        by_section.setdefault(section, {}).setdefault(it["name"], []).append(it)
    out = []
    for section in ordered_sections(by_section):
        names = sorted(by_section[section], key=lambda n: order.get(n, ("", 1 << 30))[1])
        out.append({"section": section, "count": sum(len(by_section[section][n]) for n in names),
                    "names": [{"name": n, "items": sorted(by_section[section][n], key=lambda i: i["behaviour"])}
                              for n in names]})
    return out


# Texts that recur in a section are shown once, at its top, under a key: quote Q1, claim C1,
# message M1, example E1 (many pyfakefs behaviours share the same sentence and the same failure).
SHARED_FIELDS = (("quote", "Q"), ("claim", "C"), ("message", "M"), ("example", "E"))
SHARED_MIN_LENGTH = 30


def _share(sections):
    """Replace, in the items of `sections`, each text that occurs more than once on the page by
    a key; return the [(key, field, text)] they stand for, in order of first appearance."""
    items = [it for sec in sections for g in sec["groups"] for n in g["names"] for it in n["items"]]
    shared = []
    for field, prefix in SHARED_FIELDS:
        counts = {}
        for it in items:
            if it[field] and len(it[field]) >= SHARED_MIN_LENGTH:
                counts[it[field]] = counts.get(it[field], 0) + 1
        keys = {}
        for it in items:
            it[field + "_key"] = None
            text = it[field]
            if text and counts.get(text, 0) > 1:
                if text not in keys:
                    keys[text] = "%s%d" % (prefix, len(keys) + 1)
                    shared.append((keys[text], field, text))
                it[field + "_key"] = keys[text]
    return shared


def _label(report):
    return _interpreter_label(interpreter_id(report["interpreter"]))


def _divergence_page(report, docs_link):
    key = (report["target"].get("kind"), report["interpreter"]["implementation"])
    page = DIVERGENCE_PAGES.get(key) or DIVERGENCE_PAGES.get((key[0], None))
    return "%s/%s" % (docs_link, page) if page else None


def build_findings(reports, catalogue=None, docs_link="../docs", limits=None):
    """The page's data: provenance, the summary (one row per report) and the sections."""
    limits = limits or LIMITS
    pairs = sorted(reports, key=lambda r: (r["target"]["label"], r["interpreter"]["implementation"],
                                           _version_key(r["interpreter"]["version"])))
    order = {}
    for r in reports:
        for i, (name, fn) in enumerate(r["functions"].items()):
            order.setdefault(name, (fn["section"], i))
    drift_reports = [r for r in pairs if r["target"].get("kind") == "stdlib"
                     and r["interpreter"]["implementation"] == "cpython"]
    summary, sections = [], []
    for r in pairs:
        failing = _failing(r)
        impl, version = _label(r)
        bases = dict((b, 0) for b in BASES)
        for bid, (_, _, b) in failing.items():
            bases[b.get("basis") or "spec"] = bases.get(b.get("basis") or "spec", 0) + 1
        own = sum(1 for fn in r["functions"].values() for f in fn.get("failures", [])
                  if (f.get("departure") or {}).get("own_version"))
        suite = (r.get("provenance") or {}).get("suite") or {}
        summary.append({"id": report_basename(r), "target": r["target"]["label"], "impl": impl,
                        "version": version, "failing": len(failing), "bases": bases,
                        "names": len(set(n for n, _, _ in failing.values())),
                        "own_version": own, "partial": bool(r.get("partial")),
                        "commit": suite.get("commit"), "dirty": suite.get("dirty"),
                        "generated": r.get("generated", ""), "profile": r.get("profile", ""),
                        "anchor": None})
    # CPython's stdlib: one section across its versions, judged against 3.8.
    drift = _drift([(None, r) for r in drift_reports])
    if drift:
        latest = {}
        for r in drift_reports:
            latest[r["interpreter"]["version"].rsplit(".", 1)[0]] = r
        items = []
        for d in drift:
            # The reproducer and message from the newest version that fails it.
            version = [v for v, verdict in d["verdicts"].items() if verdict == "fail"][-1]
            r = latest[version]
            failing = _failing(r)
            name, fn, b = failing[d["behaviour"]]
            it = _item(r, d["behaviour"], name, fn, b, catalogue, limits, kind=d["class"])
            it["verdicts"] = d["verdicts"]
            it["under"] = "CPython " + version
            items.append(it)
        versions = sorted(set(v for d in drift for v in d["verdicts"]), key=_version_key)
        sections.append({"title": "CPython version drift (stdlib)", "anchor": "cpython-version-drift",
                         "kind": "drift", "versions": versions,
                         "rerun": rerun_command(drift_reports[-1], "ID"),
                         "under": "the CPython named (the newest that fails it)", "count": len(items),
                         "page": None, "groups": _grouped(items, order)})
        for s in summary:
            if s["target"] == "stdlib" and s["impl"] == "CPython" and s["failing"]:
                s["anchor"] = "cpython-version-drift"
    # Pyodide's stdlib and pyfakefs: one section each across its columns (releases, file
    # systems), each behaviour once.
    grouped = []
    for family in _FAMILIES:
        columns = sorted((r for r in pairs if family["member"](r)), key=family["order"])
        if not columns:
            continue
        grouped += columns
        sections.append(_across_columns(columns, catalogue, limits, order, docs_link, family))
        for r, s in zip(pairs, summary):
            if r in columns and s["failing"]:
                s["anchor"] = family["anchor"]
    for r, s in zip(pairs, summary):
        if r in drift_reports or r in grouped or not s["failing"]:
            continue
        items = []
        for bid, (name, fn, b) in sorted(_failing(r).items()):
            it = _item(r, bid, name, fn, b, catalogue, limits)
            it["under"] = "%s %s" % (s["impl"], s["version"])
            items.append(it)
        anchor = re.sub(r"[^a-z0-9]+", "-", ("%s %s %s" % (s["target"], s["impl"], s["version"])).lower()).strip("-")
        s["anchor"] = anchor
        sections.append({"title": "%s under %s %s" % (s["target"], s["impl"], s["version"])
                         if s["target"] != "stdlib" else "%s %s: its own os (stdlib)" % (s["impl"], s["version"]),
                         "anchor": anchor, "kind": "column", "versions": [],
                         "rerun": rerun_command(r, "ID"),
                         "under": "%s %s" % (s["impl"], s["version"]), "count": len(items),
                         "page": _divergence_page(r, docs_link), "groups": _grouped(items, order)})
    commits = sorted(set((s["commit"] or "unknown") + (" (dirty)" if s["dirty"] else "") for s in summary))
    generated = sorted(s["generated"] for s in summary if s["generated"])
    classes = {}
    for sec in sections:
        for g in sec["groups"]:
            for n in g["names"]:
                for it in n["items"]:
                    classes[it["class"]] = classes.get(it["class"], 0) + 1
    return {"summary": summary, "sections": sections, "commits": commits, "shared": _share(sections),
            "generated": (generated[0], generated[-1]) if generated else ("", ""),
            "profiles": sorted(set(s["profile"] for s in summary if s["profile"])),
            "reports": [s["id"] for s in summary], "classes": classes, "bases": BASIS_MEANINGS,
            "docs": docs_link,
            "clean": [s for s in summary if not s["failing"]]}


def _pyfakefs_release(report):
    """The pyfakefs release a report's column ran ('6.3.2', from its label pyfakefs-6.3.2)."""
    return pyfakefs_release(report["target"]["label"]) or report["target"]["label"]


# The implementations whose columns FINDINGS.md shows as one section (each behaviour once).
_FAMILIES = [
    {"name": "Pyodide", "anchor": "pyodide",
     "title": "Pyodide: its own os (stdlib), across releases and file systems",
     "member": lambda r: r["target"].get("kind") == "stdlib" and r["interpreter"]["implementation"] == "pyodide",
     "order": lambda r: _version_key(r["interpreter"]["version"]),
     "label": lambda r: _label(r)[1],
     "rerun": lambda newest: rerun_command({"target": newest["target"], "interpreter": {
         "implementation": "pyodide", "version": "RELEASE", "variant": "FS"}}, "ID")},
    {"name": "pyfakefs", "anchor": "pyfakefs",
     "title": "pyfakefs: its fake os, by release",
     "member": lambda r: r["target"].get("kind") == "pyfakefs",
     "order": lambda r: _version_key(_pyfakefs_release(r)),
     "label": _pyfakefs_release,
     "rerun": lambda newest: rerun_command(newest, "ID")},
]


def _across_columns(reports, catalogue, limits, order, docs_link, family):
    """One implementation's columns (Pyodide's releases x file systems, pyfakefs' releases) as
    one section: each failing behaviour once, with its verdict in every column, its message and
    reproducer from the newest column that fails it."""
    labels = [family["label"](r) for r in reports]
    failing = [_failing(r) for r in reports]
    items = []
    for bid in sorted(set(b for f in failing for b in f)):
        verdicts = {}
        for label, r, f in zip(labels, reports, failing):
            if bid in f:
                verdicts[label] = "fail"
            else:
                name = (catalogue.name_of(bid) if catalogue is not None else None) or bid.rsplit(".", 1)[0]
                verdicts[label] = ((r["functions"].get(name) or {}).get("behaviours", {}).get(bid) or {}).get("status")
        newest = [i for i, f in enumerate(failing) if bid in f][-1]
        name, fn, b = failing[newest][bid]
        it = _item(reports[newest], bid, name, fn, b, catalogue, limits)
        it["verdicts"] = verdicts
        it["under"] = "%s %s" % (family["name"], labels[newest])
        items.append(it)
    return {"title": family["title"], "anchor": family["anchor"],
            "kind": "columns", "versions": labels, "rerun": family["rerun"](reports[-1]),
            "under": "the %s column named (the newest that fails it)" % family["name"], "count": len(items),
            "page": _divergence_page(reports[0], docs_link), "groups": _grouped(items, order)}


def render_findings(reports, catalogue=None, docs_link="../docs", budget=SIZE_BUDGET):
    """FINDINGS.md's text; its texts cut shorter, in steps, while it exceeds `budget` bytes."""
    template = environment().get_template("findings.md")
    scale = 1.0
    while True:
        limits = dict((k, max(40, int(v * scale)) if k != "quote" else max(120, int(v * (scale + 1) / 2)))
                      for k, v in LIMITS.items())
        text = template.render(f=build_findings(reports, catalogue, docs_link, limits))
        if len(text.encode("utf-8")) <= budget or scale <= MIN_SCALE:
            return text
        scale = max(MIN_SCALE, scale - 0.1)


def write_findings(reports, path, catalogue=None):
    """Write FINDINGS.md to `path`, its links to docs/ relative to where it lands; return path."""
    if catalogue is None:
        try:
            from conformance import catalogue as catalogue_mod
            catalogue = catalogue_mod.load()
        except (OSError, ValueError, KeyError):
            catalogue = None
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    # Links relative to where the page lands inside the checkout; elsewhere, as from reports/.
    root = os.path.dirname(DOCS)
    inside = os.path.commonpath([root, directory]) == root
    docs_link = os.path.relpath(DOCS, directory).replace(os.sep, "/") if inside else "../docs"
    write_text_atomic(path, render_findings(reports, catalogue, docs_link))
    return path

"""The matrix: several reports side by side, one column per target x interpreter."""
import json
import os
import re

from markupsafe import Markup

from conformance.report import SCHEMA_VERSION, STATUSES
from conformance.report.files import interpreter_id, report_basename, write_json_atomic, write_text_atomic
from conformance.report.render import BASIS_MEANINGS, environment, ordered_sections, present

def _one_line(exc):
    return " ".join(str(exc).split())


def load_reports(paths):
    """Parse report files; ValueError (one line, naming the file) for anything unusable."""
    reports = []
    for path in paths:
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ValueError("%s: cannot read: %s" % (path, _one_line(e.strerror or e)))
        try:
            report = json.loads(data.decode("utf-8"))
        except ValueError as e:  # also UnicodeDecodeError and json's JSONDecodeError
            raise ValueError("%s: not valid JSON: %s" % (path, _one_line(e)))
        if not isinstance(report, dict):
            raise ValueError("%s: not a report (top level is not an object)" % path)
        version = report.get("schema_version")
        if not isinstance(version, str) or not re.match(r"^[0-9]+\.[0-9]+$", version):
            raise ValueError("%s: missing or malformed schema_version: %r" % (path, version))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise ValueError("%s: schema_version %s is not supported (need %s.x)"
                             % (path, version, SCHEMA_VERSION.split(".")[0]))
        problem = _structural_problem(report)
        if problem:
            raise ValueError("%s: not a valid report: %s" % (path, problem))
        reports.append(report)
    return reports


def _structural_problem(report):
    """What the matrix, `diff` and `expect` read from a report, checked so that a foreign or
    damaged file fails with its name instead of a traceback; None when it is all there."""
    for key in ("target", "interpreter", "functions"):
        if not isinstance(report.get(key), dict):
            return "%s is missing or not an object" % key
    for key, sub in (("target", "label"), ("interpreter", "implementation"), ("interpreter", "version")):
        if not isinstance(report[key].get(sub), str) or not report[key][sub]:
            return "%s.%s is missing or not a non-empty string" % (key, sub)
    for name, fn in report["functions"].items():
        if not isinstance(fn, dict) or not isinstance(fn.get("section"), str):
            return "functions[%r] is not an object with a section" % name
        if fn.get("status") not in STATUSES:
            return "functions[%r].status %s is not a status" % (name, _one_line(repr(fn.get("status")))[:80])
        behaviours = fn.get("behaviours", {})
        if not isinstance(behaviours, dict) or any(
                not isinstance(b, dict) or b.get("status") not in STATUSES for b in behaviours.values()):
            return "functions[%r].behaviours is not an object of behaviours with a status" % name
    return None


def _version_key(version):
    # "3.9.16" before "3.11.7": compare the numeric parts as numbers.
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.+-]", version)]


def _column(report):
    interp = report["interpreter"]
    return {"id": report_basename(report), "target": report["target"]["label"],
            "interpreter": interpreter_id(interp),
            "embeds": interp.get("cpython"),  # the CPython a Pyodide release embeds
            "partial": bool(report.get("partial", False)),
            "generated": report.get("generated", ""),
            "profile": report.get("profile", ""),
            "selection": (report.get("provenance") or {}).get("selection", {}),
            "suite": ((report.get("provenance") or {}).get("suite") or {}).get("commit"),
            "bases": (report.get("summary") or {}).get("bases", {})}


def _platform_key(report):
    platform = report.get("platform") or {}
    return "%s-%s" % (str(platform.get("system") or "unknown").lower(), platform.get("machine") or "unknown")


def _tell_platforms_apart(pairs):
    """Reports of one target and interpreter from different machines (a CI fan-out over Linux
    x86_64, arm64 and macOS) are columns of their own: their ids get `@<system>-<machine>`."""
    by_id = {}
    for column, report in pairs:
        by_id.setdefault(column["id"], []).append((column, report))
    for same in by_id.values():
        if len(same) > 1 and len(set(_platform_key(r) for _, r in same)) == len(same):
            for column, report in same:
                column["id"] += "@" + _platform_key(report)
                column["platform"] = _platform_key(report)


def build_matrix(reports):
    """Merge reports into the matrix dict described in docs/report-format.md."""
    pairs = sorted(((_column(r), r) for r in reports),
                   key=lambda p: (p[0]["target"], p[1]["interpreter"]["implementation"],
                                  _version_key(p[1]["interpreter"]["version"])))
    _tell_platforms_apart(pairs)
    ids = [c["id"] for c, _ in pairs]
    dupes = sorted(set(i for i in ids if ids.count(i) > 1))
    if dupes:
        raise ValueError("more than one report for column %s" % ", ".join(dupes))
    # Sections and names: first report (as given) that has a name decides its place.
    sections, seen = {}, set()
    for report in reports:
        for name, fn in report["functions"].items():
            if name not in seen:
                seen.add(name)
                sections.setdefault(fn["section"], []).append(name)
    sections = {s: sections[s] for s in ordered_sections(sections)}
    rows = {name: {} for names in sections.values() for name in names}
    columns, details, behaviours = [], {}, {}
    for column, report in pairs:
        counts = {}
        for name, fn in report["functions"].items():
            rows[name][column["id"]] = fn["status"]
            counts[fn["status"]] = counts.get(fn["status"], 0) + 1
            if fn["status"] != "pass":
                details.setdefault(name, {})[column["id"]] = _cell_details(fn, behaviours)
        column["counts"] = {s: counts[s] for s in STATUSES if s in counts}
        columns.append(column)
    return {"schema_version": SCHEMA_VERSION, "columns": columns, "sections": sections,
            "rows": rows, "comparable": _comparability(columns),
            "details": details, "behaviours": behaviours,
            "drift": _drift([(c, r) for c, r in pairs if r["target"]["kind"] == "stdlib"
                             and r["interpreter"]["implementation"] == "cpython"])}


# A drill-down text is cut to this many characters: the page embeds every non-pass cell's.
TEXT_LIMIT = 800
# A cell that is not failing shows at most this many distinct reasons (skip, delegated, ...).
REASONS_LIMIT = 4


def cut(text, limit=TEXT_LIMIT):
    """`text` shortened to `limit` characters, an ellipsis marking the cut (None stays None)."""
    if text is None or len(text) <= limit:
        return text
    return text[:limit - 1] + "\u2026"


def _cell_details(fn, behaviours):
    """What a non-pass cell opens to: its failing checks, or else the distinct reasons its
    checks gave (skip, delegated, unavailable ...). The claims and bases of the failing
    behaviours go once into `behaviours`, shared by every column."""
    failures = []
    for f in fn.get("failures", []):
        failures.append({"check": f.get("check", ""), "status": f.get("status", "fail"),
                         "behaviours": list(f.get("behaviours", [])), "oracle": f.get("oracle"),
                         "quote": f.get("quote"), "message": cut(f.get("message")),
                         "falsifying_example": cut(f.get("falsifying_example"))})
        for bid in f.get("behaviours", []):
            b = fn.get("behaviours", {}).get(bid, {})
            behaviours.setdefault(bid, {"claim": b.get("claim"), "basis": b.get("basis")})
    reasons = [] if failures else list(dict.fromkeys(
        cut(s.get("reason") or "") for s in fn.get("skips", [])))[:REASONS_LIMIT]
    return {"status": fn["status"], "failures": failures, "reasons": reasons}


_CHANGED = re.compile(r"changed-in-(3\.[0-9]+)")


def _drift(stdlib_pairs):
    """Where the stdlib of some CPython fails a behaviour (judged against the 3.8 text, or 3.8's
    recorded behaviour): per behaviour, each CPython's verdict, and the class of the departure.

    The class is the catalogue's finding where it records one; else `changed-in-3.N` when a
    recorded later version sanctions the change (the check's message says so) or when the
    behaviour fails from 3.N on in every later version; else `implementation-bug` (it fails in
    some version and not in a later one)."""
    versions = [(r["interpreter"]["version"].rsplit(".", 1)[0], r) for _, r in stdlib_pairs]
    rows = {}
    for version, report in versions:
        for name, fn in report["functions"].items():
            for bid, b in fn.get("behaviours", {}).items():
                if b.get("verdict") == "fail":
                    rows.setdefault(bid, {"name": name, "basis": b.get("basis")})
    out = []
    for bid, row in sorted(rows.items()):
        verdicts, messages = {}, []
        for version, report in versions:
            fn = report["functions"].get(row["name"], {})
            verdicts[version] = (fn.get("behaviours", {}).get(bid) or {}).get("verdict")
            messages += [f["message"] for f in fn.get("failures", []) if bid in f["behaviours"]]
        failing = [v for v, verdict in verdicts.items() if verdict == "fail"]
        finding = next((f["kind"] for _, r in versions
                        for f in r["functions"].get(row["name"], {}).get("finding", [])
                        if f.get("behaviour") == bid), None)
        sanctioned = sorted(set(m for text in messages for m in _CHANGED.findall(text)),
                            key=_version_key)
        later = [v for v in verdicts if _version_key(v) >= _version_key(failing[0])]
        if finding:
            kind = finding
        elif sanctioned:
            kind = "changed-in-" + sanctioned[0]
        elif all(verdicts[v] == "fail" for v in later):
            kind = "changed-in-" + failing[0]
        else:
            kind = "implementation-bug"
        out.append({"behaviour": bid, "name": row["name"], "basis": row["basis"],
                    "verdicts": verdicts, "first_failing": failing[0], "class": kind})
    return out


def _comparability(columns):
    """Columns compare only when the same checks ran: same profile and selection. Else say how
    they differ, so that no reader takes a narrower run's green for the same claim."""
    kinds = sorted(set(json.dumps([c["profile"], c["selection"]], sort_keys=True) for c in columns))
    if len(kinds) <= 1:
        return {"same_selection": True, "note": ""}
    return {"same_selection": False,
            "note": "the columns come from runs of different profiles or selections (%s): "
                    "compare their cells with care" % "; ".join(
                        "%s: %s" % (c["id"], c["profile"] + (" " + json.dumps(c["selection"], sort_keys=True)
                                                              if c["selection"] else ""))
                        for c in columns)}


# Per status: its HTML mark, its one-character Markdown mark (ASCII, so that columns align), the
# short class the page's cells carry, and what it means (docs/report-format.md, shortened).
MARKS = {
    "pass": ("\u2713", ".", "p", "every check passed"),
    "fail": ("\u2717", "X", "f", "departs from the documented behaviour"),
    "error": ("E", "E", "e", "the check could not run properly"),
    "crash": ("C", "C", "c", "the check's process died"),
    "timeout": ("T", "T", "t", "the check ran out of time"),
    "flaky": ("~", "~", "k", "failed, then passed when run again"),
    "baseline": ("b", "b", "b", "passed against the target's own behaviour: no verdict"),
    "missing": ("M", "M", "m", "the target lacks a documented name"),
    "unavailable": ("\u2013", "-", "u", "not on this platform, or the target's world lacks it"),
    "delegated": ("\u2192", ">", "d", "forwarded to the real os: not the target's own"),
    "skip": ("s", "s", "s", "skipped, with a reason"),
    "unchecked": ("?", "?", "n", "no check ran"),
}
ABSENT = ("\u00b7", "_", "x", "the report has no such name")
# What "most failures" counts: the statuses that say the target departs from the text.
DEPARTURES = ("fail", "error", "crash", "timeout", "missing")
IMPLEMENTATIONS = {"cpython": "CPython", "pypy": "PyPy", "pyodide": "Pyodide"}
# The page embeds shorter drill-down texts than matrix.json holds, to stay small.
PAGE_TEXT_LIMIT = 300


def _interpreter_label(interpreter):
    """`cpython-3.12.1` -> ("CPython", "3.12"); `pyodide-0.28.3-memfs` -> ("Pyodide", "0.28.3 MEMFS")."""
    impl, _, rest = interpreter.partition("-")
    version, _, variant = rest.partition("-")
    if impl in ("cpython", "pypy"):
        version = ".".join(version.split(".")[:2])
    return IMPLEMENTATIONS.get(impl, impl), version + (" " + variant.upper() if variant else "")


_RELEASE_LABEL = re.compile(r"pyfakefs-(\d+(?:\.\d+)*)$")  # the pyfakefs target's: pyfakefs-6.3.2


def pyfakefs_release(label):
    """The pyfakefs release a target label names ('6.3.2' for pyfakefs-6.3.2), else None."""
    match = _RELEASE_LABEL.match(label)
    return match.group(1) if match else None


def _group_name(column):
    """The target a column's marks are grouped under in the Markdown: its label, except that the
    releases of pyfakefs (pyfakefs-5.10.2, pyfakefs-6.3.2) are one group, pyfakefs."""
    return "pyfakefs" if pyfakefs_release(column["target"]) else column["target"]


def _column_key(column):
    """One character naming a column within its group in the Markdown: the minor version's
    last digit for CPython (3.10 -> 0), the file system's initial for Pyodide (m: MEMFS, n:
    NODEFS), the major release's last digit for pyfakefs (6.3.2 -> 6), the implementation's
    initial for the others; a key taken already by an earlier column of the group is
    upper-cased (a later Pyodide release: M, N)."""
    release = pyfakefs_release(column["target"])
    if release:
        return release.split(".")[0][-1]
    impl, version = _interpreter_label(column["interpreter"])
    if impl == "CPython":
        return version[-1]
    if impl == "Pyodide" and " " in version:
        return version.split()[-1][0].lower()
    return impl[0].lower()


def _labels(columns):
    out, taken = [], {}
    for i, c in enumerate(columns):
        impl, version = _interpreter_label(c["interpreter"])
        selection = ", ".join("%s=%s" % kv for kv in sorted(c["selection"].items()))
        used = taken.setdefault(_group_name(c), set())
        mark_key = _column_key(c)
        if mark_key in used:
            mark_key = next(k for k in [mark_key.upper()] + list("abcdefghijklmnopqrstuvwxyz")
                            if k not in used)
        used.add(mark_key)
        embeds = " (CPython %s)" % c["embeds"] if c.get("embeds") else ""
        out.append({"key": "c%d" % (i + 1), "mark_key": mark_key, "target": c["target"], "impl": impl, "version": version,
                    "label": "%s \u00b7 %s %s%s" % (c["target"], impl, version, embeds),
                    "selection": selection or "the whole suite",
                    "title": "%s (%s): profile %s, selection %s" % (
                        c["id"], c["interpreter"], c["profile"] or "?", selection or "the whole suite")})
    return out


def _groups(columns):
    """Consecutive columns of one target (one group for pyfakefs' releases), as
    [(group name, [column index])]."""
    groups = []
    for i, c in enumerate(columns):
        if groups and groups[-1][0] == _group_name(c):
            groups[-1][1].append(i)
        else:
            groups.append((_group_name(c), [i]))
    return groups


def _cell(matrix, name, column):
    status = matrix["rows"][name].get(column["id"])
    return (status,) + (MARKS[status] if status else ABSENT)[:3]


def _differs(matrix, name):
    cells = matrix["rows"][name]
    return len(set(cells.get(c["id"]) for c in matrix["columns"])) > 1


def _section_chart(matrix, statuses):
    """Per section, per column: the bar's segments (status, mark class, count, percent)."""
    chart = []
    every = [n for names in matrix["sections"].values() for n in names]
    for section, names in list(matrix["sections"].items()) + [("all sections", every)]:
        bars = []
        for c in matrix["columns"]:
            counts = {}
            for name in names:
                status = matrix["rows"][name].get(c["id"])
                if status:
                    counts[status] = counts.get(status, 0) + 1
            total = sum(counts.values())
            bars.append({"total": total, "title": ", ".join("%s %d" % (s, counts[s]) for s in statuses if s in counts),
                         "segments": [(s, MARKS[s][2], counts[s], 100.0 * counts[s] / total)
                                      for s in statuses if counts.get(s)]})
        chart.append({"section": section, "bars": bars})
    return chart


def _page_data(matrix, labels):
    """The drill-down data the page's script reads: per name, per column index, a non-pass
    cell's failures or reasons, with every text once in `t` (stdlib and reference columns
    repeat the same reasons) and the claims once in `claims`."""
    texts, index = [], {}

    def text(value, limit=PAGE_TEXT_LIMIT):
        if value is None:
            return None
        value = cut(value, limit)
        if value not in index:
            index[value] = len(texts)
            texts.append(value)
        return index[value]

    position = {c["id"]: i for i, c in enumerate(matrix["columns"])}
    cells = {}
    for name, by_column in matrix.get("details", {}).items():
        for column_id, d in by_column.items():
            # Arrays, not objects, to keep the page small: [failures, reasons]; a failure is
            # [status, check, behaviour ids, oracle, quote, message, falsifying example].
            failures = [[f["status"], text(f["check"].split("::", 1)[-1]), f["behaviours"], f["oracle"],
                         text(f["quote"]), text(f["message"]), text(f["falsifying_example"])]
                        for f in d["failures"]]
            cells.setdefault(name, {})[position[column_id]] = [failures, [text(r) for r in d["reasons"]]]
    claims = {bid: [b.get("basis"), text(b.get("claim"), 1000)]
              for bid, b in matrix.get("behaviours", {}).items()}
    return {"columns": [{"key": l["key"], "label": l["label"], "id": c["id"]}
                        for l, c in zip(labels, matrix["columns"])],
            "codes": dict((m[2], s) for s, m in list(MARKS.items()) + [("absent", ABSENT)]),
            "departures": [MARKS[s][2] for s in DEPARTURES],
            "sections": list(matrix["sections"]), "cells": cells, "claims": claims, "t": texts}


def script_json(value):
    """JSON for a <script type="application/json"> block: compact, with <, > and & escaped so
    that no text in it can end the block."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _markdown_sections(matrix, groups):
    """Per section, the lines of its block: the targets, each column's key, then one line per
    name whose columns do not all agree (marks grouped by target, then the name)."""
    columns = matrix["columns"]
    # Each group is as wide as its label or its marks, whichever is wider.
    widths = [max(len(target), len(idx)) for target, idx in groups]

    def line(cells, tail=""):
        return (" ".join(c.ljust(w) for c, w in zip(cells, widths)) + " " + tail).rstrip()

    keys = [label["mark_key"] for label in _labels(columns)]  # as the columns table names them
    head = [line([t for t, _ in groups]),
            line(["".join(keys[i] for i in idx) for _, idx in groups])]
    out = []
    for section, names in matrix["sections"].items():
        rows = [line(["".join(_cell(matrix, name, columns[i])[2] for i in idx) for _, idx in groups], name)
                for name in names if _differs(matrix, name)]
        if rows:
            out.append({"section": section, "names": len(names), "differing": len(rows),
                        "lines": head + rows})
    return out


def _view(matrix):
    columns = matrix["columns"]
    statuses = present(STATUSES, *[c["counts"] for c in columns])
    labels = _labels(columns)
    groups = _groups(columns)
    return {"m": matrix, "columns": columns, "labels": labels, "statuses": statuses,
            "legend": [(s,) + MARKS[s] for s in statuses] + [("absent",) + ABSENT],
            "bases": BASIS_MEANINGS, "groups": groups,
            "title": "os conformance matrix: %d reports" % len(columns),
            "any_partial": any(c["partial"] for c in columns),
            "grid": [{"section": s, "names": [(n, [_cell(matrix, n, c) for c in columns]) for n in names]}
                     for s, names in matrix["sections"].items()],
            "differing": sum(1 for n in matrix["rows"] if _differs(matrix, n)),
            "chart": _section_chart(matrix, statuses),
            "page_data": script_json(_page_data(matrix, labels)),
            "markdown_sections": _markdown_sections(matrix, groups),
            "drift_versions": sorted(set(v for d in matrix.get("drift", []) for v in d["verdicts"]),
                                     key=_version_key)}


def render_matrix_markdown(matrix, findings_link=None):
    return environment().get_template("matrix.md").render(findings_link=findings_link, **_view(matrix))


def render_matrix_html(matrix, findings_link=None):
    return environment().get_template("matrix.html").render(findings_link=findings_link, **_view(matrix))


def write_matrix(matrix, out_dir, findings_path=None):
    """Write matrix.json, matrix.md and matrix.html into `out_dir` (linking the findings page at
    findings_path, if given); return their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, "matrix." + ext) for ext in ("json", "md", "html")]
    link = None
    if findings_path:
        link = os.path.relpath(os.path.abspath(findings_path), os.path.abspath(out_dir)).replace(os.sep, "/")
    write_json_atomic(paths[0], matrix)
    write_text_atomic(paths[1], render_matrix_markdown(matrix, link))
    write_text_atomic(paths[2], render_matrix_html(matrix, link))
    return paths

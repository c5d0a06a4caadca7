"""The matrix: several reports side by side, one column per target x interpreter."""
import json
import os
import re

from conformance.report import SCHEMA_VERSION, STATUSES
from conformance.report.files import report_basename, write_json_atomic, write_text_atomic
from conformance.report.render import environment, ordered_sections, present

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
            "interpreter": "%s-%s" % (interp["implementation"], interp["version"]),
            "partial": bool(report.get("partial", False)),
            "generated": report.get("generated", ""),
            "profile": report.get("profile", ""),
            "selection": (report.get("provenance") or {}).get("selection", {}),
            "suite": ((report.get("provenance") or {}).get("suite") or {}).get("commit"),
            "bases": (report.get("summary") or {}).get("bases", {})}


def build_matrix(reports):
    """Merge reports into the matrix dict described in docs/report-format.md."""
    pairs = sorted(((_column(r), r) for r in reports),
                   key=lambda p: (p[0]["target"], p[1]["interpreter"]["implementation"],
                                  _version_key(p[1]["interpreter"]["version"])))
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
    columns = []
    for column, report in pairs:
        counts = {}
        for name, fn in report["functions"].items():
            rows[name][column["id"]] = fn["status"]
            counts[fn["status"]] = counts.get(fn["status"], 0) + 1
        column["counts"] = {s: counts[s] for s in STATUSES if s in counts}
        columns.append(column)
    return {"schema_version": SCHEMA_VERSION, "columns": columns, "sections": sections,
            "rows": rows, "comparable": _comparability(columns),
            "drift": _drift([(c, r) for c, r in pairs if r["target"]["kind"] == "stdlib"
                             and r["interpreter"]["implementation"] == "cpython"])}


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


def _view(matrix):
    columns = matrix["columns"]
    return {"m": matrix, "columns": columns,
            "statuses": present(STATUSES, *[c["counts"] for c in columns]),
            "title": "os conformance matrix: %d reports" % len(columns),
            "any_partial": any(c["partial"] for c in columns),
            "drift_versions": sorted(set(v for d in matrix.get("drift", []) for v in d["verdicts"]),
                                     key=_version_key)}


def render_matrix_markdown(matrix):
    return environment().get_template("matrix.md").render(**_view(matrix))


def render_matrix_html(matrix):
    return environment().get_template("matrix.html").render(**_view(matrix))


def write_matrix(matrix, out_dir):
    """Write matrix.json, matrix.md and matrix.html into `out_dir`; return their paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, "matrix." + ext) for ext in ("json", "md", "html")]
    write_json_atomic(paths[0], matrix)
    write_text_atomic(paths[1], render_matrix_markdown(matrix))
    write_text_atomic(paths[2], render_matrix_html(matrix))
    return paths

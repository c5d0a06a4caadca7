"""Check results: the record each check leaves, and their aggregation per behaviour and per name.

A record is one JSON object per finished check (see docs/report-format.md):
`{"check", "target", "behaviours", "names", "status", "message", "falsifying_example",
"reason", "duration"}`. Reports are always built from records, so a partial run (records
flushed so far) and a finished one are reported by the same code.
"""
import datetime
import json
import platform
import re

from . import catalogue as catalogue_mod

from .report import FAILING, PRECEDENCE, SCHEMA_VERSION, VERDICTS


def worst(statuses, default="unchecked"):
    present = set(statuses)
    for status in PRECEDENCE:
        if status in present:
            return status
    return default


class ResultsFile(object):
    """Append-only, flushed per record: a run killed midway leaves every finished result."""

    def __init__(self, path, records=()):
        self.path = path
        self._file = open(path, "w", encoding="utf-8")
        for record in records:
            self.append(record)

    def append(self, record):
        self._file.write(json.dumps(record, sort_keys=True) + "\n")
        self._file.flush()

    def close(self):
        self._file.close()


def read_records(path):
    """Records of a results file; a torn last line (the run was killed mid-write) is dropped."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                records.append(json.loads(line))
            except ValueError:
                break
    return records


def platform_info():
    libc = platform.libc_ver()
    return {"system": platform.system(), "release": platform.release(),
            "machine": platform.machine(), "libc": " ".join(x for x in libc if x)}


def _verdict(records):
    """The behaviour's verdict from its records: `fail` if any failed, `pass` if any passed
    (judged by an oracle other than the target), else None: not checked."""
    statuses = set(r["status"] for r in records)
    if statuses & set(FAILING):
        return "fail"
    return "pass" if "pass" in statuses else None


def _status_for_name(name, record):
    """A check's status as it bears on its name: a check delegated because the target forwards
    some other object (pyfakefs' __all__, the real os's) says nothing of this name's own
    implementation, so it does not make the name `delegated`."""
    status = record["status"]
    if status == "delegated":
        match = re.match(r"the target forwards os\.([\w.]+) ", record.get("reason") or "")
        if match and match.group(1).split(".")[0] != name.split(".")[0]:
            return "skip"
    return status


def build_report(records, target, interpreter, profile, partial, catalogue=None, provenance=None):
    """The report dict for one target from its check records."""
    catalogue = catalogue or catalogue_mod.load()
    functions = {}
    by_behaviour = {}
    for record in records:
        for bid in record["behaviours"]:
            by_behaviour.setdefault(bid, []).append(record)
    for name, entry in catalogue.entries.items():
        behaviours, counts, failures, skips, seen = {}, {}, [], [], set()
        name_statuses = []
        for b in entry.behaviours:
            recs = by_behaviour.get(b.id, [])
            # A claim documented for another platform only is not this platform's contract.
            default = "unchecked" if b.applies_here else "unavailable"
            behaviours[b.id] = {
                "status": worst((r["status"] for r in recs), default), "claim": b.claim,
                "basis": b.basis, "checks": sorted(set(r["check"] for r in recs)),
                "oracles": sorted(set(r.get("oracle") or "spec" for r in recs
                                      if r["status"] in VERDICTS)),
                "verdict": _verdict(recs)}
            for r in recs:
                if r["check"] in seen:
                    continue  # a check proving several behaviours of this name counts once
                seen.add(r["check"])
                counts[r["status"]] = counts.get(r["status"], 0) + 1
                name_statuses.append(_status_for_name(name, r))
                if r["status"] in FAILING:
                    failures.append({"check": r["check"], "behaviours": r["behaviours"],
                                     "status": r["status"], "message": r.get("message") or "",
                                     "falsifying_example": r.get("falsifying_example"),
                                     "distinct": r.get("distinct") or [],
                                     "departure": r.get("departure"),
                                     "relied_on": r.get("relied_on"),
                                     "oracle": r.get("oracle") or "spec",
                                     "quote": _quote(catalogue, r["behaviours"])})
                elif r["status"] != "pass":
                    skips.append({"check": r["check"], "status": r["status"],
                                  "reason": r.get("reason") or ""})
        applicable = [b for b in entry.behaviours if b.applies_here]
        functions[name] = {
            "section": entry.section, "kind": entry.kind,
            "status": worst(name_statuses),
            # A name passes on the checks that judged it; this says how much of its contract
            # they cover (a behaviour with only baseline or skipped checks is not checked).
            "behaviours_applicable": len(applicable),
            "behaviours_checked": sum(1 for b in applicable if behaviours[b.id]["verdict"]),
            "bases": _basis_scores(applicable, behaviours),
            "counts": counts, "behaviours": behaviours, "failures": failures, "skips": skips,
            "finding": [dict(b.finding, behaviour=b.id) for b in entry.behaviours if b.finding],
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "partial": bool(partial),
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "profile": profile,
        "target": target,
        "interpreter": interpreter,
        "platform": platform_info(),
        "provenance": provenance or {},
        "catalogue": {"names": len(catalogue.entries), "behaviours": len(catalogue.behaviours)},
        "summary": _summary(functions, records, catalogue),
        "sections": _sections(functions),
        "functions": functions,
    }


def _quote(catalogue, behaviour_ids):
    """The spec sentence a failure contradicts (the first of its behaviours that quotes one)."""
    for bid in behaviour_ids:
        b = catalogue.behaviours.get(bid)
        if b is not None and b.quote:
            return b.quote
    return None


def _basis_scores(behaviours, results):
    """basis -> {applicable, checked, pass, fail}: behaviours (not checks) by what they rest on."""
    out = {}
    for b in behaviours:
        score = out.setdefault(b.basis or "spec", {"applicable": 0, "checked": 0, "pass": 0, "fail": 0})
        score["applicable"] += 1
        verdict = results[b.id]["verdict"]
        if verdict:
            score["checked"] += 1
            score[verdict] += 1
    return out


def _summary(functions, records, catalogue):
    names, checks, oracles, bases = {}, {}, {}, {}
    unchecked = []
    for f in functions.values():
        names[f["status"]] = names.get(f["status"], 0) + 1
        for basis, score in f["bases"].items():
            total = bases.setdefault(basis, dict.fromkeys(score, 0))
            for key, value in score.items():
                total[key] += value
        unchecked.extend(bid for bid, b in f["behaviours"].items()
                         if catalogue.behaviours[bid].applies_here and not b["verdict"])
    for r in records:
        checks[r["status"]] = checks.get(r["status"], 0) + 1
        if r["status"] in VERDICTS:
            oracle = r.get("oracle") or "spec"
            oracles[oracle] = oracles.get(oracle, 0) + 1
    return {"names": names, "checks": checks, "oracles": oracles,
            "behaviours": {"applicable": sum(b["applicable"] for b in bases.values()),
                           "checked": sum(b["checked"] for b in bases.values())},
            "bases": bases, "unchecked_behaviours": sorted(unchecked)}


def _sections(functions):
    out = {}
    for f in functions.values():
        counts = out.setdefault(f["section"], {})
        counts[f["status"]] = counts.get(f["status"], 0) + 1
    return out


def cpython_changes(report):
    """The failures that are the stdlib doing what its own CPython version is recorded to do:
    departures from 3.8 that CPython made (changed-in-3.N), not bugs of the target."""
    return [f for fn in report["functions"].values() for f in fn["failures"]
            if (f.get("departure") or {}).get("own_version")]


def exit_code(reports):
    """0 when no check failed, 1 otherwise. A CPython's own recorded change (cpython_changes) is
    reported as a failure against 3.8 but does not fail the run."""
    for r in reports:
        excused = len(cpython_changes(r))
        if sum(r["summary"]["checks"].get(s, 0) for s in FAILING) > excused:
            return 1
    return 0

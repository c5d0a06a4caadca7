"""Check results: the record each check leaves, and their aggregation per behaviour and per name.

A record is one JSON object per finished check (see docs/report-format.md):
`{"check", "target", "behaviours", "names", "status", "message", "falsifying_example",
"reason", "duration"}`. Reports are always built from records, so a partial run (records
flushed so far) and a finished one are reported by the same code.
"""
import datetime
import json
import platform

from . import catalogue as catalogue_mod

from .report import FAILING, PRECEDENCE, SCHEMA_VERSION


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


def build_report(records, target, interpreter, profile, partial, catalogue=None):
    """The report dict for one target from its check records."""
    catalogue = catalogue or catalogue_mod.load()
    functions = {}
    by_behaviour = {}
    for record in records:
        for bid in record["behaviours"]:
            by_behaviour.setdefault(bid, []).append(record)
    for name, entry in catalogue.entries.items():
        behaviours, counts, failures, skips, seen = {}, {}, [], [], set()
        for b in entry.behaviours:
            recs = by_behaviour.get(b.id, [])
            # A claim documented for another platform only is not this platform's contract.
            default = "unchecked" if b.applies_here else "unavailable"
            behaviours[b.id] = {"status": worst((r["status"] for r in recs), default),
                                "claim": b.claim, "checks": sorted(set(r["check"] for r in recs))}
            for r in recs:
                if r["check"] in seen:
                    continue  # a check proving several behaviours of this name counts once
                seen.add(r["check"])
                counts[r["status"]] = counts.get(r["status"], 0) + 1
                if r["status"] in FAILING:
                    failures.append({"check": r["check"], "behaviours": r["behaviours"],
                                     "status": r["status"], "message": r.get("message") or "",
                                     "falsifying_example": r.get("falsifying_example")})
                elif r["status"] != "pass":
                    skips.append({"check": r["check"], "status": r["status"],
                                  "reason": r.get("reason") or ""})
        applicable = [b for b in entry.behaviours if b.applies_here]
        functions[name] = {
            "section": entry.section, "kind": entry.kind,
            "status": worst(counts),
            # A name passes on the checks that ran; this says how much of its contract they cover.
            "behaviours_applicable": len(applicable),
            "behaviours_checked": sum(1 for b in applicable if behaviours[b.id]["checks"]),
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
        "catalogue": {"names": len(catalogue.entries), "behaviours": len(catalogue.behaviours)},
        "summary": _summary(functions, records, catalogue),
        "sections": _sections(functions),
        "functions": functions,
    }


def _summary(functions, records, catalogue):
    names, checks = {}, {}
    for f in functions.values():
        names[f["status"]] = names.get(f["status"], 0) + 1
    for r in records:
        checks[r["status"]] = checks.get(r["status"], 0) + 1
    proved = set(b for r in records for b in r["behaviours"])
    applicable = set(b.id for b in catalogue.behaviours.values() if b.applies_here)
    return {"names": names, "checks": checks,
            "behaviours": {"applicable": len(applicable), "checked": len(applicable & proved)},
            "unchecked_behaviours": sorted(applicable - proved)}


def _sections(functions):
    out = {}
    for f in functions.values():
        counts = out.setdefault(f["section"], {})
        counts[f["status"]] = counts.get(f["status"], 0) + 1
    return out


def exit_code(reports):
    """0 when no check failed, 1 otherwise."""
    return 1 if any(r["summary"]["checks"].get(s) for r in reports for s in FAILING) else 0


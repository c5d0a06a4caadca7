"""Expectations owned by a target: what it knowingly does not match, so that its CI can gate on
"no new failures" (`os-conformance run --expect FILE`, `os-conformance expect FILE REPORT.json`).

The file is JSON:

    {"about": "optional text",
     "behaviours": {
       "pread.offset-unchanged": {"status": "fail", "reason": "why", "link": "https://..."},
       "makedev": {"status": "fail", "reason": "a name: compared with the name's status"}}}

A key is a behaviour id (compared with that behaviour's status in the report) or a catalogue
name (compared with the name's status; it then covers every behaviour of the name). `status` is
a report status, `reason` says why, `link` is optional. A report is judged against the file:

- a failing behaviour (fail, error, crash, timeout) that no key covers: an unexpected failure;
- an expectation whose behaviour or name passes: an unexpected pass;
- one that fails with another failing status (fail expected, crash seen): a mismatch;
- one whose behaviour or name was not checked in this run (unchecked, skip, missing, ...): not
  judged.

The gate passes when there is no unexpected failure, unexpected pass or mismatch.
`os-conformance expect --update FILE REPORT.json` writes or refreshes the file from a report:
passing entries are dropped, changed statuses updated, new failures added with the observed
message as a provisional reason; reasons and links already there are kept.
The suite's own `fixtures/expectations/<target>.json` use the same format.
"""
import json

from .report import FAILING, STATUSES

ENTRY_KEYS = ("status", "reason", "link")


class ExpectError(ValueError):
    """An unusable expectations file; the message is one line naming the file."""


def load(path, catalogue=None, must_exist=True):
    """({key: {"status", "reason", "link"?}}, about text or None); ExpectError for a bad file.
    With `catalogue`, every key must be one of its names or behaviour ids."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        if not must_exist:
            return {}, None
        raise ExpectError("%s: no such expectations file" % path)
    except OSError as e:
        raise ExpectError("%s: cannot read: %s" % (path, e.strerror or e))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except ValueError as e:  # also UnicodeDecodeError
        raise ExpectError("%s: not valid JSON: %s" % (path, " ".join(str(e).split())))
    if not isinstance(doc, dict) or not isinstance(doc.get("behaviours"), dict):
        raise ExpectError('%s: not an expectations file (want {"behaviours": {ID_OR_NAME: '
                          '{"status": ..., "reason": ...}}})' % path)
    entries = {}
    for key, value in doc["behaviours"].items():
        where = "%s: %s" % (path, key)
        if not isinstance(value, dict):
            raise ExpectError("%s: want an object with status and reason" % where)
        extra = sorted(set(value) - set(ENTRY_KEYS))
        if extra:
            raise ExpectError("%s: unknown field %s (fields: %s)" % (where, extra[0], ", ".join(ENTRY_KEYS)))
        if value.get("status") not in STATUSES:
            raise ExpectError("%s: status %r is not one of %s" % (where, value.get("status"), ", ".join(STATUSES)))
        if not isinstance(value.get("reason"), str) or not value["reason"].strip():
            raise ExpectError("%s: a reason (a non-empty string) is required" % where)
        if not isinstance(value.get("link", ""), str):
            raise ExpectError("%s: link must be a string" % where)
        if catalogue is not None and key not in catalogue.behaviours and key not in catalogue.entries:
            raise ExpectError("%s is neither a name nor a behaviour id of the catalogue" % where)
        entries[key] = dict(value)
    return entries, doc.get("about")


def _owners(report):
    """{behaviour id: name} of a report."""
    return dict((bid, name) for name, fn in report["functions"].items() for bid in fn.get("behaviours", {}))


def _actual(report, key, owners):
    if key in report["functions"]:
        return report["functions"][key]["status"]
    if key in owners:
        return report["functions"][owners[key]]["behaviours"][key]["status"]
    return None


def evaluate(report, entries):
    """{"unexpected_failures": [(id, status)], "unexpected_passes": [(key, expected)],
    "mismatches": [(key, expected, actual)], "matched": [key], "not_judged": [key],
    "unknown": [key]} (keys the report does not have are unknown)."""
    owners = _owners(report)
    out = dict((k, []) for k in ("unexpected_failures", "unexpected_passes", "mismatches",
                                 "matched", "not_judged", "unknown"))
    for key in sorted(entries):
        expected, actual = entries[key]["status"], _actual(report, key, owners)
        if actual is None:
            out["unknown"].append(key)
        elif actual == expected:
            out["matched"].append(key)
        elif actual == "pass":
            out["unexpected_passes"].append((key, expected))
        elif actual in FAILING:
            out["mismatches"].append((key, expected, actual))
        else:
            out["not_judged"].append(key)
    for bid in sorted(owners):
        status = report["functions"][owners[bid]]["behaviours"][bid]["status"]
        if status in FAILING and bid not in entries and owners[bid] not in entries:
            out["unexpected_failures"].append((bid, status))
    return out


def gate_passes(result):
    return not (result["unexpected_failures"] or result["unexpected_passes"] or result["mismatches"])


def render(result, label):
    """Lines for the console: a summary, then each departure from the expectations."""
    lines = ["expectations %s for %s: %d matched, %d unexpected failures, %d unexpected passes, "
             "%d mismatches, %d not judged (not checked in this run)"
             % ("met" if gate_passes(result) else "NOT met", label, len(result["matched"]),
                len(result["unexpected_failures"]), len(result["unexpected_passes"]),
                len(result["mismatches"]), len(result["not_judged"]))]
    lines += ["  unexpected %s: %s" % (status, bid) for bid, status in result["unexpected_failures"]]
    lines += ["  unexpected pass: %s (expected %s; remove it, or run expect --update)" % kv
              for kv in result["unexpected_passes"]]
    lines += ["  mismatch: %s is %s (expected %s)" % (key, actual, expected)
              for key, expected, actual in result["mismatches"]]
    lines += ["  not in the report: %s" % key for key in result["unknown"]]
    return lines


def _observed(report, name, bid):
    """A provisional reason for a new entry: the first line of the failure's message."""
    for failure in report["functions"][name].get("failures", []):
        lines = (failure.get("message") or "").strip().splitlines()
        if bid in failure.get("behaviours", ()) and lines:
            return "observed: " + " ".join(lines[0].split())[:200]
    return "observed: %s (say why, or fix it)" % report["functions"][name]["behaviours"][bid]["status"]


def update(entries, report):
    """(new entries, {"added", "removed", "changed", "kept"} counts) from old entries and a report."""
    owners = _owners(report)
    new, counts = {}, {"added": 0, "removed": 0, "changed": 0, "kept": 0}
    for key, entry in entries.items():
        actual = _actual(report, key, owners)
        if actual == "pass":
            counts["removed"] += 1
        elif actual in FAILING and actual != entry["status"]:
            new[key] = dict(entry, status=actual)
            counts["changed"] += 1
        else:  # matched, or not checked in this run: nothing to learn from it
            new[key] = entry
            counts["kept"] += 1
    for bid, status in evaluate(report, new)["unexpected_failures"]:
        new[bid] = {"status": status, "reason": _observed(report, owners[bid], bid)}
        counts["added"] += 1
    return new, counts


def dumps(entries, about):
    doc = {"about": about} if about else {}
    doc["behaviours"] = dict((k, dict((f, entries[k][f]) for f in ENTRY_KEYS if f in entries[k]))
                             for k in sorted(entries))
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"

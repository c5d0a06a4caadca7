"""`os-conformance diff OLD.json NEW.json`: what changed between two reports, per name and per
behaviour.

- regression: checked in both, not failing before (pass, skip, ...), failing now (fail, error,
  crash, timeout) or `missing` now;
- fix: failing or missing before, `pass` now;
- changed: any other change of a checked status (fail -> crash, pass -> delegated, ...);
- new: unchecked (or absent) before, checked now; removed: checked before, unchecked (or absent) now.

A behaviour change is listed under its name; a name is listed once, in the class of its own
status change, or (status unchanged) in the class of its behaviours' changes. Exit status 1 when
there is a regression, 0 otherwise.
"""
from .report import FAILING

BAD = tuple(FAILING) + ("missing",)
CLASSES = ("regressions", "fixes", "changed", "new", "removed")
TITLES = {"regressions": "Regressions", "fixes": "Fixes", "changed": "Other changes",
          "new": "New checks", "removed": "Removed checks"}
UNCHECKED = ("unchecked", None)


def classify(old, new):
    """The class of a status change (None: no change). `None` means absent from the report."""
    if old == new:
        return None
    if old in UNCHECKED:
        return "new" if new not in UNCHECKED else None
    if new in UNCHECKED:
        return "removed"
    if new in BAD and old not in BAD:
        return "regressions"
    if old in BAD and new == "pass":
        return "fixes"
    return "changed"


def _behaviours(fn):
    return {bid: b.get("status") for bid, b in (fn or {}).get("behaviours", {}).items()}


def compare(old, new):
    """{"old": column, "new": column, "classes": {class: [row]}, "checks": {"added", "removed"}}
    with a row {"name", "old", "new", "behaviours": [(id, old, new, class)]}."""
    classes = dict((c, []) for c in CLASSES)
    names = list(new["functions"]) + [n for n in old["functions"] if n not in new["functions"]]
    for name in names:
        fo, fn = old["functions"].get(name), new["functions"].get(name)
        so, sn = (fo or {}).get("status"), (fn or {}).get("status")
        bo, bn = _behaviours(fo), _behaviours(fn)
        changes = []
        for bid in list(bn) + [b for b in bo if b not in bn]:
            cls = classify(bo.get(bid), bn.get(bid))
            if cls:
                changes.append((bid, bo.get(bid), bn.get(bid), cls))
        cls = classify(so, sn)
        if cls is None and changes:
            # The name's status held; file it under its behaviours' worst change.
            kinds = set(c[3] for c in changes)
            cls = next(c for c in CLASSES if c in kinds)
        if cls:
            classes[cls].append({"name": name, "old": so, "new": sn, "behaviours": changes})
    checks_old = _checks(old)
    checks_new = _checks(new)
    return {"old": _column(old), "new": _column(new), "classes": classes,
            "checks": {"added": len(checks_new - checks_old), "removed": len(checks_old - checks_new)}}


def _checks(report):
    return set(c for fn in report["functions"].values()
               for b in fn.get("behaviours", {}).values() for c in b.get("checks", []))


def _column(report):
    interp = report["interpreter"]
    return "%s on %s %s%s" % (report["target"]["label"], interp["implementation"], interp["version"],
                              " (partial)" if report.get("partial") else "")


def regressed(result):
    return bool(result["classes"]["regressions"])


def _status(s):
    return s if s is not None else "absent"


def render_text(result):
    if not any(result["classes"].values()):
        return "%s -> %s: no changes\n" % (result["old"], result["new"])
    counts = ", ".join("%d %s" % (len(result["classes"][c]), TITLES[c].lower()) for c in CLASSES)
    lines = ["%s -> %s: %s (names); checks %+d/-%d" % (result["old"], result["new"], counts,
                                                       result["checks"]["added"], result["checks"]["removed"])]
    for cls in CLASSES:
        rows = result["classes"][cls]
        if not rows:
            continue
        lines.append("")
        lines.append("%s (%d):" % (TITLES[cls], len(rows)))
        for row in rows:
            lines.append("  %s: %s -> %s" % (row["name"], _status(row["old"]), _status(row["new"])))
            for bid, so, sn, _ in row["behaviours"]:
                lines.append("    %s: %s -> %s" % (bid, _status(so), _status(sn)))
    return "\n".join(lines) + "\n"


def render_markdown(result, budget=50):
    """Small enough for a pull-request comment (a few KB): at most `budget` names in all,
    regressions first, each with up to four of its changed behaviours on one line."""
    lines = ["### os-conformance: %s → %s" % (result["old"], result["new"]), "",
             " · ".join("%s **%d**" % (TITLES[c], len(result["classes"][c])) for c in CLASSES)
             + " · checks +%d/−%d" % (result["checks"]["added"], result["checks"]["removed"])]
    for cls in CLASSES:
        rows = result["classes"][cls]
        if not rows:
            continue
        lines += ["", "**%s**" % TITLES[cls], ""]
        shown = rows[:max(budget, 0)]
        budget -= len(shown)
        if shown:
            lines += ["| name | was | now | behaviours |", "|---|---|---|---|"]
        for row in shown:
            # `pread.offset-unchanged` under pread is `offset-unchanged`: the name is on the row.
            changed = ", ".join("`%s` %s→%s" % (bid[len(row["name"]) + 1:] if bid.startswith(row["name"] + ".")
                                                else bid, _status(so), _status(sn))
                                for bid, so, sn, _ in row["behaviours"][:4])
            if len(row["behaviours"]) > 4:
                changed += ", … %d more" % (len(row["behaviours"]) - 4)
            lines.append("| `%s` | %s | %s | %s |" % (row["name"], _status(row["old"]), _status(row["new"]),
                                                      changed.replace("|", "\\|")))
        if len(rows) > len(shown):
            lines += ["", "… and %d more (`os-conformance diff` lists them all)" % (len(rows) - len(shown))]
    return "\n".join(lines) + "\n"

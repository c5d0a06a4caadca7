"""The per-section summary `os-conformance run` prints when it is done."""
from .catalogue import SECTIONS
from .report import STATUSES
from .results import cpython_changes

COLOURS = {"pass": "green", "fail": "red", "error": "red", "crash": "red", "timeout": "red",
           "flaky": "magenta", "baseline": "blue", "missing": "yellow", "delegated": "cyan", "skip": "dim", "unavailable": "dim",
           "unchecked": "dim"}


def print_summary(reports, elapsed, checks_run):
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for report in reports:
        statuses = [s for s in STATUSES
                    if any(s in counts for counts in report["sections"].values())]
        title = "%s on %s %s — names by status" % (
            report["target"]["spec"], report["interpreter"]["implementation"],
            report["interpreter"]["version"])
        table = Table(title=title)
        table.add_column("section")
        for status in statuses:
            table.add_column(status, justify="right", style=COLOURS.get(status))
        table.add_column("behaviours checked", justify="right")
        for section in SECTIONS:
            counts = report["sections"].get(section)
            if counts:
                names = [f for f in report["functions"].values() if f["section"] == section]
                checked = "%d/%d" % (sum(f["behaviours_checked"] for f in names),
                                     sum(f["behaviours_applicable"] for f in names))
                table.add_row(section, *([str(counts.get(s, "")) for s in statuses] + [checked]))
        console.print(table)
        bases = report["summary"].get("bases", {})
        console.print("  behaviours checked (judged by an oracle other than the target), by basis: "
                      + "; ".join("%s %d/%d (%d fail)" % (b, bases[b]["checked"], bases[b]["applicable"],
                                                          bases[b]["fail"])
                                  for b in ("spec", "cpython", "surface") if b in bases), highlight=False)
        changes = cpython_changes(report)
        if changes:
            console.print("  %d failures are this CPython's own recorded departures from 3.8 (%s): "
                          "reported, not failing the run" % (len(changes), ", ".join(sorted(set(
                              f["departure"]["class"] for f in changes)))), highlight=False)
        baseline = report["summary"]["checks"].get("baseline", 0)
        if baseline:
            console.print("  %d checks took their expectation from the target itself: baseline, no "
                          "verdict" % baseline, highlight=False)
        failing = [(name, f) for name, f in report["functions"].items() if f["failures"]]
        for name, f in failing:
            first = f["failures"][0]
            console.print("  [red]%s[/red] %s: %s" % (f["status"], name,
                                                       first["message"].splitlines()[0] if first["message"] else ""),
                          highlight=False)
    rate = checks_run / elapsed if elapsed else 0.0
    console.print("%d checks in %.1f s (%.1f checks/s)" % (checks_run, elapsed, rate))

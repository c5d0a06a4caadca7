"""The one result record: what a check proved, how it ended, and how the record is assembled.

A record is one JSON object per finished check (docs/report-format.md):
`{"check", "target", "behaviours", "status", "reason", "message", "falsifying_example",
"distinct", "oracle", "departure", "blame", "relied_on", "duration", "finished"}`. Everything that writes or
reads results goes through this module: the plugin attaches a record to each phase report (`attach`), executors build records
for checks that could not report themselves (`synthetic_reports`), and `Assembler` folds the
phases of a check into the record that is flushed to the results file.

`blame` says whose fault an unfinished check is: `target` (the implementation under test
crashed, hung or escaped) or `harness` (the suite's own code failed: never reported as the
target's crash).
"""
import re
import time

from _pytest.reports import TestReport

from . import errnos, examples, oracles
from .targets import TargetDelegated, TargetLacks, TargetMissing, TargetUnavailable

BLAME_TARGET, BLAME_HARNESS = "target", "harness"


def behaviour_ids(item):
    """The catalogue behaviour ids a check proves (its `@pytest.mark.behaviour(...)` marks)."""
    ids = []
    for mark in item.iter_markers("behaviour"):
        ids.extend(mark.args)
    return ids


def target_spec(item):
    return getattr(getattr(item, "callspec", None), "params", {}).get("target")


def is_check(item):
    """A conformance check (it runs against a target), not one of the project's own tests."""
    return "target" in getattr(item, "fixturenames", ())


# --- classification of one phase -------------------------------------------------------------

def classify(item, call, report, catalogue):
    """(status, reason) of one phase of a check."""
    exc = call.excinfo.value if call.excinfo is not None else None
    if isinstance(exc, TargetLacks) or report.skipped:
        # Whatever else stopped it, a check of a name the target lacks or forwards says that
        # first: a name pyfakefs forwards is delegated, not unavailable for a capability.
        lacked = _own_name_lacked(item, catalogue)
        if lacked is not None:
            exc = lacked
    if isinstance(exc, TargetUnavailable):
        return "unavailable", str(exc)
    if isinstance(exc, TargetDelegated):
        return "delegated", str(exc)
    if isinstance(exc, TargetMissing):
        own = set(catalogue.name_of(b) for b in behaviour_ids(item))
        entry = catalogue.entries.get(exc.name)
        if exc.name in own or any(n.startswith(exc.name + ".") for n in own):
            if entry is not None and not entry.available_here:
                return "unavailable", "not on this platform (%s)" % (entry.linux_note or "")
            return "missing", str(exc)
        return "skip", "needs os.%s, which the target lacks" % exc.name
    if hasattr(report, "wasxfail"):
        return "skip", "expected failure (fixtures/expectations): %s" % report.wasxfail
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        return "skip", re.sub(r"^Skipped: ", "", reason)
    if report.failed:
        return ("fail" if call.when == "call" else "error"), None
    return "pass", None


def _own_name_lacked(item, catalogue):
    """TargetMissing/TargetDelegated for the first name the check is about that its target lacks
    or forwards, else None. Top-level names only: a member's owner decides (scandir.close is
    the iterator's, and a forwarded class forwards its members)."""
    tgt = getattr(item, "funcargs", {}).get("target")
    if tgt is None or not hasattr(tgt, "lookup"):
        return None
    for name in sorted(set(catalogue.behaviours[b].name.split(".")[0] for b in behaviour_ids(item)
                           if b in catalogue.behaviours)):
        try:
            tgt.lookup(name)
        except (TargetMissing, TargetDelegated) as lacked:
            return lacked
        except Exception:  # a broken target's attribute: the check's own outcome stands
            return None
    return None


def attach(item, call, report, catalogue):
    """Give a phase report its record (pytest_runtest_makereport). A check that could not run on
    this target (missing, delegated, ...) is shown as a skip, never as the target's failure."""
    status, reason = classify(item, call, report, catalogue)
    if status in ("missing", "unavailable", "delegated", "skip") and report.failed:
        report.outcome = "skipped"
        report.longrepr = (str(item.fspath), item.location[1] or 0, "%s: %s" % (status, reason))
    tgt = getattr(item, "funcargs", {}).get("target")
    oracle, own = oracles.judged(getattr(tgt, "module", None))
    if status == "pass" and own and call.when == "call":
        # Judged by itself, the target could not have failed: no verdict either way.
        status, reason = "baseline", "the expectation came from the target itself (%s)" % oracle
    distinct = []
    if report.failed and call.when == "call":
        distinct = examples.distinct_failures(call.excinfo.value if call.excinfo else None, _describe)
    text = message(report) if report.failed else None
    if len(distinct) == 1:
        text = distinct[0]["message"]  # the exception's own words, without Hypothesis' notes
    elif len(distinct) > 1:  # "Hypothesis found 2 distinct failures" says nothing of them
        text = "\n".join("%d) %s" % (i + 1, d["message"].splitlines()[0] if d["message"] else "")
                         for i, d in enumerate(distinct))
    example = "\n\n".join(d["example"] for d in distinct if d["example"]) or None
    relied = oracles.relied_on() if call.when == "call" else []
    if text and relied:  # the verdict leaned on the target's own functions besides the one checked
        text += "\n(set-up and inspection in the target's world relied on its own %s)" % ", ".join(relied)
    report.os_conformance = {
        "target": target_spec(item), "behaviours": behaviour_ids(item),
        "status": status, "reason": reason, "message": text,
        # Hypothesis' structured observations first; its printed text only where it gave none
        # (an explicit @example, or a Hypothesis without observability).
        "falsifying_example": example or (examples.clean(falsifying_example(report) or "")
                                          or _case_example(item) or None if report.failed else None),
        "distinct": [{"example": d["example"], "message": d["message"]} for d in distinct],
        "oracle": oracle, "blame": None, "relied_on": relied or None,
        "departure": getattr(call.excinfo.value, "departure", None)
        if report.failed and call.excinfo is not None else None,
    }


def _case_example(item):
    """A plain (not Hypothesis) check's failing case: its parameters but the target, as a call
    (`test_signature_is_the_documented_one(name='lseek')`); None for a check without any."""
    params = dict(getattr(getattr(item, "callspec", None), "params", {}) or {})
    params.pop("target", None)
    if not params:
        return None
    def shown(value):  # an object without a useful repr is shown by its name
        text = repr(value)
        return repr(getattr(value, "name", type(value).__name__)) if " at 0x" in text else text
    return "%s(%s)" % (getattr(item, "originalname", None) or item.name,
                       ", ".join("%s=%s" % (k, shown(v)) for k, v in sorted(params.items())))


def _describe(exc):
    """One exception as pytest's one-line summary shows it (`AssertionError: ...`), first lines."""
    text = "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
    return "\n".join(text.splitlines()[:12])


def message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return errnos.annotate("\n".join(text.splitlines()[:12]))


_FALSIFYING = re.compile(r"^(E\s+)?((Falsifying (explicit )?example|Failing test case):.*)$")
_GROUP_BAR = re.compile(r"^(\s*\|)\s?")


def falsifying_example(report):
    """Hypothesis' minimal example as it printed it, or None for a plain check. Where hypothesis
    found several distinct failures (an ExceptionGroup, each sub-exception's lines behind a "|"
    bar), every example, separated by a blank line."""
    import textwrap
    lines = report.longreprtext.splitlines()
    found = []
    for i, line in enumerate(lines):
        bar = _GROUP_BAR.match(line)
        match = _FALSIFYING.match((line[bar.end():] if bar else line).strip())
        if match:
            out = [match.group(2)]
            for follow in lines[i + 1:]:
                if bar:
                    if not follow.startswith(bar.group(1)) or not follow[bar.end(1):].strip():
                        break
                    out.append(follow[bar.end(1):])
                    continue
                follow = re.sub(r"^E\s?", "", follow)
                if not follow.strip() or not (follow.startswith(" ") or follow.startswith(")")):
                    break
                out.append(follow)
            # A state machine's step list (state = ...; state.rule(...)) keeps pytest's
            # indentation otherwise: dedented, it can be pasted and replayed as it is.
            found.append("\n".join(out[:1] + textwrap.dedent("\n".join(out[1:])).splitlines()))
    return "\n\n".join(found) or None


# --- checks that could not report themselves -----------------------------------------------

def synthetic_reports(item, status, message_text, duration, blame=BLAME_TARGET):
    """setup/call/teardown reports for a check whose process could not report itself: it
    crashed, timed out, escaped (blame `target`), or the harness failed around it (`harness`)."""
    record = {"target": target_spec(item), "behaviours": behaviour_ids(item), "status": status,
              "reason": None, "message": message_text, "falsifying_example": None, "distinct": [],
              "oracle": oracles.HARNESS, "departure": None, "blame": blame}
    out = []
    for when, outcome in (("setup", "passed"), ("call", "failed"), ("teardown", "passed")):
        rep = TestReport(item.nodeid, item.location, {}, outcome,
                         message_text if outcome == "failed" else None, when, [],
                         duration if when == "call" else 0.0, [])
        rep.os_conformance = dict(record, status=status if when == "call" else "pass")
        out.append(rep)
    return out


def mark_flaky(reports, passing):
    """A check that failed and then passed when run again: `flaky`, with both outcomes. It counts
    as neither a pass nor a failure."""
    for report in reports:
        rec = getattr(report, "os_conformance", None)
        if rec is not None and rec["status"] in ("fail", "error"):
            rec["message"] = "FLAKY: %s at first, %s when run again.\nFirst run: %s" % (
                rec["status"], passing["status"], rec.get("message") or "")
            rec["status"], rec["reason"] = "flaky", rec["message"].split("\n", 1)[0]
            # pytest's own outcome follows: a flaky check does not fail the run.
            report.outcome = "skipped"
            report.longrepr = (report.location[0], report.location[1] or 0, "flaky: " + rec["reason"])


def to_serializable(config, reports):
    return [config.hook.pytest_report_to_serializable(config=config, report=r) for r in reports]


def from_serializable(config, data):
    reports = [config.hook.pytest_report_from_serializable(config=config, data=d) for d in data]
    for report in reports:
        if isinstance(report.longrepr, list):  # a skip's (path, line, reason), listed by JSON
            report.longrepr = tuple(report.longrepr)
    return reports


# --- folding phases into one record ---------------------------------------------------------

class Assembler(object):
    """Folds the setup/call/teardown records of each check into its one record, and hands each
    finished record to `sink(record)`."""

    def __init__(self, sink):
        self.sink = sink
        self.pending = {}  # nodeid -> record being assembled

    def add(self, report):
        record = getattr(report, "os_conformance", None)
        if record is None:
            return None
        pending = self.pending.setdefault(report.nodeid, dict(record, check=report.nodeid, duration=0.0))
        pending["duration"] += getattr(report, "duration", 0.0)
        if report.when == "call" or (report.when == "setup" and record["status"] != "pass"):
            for key in ("status", "reason", "message", "falsifying_example", "distinct", "oracle",
                        "departure", "blame", "relied_on"):
                pending[key] = record.get(key)
        elif report.when == "teardown" and record["status"] == "error" and pending["status"] in ("pass", "baseline"):
            pending.update(status="error", message=record["message"])
        if report.when != "teardown":
            return None
        del self.pending[report.nodeid]
        pending["finished"] = time.time()
        self.sink(pending)
        return pending

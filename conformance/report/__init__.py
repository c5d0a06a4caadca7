"""Reports of a conformance run: JSON (the contract, `docs/report-format.md`), Markdown, HTML,
and the matrix that puts several reports side by side."""

SCHEMA_VERSION = "2.2"

# Display order (as in the doc's table).
STATUSES = ("pass", "fail", "error", "crash", "timeout", "flaky", "baseline", "missing",
            "unavailable", "delegated", "skip", "unchecked")
# A name's status is the first of these that any of its check results has.
PRECEDENCE = ("crash", "timeout", "fail", "error", "flaky", "missing", "delegated", "pass",
              "baseline", "skip", "unavailable", "unchecked")
# Statuses that make `os-conformance run` exit 1 and that are listed as failures.
FAILING = ("fail", "error", "crash", "timeout")
# The statuses that are verdicts: the target was judged by an oracle other than itself. Only a
# behaviour with a verdict counts as checked (`baseline`, `skip`, `delegated`, ... do not).
VERDICTS = ("pass",) + FAILING

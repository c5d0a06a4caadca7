"""Reports of a conformance run: JSON (the contract, `docs/report-format.md`), Markdown, HTML,
and the matrix that puts several reports side by side."""

SCHEMA_VERSION = "1.0"

# Display order (as in the doc's table).
STATUSES = ("pass", "fail", "error", "crash", "timeout", "missing", "unavailable", "delegated",
            "skip", "unchecked")
# A name's status is the first of these that any of its check results has.
PRECEDENCE = ("crash", "timeout", "fail", "error", "missing", "delegated", "pass", "skip",
              "unavailable", "unchecked")
# Statuses that make `os-conformance run` exit 1 and that are listed as failures.
FAILING = ("fail", "error", "crash", "timeout")

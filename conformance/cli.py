"""`os-conformance`: run the suite against targets, merge reports into a matrix, keep the
catalogue true to the spec.

Exit codes: 0 no check failed, 1 some check failed, 2 usage error (one line, no traceback).
"""
import argparse
import os
import sys
import time

from . import profiles, targets

CHECKS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "checks")


class Usage(Exception):
    """A usage error: printed as one line, exit code 2."""


def main(argv=None):
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except Usage as exc:
        sys.stderr.write("os-conformance: error: %s\n" % exc)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("os-conformance: interrupted\n")
        return 2


def _parser():
    parser = argparse.ArgumentParser(prog="os-conformance", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    sub.required = True

    run = sub.add_parser("run", help="run the conformance suite and write reports")
    run.add_argument("--target", action="append", default=[], metavar="T",
                     help="stdlib, reference, pyfakefs or module:DOTTED.NAME (repeatable; "
                          "default: stdlib and reference)")
    run.add_argument("--report-dir", default="reports", metavar="DIR")
    run.add_argument("--profile", choices=profiles.PROFILES, default="quick")
    run.add_argument("-k", dest="keyword", metavar="EXPR", help="only checks matching EXPR (pytest -k)")
    run.add_argument("-n", "--jobs", default=None, metavar="N",
                     help="run checks in N processes (pytest-xdist; 'auto' for one per core)")
    run.add_argument("--strict", action="store_true", help="also compare exception messages")
    run.add_argument("--quiet", action="store_true", help="no progress display")
    run.add_argument("--resume", action="store_true",
                     help="continue an interrupted run in the same report directory")
    run.add_argument("--coverage", action="store_true",
                     help="measure the branch coverage of reference/ reached by the reference "
                          "target's checks (coverage.py): a `coverage` section in its report, "
                          "HTML in REPORT_DIR/coverage/")
    run.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                     help="per-check time limit (default by profile)")
    run.add_argument("pytest_args", nargs="*", metavar="-- PYTEST_ARG",
                     help="further pytest arguments, after --")
    run.set_defaults(func=cmd_run)

    matrix = sub.add_parser("matrix", help="merge reports into a compatibility matrix")
    matrix.add_argument("reports", nargs="+", metavar="REPORT.json")
    matrix.add_argument("--out", required=True, metavar="DIR")
    matrix.set_defaults(func=cmd_matrix)

    cat = sub.add_parser("catalogue", help="check or sync the API catalogue against the spec")
    cat.add_argument("action", choices=("check", "sync", "findings"),
                     help="check: complete against the spec? sync: rewrite structure from the spec; "
                          "findings: print the recorded documentation/implementation findings (Markdown)")
    cat.add_argument("--spec", default=None, metavar="os.rst",
                     help="the spec file (default: $OS_CONFORMANCE_SPEC, else ../shared/spec/os.rst "
                          "beside a source checkout)")
    cat.set_defaults(func=cmd_catalogue)
    return parser


def cmd_run(args):
    import pytest

    from .progress import ProgressPlugin
    from .summary import print_summary

    specs = args.target or list(targets.DEFAULT_TARGETS)
    if args.coverage:
        if "reference" not in specs:
            raise Usage("--coverage measures the reference implementation: add --target reference")
        from . import refcoverage
        if refcoverage.missing():
            raise Usage("--coverage: " + refcoverage.missing())
        if not args.jobs:  # this process runs the checks: measure from before the import below
            refcoverage.start()
    for spec in specs:
        try:
            targets.resolve(spec)
        except targets.UsageError as exc:
            raise Usage(str(exc))
    _require_writable(args.report_dir)
    pytest_args = [CHECKS_DIR, "-p", "no:cacheprovider", "-p", "no:terminal",
                   "--os-report-dir", args.report_dir, "--os-profile", args.profile,
                   "--rootdir", os.path.dirname(os.path.dirname(CHECKS_DIR))]
    for spec in specs:
        pytest_args += ["--target", spec]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.jobs:
        pytest_args += ["-n", args.jobs]
    if args.strict:
        pytest_args.append("--os-strict")
    if args.resume:
        pytest_args.append("--os-resume")
    if args.timeout:
        pytest_args += ["--os-timeout", str(args.timeout)]
    if args.coverage:
        pytest_args.append("--os-coverage")
    pytest_args += args.pytest_args
    progress = ProgressPlugin(enabled=not args.quiet)
    started = time.time()
    code = pytest.main(pytest_args, plugins=[progress])
    elapsed = time.time() - started
    if code == pytest.ExitCode.USAGE_ERROR:
        raise Usage("pytest refused the arguments (see above)")
    if code == pytest.ExitCode.NO_TESTS_COLLECTED and args.resume and progress.reports:
        print("nothing left to run: every selected check has a result in %s" % args.report_dir)
    elif code == pytest.ExitCode.NO_TESTS_COLLECTED:
        raise Usage("no checks selected%s" % (" by -k %s" % args.keyword if args.keyword else ""))
    if code == pytest.ExitCode.INTERNAL_ERROR or not progress.reports:
        sys.stderr.write("os-conformance: the harness failed (pytest exit code %d); "
                         "reports, if any, are incomplete\n" % int(code))
        return 1
    print_summary(progress.reports, elapsed, progress.finished)
    for report in progress.reports:
        cov = report.get("coverage")
        if cov:
            print("coverage of %s/ by the %s checks: %.2f%% (branch; statements %d/%d, branches "
                  "%d/%d); see %s" % (cov["package"], report["target"]["spec"], cov["percent"],
                                      cov["statements"]["covered"], cov["statements"]["total"],
                                      cov["branches"]["covered"], cov["branches"]["total"],
                                      os.path.join(args.report_dir, cov["html"])))
    if code == pytest.ExitCode.INTERRUPTED:
        sys.stderr.write("os-conformance: interrupted: the reports are partial\n")
        return 1
    from .results import exit_code
    return exit_code(progress.reports)


def _require_writable(directory):
    try:
        os.makedirs(directory, exist_ok=True)
        probe = os.path.join(directory, ".write-probe-%d" % os.getpid())
        with open(probe, "w"):
            pass
        os.unlink(probe)
    except OSError as exc:
        raise Usage("cannot write reports to %s: %s" % (directory, exc.strerror or exc))


def cmd_matrix(args):
    from .report import matrix

    try:
        merged = matrix.build_matrix(matrix.load_reports(args.reports))
    except ValueError as exc:  # an unusable file, or two reports of one column
        raise Usage(str(exc))
    _require_writable(args.out)
    paths = matrix.write_matrix(merged, args.out)
    for path in paths:
        print(path)
    return 0


def cmd_catalogue(args):
    from .catalogue import check, sync

    if args.action == "findings":
        print(_findings_markdown())
        return 0

    spec_path = args.spec or sync.default_spec_path()
    if spec_path is None:
        raise Usage("no spec to check against: this os-conformance is installed, not run from a "
                    "checkout; pass --spec PATH/os.rst or set $OS_CONFORMANCE_SPEC")
    try:
        with open(spec_path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise Usage("cannot read the spec %s: %s (pass --spec PATH/os.rst or set "
                    "$OS_CONFORMANCE_SPEC)" % (spec_path, getattr(exc, "strerror", None) or exc))
    if args.action == "sync":
        changes = sync.sync(text)
        print("added %d names, spec no longer documents %d: %s"
              % (len(changes["added"]), len(changes["removed"]), ", ".join(changes["removed"])))
    problems = check.problems(text)
    for line in problems:
        print(line)
    print("catalogue: %s against %s" % ("%d problems" % len(problems) if problems else "complete",
                                        spec_path))
    return 1 if problems else 0


def _findings_markdown():
    """Where CPython on Linux and the documentation disagree, as the catalogue records it."""
    from . import catalogue

    cat = catalogue.load()
    lines = ["# Findings: where the documentation and CPython on Linux disagree", "",
             "Generated by `os-conformance catalogue findings` from `fixtures/catalogue/`.", "",
             "| section | behaviour | kind | note |", "|---|---|---|---|"]
    for section, entries in cat.by_section().items():
        for entry in entries:
            for b in entry.behaviours:
                if b.finding:
                    note = b.finding["note"].replace("|", "\\|").replace("\n", " ")
                    lines.append("| %s | `%s` | %s | %s |" % (section, b.id, b.finding["kind"], note))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

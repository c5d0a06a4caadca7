"""`os-conformance`: run the suite against targets, compare and merge reports, keep the catalogue
true to the spec.

Exit codes:
  0    no check failed (`run --expect`: the results match the expectations; `diff`: no regression)
  1    some check failed (`--expect`: an unexpected failure, unexpected pass or mismatch;
       `diff`: a regression; `catalogue check`: problems)
  2    usage error or unusable input: one line on stderr, no traceback
  3    the run was interrupted (Ctrl-C, SIGTERM): the reports are partial
  4    nothing was checked: every selected check found a target lacking what it needs
  141  stdout was closed early (`... | head`), as for a process killed by SIGPIPE
"""
import argparse
import math
import os
import signal
import sys
import time

from . import profiles, targets

CHECKS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "checks")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_NOTHING_CHECKED, EXIT_PIPE = 0, 1, 2, 3, 4, 141
# pytest options after `--` that show something and run no check: then no report is written.
NO_RUN_OPTIONS = ("--collect-only", "--co", "--setup-plan", "--fixtures", "--funcargs",
                  "--fixtures-per-test", "--markers", "-h", "--help", "--version", "-V")


class Usage(Exception):
    """A usage error: printed as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line like every other usage error."""

    def error(self, message):
        sys.stderr.write("os-conformance: error: %s\n" % " ".join(message.split()))
        sys.exit(EXIT_USAGE)


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except Usage as exc:
        sys.stderr.write("os-conformance: error: %s\n" % " ".join(str(exc).split()))
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("os-conformance: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing, and keep the flush at exit from complaining.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE


def _positive_seconds(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("%r is not a number of seconds" % text)
    if not value > 0 or math.isinf(value):
        raise argparse.ArgumentTypeError("%s: the time limit must be a positive number of seconds" % text)
    return value


def _jobs(text):
    if text == "auto" or (text.isdigit() and int(text) > 0):
        return text
    raise argparse.ArgumentTypeError("%r: want a positive number of processes or 'auto'" % text)


def _parser():
    parser = _Parser(prog="os-conformance", description=" ".join(__doc__.split("\n\n")[0].split()),
                     epilog="Exit codes: 0 ok, 1 checks failed (or expectations not met, or a "
                            "regression), 2 usage error or unusable input, 3 interrupted, 4 nothing "
                            "checked, 141 stdout closed early.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser("run", help="run the conformance suite and write reports",
                         description="Run the suite against targets and write a JSON, Markdown and "
                                     "HTML report per target. Further pytest arguments go after --.")
    run.add_argument("--target", action="append", default=[], metavar="T",
                     help="stdlib, reference, pyfakefs or module:DOTTED.NAME (repeatable; "
                          "default: stdlib and reference)")
    run.add_argument("--report-dir", default="reports", metavar="DIR",
                     help="where the reports and the per-check results (.results.jsonl) are written "
                          "(default: reports)")
    run.add_argument("--profile", choices=profiles.PROFILES, default="quick",
                     help="how hard hypothesis tries: quick (development, the default), ci "
                          "(derandomised and bounded) or thorough (nightly)")
    run.add_argument("--name", action="append", default=[], metavar="NAME",
                     help="only the checks of this documented name, exactly: --name pread does not "
                          "run preadv (repeatable; see os-conformance list names)")
    run.add_argument("--section", action="append", default=[], metavar="SECTION",
                     help="only the checks of the names of this spec section, by slug or title "
                          "(e.g. fd-operations; repeatable; see os-conformance list sections)")
    run.add_argument("--behaviour", action="append", default=[], metavar="ID",
                     help="only the checks proving this behaviour id, exactly (repeatable; see "
                          "os-conformance list behaviours)")
    run.add_argument("-k", dest="keyword", metavar="EXPR",
                     help="only checks whose test id matches EXPR (pytest -k: substrings)")
    run.add_argument("-n", "--jobs", default=None, metavar="N", type=_jobs,
                     help="run checks in N processes (pytest-xdist; 'auto' for one per core)")
    run.add_argument("--expect", default=None, metavar="FILE",
                     help="the target's own expectations (see os-conformance expect -h): exit 0 when "
                          "the results match them, 1 on an unexpected failure, an unexpected pass "
                          "or a mismatch (one --target)")
    run.add_argument("--junit", default=None, metavar="FILE",
                     help="also write JUnit XML; each test case carries its behaviour ids and "
                          "target as properties")
    run.add_argument("--strict", action="store_true", help="also compare exception messages with CPython's")
    run.add_argument("--quiet", action="store_true", help="no progress display")
    run.add_argument("--resume", action="store_true",
                     help="continue an interrupted run in the same report directory: run only the "
                          "checks without a result")
    run.add_argument("--coverage", action="store_true",
                     help="measure the branch coverage of reference/ reached by the reference "
                          "target's checks (coverage.py): a `coverage` section in its report, "
                          "HTML in REPORT_DIR/coverage/")
    run.add_argument("--timeout", type=_positive_seconds, default=None, metavar="SECONDS",
                     help="per-check time limit, a positive number (default by profile)")
    run.add_argument("--cpython", default=None, metavar="X.Y",
                     help="judge cpython-basis checks against CPython X.Y's recorded behaviour "
                          "(default: the interpreter's version; 3.8 for a CPython's own stdlib)")
    run.add_argument("--interpreter", default=None, metavar="pyodide@RELEASE",
                     help="run the suite inside another interpreter, driven from here: "
                          "pyodide@0.28.3 (also 0.23.4, 0.26.4, 314.0.7) runs it in Pyodide under "
                          "Node, target stdlib (installed on first use from npm and PyPI, cached)")
    run.add_argument("--fs", choices=("memfs", "nodefs"), default="memfs",
                     help="with --interpreter pyodide@...: the file system the checks run on: "
                          "memfs (in memory, the default) or nodefs (a fresh host directory)")
    run.add_argument("pytest_args", nargs="*", metavar="-- PYTEST_ARG",
                     help="further pytest arguments, after -- (e.g. -- -x, -- -v, -- --tb=short); "
                          "-v, -q, --tb, -l and -r show pytest's own output instead of the progress bar")
    run.set_defaults(func=cmd_run)

    diff = sub.add_parser("diff", help="compare two reports: regressions, fixes, new and removed checks",
                          description="Compare two reports (e.g. of main and of a branch) per name and "
                                      "per behaviour. Exit 1 on a regression.")
    diff.add_argument("old", metavar="OLD.json", help="the report before")
    diff.add_argument("new", metavar="NEW.json", help="the report after")
    diff.add_argument("--markdown", action="store_true",
                      help="compact Markdown for a pull-request comment, instead of text")
    diff.set_defaults(func=cmd_diff)

    from . import expect as expect_mod
    expect = sub.add_parser("expect", help="judge a report against a target's expectations, or "
                                           "write them from it",
                            description=expect_mod.__doc__.split("\n\n", 1)[1],
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    expect.add_argument("file", metavar="FILE", help="the expectations file (JSON)")
    expect.add_argument("report", metavar="REPORT.json", help="a report written by os-conformance run")
    expect.add_argument("--update", action="store_true",
                        help="write or refresh FILE from the report (passing entries dropped, new "
                             "failures added) instead of judging the report")
    expect.set_defaults(func=cmd_expect)

    matrix = sub.add_parser("matrix", help="merge reports into a compatibility matrix")
    matrix.add_argument("reports", nargs="+", metavar="REPORT.json",
                        help="reports, one column each; two reports of the same target and "
                             "interpreter are refused")
    matrix.add_argument("--out", required=True, metavar="DIR",
                        help="where matrix.json, matrix.md and matrix.html are written")
    matrix.add_argument("--findings", default=None, metavar="PATH",
                        help="where FINDINGS.md is written: every behaviour a report fails, per "
                             "implementation, with its class, documented sentence, message and "
                             "rerun command (default: FINDINGS.md in the parent of --out, e.g. "
                             "reports/FINDINGS.md for --out reports/matrix)")
    matrix.set_defaults(func=cmd_matrix)

    rec = sub.add_parser("record", help="record this CPython's treatment of the bad-input cases "
                                         "into fixtures/cpython/X.Y.json")
    rec.add_argument("--out", default=None, metavar="DIR", help="default: fixtures/cpython/")
    rec.set_defaults(func=cmd_record)

    lst = sub.add_parser("list", help="list the catalogue's names, behaviour ids or sections")
    lst.add_argument("what", nargs="?", choices=("names", "behaviours", "sections"), default="names",
                     help="names (the default): name, section, kind; behaviours: id, claim; "
                          "sections: slug, title, number of names (tab-separated)")
    lst.add_argument("--json", action="store_true", help="a JSON list of objects instead")
    lst.set_defaults(func=cmd_list)

    cat = sub.add_parser("catalogue", help="check or sync the API catalogue against the spec")
    cat.add_argument("action", choices=("check", "sync", "findings"),
                     help="check: complete against the spec? sync: rewrite structure from the spec; "
                          "findings: print the recorded documentation/implementation findings (Markdown)")
    cat.add_argument("--spec", default=None, metavar="os.rst",
                     help="the spec file (default: $OS_CONFORMANCE_SPEC, else ../shared/spec/os.rst "
                          "beside a source checkout)")
    cat.set_defaults(func=cmd_catalogue)
    return parser


def _console_plugin(progress):
    """pytest's terminal output stays off (the progress display and the summary replace it)
    unless the arguments after `--` ask for it (-v, -q, --tb, ...): the terminal plugin is
    loaded, so that all its options are accepted, and writes to nowhere. Also notes collection
    errors (the suite's own bugs, or a target that breaks a check module's import)."""
    import pytest

    class Console(object):
        def __init__(self):
            self.collect_errors = []

        @pytest.hookimpl(trylast=True)  # after xdist has set up its own terminal reporter
        def pytest_configure(self, config):
            option = config.option
            if (option.verbose or option.tbstyle != "auto" or option.showlocals
                    or option.reportchars not in ("fE", "") or option.collectonly):
                progress.enabled = False
                return
            # Silenced, not unregistered: pytest's assertion explanations ("assert 0 == 1,
            # where 0 = position(fd)") and pytest-xdist need the reporter; without it every
            # failed assert reads a bare "AssertionError".
            reporter = config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None:
                from _pytest._io import TerminalWriter
                self._devnull = open(os.devnull, "w")
                reporter._tw = TerminalWriter(self._devnull)

        def pytest_collectreport(self, report):
            if report.failed:
                lines = str(report.longrepr).strip().splitlines()
                self.collect_errors.append("%s: %s" % (report.nodeid or "collection",
                                                       lines[-1] if lines else "failed"))
    return Console()


def _pytest_args(args, specs, no_run, junit_tmp):
    pytest_args = [CHECKS_DIR, "-p", "no:cacheprovider", "--os-profile", args.profile,
                   "--rootdir", os.path.dirname(os.path.dirname(CHECKS_DIR))]
    if not no_run:
        pytest_args += ["--os-report-dir", args.report_dir]
    for spec in specs:
        pytest_args += ["--target", spec]
    for option, values in (("--os-name", args.name), ("--os-section", args.section),
                           ("--os-behaviour", args.behaviour)):
        for value in values:
            pytest_args += [option, value]
    if args.keyword:
        pytest_args += ["-k", args.keyword]
    if args.jobs:
        pytest_args += ["-n", args.jobs]
    if args.strict:
        pytest_args.append("--os-strict")
    if args.resume:
        pytest_args.append("--os-resume")
    if args.timeout:
        pytest_args += ["--os-timeout", repr(args.timeout)]
    if args.coverage:
        pytest_args.append("--os-coverage")
    if args.cpython:
        pytest_args += ["--os-cpython", args.cpython]
    if junit_tmp:
        pytest_args += ["--junitxml", junit_tmp]
    return pytest_args + args.pytest_args


def _check_run_arguments(args, specs):
    """Everything about the arguments that can be refused before a check runs; returns the
    expectations of --expect (or None)."""
    from . import catalogue, selection

    if args.coverage:
        if "reference" not in specs:
            raise Usage("--coverage measures the reference implementation: add --target reference")
        from . import refcoverage
        if refcoverage.missing():
            raise Usage("--coverage: " + refcoverage.missing())
        if not args.jobs:  # this process runs the checks: measure from before the import below
            refcoverage.start()
    if args.jobs:
        try:
            import xdist  # noqa: F401
        except ImportError:
            raise Usage("-n needs pytest-xdist (pip install pytest-xdist)")
    for spec in specs:
        try:
            targets.resolve(spec)
        except targets.UsageError as exc:
            raise Usage(str(exc))
    cat = catalogue.load()
    try:
        selection.resolve(cat, args.name, args.section, args.behaviour)
    except ValueError as exc:
        raise Usage(str(exc))
    if not args.expect:
        return None
    if len(specs) != 1:
        raise Usage("--expect judges one target's results: name it with one --target")
    from . import expect
    try:
        return expect.load(args.expect, cat)[0]
    except expect.ExpectError as exc:
        raise Usage(str(exc))


def cmd_run(args):
    if args.interpreter:
        return _run_inside(args)
    import pytest

    from .progress import ProgressPlugin

    # SIGTERM ends the run as Ctrl-C does (exit 3, partial reports), not as "checks failed".
    signal.signal(signal.SIGTERM, _interrupt)
    specs = args.target or list(targets.DEFAULT_TARGETS)
    no_run = [a for a in args.pytest_args if a.split("=")[0] in NO_RUN_OPTIONS]
    expectations = _check_run_arguments(args, specs)
    junit_tmp = None
    if args.junit:  # written beside, and renamed over the file only by a finished run
        _require_writable(os.path.dirname(os.path.abspath(args.junit)))
        junit_tmp = "%s.%d.tmp" % (args.junit, os.getpid())
    if not no_run:
        _require_writable(args.report_dir)
    progress = ProgressPlugin(enabled=not args.quiet and not no_run)
    console = _console_plugin(progress)
    started = time.time()
    try:
        code = pytest.main(_pytest_args(args, specs, no_run, junit_tmp), plugins=[progress, console])
    finally:
        if junit_tmp and os.path.exists(junit_tmp):
            if progress.reports and not any(r["partial"] for r in progress.reports):
                os.replace(junit_tmp, args.junit)
            else:
                os.unlink(junit_tmp)
    elapsed = time.time() - started
    if code == pytest.ExitCode.USAGE_ERROR:
        raise Usage("pytest refused the arguments (see above)")
    if no_run:
        sys.stderr.write("os-conformance: %s runs no check: no report written\n" % no_run[0])
        return EXIT_OK if code in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED) else EXIT_USAGE
    if console.collect_errors:
        for line in console.collect_errors[:5]:
            sys.stderr.write("os-conformance: cannot collect %s\n" % " ".join(line.split()))
        raise Usage("%d check module(s) could not be collected; nothing was run" % len(console.collect_errors))
    if code == pytest.ExitCode.NO_TESTS_COLLECTED and args.resume and progress.reports:
        print("nothing left to run: every selected check has a result in %s" % args.report_dir)
    elif code == pytest.ExitCode.NO_TESTS_COLLECTED:
        raise Usage("no checks selected%s" % _selection_text(args))
    if code == pytest.ExitCode.INTERRUPTED and not progress.reports:
        sys.stderr.write("os-conformance: interrupted before any check ran\n")
        return EXIT_INTERRUPTED
    if code == pytest.ExitCode.INTERNAL_ERROR or not progress.reports:
        sys.stderr.write("os-conformance: the harness failed (pytest exit code %d); "
                         "reports, if any, are incomplete\n" % int(code))
        return EXIT_FAILED
    from .summary import print_summary
    print_summary(progress.reports, elapsed, progress.finished)
    for report in progress.reports:
        cov = report.get("coverage")
        if cov:
            print("coverage of %s/ by the %s checks: %.2f%% (branch; statements %d/%d, branches "
                  "%d/%d); see %s" % (cov["package"], report["target"]["spec"], cov["percent"],
                                      cov["statements"]["covered"], cov["statements"]["total"],
                                      cov["branches"]["covered"], cov["branches"]["total"],
                                      os.path.join(args.report_dir, cov["html"])))
    _print_written(progress.reports, args)
    if code == pytest.ExitCode.INTERRUPTED:
        sys.stderr.write("os-conformance: interrupted: the reports are partial\n")
        return EXIT_INTERRUPTED
    return _verdict(progress.reports, expectations, args)


# The run options handed on unchanged to the run inside another interpreter.
_INNER_OPTIONS = (("--target", "target"), ("--name", "name"), ("--section", "section"),
                  ("--behaviour", "behaviour"), ("--profile", "profile"), ("-k", "keyword"),
                  ("--timeout", "timeout"), ("--cpython", "cpython"))


def _run_inside(args):
    """`run --interpreter pyodide@R`: the same run inside Pyodide under Node (conformance.wasm)."""
    from . import wasm
    try:
        release = wasm.parse_interpreter(args.interpreter)
    except ValueError as exc:
        raise Usage(str(exc))
    unsupported = [o for o, v in (("--jobs", args.jobs), ("--coverage", args.coverage),
                                  ("--resume", args.resume), ("--junit", args.junit),
                                  ("--expect", args.expect)) if v]
    if unsupported:
        raise Usage("--interpreter runs one in-process run inside Pyodide: %s is not supported there"
                    % ", ".join(unsupported))
    if any(t != "stdlib" for t in args.target):
        raise Usage("inside Pyodide only --target stdlib runs (the reference needs a C library "
                    "through ctypes; other modules are not packed)")
    argv = []
    for option, attr in _INNER_OPTIONS:
        value = getattr(args, attr)
        for item in (value if isinstance(value, list) else [value] if value is not None else []):
            argv += [option, str(item)]
    if args.strict:
        argv.append("--strict")
    if args.quiet:
        argv.append("--quiet")
    if args.pytest_args:
        argv += ["--"] + args.pytest_args
    _require_writable(args.report_dir)
    try:
        return wasm.run(release, args.fs, argv, args.report_dir)
    except wasm.SetupError as exc:
        raise Usage(str(exc))


def _interrupt(signum, frame):
    raise KeyboardInterrupt("terminated (SIGTERM)")


def _verdict(reports, expectations, args):
    from .results import exit_code

    if expectations is not None:
        from . import expect
        result = expect.evaluate(reports[0], expectations)
        for line in expect.render(result, "%s (%s)" % (reports[0]["target"]["spec"], args.expect)):
            print(line)
        if not expect.gate_passes(result):
            return EXIT_FAILED
    elif exit_code(reports):
        return EXIT_FAILED
    # Checks that all found the target lacking what they need proved nothing: not a pass.
    empty = [r["target"]["spec"] for r in reports if _nothing_checked(r)]
    if empty:
        sys.stderr.write("os-conformance: nothing was checked on %s: the target lacks every name "
                         "the selected checks need\n" % ", ".join(empty))
        return EXIT_NOTHING_CHECKED
    return EXIT_OK


def _nothing_checked(report):
    checks = report["summary"]["checks"]
    ran = ("pass", "fail", "error", "crash", "timeout", "flaky", "baseline")
    return sum(checks.values()) > 0 and not any(checks.get(s) for s in ran)


def _selection_text(args):
    parts = ["-k %s" % args.keyword] if args.keyword else []
    for option, values in (("--name", args.name), ("--section", args.section), ("--behaviour", args.behaviour)):
        parts += ["%s %s" % (option, v) for v in values]
    return " by " + " ".join(parts) if parts else ""


def _print_written(reports, args):
    from .report.files import report_basename

    print("reports written:")
    for report in reports:
        for ext in (".json", ".md", ".html", ".results.jsonl"):
            path = os.path.join(args.report_dir, report_basename(report) + ext)
            if os.path.exists(path):
                print("  " + path)
    if args.junit and os.path.exists(args.junit):
        print("  " + args.junit)


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
    from .report import findings, matrix

    try:
        loaded = matrix.load_reports(args.reports)
        merged = matrix.build_matrix(loaded)
    except ValueError as exc:  # an unusable file, or two reports of one column
        raise Usage(str(exc))
    findings_path = args.findings or os.path.join(
        os.path.dirname(os.path.abspath(args.out)), "FINDINGS.md")
    _require_writable(args.out)
    _require_writable(os.path.dirname(os.path.abspath(findings_path)))
    paths = matrix.write_matrix(merged, args.out, findings_path)
    paths.append(findings.write_findings(loaded, findings_path))
    for path in paths:
        print(path)
    return EXIT_OK


def _load_report(path):
    from .report import matrix
    try:
        return matrix.load_reports([path])[0]
    except ValueError as exc:
        raise Usage(str(exc))


def cmd_diff(args):
    from . import diff

    result = diff.compare(_load_report(args.old), _load_report(args.new))
    sys.stdout.write(diff.render_markdown(result) if args.markdown else diff.render_text(result))
    sys.stdout.flush()
    return EXIT_FAILED if diff.regressed(result) else EXIT_OK


def cmd_expect(args):
    from . import catalogue, expect
    from .report.files import write_text_atomic

    report = _load_report(args.report)
    try:
        entries, about = expect.load(args.file, catalogue.load(), must_exist=not args.update)
    except expect.ExpectError as exc:
        raise Usage(str(exc))
    if not args.update:
        result = expect.evaluate(report, entries)
        for line in expect.render(result, "%s (%s)" % (report["target"]["spec"], args.file)):
            print(line)
        return EXIT_OK if expect.gate_passes(result) else EXIT_FAILED
    if report.get("partial"):
        raise Usage("%s is partial (an interrupted run): update expectations from a finished run" % args.report)
    new, counts = expect.update(entries, report)
    about = about or ("What %s knowingly does not match, for os-conformance run --expect (written by "
                      "os-conformance expect --update: say why in each reason)" % report["target"]["spec"])
    _require_writable(os.path.dirname(os.path.abspath(args.file)))
    write_text_atomic(args.file, expect.dumps(new, about))
    print("%s: %d entries (%d added, %d passing and removed, %d changed, %d kept)"
          % (args.file, len(new), counts["added"], counts["removed"], counts["changed"], counts["kept"]))
    return EXIT_OK


def cmd_list(args):
    import json

    from . import catalogue
    cat = catalogue.load()
    if not cat.entries:
        raise Usage("the catalogue is empty or absent (%s)" % catalogue.catalogue_dir())
    slugs = catalogue.SECTION_SLUGS
    entries = [e for es in cat.by_section().values() for e in es]
    if args.what == "names":
        rows = [{"name": e.name, "section": slugs.get(e.section, e.section), "kind": e.kind,
                 "behaviours": [b.id for b in e.behaviours]} for e in entries]
        text = ["%s\t%s\t%s" % (r["name"], r["section"], r["kind"]) for r in rows]
    elif args.what == "behaviours":
        rows = [{"id": b.id, "name": e.name, "section": slugs.get(e.section, e.section),
                 "claim": b.claim, "platform": b.platform} for e in entries for b in e.behaviours]
        text = ["%s\t%s" % (r["id"], " ".join((r["claim"] or "").split())) for r in rows]
    else:
        rows = [{"slug": slugs.get(s, s), "title": s, "names": len(es)} for s, es in cat.by_section().items() if es]
        text = ["%s\t%s\t%d names" % (r["slug"], r["title"], r["names"]) for r in rows]
    sys.stdout.write(json.dumps(rows, indent=1, ensure_ascii=False) + "\n" if args.json
                     else "".join(line + "\n" for line in text))
    sys.stdout.flush()  # here, so that a closed pipe is met inside main()
    return EXIT_OK


def cmd_record(args):
    from . import recorder

    try:
        print(recorder.record(args.out))
    except RuntimeError as exc:
        raise Usage(str(exc))
    return 0


def cmd_catalogue(args):
    from .catalogue import check, sync

    if args.action == "findings":
        sys.stdout.write(_findings_markdown() + "\n")
        sys.stdout.flush()  # here, so that a closed pipe is met inside main()
        return EXIT_OK

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
    return EXIT_FAILED if problems else EXIT_OK


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

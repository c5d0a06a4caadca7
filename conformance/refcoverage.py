"""Branch coverage of the reference implementation reached by the suite (`--os-coverage`).

coverage.py measures the `reference` package in every process that runs checks (the plain
pytest process, or each pytest-xdist worker), started before the package is imported so its
module-level lines count too. Only the `reference` target's checks are measured: around every
other check tracing is paused, so a stdlib check that asks the oracle counts for nothing.

Checks run in confined worker processes (conformance.executors) that may write only to check
directories; process checks fork further (conformance/children.py), and those processes end with
os._exit. So around the reference target's checks (the executors' `pytest_os_check_start` and
`pytest_os_check_finished` hooks, in the process running the check) `os._exit` is wrapped: a
process other than the measuring one first stops tracing, takes its arcs from an in-memory data
set (coverage.py starts a fresh one after a fork) and dumps them as JSON into
`<check dir>/.oc-coverage/` (or a spool directory, in-process); a worker does the same after each
check and starts afresh; the measuring process takes them in after the check
(`pytest_os_check_collected`), before the check directory is removed. A process that is killed,
exec's, or drops the privileges to write there leaves nothing: its lines do not count.

At the end each measuring process writes `<report-dir>/coverage/.coverage.<suffix>`; the
process that writes the reports (the plain process, or the xdist controller, after every
worker finished) combines them, writes coverage.py's HTML and JSON reports into
`<report-dir>/coverage/`, and adds a `coverage` section to the reference target's report
(docs/report-format.md).

The reference follows CPython's behaviour per version, behind `if _VERSION >= (3, N):` guards and
`if FLAG:` guards on the named version flags of reference/_version.py. A run measures one
interpreter, so such a guard's block counts only where it can run (excluded elsewhere) and its
never-taken other branch is not a miss (version_guard_rules).
"""
import glob
import json
import os
import re
import shutil
import sys
import tempfile

import pytest

PACKAGE = "reference"
DATA_BASENAME = ".coverage"
SPOOL = ".oc-coverage"  # in a check's directory: the arcs its processes dumped on exit

_measure = None  # the Measure of this process, started at most once


def missing():
    """Why coverage cannot be measured in this interpreter, or None if it can."""
    try:
        import coverage  # noqa: F401
    except ImportError:
        return "coverage.py is not installed (pip install 'os-conformance[test]')"
    return None


def start():
    """Start measuring in this process (idempotent); returns the Measure."""
    global _measure
    if _measure is None:
        _measure = Measure()
    return _measure


def configure(config):
    """From the plugin's pytest_configure, when --os-coverage is given."""
    report_dir = config.getoption("os_report_dir")
    if not report_dir:
        raise pytest.UsageError("--os-coverage needs --os-report-dir (the coverage reports go there)")
    if missing():
        raise pytest.UsageError("--os-coverage: " + missing())
    measure = start()
    measure.data_dir = os.path.join(report_dir, "coverage")
    measure.is_worker = hasattr(config, "workerinput")
    if not measure.is_worker:
        # Leftovers of an earlier run would be combined into this one. Workers write theirs
        # only when they finish, long after this.
        os.makedirs(measure.data_dir, exist_ok=True)
        for path in glob.glob(os.path.join(measure.data_dir, DATA_BASENAME + "*")):
            os.unlink(path)
    config.pluginmanager.register(measure, "os-conformance-coverage")
    return measure


class Measure(object):
    def __init__(self):
        import coverage

        # data_file=None: in memory. A forked child then starts a fresh in-memory data set of its
        # own (coverage.py notices the new pid) and never touches a file.
        self.cov = coverage.Coverage(data_file=None, branch=True, source_pkgs=[PACKAGE],
                                     config_file=False)
        self.cov.set_option("run:disable_warnings", ["no-data-collected", "module-not-measured",
                                                     "module-not-imported"])
        self.version = coverage.__version__
        self.arcs = {}  # file name -> set of arcs, dumped by forked processes
        self.data_dir = None
        self.is_worker = False
        self.pid = os.getpid()
        self.item = None  # the reference check being run
        self.check_dir = None
        self.spool = tempfile.mkdtemp(prefix="os-conformance-coverage-")  # dumps without isolation
        self._real_exit = os._exit
        self.cov.start()

    # --- around each check, in the process that runs it (conformance.hookspecs) ------------

    def pytest_os_check_start(self, item, check_dir):
        if _measured(item):
            # What was traced so far goes into this process's data now, so that a process
            # forked during the check starts with empty buffers and dumps only what it ran.
            self.cov.get_data()
            self.item, self.check_dir = item, check_dir
            os._exit = self._exit  # noqa: SLF001 -- only around the reference target's checks
        else:
            self.cov.stop()

    def pytest_os_check_finished(self, item, check_dir):
        if self.item is None:
            self.cov.start()
            return
        os._exit = self._real_exit
        self.item = self.check_dir = None
        if os.getpid() != self.pid:  # a worker process: its arcs go to the check's directory
            self._dump(os.path.join(check_dir, SPOOL))
            self.cov.erase()
            self.cov.start()

    def pytest_os_check_collected(self, item, check_dir):
        """In the measuring process: take in what the check's processes dumped."""
        self.collect(check_dir)
        self.collect(self.spool)

    def _exit(self, code):
        """os._exit in a process forked during a measured check: dump its arcs first."""
        try:
            if os.getpid() != self.pid and self.item is not None:
                self._dump(os.path.join(self.check_dir, SPOOL) if self.check_dir else self.spool)
        except BaseException:  # noqa: B902 -- coverage's trouble must never change an outcome
            pass
        self._real_exit(code)

    def _dump(self, directory):
        self.cov.stop()
        data = self.cov.get_data()
        arcs = {}
        for name in data.measured_files():
            found = data.arcs(name)
            if found:
                arcs[name] = found
        if not arcs:
            return
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "%d.json" % os.getpid()), "w", encoding="utf-8") as f:
            json.dump(arcs, f)

    def collect(self, directory):
        """In the measuring process: take in (and remove) the arcs dumped under `directory`."""
        directory = directory if directory == self.spool else os.path.join(directory, SPOOL)
        for path in glob.glob(os.path.join(directory, "*.json")):
            try:
                with open(path, encoding="utf-8") as f:
                    dumped = json.load(f)
                os.unlink(path)
            except (OSError, ValueError):
                continue
            for name, arcs in dumped.items():
                self.arcs.setdefault(name, set()).update(tuple(a) for a in arcs)

    # --- at the end ------------------------------------------------------------------------

    def save(self):
        """Write this process's data (its own and its children's) to a suffixed data file."""
        from coverage import CoverageData

        self.cov.stop()
        data = self.cov.get_data()
        if self.arcs:
            data.add_arcs(self.arcs)
        shutil.rmtree(self.spool, ignore_errors=True)
        os.makedirs(self.data_dir, exist_ok=True)
        out = CoverageData(basename=os.path.join(self.data_dir, DATA_BASENAME), suffix=True)
        out.update(data)
        out.write()

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session, exitstatus):
        # tryfirst: before the plugin's sessionfinish writes the final reports; on a worker,
        # before xdist tells the controller that this worker is done.
        state = session.config._os
        if state is None or self.data_dir is None:
            return
        self.save()
        if self.is_worker or not state.active:
            return
        recorder = session.config.pluginmanager.get_plugin("os-conformance-recorder")
        section = combine_and_report(self.data_dir, self.version)
        for spec in state.specs:
            if _is_reference(state.target(spec)):
                recorder.sections.setdefault(spec, {})["coverage"] = section


def _measured(item):
    spec = getattr(getattr(item, "callspec", None), "params", {}).get("target")
    state = getattr(item.config, "_os", None)
    if spec is None or state is None:
        return False
    return _is_reference(state.target(spec))


def _is_reference(target):
    return target.kind == "reference" or target.module_name == PACKAGE


_GUARD = r"^\s*(el)?if (_VERSION|sys\.version_info(\[:2\])?) %s \(3, %d\):"
_OPS = {">=": lambda v, m: v >= (3, m), "<": lambda v, m: v < (3, m),
        "==": lambda v, m: v == (3, m)}


_FLAG_GUARD = r"^\s*(el)?if %s%s:"
_FLAG_DEFINITION = re.compile(r"^([A-Z][A-Z0-9_]*) = VERSION >= \(3, (\d+)\)$", re.M)


def version_flags(source=None):
    """{name: minor} of the reference's named version flags (`NAME = VERSION >= (3, N)` in
    reference/_version.py), read from the file: importing the package here would run its
    module-level code before coverage measures it."""
    if source is None:
        import importlib.util

        spec = importlib.util.find_spec(PACKAGE)  # finds, does not import, a top-level package
        if spec is None or not spec.submodule_search_locations:
            return {}
        path = os.path.join(list(spec.submodule_search_locations)[0], "_version.py")
        if not os.path.exists(path):
            return {}
        with open(path, encoding="utf-8") as f:
            source = f.read()
    return {name: int(minor) for name, minor in _FLAG_DEFINITION.findall(source)}


def version_guard_rules(version, minors=range(6, 16), flags=None):
    """(exclude, partial) regexes for the reference's interpreter-version guards, i.e. `if` lines
    whose whole condition is `_VERSION <op> (3, N)`, a named version flag or `not` one: a guard
    false on `version` guards code that cannot run on this interpreter (excluded, it is measured
    under the interpreter it is for), and a guard true on it can never take its other branch
    here (partial by design)."""
    excluded, partial = [], []
    for op, holds in sorted(_OPS.items()):
        for minor in minors:
            (partial if holds(version, minor) else excluded).append(_GUARD % (re.escape(op), minor))
    for name, minor in sorted((version_flags() if flags is None else flags).items()):
        holds = version >= (3, minor)
        (partial if holds else excluded).append(_FLAG_GUARD % ("", name))
        (excluded if holds else partial).append(_FLAG_GUARD % ("not ", name))
    return excluded, partial


def combine_and_report(data_dir, version):
    """Combine the data files in `data_dir`, write coverage.py's HTML (index.html) and JSON
    (coverage.json) reports there, and return the report's `coverage` section."""
    import coverage

    basename = os.path.join(data_dir, DATA_BASENAME)
    cov = coverage.Coverage(data_file=basename, branch=True, source_pkgs=[PACKAGE], config_file=False)
    cov.set_option("run:disable_warnings", ["no-data-collected", "module-not-measured",
                                            "module-not-imported"])
    excluded, partial = version_guard_rules(sys.version_info[:2])
    cov.set_option("report:exclude_lines", list(coverage.config.DEFAULT_EXCLUDE) + excluded)
    cov.set_option("report:partial_branches", list(coverage.config.DEFAULT_PARTIAL) + partial)
    cov.combine([data_dir])
    json_path = os.path.join(data_dir, "coverage.json")
    cov.json_report(outfile=json_path)
    cov.html_report(directory=data_dir, title="os-conformance: coverage of reference/ by the suite")
    with open(json_path, encoding="utf-8") as f:
        raw = json.load(f)
    for path in glob.glob(basename + "*"):  # the report dir keeps reports, not sqlite files
        os.unlink(path)
    return section(raw, version)


def section(raw, version):
    """The report's `coverage` section from coverage.py's JSON report."""
    root = _package_root()
    modules = {}
    for name, f in raw["files"].items():
        rel = os.path.relpath(os.path.abspath(name), root)
        module = rel[:-len(".py")].replace(os.sep, ".")
        if module.endswith(".__init__"):
            module = module[:-len(".__init__")]
        s = f["summary"]
        statements = sorted(f["executed_lines"] + f["missing_lines"])
        modules[module] = {
            "percent": round(s["percent_covered"], 2),
            "statements": s["num_statements"], "missing_statements": s["missing_lines"],
            "branches": s.get("num_branches", 0), "missing_branches": s.get("missing_branches", 0),
            "partial_branches": s.get("num_partial_branches", 0),
            "missing": format_missing(statements, f["missing_lines"], f.get("missing_branches", [])),
        }
    t = raw["totals"]
    return {
        "tool": "coverage.py %s" % version,
        "branch": True,
        "package": PACKAGE,
        "percent": round(t["percent_covered"], 2),
        "statements": {"total": t["num_statements"], "covered": t["covered_lines"]},
        "branches": {"total": t.get("num_branches", 0), "covered": t.get("covered_branches", 0)},
        "modules": dict(sorted(modules.items())),
        "html": "coverage/index.html",
    }


def format_missing(statements, missing_lines, missing_branches):
    """`12-15, 30, 41->43, 50->exit`: missed lines as ranges (a range runs over statements
    only), then missed branches between lines that ran."""
    missing = set(missing_lines)
    parts, run = [], []
    for line in statements:
        if line in missing:
            run.append(line)
        elif run:
            parts.append(_span(run))
            run = []
    if run:
        parts.append(_span(run))
    for a, b in sorted(missing_branches):
        if a not in missing and b not in missing:  # as coverage.py lists them
            parts.append("%d->%s" % (a, b if b > 0 else "exit"))
    return ", ".join(parts)


def _span(run):
    return str(run[0]) if len(run) == 1 else "%d-%d" % (run[0], run[-1])


def _package_root():
    import importlib.util

    spec = importlib.util.find_spec(PACKAGE)
    return os.path.dirname(list(spec.submodule_search_locations)[0])

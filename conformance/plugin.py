"""The pytest plugin: glue between pytest and the suite's layers.

Options, fixtures (`target`, `sandbox`, `oracle`, ...) and hooks only: the record of a check is
`conformance.record`'s, where and how a check runs is `conformance.executors`' (confinement in
`conformance.sandboxing`), and reports are built by `conformance.results`.

Registered under `pytest11`, so it loads in every pytest run of an environment that has the
project installed; it stays inert (and imports no target) unless a collected test asks for the
`target` fixture.
"""
import os
import shutil
import sys
import tempfile
import threading
import time

import pytest

from . import catalogue as catalogue_mod
from . import (cprobe, examples, executors, oracles, profiles, provenance, record, recorded, results,
               selection, targets)
from .hygiene import ProcessState
from .record import behaviour_ids
from .targets import TargetDelegated, TargetMissing, TargetUnavailable

GROUP = "os-conformance"
OPT_TARGET = "--target"
OPT_PROFILE = "--os-profile"
OPT_REPORT_DIR = "--os-report-dir"
OPT_STRICT = "--os-strict"
OPT_NO_ISOLATE = "--os-no-isolate"
OPT_TIMEOUT = "--os-timeout"
# Per-check time limit by profile, in seconds: thorough runs far more examples per check.
TIMEOUTS = {"quick": 60.0, "ci": 120.0, "thorough": 900.0}


def pytest_addoption(parser):
    group = parser.getgroup(GROUP, "os-conformance: check an os implementation")
    group.addoption(OPT_TARGET, action="append", default=[], dest="os_targets", metavar="T",
                    help="implementation under test: stdlib, reference, pyfakefs or "
                         "module:DOTTED.NAME (repeatable; default: stdlib and reference)")
    group.addoption(OPT_PROFILE, choices=profiles.PROFILES, default=None, dest="os_profile",
                    help="hypothesis profile: quick (default), ci or thorough")
    group.addoption(OPT_REPORT_DIR, default=None, dest="os_report_dir", metavar="DIR",
                    help="write per-target results and JSON/Markdown/HTML reports here")
    group.addoption(OPT_STRICT, action="store_true", default=False, dest="os_strict",
                    help="also compare exception messages, not only classes and errno")
    group.addoption("--os-executor", choices=executors.EXECUTORS, default=None, dest="os_executor",
                    help="where checks run: pool (default: confined worker processes, each running "
                         "many checks, replaced after a crash, hang, escape or unclean check), fork "
                         "(a fresh confined process per check) or inprocess (this process: no "
                         "isolation, no confinement)")
    group.addoption(OPT_NO_ISOLATE, action="store_false", default=True, dest="os_isolate",
                    help="run checks in this process (the same as --os-executor inprocess)")
    group.addoption("--os-resume", action="store_true", default=False, dest="os_resume",
                    help="continue an interrupted run: keep the results in the report directory and "
                         "run only the checks that have none")
    group.addoption("--os-scope", action="append", default=[], dest="os_scope", metavar="T=NAME[,NAME]",
                    help="run target T only on the checks of these names and the other checks of "
                         "their files (not other names' instances of the same parametrized check) "
                         "(repeatable); other targets run every check")
    group.addoption("--os-no-shrink", action="store_false", default=True, dest="os_shrink",
                    help="report a failing property check's first failing example, unminimised "
                         "(faster, for runs that need only the verdict)")
    group.addoption("--os-no-confine", action="store_false", default=True, dest="os_confine",
                    help="fork checks but do not confine them to their sandbox (escapes are then only "
                         "detected, by a canary tree)")
    group.addoption("--os-coverage", action="store_true", default=False, dest="os_coverage",
                    help="measure the branch coverage of the reference package reached by the "
                         "reference target's checks (coverage.py; reports in <report-dir>/coverage/)")
    group.addoption("--os-cpython", default=None, dest="os_cpython", metavar="X.Y",
                    help="judge cpython-basis checks against CPython X.Y's recorded behaviour "
                         "(fixtures/cpython/X.Y.json; default: the interpreter's version, 3.8 for "
                         "the stdlib of a CPython)")
    group.addoption("--os-reruns", type=int, default=2, dest="os_reruns", metavar="N",
                    help="run a failing check again up to N times; one that then passes is "
                         "reported flaky (default 2; 0: report the first outcome)")
    group.addoption("--os-name", action="append", default=[], dest="os_names", metavar="NAME",
                    help="only the checks of this documented name, exactly (repeatable)")
    group.addoption("--os-section", action="append", default=[], dest="os_sections", metavar="SECTION",
                    help="only the checks of the names of this spec section: its title or its "
                         "catalogue file's stem, e.g. fd-operations (repeatable)")
    group.addoption("--os-behaviour", action="append", default=[], dest="os_behaviours", metavar="ID",
                    help="only the checks proving this behaviour id, exactly (repeatable)")
    group.addoption(OPT_TIMEOUT, type=float, default=None, dest="os_timeout", metavar="SECONDS",
                    help="per-check time limit (default by profile: %s)" % ", ".join(
                        "%s %gs" % kv for kv in sorted(TIMEOUTS.items())))


def pytest_addhooks(pluginmanager):
    from . import hookspecs
    pluginmanager.add_hookspecs(hookspecs)


def executor_name(config):
    if not config.getoption("os_isolate"):
        return "inprocess"
    chosen = config.getoption("os_executor")
    if chosen is None and not executors.CAN_FORK:
        return "inprocess"  # a WebAssembly Python: the only executor that can run there
    if chosen not in (None, "inprocess") and not executors.CAN_FORK:
        raise pytest.UsageError("--os-executor %s needs fork, which %s lacks: use inprocess"
                                % (chosen, sys.platform))
    return chosen or "pool"


def pytest_configure(config):
    config.addinivalue_line("markers", "behaviour(*ids): the catalogue behaviour ids a check proves")
    config.addinivalue_line("markers", "own_process: a check that changes credentials, the root "
                                       "directory, scheduling or signal dispositions of the process "
                                       "running it: it gets a worker process of its own")
    config.addinivalue_line("markers", "cross_function: a check that calls many functions of the target "
                                       "(kept whole by --os-scope)")
    config._os = None
    if config.getoption("os_profile") or not config.getoption("hypothesis_profile", None):
        profiles.load(config.getoption("os_profile") or "quick", shrink=config.getoption("os_shrink"))
    examples.install()  # falsifying examples from Hypothesis' observations, in every process
    if config.getoption("os_coverage"):  # before the reference package is imported
        from . import refcoverage
        refcoverage.configure(config)


class RunState(object):
    """What the plugin keeps for one pytest session."""

    def __init__(self, config):
        self.config = config
        self.specs = list(config.getoption("os_targets") or targets.DEFAULT_TARGETS)
        self.targets = {}
        self.catalogue = catalogue_mod.load()
        self._root = None
        self.active = False
        self.executor = None
        self.warm = False
        self.done = set()  # checks with results from the run being resumed
        self.isolation_info = {"executor": "inprocess", "forked": False, "confined": False}
        self.records = {spec: [] for spec in self.specs}
        self.files = {}
        self.reports = []
        self.is_worker = hasattr(config, "workerinput")

    @property
    def root(self):
        if self._root is None:
            self._root = tempfile.mkdtemp(prefix="os-conformance-", dir=targets.sandbox_parent())
        return self._root

    def target(self, spec):
        if spec not in self.targets:
            try:
                self.targets[spec] = targets.resolve(spec)
            except targets.UsageError as exc:
                raise pytest.UsageError(str(exc))
        return self.targets[spec]


def _state(config):
    if config._os is None:
        config._os = RunState(config)
    return config._os


def pytest_generate_tests(metafunc):
    if "target" in metafunc.fixturenames:
        specs = _state(metafunc.config).specs
        metafunc.parametrize("target", specs, indirect=True, ids=[s.replace(":", "-") for s in specs])


def pytest_collection_modifyitems(session, config, items):
    """Once checks are collected: tie each to the catalogue, resolve the targets, open the
    results files. A run without checks (the project's own tests) never gets here."""
    state = config._os
    if state is None:
        return
    problems = []
    for item in items:
        if "target" not in getattr(item, "fixturenames", ()):
            continue
        ids = behaviour_ids(item)
        if not ids:
            problems.append("%s: no @pytest.mark.behaviour(...) naming what it proves" % item.nodeid)
        for bid in ids:
            if bid not in state.catalogue.behaviours:
                problems.append("%s: behaviour id %r is not in the catalogue" % (item.nodeid, bid))
    if problems:
        raise pytest.UsageError("checks not tied to the catalogue:\n  " + "\n  ".join(sorted(set(problems))))
    _activate(config)
    _apply_scopes(config, items)
    _mark_expected_failures(config, state, items)
    if state.done:
        done = [item for item in items if item.nodeid in state.done]
        if done:
            config.hook.pytest_deselected(items=done)
            items[:] = [item for item in items if item.nodeid not in state.done]
    try:
        selection.apply(config, items, state.catalogue)
    except ValueError as exc:
        raise pytest.UsageError(str(exc))


def _apply_scopes(config, items):
    """--os-scope T=NAMES: run T only on the checks of NAMES and, as evidence that nothing else
    is flagged, the other checks of the files that hold them — but not the other instances of a
    check parametrized by name (each calls only its own name's function), unless the check is
    marked `cross_function` (it calls many functions, e.g. the differential sequences)."""
    scopes = {}
    for value in config.getoption("os_scope"):
        spec, _, names = value.rpartition("=")
        if not spec:
            raise pytest.UsageError("--os-scope wants TARGET=NAME[,NAME...], not %r" % value)
        scopes[spec] = set(names.split(","))
    if not scopes:
        return
    catalogue = config._os.catalogue

    def names_of(item):
        return set(catalogue.name_of(b) for b in behaviour_ids(item) if b in catalogue.behaviours)

    def family(item):
        return (str(item.fspath), getattr(item, "originalname", None) or item.name)

    names_of_item, names_in_file, names_in_family = {}, {}, {}
    for item in items:
        names = names_of_item[item.nodeid] = names_of(item)
        names_in_file.setdefault(str(item.fspath), set()).update(names)
        names_in_family.setdefault(family(item), set()).update(names)
    keep, drop = [], []
    for item in items:
        spec = getattr(getattr(item, "callspec", None), "params", {}).get("target")
        wanted = scopes.get(spec)
        in_scope = (wanted is None or bool(names_of_item[item.nodeid] & wanted)
                    or (bool(names_in_file[str(item.fspath)] & wanted)
                        and (not names_in_family[family(item)] & wanted
                             or item.get_closest_marker("cross_function") is not None)))
        (keep if in_scope else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _mark_expected_failures(config, state, items):
    """Per-target expectation manifests (fixtures/expectations/<label>.json, the format of
    `--expect`) list behaviour ids the target knowingly does not match: their checks become
    strict xfails for that target."""
    from . import expect
    manifests = {}
    for spec in state.specs:
        path = os.path.join(catalogue_mod.fixtures_dir(), "expectations", state.target(spec).label + ".json")
        if os.path.exists(path):
            try:
                manifests[spec] = expect.load(path, state.catalogue)[0]
            except expect.ExpectError as exc:
                raise pytest.UsageError(str(exc))
    for item in items:
        spec = getattr(getattr(item, "callspec", None), "params", {}).get("target")
        expected = manifests.get(spec, {})
        # A name's entry covers every behaviour of the name.
        keys = [k for b in behaviour_ids(item) for k in (b, state.catalogue.behaviours[b].name)]
        reasons = sorted(set(expected[k]["reason"] for k in keys if k in expected))
        if reasons:
            item.add_marker(pytest.mark.xfail(strict=True, reason="; ".join(reasons)))


def pytest_sessionstart(session):
    # Under xdist the controller collects nothing: a run that names targets or a report
    # directory is a conformance run from the start.
    config = session.config
    if config.getoption("os_targets") or config.getoption("os_report_dir"):
        _activate(config)


def _activate(config):
    """Resolve the targets, open the results files, start recording. Idempotent."""
    state = _state(config)
    if state.active:
        return
    state.active = True
    for spec in state.specs:
        state.target(spec)  # a bad --target is a usage error before anything runs
    report_dir = config.getoption("os_report_dir")
    if config.getoption("os_resume"):
        if not report_dir:
            raise pytest.UsageError("--os-resume needs --os-report-dir (where the earlier results are)")
        for spec in state.specs:
            path = _results_path(report_dir, state.target(spec))
            if os.path.exists(path):
                state.records[spec] = results.read_records(path)
        state.done = set(r["check"] for recs in state.records.values() for r in recs)
    name = executor_name(config)
    timeout = config.getoption("os_timeout") or TIMEOUTS[config.getoption("os_profile") or "quick"]
    context = executors.ExecutorContext(config, state.root, timeout, config.getoption("os_confine"),
                                        writable_extra=_hypothesis_database())
    state.executor = executors.make(name, context)
    if config.getoption("os_reruns") < 0:
        raise pytest.UsageError("--os-reruns must be 0 or more")
    state.executor.reruns = config.getoption("os_reruns")
    if state.is_worker:
        return
    state.isolation_info = {"executor": name, "forked": name != "inprocess", "confined": False}
    if name != "inprocess" and config.getoption("os_confine"):
        from .sandboxing import probe_confinement
        state.isolation_info["confined"] = probe_confinement(state.root)
    if report_dir:
        try:
            os.makedirs(report_dir, exist_ok=True)
            for spec in state.specs:
                path = _results_path(report_dir, state.target(spec))
                # Resuming: rewrite what was read (a torn last line is dropped), then append.
                state.files[spec] = results.ResultsFile(path, records=state.records[spec])
        except OSError as exc:
            raise pytest.UsageError("cannot write reports to %s: %s" % (report_dir, exc.strerror))
    recorder = Recorder(state, report_dir)
    config.pluginmanager.register(recorder, "os-conformance-recorder")
    recorder.write_reports(partial=True)  # from the start, a kill leaves a readable partial report
    _terminate_as_interrupt()


def _hypothesis_database():
    """The example database's directory, which a confined worker must be able to write."""
    from hypothesis import settings
    path = getattr(settings().database, "path", None)
    if not path:
        return []
    os.makedirs(str(path), exist_ok=True)
    return [str(path)]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item, nextitem):
    """A check runs where the executor puts it; its phase reports are logged here as pytest's
    own protocol would."""
    state = getattr(item.config, "_os", None)
    if state is None or state.executor is None or not record.is_check(item):
        return None
    if not state.warm and state.executor.forked:
        executors.warm_up_hypothesis()  # here, not at set-up: hypothesis warns about work done there
        state.warm = True
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for report in state.executor.run(item, nextitem):
        item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


def _results_path(report_dir, target):
    return os.path.join(report_dir, _basename(target) + ".results.jsonl")


def _terminate_as_interrupt():
    """SIGTERM ends the run as Ctrl-C does: pytest stops, and the reports are written, partial."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt("terminated (SIGTERM)")

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


@pytest.fixture
def target(request):
    """The implementation under test (a conformance.targets.Target). A check of functions the
    target only forwards to the real os is reported `delegated` before it runs: its set-up may
    need a real world the target does not see, and a forwarded call is never the target's own."""
    state = _state(request.config)
    tgt = state.target(request.param)
    _refuse_delegated(tgt, state.catalogue, behaviour_ids(request.node))
    return tgt


def _refuse_delegated(tgt, catalogue, ids):
    """Raise TargetDelegated when every name the check proves is a function `tgt` delegates."""
    names = sorted(set(catalogue.name_of(b) for b in ids if b in catalogue.behaviours))
    if not names or any(catalogue.entries[n].kind != "function" for n in names):
        return
    for name in names:
        try:
            tgt.lookup(name)
        except TargetDelegated:
            continue
        except TargetMissing:
            return
        return
    raise TargetDelegated(names[0])


@pytest.fixture
def oracle(request, target):
    """The oracle of differential checks: the reference implementation; for the reference
    itself, under CPython, the running CPython's stdlib (never the target as its own yardstick;
    under PyPy there is no CPython to ask, and the reference judged by itself is a baseline)."""
    try:
        if target.kind == "reference" and sys.implementation.name == "cpython":
            return _state(request.config).target("stdlib")
        return _state(request.config).target("reference")
    except pytest.UsageError as exc:  # where ctypes reaches no C library (WebAssembly Pythons)
        raise TargetUnavailable("c_library", "the reference, the oracle here, cannot be imported: %s"
                                % exc)


@pytest.fixture
def cpython_judge(request, target):
    """The recorded CPython version this target's cpython-basis checks are judged against."""
    return recorded.Judge(recorded.judged_version(target.kind, request.config.getoption("os_cpython")),
                          target.module)


@pytest.fixture(scope="session")
def c_constants():
    """The C headers' values of the probed constants (conformance/cprobe.py), None without a
    compiler. A check module using it calls `cprobe.prime()` at import, in the pytest process."""
    return cprobe.values()


@pytest.fixture
def strict(request):
    return request.config.getoption("os_strict")


class Sandbox(object):
    """A fresh directory in the target's world for one check; `fresh()` gives each hypothesis
    example a directory of its own."""

    def __init__(self, target, path):
        self.target = target
        self.path = path
        self._n = 0

    def fresh(self):
        self._n += 1
        path = os.path.join(self.path, "ex%d" % self._n)
        self.target.make_dir(path)
        return path

    def real(self):
        """A fresh directory in the real file system for what only the harness and the kernel
        touch (captured output, core dumps, files for the stdlib's posix_spawn): `fresh()` where
        the target works in the real file system, else one beside the (fake) sandbox."""
        if self.target.kind != "pyfakefs":
            return self.fresh()
        self._n += 1
        path = os.path.join(os.path.dirname(self.path), "real%d" % self._n)
        os.mkdir(path, 0o700)
        return path


@pytest.fixture
def sandbox(request, target):
    """A per-check directory; the process is restored afterwards and leaks fail the check."""
    # The executor made the check's directory (and confined the worker to the tree holding it);
    # it removes that directory after the check, with the sandbox in it when the sandbox is in
    # the real file system.
    check_dir = request.node.stash.get(executors.CHECK_DIR, None)
    removed_by_executor = check_dir is not None and not target.own_world
    if check_dir is None:
        check_dir = tempfile.mkdtemp(dir=_state(request.config).root)
    path = os.path.join(check_dir, "sandbox")
    target.make_dir(path)
    before = ProcessState()
    yield Sandbox(target, path)
    complaints = before.restore()
    if not removed_by_executor:
        target.remove_tree(path)
    if complaints:
        pytest.fail("the check left the process changed: " + "; ".join(complaints), pytrace=False)


def pytest_sessionfinish(session, exitstatus):
    state = session.config._os
    if state is None:
        return
    if state.executor is not None:
        state.executor.stop()
        described = state.executor.describe()
        if described.get("workers_started"):  # this process ran checks (not an xdist controller)
            state.isolation_info.update(workers_started=described["workers_started"],
                                        workers_replaced=described["workers_replaced"])
    if state._root:
        shutil.rmtree(state._root, ignore_errors=True)
    if state.is_worker or not state.active:
        return
    for f in state.files.values():
        f.close()
    partial = exitstatus == pytest.ExitCode.INTERRUPTED or bool(session.shouldstop)
    recorder = session.config.pluginmanager.get_plugin("os-conformance-recorder")
    state.reports = recorder.write_reports(partial=partial)


def _basename(target):
    """The report file stem, named exactly as the report writer names it."""
    from .report.files import report_basename
    return report_basename({"target": target.as_dict(), "interpreter": targets.interpreter_info()})


# --- turning pytest outcomes into conformance records -------------------------------------

@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # What a check consults and what Hypothesis observes of it are noted from its set-up on.
    oracles.start_check()
    examples.start_check()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if record.is_check(item) and item.config._os is not None:
        record.attach(item, call, outcome.get_result(), item.config._os.catalogue)


class Recorder(object):
    """Assembles the phases of each check into one record (on the controller, or in a plain run)
    and appends it, flushed, to the target's results file."""

    REFRESH_SECONDS = 5.0
    # A refresh rebuilds and rewrites every target's JSON, Markdown and HTML report, which takes
    # longer as records accumulate: the next one waits at least this many times as long as the
    # last took, so refreshing costs at most about 1/REFRESH_SHARE of the run.
    REFRESH_SHARE = 20.0

    def __init__(self, state, report_dir):
        self.state = state
        self.report_dir = report_dir
        self.written = time.time()
        self.refresh_after = self.REFRESH_SECONDS
        self.sections = {}  # spec -> further top-level report sections (e.g. coverage)
        self.provenance = None  # computed once, at the first report
        self.assembler = record.Assembler(self._finished)

    def write_reports(self, partial):
        """Build every target's report from its records; write them (atomically) if asked to."""
        started = time.monotonic()
        state, reports = self.state, []
        profile = state.config.getoption("os_profile") or "quick"
        if self.provenance is None:
            self.provenance = provenance.describe(state.config, profile)
        for spec in state.specs:
            report = results.build_report(
                state.records[spec], state.target(spec).as_dict(), targets.interpreter_info(),
                profile, partial, state.catalogue, self.provenance)
            report["isolation"] = state.isolation_info
            report.update(self.sections.get(spec, {}))
            reports.append(report)
            if self.report_dir:
                from .report.render import write_reports
                write_reports(report, self.report_dir)
        self.written = time.time()
        self.refresh_after = max(self.REFRESH_SECONDS, self.REFRESH_SHARE * (time.monotonic() - started))
        return reports

    def pytest_runtest_logreport(self, report):
        self.assembler.add(report)

    def _finished(self, rec):
        """A check's whole record: keep it, flush it to its results file, refresh the reports."""
        state = self.state
        state.records.setdefault(rec["target"], []).append(rec)
        if rec["target"] in state.files:
            state.files[rec["target"]].append(rec)
        if self.report_dir and time.time() - self.written > self.refresh_after:
            self.write_reports(partial=True)

"""Sessions: the project's own tests, the conformance suite under every interpreter present,
and the compatibility matrix merged from their reports.

    nox -s tests          the project's own tests (this interpreter set's newest CPython)
    nox -s conformance    the suite, profile ci, against stdlib and reference, per interpreter
    nox -s pyfakefs       the suite, profile ci, against pyfakefs' fake os (newest CPython; its
                          current release and the newest of its previous major)
    nox -s pyodide        the suite, profile ci, inside Pyodide under Node (two releases, MEMFS
                          and NODEFS; skipped, saying so, without Node)
    nox -s matrix         merge reports/runs/*.json into reports/matrix/
    nox -s record         record each CPython's treatment of the bad-input cases (fixtures/cpython/)
    nox -s bench          reference vs stdlib vs pyfakefs side by side, per interpreter (not default)
"""
import glob
import os
import shutil
import time

import nox

nox.options.default_venv_backend = "venv"  # virtualenv no longer seeds a 3.8 environment
nox.options.sessions = ["tests", "conformance", "pyfakefs", "pyodide", "matrix"]
nox.options.error_on_missing_interpreters = False
nox.options.error_on_external_run = True  # an os-conformance from outside the venv is not this run

CPYTHONS = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13")
PYENV = os.path.expanduser("~/.pyenv/versions")
RUNS = os.path.join("reports", "runs")
MATRIX = os.path.join("reports", "matrix")


def _present_interpreters():
    """Interpreters on this machine, by the name nox will find on PATH; absent ones noted."""
    present = []
    for version in CPYTHONS:
        bins = sorted(glob.glob(os.path.join(PYENV, version + ".*", "bin")))
        if bins:
            # pyenv's shims answer only for PYENV_VERSION: point PATH at the real bin dirs.
            os.environ["PATH"] = bins[-1] + os.pathsep + os.environ["PATH"]
            present.append(version)
        elif shutil.which("python" + version):  # e.g. actions/setup-python on a CI runner
            present.append(version)
        else:
            print("note: CPython %s not found under %s nor on PATH: skipped" % (version, PYENV))
    if shutil.which("pypy3"):
        present.append("pypy3")
    else:
        print("note: pypy3 not found (apt-get install pypy3 pypy3-venv): skipped")
    return present


INTERPRETERS = _present_interpreters()


@nox.session(python=CPYTHONS[-1] if CPYTHONS[-1] in INTERPRETERS else None)
def tests(session):
    """The project's own tests: catalogue, reports, CLI, broken modules, reference."""
    session.install("-e", ".[test,pyfakefs]")
    session.run("python", "-m", "pytest", "tests", "-p", "no:cacheprovider", *session.posargs)


@nox.session(python=INTERPRETERS)
def conformance(session):
    """The suite against stdlib and reference inside this interpreter, reports to reports/runs."""
    session.install("-e", ".[test]")  # with pytest-xdist: checks run on every core
    _run_suite(session, "--profile", "ci", "--report-dir", RUNS, "--quiet", "--jobs", "auto",
               *session.posargs)


def _run_suite(session, *args):
    """os-conformance run; exit 1 means "checks failed", so a run that wrote no fresh report is
    told apart as the harness's failure (a venv without the suite also exits 1)."""
    started = time.time()
    session.run("os-conformance", "run", *args, success_codes=[0, 1])
    fresh = [p for p in glob.glob(os.path.join(RUNS, "*.json")) if os.path.getmtime(p) >= started]
    if not fresh:
        session.error("the run wrote no report to %s: the harness failed (see above)" % RUNS)


# pyfakefs' current release and the newest of its previous major: one column each.
PYFAKEFS_RELEASES = ("6.3.2", "5.10.2")


@nox.session(python=CPYTHONS[-1] if CPYTHONS[-1] in INTERPRETERS else None)
@nox.parametrize("release", list(PYFAKEFS_RELEASES))
def pyfakefs(session, release):
    """The suite against pyfakefs' FakeOsModule, reports to reports/runs (names it forwards to
    the real os are reported delegated)."""
    session.install("-e", ".[test]", "pyfakefs==" + release)
    _run_suite(session, "--target", "pyfakefs", "--profile", "ci", "--report-dir", RUNS, "--quiet",
               "--jobs", "auto", *session.posargs)


# Pyodide releases in the matrix: the CPython each embeds differs (conformance.wasm.RELEASES).
PYODIDE_RELEASES = ("0.26.4", "0.28.3")


@nox.session(python=CPYTHONS[-1] if CPYTHONS[-1] in INTERPRETERS else None)
@nox.parametrize("fs", ["memfs", "nodefs"])
@nox.parametrize("release", list(PYODIDE_RELEASES))
def pyodide(session, release, fs):
    """The suite against Pyodide's os, inside Pyodide under Node, on MEMFS or NODEFS (the npm
    package and pure-Python wheels are fetched once into ~/.cache/os-conformance/pyodide)."""
    if not shutil.which("node"):
        session.skip("Node is not installed (apt-get install nodejs): no Pyodide column")
    session.install("-e", ".")
    _run_suite(session, "--interpreter", "pyodide@" + release, "--fs", fs, "--profile", "ci",
               "--report-dir", RUNS, "--quiet", *session.posargs)


@nox.session(python=INTERPRETERS[0] if INTERPRETERS else None)
def matrix(session):
    """Merge every report of reports/runs into the compatibility matrix in reports/matrix."""
    reports = sorted(glob.glob(os.path.join(RUNS, "*.json")))
    if not reports:
        session.skip("no reports in %s: run nox -s conformance first" % RUNS)
    session.install("-e", ".")
    session.run("os-conformance", "matrix", *reports, "--out", MATRIX)


@nox.session(python=[v for v in CPYTHONS if v in INTERPRETERS])
def record(session):
    """CPython's treatment of the bad-input cases, per version, into fixtures/cpython/ (the oracle
    of cpython-basis checks; rerun when a case is added)."""
    session.install("-e", ".[test]")
    session.run("os-conformance", "record")


@nox.session(python=INTERPRETERS)
def bench(session):
    """benchmarks/bench_os.py under each interpreter: the table (reports/bench/<interpreter>.txt,
    published) and its data (reports/bench/<interpreter>.json)."""
    session.install("pyfakefs")
    out = os.path.join("reports", "bench", "bench-%s" % session.python)
    table = session.run("python", "benchmarks/bench_os.py", "--json", out + ".json", *session.posargs,
                        silent=True)
    with open(out + ".txt", "w") as f:
        f.write(table)
    print(table)
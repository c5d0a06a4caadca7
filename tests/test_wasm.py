"""The Pyodide driver (conformance.wasm): the suite packed as a wheel, the run options it takes,
and, where Node is installed, real runs inside Pyodide on MEMFS and NODEFS whose reports say
which Pyodide, CPython, Emscripten and file system they judged."""
import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from conformance import wasm
from conformance.catalogue import fixtures_dir
from tests.helpers import ROOT

RELEASE = "0.28.3"


def test_interpreter_names_a_known_pyodide_release():
    assert wasm.parse_interpreter("pyodide@0.28.3") == "0.28.3"
    for text in ("pyodide", "pyodide@9.9.9", "graalpy@24", "0.28.3"):
        with pytest.raises(ValueError, match="pyodide@RELEASE, one of 0.23.4, 0.26.4, 0.28.3, 314.0.7"):
            wasm.parse_interpreter(text)


def test_suite_wheel_holds_the_suite_its_fixtures_and_its_plugin(tmp_path):
    path = wasm.suite_wheel(str(tmp_path))
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        info = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert len(info) == 1
        entry_points = z.read(info[0]).decode()
        record = z.read(info[0].replace("entry_points.txt", "RECORD")).decode()
        for line in record.splitlines():
            arcname, digest, size = line.rsplit(",", 2)
            if digest:  # every file's hash is the one RECORD states (pip and Pyodide check it)
                data = z.read(arcname)
                assert digest == "sha256=" + base64.urlsafe_b64encode(
                    hashlib.sha256(data).digest()).rstrip(b"=").decode() and int(size) == len(data)
    assert "[pytest11]\nos_conformance = conformance.plugin" in entry_points
    assert {"conformance/plugin.py", "conformance/wasm/driver.mjs", "conformance/checks/test_surface.py",
            "reference/__init__.py"} <= names
    for sub in ("catalogue", "cpython"):
        shipped = sorted(n for n in os.listdir(os.path.join(fixtures_dir(), sub)) if n.endswith(".json"))
        assert shipped and all("conformance/fixtures/%s/%s" % (sub, n) in names for n in shipped)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def _cli(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "conformance.cli"] + list(args), cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          **kwargs)


@pytest.mark.parametrize("args,message", [
    (["--jobs", "2"], "--jobs is not supported there"),
    (["--target", "reference"], "only --target stdlib runs"),
    (["--coverage"], "--coverage is not supported there"),
])
def test_options_that_cannot_run_inside_pyodide_are_refused(tmp_path, args, message):
    done = _cli("run", "--interpreter", "pyodide@" + RELEASE, "--report-dir", str(tmp_path), *args)
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_an_unknown_release_is_a_usage_error(tmp_path):
    done = _cli("run", "--interpreter", "pyodide@1.2.3", "--report-dir", str(tmp_path))
    assert done.returncode == 2 and "one of 0.23.4" in done.stderr


def _pyodide_or_skip(release=RELEASE):
    """Node is needed; the npm package and wheels come from the cache, else from the registries."""
    if not shutil.which("node"):
        pytest.skip("Node is not installed: the Pyodide driver cannot run here")
    try:
        wasm.pyodide_package(release)
        wasm.dependency_wheels()
    except wasm.SetupError as exc:
        pytest.skip("Pyodide %s or the wheels cannot be had here: %s" % (release, exc))


@pytest.mark.slow
@pytest.mark.parametrize("release,fs", [(RELEASE, "memfs"), (RELEASE, "nodefs"), ("0.26.4", "nodefs")])
def test_a_run_inside_pyodide_reports_what_it_judged(tmp_path, release, fs):
    """(0.26's NODEFS cannot truncate an unlinked file: pytest's own temporary files must stay
    in memory, only the sandboxes on /host.)"""
    _pyodide_or_skip(release)
    done = _cli("run", "--interpreter", "pyodide@" + release, "--fs", fs, "--name", "fsync",
                "--name", "umask", "--name", "fork", "--report-dir", str(tmp_path), "--quiet", timeout=900)
    assert done.returncode in (0, 1), done.stdout[-2000:] + done.stderr[-2000:]
    assert done.returncode in (0, 1), done.stdout[-2000:] + done.stderr[-2000:]
    with open(str(tmp_path / ("stdlib-pyodide-%s-%s.json" % (release, fs)))) as f:
        report = json.load(f)
    interp = report["interpreter"]
    assert (interp["implementation"], interp["version"], interp["variant"]) == ("pyodide", release, fs)
    assert interp["cpython"] == wasm.RELEASES[release] and interp["filesystem"] == fs.upper()
    assert interp["emscripten"].count(".") == 2
    # The sandboxes were on the file system the report names (NODEFS is mounted at /host).
    assert interp["sandboxes"] == {"memfs": "/tmp", "nodefs": "/host"}[fs]
    assert report["isolation"]["executor"] == "inprocess" and not report["isolation"]["forked"]
    # No git inside Pyodide: the host says which commit of the suite it packed.
    from conformance.provenance import suite_commit
    assert report["provenance"]["suite"]["commit"] == suite_commit()["commit"]
    functions = report["functions"]
    # fsync works there; umask departs (files are created without its bits cleared, on MEMFS
    # and NODEFS alike): a failure inside reaches the report; fork exists, but the platform
    # has no child processes.
    assert functions["fsync"]["status"] == "pass"
    assert functions["umask"]["status"] == "fail"
    fork = functions["fork"]["behaviours"]
    assert fork["fork.exists"]["status"] == "pass"
    assert [b for b in fork.values() if b["status"] == "unavailable"]
    counts = report["summary"]["checks"]
    assert not counts.get("error") and not counts.get("crash"), counts


def test_errno_names_come_from_the_running_interpreter():
    import errno
    from conformance import errnos
    assert errnos.name(errno.ENOENT) == "ENOENT" and errnos.name(None) is None
    assert errnos.name(99999) == 99999
    assert errnos.annotate("[Errno %d] No such file" % errno.ENOENT) == \
        "[Errno %d ENOENT] No such file" % errno.ENOENT
    assert errnos.annotate("[Errno 99999] odd") == "[Errno 99999] odd"


def test_a_host_name_the_interpreter_lacks_makes_the_check_unavailable():
    """Where neither the interpreter's os nor the reference has a name (a WebAssembly Python),
    any use of the stand-in is TargetUnavailable, never an AttributeError or TypeError that
    would read as the target's failure."""
    from conformance.hostmods import Absent
    from conformance.hostos import Lacking
    from conformance.targets import TargetUnavailable
    lacking = Lacking("pipe2", ImportError("no C library"))
    for use in (lambda: lacking(0), lambda: lacking.anything, lambda: 1 | lacking, lambda: lacking | 1,
                lambda: int(lacking)):
        with pytest.raises(TargetUnavailable, match="needs os.pipe2"):
            use()
    absent = Absent("fcntl", ImportError("No module named 'fcntl'"))
    assert not absent
    with pytest.raises(TargetUnavailable) as info:
        absent.F_GETFL
    assert info.value.capability == "fd_flags"

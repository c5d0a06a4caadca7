"""Running the suite inside Pyodide (CPython compiled to WebAssembly), driven from the host.

    os-conformance run --interpreter pyodide@0.28.3 --fs memfs [run options]

The host side (this module) needs Node and, once, the npm registry and PyPI:
- Pyodide's npm package, pinned, is installed into a cache folder (`npm install`);
- the suite's dependencies come as pure-Python wheels, pinned, fetched once with `pip download`
  (the packages Pyodide would fetch from its CDN are not reachable; MarkupSafe, whose speedups
  are optional, is repacked without them); the suite itself is packed into a wheel from the
  running package, its catalogue and recorded CPython behaviour included;
- `driver.mjs` loads Pyodide under Node, installs the wheels, mounts the file system the checks
  run on (MEMFS, Pyodide's default, in memory; or NODEFS: a fresh host directory, and nothing
  else of the host, mounted at /host), runs `os-conformance run` inside with the in-process
  executor, and copies the reports out of Pyodide's memory into --report-dir.

Nothing of the host's files is reachable through Pyodide's file systems but that fresh directory
(NODEFS). Emscripten's system() and popen() run real host shells under Node, so Node itself runs
confined as a pool worker is (conformance.sandboxing.confine): everything read-only but this
run's work folder, a minimal /dev; a broken target cannot touch the host.
"""
import base64
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

# Pyodide release -> the CPython it embeds (the npm package says so too; kept here for --help
# and for the nox session's list).
RELEASES = {"0.23.4": "3.11.2", "0.26.4": "3.12.1", "0.28.3": "3.13.2", "314.0.7": "3.14.2"}
FILESYSTEMS = ("memfs", "nodefs")
# The suite's dependencies inside Pyodide, pinned: pure-Python wheels only (hypothesis 6.155.7 is
# the last release published as one).
WHEELS = ("pytest==9.0.2", "pluggy==1.7.0", "iniconfig==2.3.1", "packaging==26.4",
          "pygments==2.21.0", "hypothesis==6.155.7", "attrs==26.1.0", "sortedcontainers==2.4.0",
          "pytest-subtests==0.15.0", "jinja2==3.1.6", "rich==15.0.0", "markdown-it-py==4.3.0",
          "mdurl==0.1.2")
MARKUPSAFE = "3.0.4"
DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "driver.mjs")


class SetupError(Exception):
    """A tool or download the Pyodide run needs is not to be had; the message says which."""


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "os-conformance", "pyodide")


def parse_interpreter(text):
    """`pyodide@0.28.3` -> "0.28.3"; anything else is refused with the known releases."""
    name, _, release = text.partition("@")
    if name != "pyodide" or release not in RELEASES:
        raise ValueError("--interpreter %r: want pyodide@RELEASE, one of %s" % (
            text, ", ".join(sorted(RELEASES, key=_release_key))))
    return release


def _release_key(release):
    return [int(p) for p in release.split(".")]


def _run(cmd, what, **kwargs):
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, **kwargs)
    except OSError as exc:
        raise SetupError("%s: cannot run %s: %s" % (what, cmd[0], exc.strerror or exc))
    if done.returncode != 0:
        tail = "\n".join(done.stdout.strip().splitlines()[-5:])
        raise SetupError("%s failed (exit %d):\n%s" % (what, done.returncode, tail))
    return done.stdout


def node():
    """The Node binary, or SetupError saying how to get one."""
    path = shutil.which("node")
    if not path:
        raise SetupError("Pyodide runs under Node, which is not installed (apt-get install nodejs)")
    return path


def pyodide_package(release):
    """The folder holding Pyodide `release`'s npm package, installed into the cache once."""
    prefix = os.path.join(cache_dir(), release)
    package = os.path.join(prefix, "node_modules", "pyodide")
    if not os.path.exists(os.path.join(package, "pyodide.asm.wasm")):
        if not shutil.which("npm"):
            raise SetupError("installing Pyodide %s needs npm (apt-get install npm)" % release)
        os.makedirs(prefix, exist_ok=True)
        _run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", "pyodide@" + release],
             "npm install pyodide@%s" % release)
    return package


def dependency_wheels():
    """The pinned pure-Python wheels of the suite's dependencies, downloaded into the cache once."""
    folder = os.path.join(cache_dir(), "wheels")
    os.makedirs(folder, exist_ok=True)
    stamp = os.path.join(folder, "pins.json")
    pins = {"wheels": list(WHEELS), "markupsafe": MARKUPSAFE}
    if not _same_json(stamp, pins):
        for name in os.listdir(folder):
            os.unlink(os.path.join(folder, name))
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
              "--only-binary=:all:", "--platform", "any", "--implementation", "py",
              "--python-version", "3.11", "--dest", folder] + list(WHEELS),
             "pip download of the suite's dependencies")
        _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary=:all:",
              "--dest", folder, "markupsafe==" + MARKUPSAFE], "pip download of MarkupSafe's source")
        _repack_markupsafe(folder)
        with open(stamp, "w") as f:
            json.dump(pins, f)
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".whl"))


def _same_json(path, value):
    try:
        with open(path) as f:
            return json.load(f) == value
    except (OSError, ValueError):
        return False


def _repack_markupsafe(folder):
    """MarkupSafe publishes only platform wheels; its C speedups are optional, so its source's
    Python modules make a pure wheel."""
    import tarfile
    sdist = os.path.join(folder, "markupsafe-%s.tar.gz" % MARKUPSAFE)
    files = {}
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if parts[1:3] == ["src", "markupsafe"] and parts[-1].endswith((".py", "py.typed")):
                files["markupsafe/" + parts[-1]] = tar.extractfile(member).read()
    os.unlink(sdist)
    _write_wheel(os.path.join(folder, "markupsafe-%s-py3-none-any.whl" % MARKUPSAFE),
                 "MarkupSafe", MARKUPSAFE, files)


def _write_wheel(path, name, version, files, entry_points=None):
    """A minimal pure-Python wheel holding `files` ({archive name: bytes})."""
    info = "%s-%s.dist-info" % (name.lower().replace("-", "_"), version)
    files = dict(files)
    if entry_points:
        files[info + "/entry_points.txt"] = entry_points.encode()
    files[info + "/METADATA"] = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (name, version)).encode()
    files[info + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: os-conformance\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for arcname in sorted(files):
        digest = base64.urlsafe_b64encode(hashlib.sha256(files[arcname]).digest()).rstrip(b"=")
        record.append("%s,sha256=%s,%d" % (arcname, digest.decode(), len(files[arcname])))
    record.append(info + "/RECORD,,")
    files[info + "/RECORD"] = ("\n".join(record) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname in sorted(files):
            z.writestr(arcname, files[arcname])


def suite_wheel(folder):
    """This running suite (conformance/, reference/, the catalogue and recorded CPython
    behaviour as conformance/fixtures/) packed as a wheel into `folder`."""
    import conformance
    from conformance.catalogue import fixtures_dir
    files = {}
    for package in ("conformance", "reference"):
        # Found, not imported: the reference refuses to import off Linux x86_64 (an arm64 host).
        root = importlib.util.find_spec(package).submodule_search_locations[0]
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "__pycache__" and d != "fixtures"]
            for filename in filenames:
                if filename.endswith((".pyc", ".pyo")):
                    continue
                full = os.path.join(dirpath, filename)
                with open(full, "rb") as f:
                    files[package + "/" + os.path.relpath(full, root).replace(os.sep, "/")] = f.read()
    fixtures = fixtures_dir()
    for sub in ("catalogue", "expectations", "cpython"):
        for filename in sorted(os.listdir(os.path.join(fixtures, sub))):
            if filename.endswith(".json"):
                with open(os.path.join(fixtures, sub, filename), "rb") as f:
                    files["conformance/fixtures/%s/%s" % (sub, filename)] = f.read()
    files["conformance/fixtures/__init__.py"] = b""
    version = getattr(conformance, "__version__", "0.1.0")
    path = os.path.join(folder, "os_conformance-%s-py3-none-any.whl" % version)
    # pytest finds the plugin by its entry point, as in a pip-installed suite.
    _write_wheel(path, "os-conformance", version, files, entry_points=(
        "[console_scripts]\nos-conformance = conformance.cli:main\n\n"
        "[pytest11]\nos_conformance = conformance.plugin\n"))
    return path


def _confine(work, marker):
    """In the child about to exec Node: Emscripten's system() and popen() run real host shells
    (child_process under Node), so the whole Node process is confined as a pool worker is: a
    private mount namespace, everything read-only and nodev but this run's work folder, /dev
    reduced to the harmless nodes. The marker file says it worked."""
    from conformance import sandboxing
    sandboxing.die_with_parent()
    if sandboxing.libc is not None and sandboxing.confine([work]):
        with open(marker, "w"):
            pass


def run(release, filesystem, argv, report_dir, stream=None, code=None):
    """Run `os-conformance run ARGV` inside Pyodide `release` on `filesystem`; the reports land
    in `report_dir`. Returns the run's exit code. With `code`, run that Python snippet instead
    (in /host on NODEFS, else in Pyodide's home on MEMFS)."""
    stream = stream or sys.stdout
    package = pyodide_package(release)
    wheels = dependency_wheels()
    work = tempfile.mkdtemp(prefix="os-conformance-pyodide-")
    try:
        wheels = wheels + [suite_wheel(work)]
        host_dir = os.path.join(work, "nodefs")
        os.mkdir(host_dir, 0o700)
        out_dir = os.path.join(work, "reports")
        from conformance.provenance import suite_commit
        suite = suite_commit()  # the checkout packed into the wheel; no git inside Pyodide
        config = {"package": package, "wheels": wheels, "filesystem": filesystem,
                  "suite_commit": suite["commit"] or "", "suite_dirty": "1" if suite["dirty"] else "0",
                  "host_dir": host_dir, "out_dir": out_dir,
                  "argv": ["run", "--report-dir", "/reports"] + list(argv)}  # argv may end in -- ...
        if code is not None:
            config["code"] = "import os\nos.chdir(%r)\n%s" % (
                "/host" if filesystem == "nodefs" else "/home/pyodide", code)
        confined = os.path.join(work, ".confined")
        code = subprocess.call([node(), DRIVER, json.dumps(config)], stdout=stream, stderr=sys.stderr,
                               preexec_fn=lambda: _confine(work, confined))
        if not os.path.exists(confined):
            sys.stderr.write("os-conformance: warning: Node ran unconfined (the kernel refused a "
                             "mount namespace): what Pyodide's os.system runs could reach the host\n")
        if report_dir and os.path.isdir(out_dir):
            os.makedirs(report_dir, exist_ok=True)
            names = sorted(os.listdir(out_dir))
            for name in names:
                shutil.copy(os.path.join(out_dir, name), os.path.join(report_dir, name))
            if names:  # the paths printed inside were Pyodide's own (/reports/...)
                stream.write("copied out of Pyodide:\n%s\n" % "\n".join(
                    "  " + os.path.join(report_dir, n) for n in names))
                stream.flush()
        return code
    finally:
        shutil.rmtree(work, ignore_errors=True)

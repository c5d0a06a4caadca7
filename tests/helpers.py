"""Running the suite in a subprocess, as a user would, and reading its reports."""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def env(extra=None):
    e = dict(os.environ)
    e.update(extra or {})
    e["PYTHONPATH"] = ROOT + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("PYTEST_ADDOPTS", None)
    # A subprocess is no xdist worker, whatever the test running it is.
    for key in [k for k in e if k.startswith("PYTEST_XDIST_") or k == "PYTEST_CURRENT_TEST"]:
        del e[key]
    return e


def run(args, cwd=ROOT, timeout=600, env_extra=None):
    """Run a command with the repo on PYTHONPATH; return the CompletedProcess."""
    return subprocess.run(args, cwd=cwd, env=env(env_extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=timeout)


def cli(*args, **kw):
    return run([sys.executable, "-m", "conformance.cli"] + list(args), **kw)


def pytest_run(*args, **kw):
    return run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q"] + list(args), **kw)


def report(report_dir, label):
    """The JSON report of the target with this label (e.g. 'module-tests.broken.x')."""
    paths = glob.glob(os.path.join(str(report_dir), label + "-*.json"))
    assert len(paths) == 1, (label, os.listdir(str(report_dir)))
    with open(paths[0], encoding="utf-8") as f:
        return json.load(f)


def stable_repr(value):
    """repr() for test ids, without memory addresses: pytest-xdist workers must agree on ids."""
    import re
    return re.sub(r" (object )?at 0x[0-9a-f]+", "", repr(value))

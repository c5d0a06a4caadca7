"""What produced a report: the suite's commit, the tools' versions, the profile, the seed and the
selection, so that two reports can be told comparable or not (the matrix refuses to compare
runs of different selections without saying so)."""
import os
import subprocess
import sys

SUITE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _git(*args):
    try:
        out = subprocess.run(("git", "-C", SUITE_DIR) + args, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, universal_newlines=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def suite_commit():
    """{commit, dirty} of the checkout the suite runs from; commit None when it is no checkout
    (an installed wheel)."""
    if os.environ.get("OS_CONFORMANCE_SUITE_COMMIT"):
        # Inside Pyodide there is no git: the host that packed the suite says (conformance.wasm).
        return {"commit": os.environ["OS_CONFORMANCE_SUITE_COMMIT"],
                "dirty": os.environ.get("OS_CONFORMANCE_SUITE_DIRTY") == "1"}
    commit = _git("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None}
    # The published reports live in the checkout: their own changes do not make the suite dirty.
    changed = _git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!reports")
    return {"commit": commit, "dirty": bool(changed)}


def _version(module_name):
    module = sys.modules.get(module_name)
    if module is None:
        try:
            module = __import__(module_name)
        except ImportError:
            return None
    return getattr(module, "__version__", None)


def selection(config):
    """What chose the checks: the paths and options that narrow a run (empty: the whole suite)."""
    out = {}
    args = [a for a in config.args if a not in (os.path.join(SUITE_DIR, "conformance", "checks"),)]
    if args:
        out["paths"] = sorted(os.path.relpath(a, SUITE_DIR) if os.path.isabs(a) else a for a in args)
    for option, key in (("keyword", "k"), ("markexpr", "m"), ("os_scope", "scope")):
        value = config.getoption(option, None)
        if value:
            out[key] = value
    return out


def describe(config, profile):
    """The report's `provenance` section."""
    seed = config.getoption("hypothesis_seed", None)
    return {
        "suite": suite_commit(),
        "tools": {"pytest": _version("pytest"), "hypothesis": _version("hypothesis"),
                  "pluggy": _version("pluggy"), "python": sys.version.split()[0]},
        "profile": profile,
        # ci is derandomised (a seed of its own per check); elsewhere the seed hypothesis drew.
        "seed": "derandomized" if profile == "ci" else (str(seed) if seed is not None else "random"),
        "selection": selection(config),
        "strict": bool(config.getoption("os_strict", False)),
    }

"""The built wheel and sdist hold everything a run needs, and an installed suite runs from any
directory: the catalogue comes from inside the package, not from a checkout."""
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from tests.helpers import ROOT

# The sdist is built with the setuptools already installed; the wheel from the sdist by pip, as
# `pip install os-conformance-*.tar.gz` would (in pip's isolated build environment).
SDIST = "import sys; from setuptools import build_meta; print(build_meta.build_sdist(sys.argv[1]))"


def _tracked(*dirs):
    out = subprocess.run(["git", "-C", ROOT, "ls-files"] + list(dirs), stdout=subprocess.PIPE,
                         universal_newlines=True, check=True).stdout.split()
    return [p for p in out if "__pycache__" not in p]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(wheel, sdist) paths, built from a copy of the tracked files (the checkout stays clean)."""
    src = tmp_path_factory.mktemp("src")
    for path in _tracked():
        dst = src / path
        dst.parent.mkdir(parents=True, exist_ok=True)
        with open(os.path.join(ROOT, path), "rb") as f:
            dst.write_bytes(f.read())
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, "-c", SDIST, str(out)], cwd=str(src), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    sdist = str(out / proc.stdout.split()[-1])
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), sdist],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
    if proc.returncode != 0 and "setuptools" in proc.stderr and "No matching distribution" in proc.stderr:
        pytest.skip("pip cannot fetch setuptools for its isolated build (offline?)")
    assert proc.returncode == 0, proc.stderr[-3000:]
    wheels = [p for p in os.listdir(str(out)) if p.endswith(".whl")]
    return str(out / wheels[0]), sdist


def _needed():
    """What a run needs, as paths inside the installed package: every module, template and
    schema, and the catalogue and expectations (fixtures/ lands in conformance/fixtures/)."""
    needed = set(p for p in _tracked("conformance", "reference"))
    needed.update("conformance/" + p for p in _tracked("fixtures"))
    return needed


def test_the_wheel_holds_every_module_and_fixture(built):
    with zipfile.ZipFile(built[0]) as z:
        names = set(z.namelist())
    assert _needed() - names == set()
    entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(built[0]) as z:
        text = z.read(entry_points[0]).decode()
    assert "os-conformance = conformance.cli:main" in text and "conformance.plugin" in text


def test_the_sdist_holds_what_the_wheel_is_built_from(built):
    with tarfile.open(built[1]) as t:
        names = set(n.split("/", 1)[1] for n in t.getnames() if "/" in n)
    wanted = set(_tracked("conformance", "reference", "fixtures")) | {"pyproject.toml", "README.md"}
    assert wanted - names == set()


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    """The wheel unpacked as pip lays it out in site-packages, and an environment that imports
    it (and nothing of the checkout)."""
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(built[0]) as z:
        z.extractall(str(site))
    env = dict(os.environ, PYTHONPATH=str(site))
    for key in ("OS_CONFORMANCE_FIXTURES", "OS_CONFORMANCE_SPEC", "PYTEST_ADDOPTS"):
        env.pop(key, None)
    for key in [k for k in env if k.startswith("PYTEST_XDIST_") or k == "PYTEST_CURRENT_TEST"]:
        del env[key]
    return str(site), env


def _cli(installed, cwd, *args):
    return subprocess.run([sys.executable, "-m", "conformance.cli"] + list(args), cwd=str(cwd),
                          env=installed[1], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=600)


def test_an_installed_suite_reads_its_own_catalogue(installed, tmp_path):
    proc = subprocess.run([sys.executable, "-c", "from conformance import catalogue as c; "
                           "print(c.fixtures_dir()); print(len(c.load().entries))"],
                          cwd=str(tmp_path), env=installed[1], stdout=subprocess.PIPE,
                          universal_newlines=True, check=True)
    where, count = proc.stdout.split()
    assert where == os.path.join(installed[0], "conformance", "fixtures")
    assert int(count) > 300


def test_an_installed_suite_runs_from_another_directory(installed, tmp_path):
    proc = _cli(installed, tmp_path, "run", "--target", "stdlib", "-k", "pread and not preadv",
                "--report-dir", "out", "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "not in the catalogue" not in proc.stderr
    assert any(p.endswith(".json") for p in os.listdir(str(tmp_path / "out")))


def test_an_installed_catalogue_check_says_the_spec_is_not_there(installed, tmp_path):
    proc = _cli(installed, tmp_path, "catalogue", "check")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "no spec" in proc.stderr and "--spec" in proc.stderr

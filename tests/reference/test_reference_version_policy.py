"""The reference follows its own version policy (#10 item 8): for every recorded CPython version
(fixtures/cpython/X.Y.json), the reference acting as that version observes every bad-input case
as that CPython was recorded to.

The reference decides by one value, reference._version.VERSION (the running interpreter's, or
OS_CONFORMANCE_REFERENCE_ACTS_AS=X.Y at start-up), so one interpreter can hold it against all six
records: each version in a fresh process. The conformance columns check the same under each real
interpreter; this test sees a policy slip on every commit without running six of them.
"""
import ast
import json
import os
import pathlib
import subprocess
import sys

import pytest

import reference
from conformance import recorded

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSIONS = recorded.recorded_versions()

OBSERVE = r"""
import json, os, sys, tempfile
import reference
from conformance import badinput, recorded, support
from conformance.checks import test_bad_input_conversions as a, test_bad_input_conversions_more as b
version = sys.argv[1]
assert reference._version.VERSION == tuple(map(int, version.split("."))), reference._version.VERSION
records = recorded.load(version)
mismatches = []
with tempfile.TemporaryDirectory() as top:
    for n, (behaviour, case, call) in enumerate(a.CASES + b.CASES):
        key = recorded.case_key(behaviour, case)
        want = records.get(key)
        if want is None:
            continue
        directory = os.path.join(top, str(n))
        os.mkdir(directory)
        got = recorded.as_record(*badinput.observe(call, reference, support.Host(None), directory, "case"))
        if not recorded.same(got, want, False):
            mismatches.append("%s: CPython %s %s; the reference acting as %s %s" % (
                key, version, recorded.describe(want), version, recorded.describe(got)))
print(json.dumps({"cases": len(a.CASES + b.CASES), "mismatches": mismatches}))
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_reference_acts_as_each_recorded_cpython_version(version):
    if sys.implementation.name != "cpython":
        pytest.skip("the records are CPython's")
    env = dict(os.environ, OS_CONFORMANCE_REFERENCE_ACTS_AS=version, PYTHONPATH=ROOT)
    run = subprocess.run([sys.executable, "-c", OBSERVE, version], env=env, cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-3000:]
    result = json.loads(run.stdout.decode().strip().splitlines()[-1])
    assert result["cases"] >= 60
    assert not result["mismatches"], "\n".join(result["mismatches"])


def test_every_recorded_version_is_held():
    assert VERSIONS == ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]


def version_info_reads(source):
    """Lines that read sys.version_info (by attribute, or imported by name)."""
    tree = ast.parse(source)
    return [getattr(node, 'lineno', 0) for node in ast.walk(tree)
            if (isinstance(node, ast.Attribute) and node.attr == 'version_info')
            or (isinstance(node, ast.alias) and node.name == 'version_info')]


def test_only_the_version_module_reads_the_interpreter_version():
    root = pathlib.Path(reference.__file__).parent
    readers = {str(path.relative_to(root)) for path in root.rglob('*.py')
               if version_info_reads(path.read_text(encoding='utf-8'))}
    assert readers == {'_version.py'}


def test_the_version_rule_sees_a_version_test():
    assert version_info_reads('if sys.version_info >= (3, 9): pass') == [1]
    assert version_info_reads('from sys import version_info')

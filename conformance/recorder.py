"""The recorder of CPython's behaviour (`os-conformance record`): every bad-input case, run
against this CPython's own `os`, into fixtures/cpython/<X.Y>.json (read by conformance.recorded)."""
import json
import os
import sys
import tempfile

from . import badinput, recorded, support
from .checks import test_bad_input_conversions, test_bad_input_conversions_more


def record(out_dir=None):
    """Observe every bad-input case with this interpreter's `os`; write <X.Y>.json. Returns
    the path written."""
    if sys.implementation.name != "cpython":
        raise RuntimeError("only a CPython records CPython's behaviour (this is %s)" % sys.implementation.name)
    observations = {}
    with tempfile.TemporaryDirectory() as directory:
        for module in (test_bad_input_conversions, test_bad_input_conversions_more):
            for behaviour, case, call in module.CASES:
                observations[recorded.case_key(behaviour, case)] = recorded.as_record(
                    *badinput.observe(call, os, support.Host(None), directory, "case"))
    out_dir = out_dir or recorded.records_dir()
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, recorded.language_version() + ".json")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"cpython": sys.version.split()[0], "observations": observations}, f,
                  indent=1, sort_keys=True)
        f.write("\n")
    os.replace(path + ".tmp", path)
    return path

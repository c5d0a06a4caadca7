"""Recorded CPython behaviour: what each CPython 3.8-3.13 does with the bad-input cases, the
oracle of `cpython`-basis checks that no sentence of the documentation decides.

`os-conformance record` (nox -s record, under each CPython; conformance.recorder) runs every case
of the bad-input tables (conformance/checks/test_bad_input_conversions*.py) against that
interpreter's own `os` and writes `fixtures/cpython/<X.Y>.json`:

    {"cpython": "3.8.18", "observations": {"<behaviour id>/<case id>":
        {"outcome": "raises" | "returns", "value": <exception class | repr of the result>,
         "message": <the exception's message, the path as <path>; null when nothing was raised>,
         "warnings": [<warning categories>]}}}

A target is judged against one recorded version (`--os-cpython X.Y`): by default its own
interpreter's language version, except the stdlib of a CPython, which is judged against 3.8,
the spec's version (a CPython judged by its own record proves nothing). A CPython built for
WebAssembly (Pyodide) is judged against the record of the version it embeds: a record made on
Linux is another implementation's observation, and says what that version should do. Without a record of
that version, or when the record is the target's own (the stdlib of 3.8 judged as 3.8), the live
oracle observes the case: the CPython running the suite, or the reference where that CPython's
stdlib is the target (conformance.hostos.cpython_os).
"""
import json
import os
import sys

from . import oracles
from .catalogue import fixtures_dir

SPEC_VERSION = "3.8"


def records_dir():
    return os.path.join(fixtures_dir(), "cpython")


def language_version():
    return "%d.%d" % sys.version_info[:2]


def judged_version(target_kind, chosen=None):
    """The CPython version a target is judged against (see the module docstring)."""
    if chosen:
        return chosen
    if target_kind == "stdlib" and sys.implementation.name == "cpython" and sys.platform == "linux":
        return SPEC_VERSION
    return language_version()


_loaded = {}


def load(version):
    """The observations recorded for CPython `version`, or None when none were recorded."""
    if version not in _loaded:
        path = os.path.join(records_dir(), version + ".json")
        try:
            with open(path, encoding="utf-8") as f:
                _loaded[version] = json.load(f)["observations"]
        except (OSError, ValueError, KeyError):
            _loaded[version] = None
    return _loaded[version]


def recorded_versions():
    """The versions with a record, oldest first (3.9 before 3.10)."""
    if not os.path.isdir(records_dir()):
        return []
    names = [n[:-len(".json")] for n in os.listdir(records_dir()) if n.endswith(".json")]
    return sorted(names, key=lambda v: tuple(int(p) for p in v.split(".")))


def case_key(behaviour, case_id):
    """A bad-input case's key in the records: `<behaviour id>/<case id>`."""
    return "%s/%s" % (behaviour, case_id)


def as_record(outcome, message, warned):
    """badinput.observe's (outcome, message, warnings) in the recorded form."""
    kind, value = outcome
    return {"outcome": kind, "value": value if kind == "raises" else repr(value),
            "message": message, "warnings": list(warned)}


def same(a, b, strict):
    """Do two recorded observations agree (messages only when strict)?"""
    keys = ("outcome", "value", "warnings") + (("message",) if strict else ())
    return all(a.get(k) == b.get(k) for k in keys)


def describe(obs):
    if obs["outcome"] == "raises":
        text = "raises %s" % obs["value"]
        if obs.get("message"):
            text += " (%r)" % obs["message"]
    else:
        text = "returns %s" % obs["value"]
    if obs.get("warnings"):
        text += ", warning %s" % ", ".join(obs["warnings"])
    return text


def versions_like(key, obs, strict):
    """The recorded CPython versions whose observation of `key` is `obs`."""
    out = []
    for version in recorded_versions():
        recorded = (load(version) or {}).get(key)
        if recorded is not None and same(recorded, obs, strict):
            out.append(version)
    return out


class Judge(object):
    """The expectation of one bad-input case for a target: recorded, else live."""

    def __init__(self, version, target_module=None):
        self.version = version
        # The stdlib of the very CPython version whose record this is: the record is the
        # target's own earlier observation, no verdict; the live oracle (the reference, for
        # the stdlib: conformance.hostos.cpython_os) observes the case instead.
        self.own = version == language_version() and sys.implementation.name == "cpython" \
            and sys.platform == "linux" and target_module is os

    def expected(self, key, live):
        """The recorded observation of `key` (noting the oracle), else `live()`'s."""
        recorded = (load(self.version) or {}).get(key)
        if recorded is not None and not self.own:
            oracles.consult("cpython-" + self.version)
            return recorded, "CPython %s (recorded)" % self.version
        if self.own:
            return as_record(*live()), "the reference (standing for CPython %s)" % self.version
        return as_record(*live()), "the running %s %s" % (sys.implementation.name, language_version())

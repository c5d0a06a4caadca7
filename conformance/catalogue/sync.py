"""Maintainer command: bring the catalogue's structure in line with the spec.

Structural fields (kind, section, signature, availability, versions) are rewritten from the spec;
hand-written fields (behaviours, `on_linux`, `linux_note`, findings) are kept. A name new to the
catalogue gets `on_linux` probed on the running interpreter (run it under CPython 3.8, the
spec's version, on Linux) and a `<name>.exists` behaviour to start from.
"""
import collections
import json
import os

from . import SECTION_SLUGS, catalogue_dir, checkout_dir, read_section_files
from .spec import parse_spec

STRUCTURAL = ("kind", "section", "subsection", "signature", "availability",
              "versionadded", "versionchanged", "spec_line")


def default_spec_path():
    """`$OS_CONFORMANCE_SPEC`, else `../shared/spec/os.rst` beside the checkout; None for an
    installed suite without the variable (a venv holds no spec to look for)."""
    if os.environ.get("OS_CONFORMANCE_SPEC"):
        return os.environ["OS_CONFORMANCE_SPEC"]
    root = checkout_dir()
    return os.path.join(os.path.dirname(root), "shared", "spec", "os.rst") if root else None


def probe_on_linux(name):
    """Does the running interpreter's `os` provide `name` (a member: on its owner)?"""
    obj = os
    for part in name.split("."):
        if part == "scandir" and obj is os and name != "scandir":
            obj = type(os.scandir("."))  # the documented methods are the iterator's
            continue
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


def exists_behaviour(name, kind):
    return {"id": name + ".exists",
            "claim": "os.%s is provided and is a %s" % (name, kind),
            "quote": None, "basis": "surface"}


def sync(spec_text, directory=None):
    """Rewrite the section files; return {"added": [...], "removed": [...]}."""
    directory = directory or catalogue_dir()
    spec = parse_spec(spec_text)
    old = {}
    for doc in read_section_files(directory).values():
        old.update(doc["names"])
    by_section = collections.OrderedDict((s, collections.OrderedDict()) for s in SECTION_SLUGS)
    added = []
    for name, entry in sorted(spec.items(), key=lambda kv: kv[1].line):
        data = collections.OrderedDict(old.get(name) or ())
        if not data:
            added.append(name)
            data["on_linux"] = probe_on_linux(name)
            if not data["on_linux"]:
                data["linux_note"] = "Documented availability: %s" % (entry.availability or "unstated")
            data["behaviours"] = [exists_behaviour(name, entry.kind)]
        data.update(entry.as_dict())
        ordered = collections.OrderedDict((k, data[k]) for k in STRUCTURAL)
        ordered.update((k, v) for k, v in data.items() if k not in STRUCTURAL)
        by_section[entry.section][name] = ordered
    os.makedirs(directory, exist_ok=True)
    for section, names in by_section.items():
        if not names:
            continue
        path = os.path.join(directory, SECTION_SLUGS[section] + ".json")
        doc = {"section": section, "names": names}
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        os.replace(path + ".tmp", path)
    return {"added": added, "removed": sorted(set(old) - set(spec))}

"""Prove the catalogue complete and well-formed against the spec file."""
import re

from . import BASES, BEHAVIOUR_KEYS, FINDING_KINDS, load
from .spec import parse_spec

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")


def problems(spec_text, catalogue=None):
    """Every way the catalogue departs from the spec or from its own rules, one line each."""
    catalogue = catalogue or load()
    spec = parse_spec(spec_text)
    out = []
    for name in sorted(set(spec) - set(catalogue.entries)):
        out.append("%s: documented (spec line %d) but not catalogued" % (name, spec[name].line))
    for name in sorted(set(catalogue.entries) - set(spec)):
        out.append("%s: catalogued but not documented in the spec" % name)
    seen = {}
    for name, entry in sorted(catalogue.entries.items()):
        if name in spec:
            documented = spec[name].as_dict()
            for field in ("kind", "section", "subsection", "signature", "availability"):
                if entry.data.get(field) != documented[field]:
                    out.append("%s: %s is %r in the catalogue, %r in the spec"
                               % (name, field, entry.data.get(field), documented[field]))
        if not isinstance(entry.data.get("on_linux"), bool):
            out.append("%s: on_linux must be true or false" % name)
        elif not entry.on_linux and not entry.linux_note:
            out.append("%s: absent on Linux without a linux_note saying why" % name)
        if not entry.behaviours:
            out.append("%s: no behaviour ids" % name)
        for b in entry.behaviours:
            if b.id in seen:
                out.append("%s: behaviour id %s also under %s" % (name, b.id, seen[b.id]))
            seen[b.id] = name
            if not b.id.startswith(name + ".") or not _SLUG.match(b.id[len(name) + 1:]):
                out.append("%s: behaviour id %r is not '%s.<lowercase-slug>'" % (name, b.id, name))
            if not (b.claim or "").strip():
                out.append("%s: behaviour %s has no claim" % (name, b.id))
            if b.basis not in BASES:
                out.append("%s: behaviour %s: basis must be one of %s" % (name, b.id, BASES))
            elif b.basis == "spec" and not (b.quote or "").strip():
                out.append("%s: behaviour %s rests on the spec but quotes no sentence of it" % (name, b.id))
            raw = next(d for d in entry.data["behaviours"] if d["id"] == b.id)
            for key in set(raw) - set(BEHAVIOUR_KEYS):
                out.append("%s: behaviour %s has unknown key %r" % (name, b.id, key))
            if b.finding is not None and (not isinstance(b.finding, dict)
                                          or b.finding.get("kind") not in FINDING_KINDS
                                          or not b.finding.get("note")):
                out.append("%s: behaviour %s: finding needs a kind in %s and a note"
                           % (name, b.id, FINDING_KINDS))
    return out

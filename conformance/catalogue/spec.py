"""Read the documented API out of the `os` reStructuredText (indentation lost, directives intact).

Only structure is extracted here — names, kinds, sections, signatures, availability and version
notes. Behaviour ids are written by hand in the catalogue; `conformance.catalogue.sync` merges
the two and `conformance.catalogue.check` proves the catalogue covers the spec.
"""
import re

_DIRECTIVE = re.compile(r"^\.\. (?P<kind>[a-z]+):: ?(?P<rest>.*)$")
_HEADING_RULE = re.compile(r"^([-~=^])\1{3,}$")
_SIGNATURE = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)\((?P<params>.*)\)$")
_DATA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Directive kinds that document an API name, mapped to the catalogue's kind.
API_KINDS = {
    "function": "function",
    "data": "data",
    "class": "class",
    "exception": "exception",
    "method": "method",
    "abstractmethod": "method",
    "attribute": "attribute",
}
# Names documented before the first section (`error`, `name`).
INTRODUCTION = "Introduction"
# A new top-level name ends the scope of the previous class for its methods and attributes.
_TOP_LEVEL = {"function", "data", "class", "exception"}


class SpecEntry(object):
    """One documented name as the spec states it."""

    def __init__(self, name, kind, section, subsection, signature, line):
        self.name = name
        self.kind = kind
        self.section = section
        self.subsection = subsection
        self.signature = signature
        self.line = line
        self.availability = None
        self.versionadded = []
        self.versionchanged = []
        self.noindex = False

    def as_dict(self):
        return {
            "kind": self.kind,
            "section": self.section,
            "subsection": self.subsection,
            "signature": self.signature,
            "availability": self.availability,
            "versionadded": self.versionadded,
            "versionchanged": self.versionchanged,
            "spec_line": self.line,
        }


def parse_spec(text):
    """Return {name: SpecEntry} for every name the spec documents (`:noindex:` repeats excluded)."""
    lines = text.splitlines()
    entries = {}
    section = subsection = None
    owner_class = owner = None
    current = []  # entries the following availability/version directives apply to
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_heading(lines, i):
            current, owner, owner_class = [], None, None
            if lines[i + 1][0] == "=":
                section, subsection = INTRODUCTION, None
            elif lines[i + 1][0] == "-":
                section, subsection = line.strip(), None
            elif lines[i + 1][0] == "~":
                subsection = line.strip()
            i += 2
            continue
        match = _DIRECTIVE.match(line)
        if not match:
            i += 1
            continue
        kind, rest = match.group("kind"), match.group("rest").strip()
        i += 1
        while rest.endswith("\\") and i < len(lines):  # a signature continued on the next line
            rest = rest[:-1].rstrip() + " " + lines[i].strip()
            i += 1
        if kind in API_KINDS:
            heads = [rest]
            # Further names of a grouped directive follow on their own lines.
            while i < len(lines) and _continues_group(kind, lines[i]):
                heads.append(lines[i].strip())
                i += 1
            noindex = i < len(lines) and lines[i].strip() == ":noindex:"
            if noindex:
                i += 1
                continue
            if kind in _TOP_LEVEL:
                owner_class = None
                owner = None
            current = []
            for head in heads:
                entry = _entry_for(head, kind, owner_class, section, subsection, i)
                entries.setdefault(entry.name, entry)
                current.append(entries[entry.name])
            if kind in _TOP_LEVEL:
                owner = current
            if kind in ("class", "exception"):
                owner_class = current[0].name
            else:
                # Version and availability notes after a member belong to the documented owner:
                # without indentation the member's own end cannot be seen.
                current = owner or current
        elif kind == "availability":
            text_ = rest
            while text_.endswith(",") and i < len(lines):
                text_ += " " + lines[i].strip()
                i += 1
            for entry in current:
                entry.availability = text_.rstrip(".")
        elif kind in ("versionadded", "versionchanged"):
            for entry in current:
                getattr(entry, kind).append(rest.split()[0] if rest else "")
    return entries


def _is_heading(lines, i):
    """A title line underlined by a rule; the module title's source link is no section."""
    return (i + 1 < len(lines) and bool(lines[i].strip()) and not lines[i].startswith("**")
            and bool(_HEADING_RULE.match(lines[i + 1])))


def _continues_group(kind, line):
    line = line.strip()
    if kind == "data":
        return bool(_DATA_NAME.match(line))
    if kind == "function":
        return bool(_SIGNATURE.match(line))
    return False


def _entry_for(head, kind, owner_class, section, subsection, line):
    head = head.replace("\\*", "*")
    match = _SIGNATURE.match(head)
    if match:
        name, signature = match.group("name"), head
    else:
        name, signature = head, None
    kind = API_KINDS[kind]
    if kind in ("method", "attribute") and owner_class and "." not in name:
        name = owner_class + "." + name
        if signature:
            signature = owner_class + "." + signature
    return SpecEntry(name, kind, section, subsection, signature, line)


def sections_in_order(text):
    """The spec's `-----` sections, in document order."""
    lines = text.splitlines()
    return [INTRODUCTION] + [lines[i].strip() for i in range(len(lines) - 1)
                             if _is_heading(lines, i) and lines[i + 1][0] == "-"]

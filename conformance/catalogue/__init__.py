"""The machine-readable catalogue of the documented `os` API (`fixtures/catalogue/*.json`).

One JSON file per spec section. Each documented name records its kind, section, signature,
documented availability, whether CPython on Linux provides it (`on_linux`, with `linux_note`
saying why not), version notes, and its behaviours: one id per documented claim, each with a
one-line claim in our words and the spec sentence it comes from. Behaviour ids are
`<name>.<claim-slug>`; checks are tagged with them and reports are keyed by them.
"""
import json
import os
import sys

SECTION_SLUGS = {
    "Introduction": "introduction",
    "File Names, Command Line Arguments, and Environment Variables": "filenames",
    "Process Parameters": "process-parameters",
    "File Object Creation": "file-object-creation",
    "File Descriptor Operations": "fd-operations",
    "Files and Directories": "files-and-directories",
    "Process Management": "process-management",
    "Interface to the scheduler": "scheduler",
    "Miscellaneous System Information": "system-information",
    "Random numbers": "random-numbers",
}
SECTIONS = list(SECTION_SLUGS)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # conformance/


def fixtures_dir():
    """`$OS_CONFORMANCE_FIXTURES`, else the copy an installed suite carries in
    `conformance/fixtures/` (pyproject.toml packages it), else `fixtures/` of the checkout."""
    if os.environ.get("OS_CONFORMANCE_FIXTURES"):
        return os.environ["OS_CONFORMANCE_FIXTURES"]
    packaged = os.path.join(_PACKAGE, "fixtures")
    if os.path.isdir(os.path.join(packaged, "catalogue")):
        return packaged
    return os.path.join(checkout_dir() or os.path.dirname(_PACKAGE), "fixtures")


def checkout_dir():
    """The source checkout this package runs from (editable install or PYTHONPATH), or None
    for an installed suite."""
    root = os.path.dirname(_PACKAGE)
    if os.path.isfile(os.path.join(root, "pyproject.toml")) and os.path.isdir(os.path.join(root, "fixtures")):
        return root
    return None


def catalogue_dir():
    return os.path.join(fixtures_dir(), "catalogue")


FINDING_KINDS = ("documentation-error", "documentation-vague", "implementation-bug",
                 "platform-difference")
BEHAVIOUR_KEYS = ("id", "claim", "quote", "basis", "platform", "finding")
# What a behaviour rests on: a sentence of the 3.8 text (`spec`, quoted), what CPython on Linux
# does where the text is silent (`cpython`), or the API's bare shape (`surface`: the name exists,
# its signature, `__all__`, the `supports_*` sets). Reports score the three apart.
BASES = ("spec", "cpython", "surface")


class Behaviour(object):
    """One documented claim. `platform` names the only platform it applies to (e.g. "windows");
    `finding` records where CPython on Linux and the text disagree, and which is at fault."""

    __slots__ = ("id", "name", "claim", "quote", "basis", "platform", "finding")

    def __init__(self, name, data):
        self.name = name
        self.id = data["id"]
        self.claim = data.get("claim")
        self.quote = data.get("quote")
        self.basis = data.get("basis")
        self.platform = data.get("platform")
        self.finding = data.get("finding")

    @property
    def applies_here(self):
        return self.platform in (None, "unix", "linux")


class Entry(object):
    """One documented name."""

    def __init__(self, name, data):
        self.name = name
        self.data = data
        self.kind = data["kind"]
        self.section = data["section"]
        self.subsection = data.get("subsection")
        self.signature = data.get("signature")
        self.availability = data.get("availability")
        self.on_linux = data.get("on_linux", True)
        self.linux_note = data.get("linux_note")
        self.behaviours = [Behaviour(name, b) for b in data.get("behaviours", [])]

    @property
    def owner(self):
        """`stat_result` for `stat_result.st_mode`; None for a top-level name."""
        return self.name.rsplit(".", 1)[0] if "." in self.name else None

    @property
    def member(self):
        return self.name.rsplit(".", 1)[-1]

    @property
    def available_here(self):
        """Whether the documented contract promises this name on the running platform."""
        return self.on_linux if sys.platform.startswith("linux") else True


class Catalogue(object):
    def __init__(self, entries):
        self.entries = entries
        self.behaviours = {b.id: b for e in entries.values() for b in e.behaviours}

    def entry(self, name):
        return self.entries[name]

    def by_section(self):
        """{section: [entries in spec order]}."""
        out = {s: [] for s in SECTIONS}
        for entry in sorted(self.entries.values(), key=lambda e: e.data.get("spec_line", 0)):
            out.setdefault(entry.section, []).append(entry)
        return out

    def name_of(self, behaviour_id):
        return self.behaviours[behaviour_id].name


def read_section_files(directory=None):
    """{slug: parsed JSON} of the catalogue files present."""
    directory = directory or catalogue_dir()
    out = {}
    for slug in SECTION_SLUGS.values():
        path = os.path.join(directory, slug + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                out[slug] = json.load(f)
    return out


_cache = {}


def load(directory=None):
    """The catalogue, read once per process."""
    directory = directory or catalogue_dir()
    if directory not in _cache:
        entries = {}
        for doc in read_section_files(directory).values():
            for name, data in doc["names"].items():
                entries[name] = Entry(name, data)
        _cache[directory] = Catalogue(entries)
    return _cache[directory]

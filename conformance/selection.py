"""Selecting checks by what they prove (`--name`, `--section`, `--behaviour`), and tagging JUnit
XML test cases with it.

Selection goes by the catalogue, not by file or function names: a check is kept when a
behaviour id of its `@pytest.mark.behaviour(...)` is selected, belongs to a selected name, or to
a name of a selected section. So `--name pread` does not run `preadv`, and `--section
fd-operations` runs every check of the section's names wherever it lives. Several options
select the union; `-k` narrows further. The plugin (conformance/plugin.py) calls `apply`.
"""
from .catalogue import SECTION_SLUGS
from .record import behaviour_ids  # noqa: F401 -- the one definition, re-exported for selection's users


def resolve(catalogue, names=(), sections=(), behaviours=()):
    """The selected behaviour ids (a set), or None when nothing is asked for; ValueError (one
    line) for a name, section or id the catalogue does not have."""
    if not (names or sections or behaviours):
        return None
    wanted = set()
    for name in names:
        if name not in catalogue.entries:
            raise ValueError("--name %s: not a documented name (see os-conformance list names)" % name)
        wanted.update(b.id for b in catalogue.entries[name].behaviours)
    titles = dict((slug, title) for title, slug in SECTION_SLUGS.items())
    for section in sections:
        title = section if section in SECTION_SLUGS else titles.get(section)
        if title is None:
            raise ValueError("--section %s: not a section; one of %s"
                             % (section, ", ".join(SECTION_SLUGS.values())))
        wanted.update(b.id for e in catalogue.entries.values() if e.section == title for b in e.behaviours)
    for bid in behaviours:
        if bid not in catalogue.behaviours:
            raise ValueError("--behaviour %s: not a behaviour id (see os-conformance list behaviours)" % bid)
        wanted.add(bid)
    return wanted


def apply(config, items, catalogue):
    """Deselect the checks outside the selection; under --junitxml give each check's test case
    its behaviour ids and target as properties."""
    option = config.option
    wanted = resolve(catalogue, option.os_names, option.os_sections, option.os_behaviours)
    junit = bool(getattr(option, "xmlpath", None))
    keep, drop = [], []
    for item in items:
        ids = behaviour_ids(item)
        if "target" in getattr(item, "fixturenames", ()) and wanted is not None and not wanted.intersection(ids):
            drop.append(item)
            continue
        keep.append(item)
        if junit:
            item.user_properties.extend(("behaviour", bid) for bid in ids)
            spec = getattr(getattr(item, "callspec", None), "params", {}).get("target")
            if spec is not None:
                item.user_properties.append(("target", spec))
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep

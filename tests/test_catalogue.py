"""The catalogue covers the spec, and its check notices when it does not."""
import copy
import os

import pytest

from conformance import catalogue
from conformance.catalogue import check, sync
from conformance.catalogue.spec import parse_spec

SPEC = sync.default_spec_path()
needs_spec = pytest.mark.skipif(not SPEC or not os.path.exists(SPEC),
                                reason="the spec file %s is not present (set OS_CONFORMANCE_SPEC)" % SPEC)


@pytest.fixture(scope="module")
def spec_text():
    with open(SPEC, encoding="utf-8") as f:
        return f.read()


@needs_spec
def test_catalogue_is_complete_against_the_spec(spec_text):
    assert check.problems(spec_text) == []


@needs_spec
def test_spec_parser_finds_every_kind_of_documented_name(spec_text):
    entries = parse_spec(spec_text)
    assert entries["pread"].signature == "pread(fd, n, offset)"
    assert entries["O_TMPFILE"].kind == "data"  # a later line of a grouped data directive
    assert entries["stat_result.st_mode"].kind == "attribute"
    assert entries["DirEntry.is_dir"].signature == "DirEntry.is_dir(*, follow_symlinks=True)"
    assert entries["PathLike.__fspath__"].kind == "method"
    assert entries["posix_spawn"].signature.endswith("scheduler=None)")  # continued signature
    assert "getcwd" in entries and entries["getcwd"].section == "Files and Directories"  # not the :noindex: copy
    kinds = set(e.kind for e in entries.values())
    assert kinds == {"function", "data", "class", "exception", "method", "attribute"}
    assert len(entries) > 350


def _mutated(mutate):
    docs = copy.deepcopy(catalogue.read_section_files())
    mutate(docs)
    entries = {}
    for doc in docs.values():
        for name, data in doc["names"].items():
            entries[name] = catalogue.Entry(name, data)
    return catalogue.Catalogue(entries)


@needs_spec
@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["fd-operations"]["names"].pop("pread"), "pread: documented"),
    (lambda d: d["fd-operations"]["names"]["pread"].update(signature="pread(fd, n)"), "pread: signature"),
    (lambda d: d["fd-operations"]["names"]["pread"].update(behaviours=[]), "pread: no behaviour ids"),
    (lambda d: d["fd-operations"]["names"]["pread"]["behaviours"].append(
        {"id": "pwrite.stolen", "claim": "x"}), "is not 'pread.<lowercase-slug>'"),
    (lambda d: d["fd-operations"]["names"]["pread"]["behaviours"].append(
        {"id": "pread.Upper-Case", "claim": "x"}), "lowercase-slug"),
    (lambda d: d["fd-operations"]["names"]["O_BINARY"].pop("linux_note"), "without a linux_note"),
    (lambda d: d["fd-operations"]["names"]["pread"]["behaviours"].append(
        {"id": "pread.x", "claim": "x", "finding": {"kind": "oops"}}), "finding needs a kind"),
])
def test_check_reports_each_kind_of_departure(spec_text, mutate, expected):
    found = check.problems(spec_text, _mutated(mutate))
    assert any(expected in line for line in found), found


def test_every_catalogued_name_has_behaviours_beyond_existing():
    thin = [e.name for e in catalogue.load().entries.values()
            if e.on_linux and len(e.behaviours) < 2 and e.kind == "function"]
    assert thin == []


def test_catalogue_sync_is_idempotent(tmp_path, spec_text=None):
    if not os.path.exists(SPEC):
        pytest.skip("the spec file %s is not present" % SPEC)
    import shutil
    target = tmp_path / "catalogue"
    shutil.copytree(catalogue.catalogue_dir(), str(target))
    with open(SPEC, encoding="utf-8") as f:
        changes = sync.sync(f.read(), str(target))
    assert changes == {"added": [], "removed": []}
    for name in os.listdir(str(target)):
        with open(os.path.join(catalogue.catalogue_dir(), name), encoding="utf-8") as a:
            assert (target / name).read_text(encoding="utf-8") == a.read(), name


def test_findings_document_is_current():
    from conformance.cli import _findings_markdown
    with open(os.path.join(os.path.dirname(catalogue.catalogue_dir()), "..", "docs", "findings.md"),
              encoding="utf-8") as f:
        assert f.read().rstrip("\n") == _findings_markdown(), \
            "regenerate: os-conformance catalogue findings > docs/findings.md"

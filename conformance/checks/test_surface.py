"""Every documented name is present with the documented kind (`<name>.exists`).

A name the target lacks is `missing` where the documentation promises it on this platform and
`unavailable` where it is documented for another platform only (the catalogue's `on_linux`).
"""
import pytest

from conformance import catalogue, support

ENTRIES = sorted(catalogue.load().entries.values(), key=lambda e: e.data.get("spec_line", 0))


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.name, marks=pytest.mark.behaviour(e.name + ".exists"))
                                   for e in ENTRIES])
def test_documented_name_exists_with_its_kind(target, sandbox, entry):
    obj = support.documented_object(target, sandbox, entry)
    kind = entry.kind
    if kind in ("function", "method"):
        assert callable(obj), "os.%s is documented as a %s but is %r" % (entry.name, kind, type(obj))
    elif kind == "class":
        assert isinstance(obj, type), "os.%s is documented as a class but is %r" % (entry.name, obj)
    elif kind == "exception":
        assert isinstance(obj, type) and issubclass(obj, BaseException), \
            "os.%s is documented as an exception but is %r" % (entry.name, obj)
    elif kind == "data":
        assert not callable(obj) or isinstance(obj, type(None)), \
            "os.%s is documented as data but is callable: %r" % (entry.name, obj)
    # kind "attribute": presence on the owner class is what the documentation states.

"""The tuple-like result types (stat_result, statvfs_result, terminal_size, sched_param,
uname_result, times_result) behave as CPython's structseqs: repr, pickling, construction
from a sequence, read-only attributes.

The documentation says these objects "may be accessed as a tuple" and (sched_param) are
immutable; the rest of their behaviour is CPython's (undocumented; CPython on Linux). Each check
builds the same values with the target's type and with the stdlib's type (the oracle, harness
side; off CPython the reference's) and compares what a program can observe.
"""
import copy
import pickle

import pytest

from conformance import hostos

behaviour = pytest.mark.behaviour


def _instances(target, sandbox):
    """name -> (target's instance, the stdlib's type), each instance made by the target."""
    api, cpython = target.api, hostos.cpython_os(target)  # the reference where the os is the target
    return {
        "stat_result": lambda: (api.stat(sandbox.path), cpython.stat_result),
        "statvfs_result": lambda: (api.statvfs(sandbox.path), cpython.statvfs_result),
        "terminal_size": lambda: (api.terminal_size((80, 24)), cpython.terminal_size),
        "sched_param": lambda: (api.sched_param(7), cpython.sched_param),
        "uname_result": lambda: (api.uname(), cpython.uname_result),
        "times_result": lambda: (api.times(), cpython.times_result),
    }


#: The catalogue name whose behaviours cover each type (the function returning it, else itself).
OWNER = {"stat_result": "stat_result", "statvfs_result": "statvfs", "terminal_size": "terminal_size",
         "sched_param": "sched_param", "uname_result": "uname", "times_result": "times"}


def kinds(slug, skip=()):
    return [pytest.param(k, id=k, marks=behaviour("%s.%s" % (OWNER[k], slug)))
            for k in sorted(OWNER) if k not in skip]


def _rebuild(oracle, obj):
    """The stdlib's object holding obj's tuple items (sched_param takes its one field itself)."""
    return oracle(*obj) if oracle.__name__ == "sched_param" else oracle(tuple(obj))


def _fields(oracle_type):
    """All field names of the stdlib type, visible then attribute-only."""
    return [n for n in dir(oracle_type) if not n.startswith("_")
            and n not in ("count", "index", "n_fields", "n_sequence_fields", "n_unnamed_fields")]


def _observed(obj, fields):
    """What a program sees of a result: its type's name, the tuple items, every field."""
    return (type(obj).__name__, tuple(obj), {f: getattr(obj, f, "<missing>") for f in fields})


def _get(target, sandbox, kind):
    return _instances(target, sandbox)[kind]()


@pytest.mark.parametrize("kind", kinds("structseq-repr"))
def test_repr_names_the_fields_as_cpython(target, sandbox, kind):
    """repr is 'os.<type>(field=value, ...)' over the tuple items, as CPython's; the type's field
    descriptors have CPython's repr and docstring."""
    obj, oracle = _get(target, sandbox, kind)
    assert repr(obj) == repr(_rebuild(oracle, obj))
    assert str(obj) == repr(obj)
    for name in _fields(oracle):  # the field descriptors: "<member 'st_mode' of 'os.stat_result' objects>"
        assert repr(getattr(type(obj), name)) == repr(getattr(oracle, name)), name
        assert getattr(type(obj), name).__doc__ == getattr(oracle, name).__doc__, name


@pytest.mark.parametrize("kind", kinds("structseq-pickles", skip=("sched_param",)))
def test_pickle_and_copy_round_trip(target, sandbox, kind):
    """Pickling (every protocol) gives an equal object with the same attribute-only fields, of
    the type the stdlib's pickle of it loads as: the pickle names CPython's type (os.stat_result,
    posix.times_result, ...), so it loads under any interpreter, and for the process's own os
    that is the object's own type. copy/deepcopy give an equal object of the same type. (Not
    sched_param: CPython before 3.12 cannot unpickle it.)"""
    obj, oracle = _get(target, sandbox, kind)
    fields = _fields(oracle)
    want = _observed(obj, fields)
    assert "<missing>" not in want[2].values()
    for proto in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(obj, proto))
        named = type(pickle.loads(pickle.dumps(_rebuild(oracle, obj), proto)))
        assert type(back) is named, "protocol %d: loads as %r, CPython's pickle as %r" % (proto, type(back), named)
        assert _observed(back, fields) == want, proto
    for clone in (copy.copy(obj), copy.deepcopy(obj)):
        assert type(clone) is type(obj)
        assert _observed(clone, fields) == want


def _outcome(make, names):
    try:
        obj = make()
    except Exception as e:  # noqa: BLE001 - the exception class is the observation
        return ("raises", type(e).__name__)
    return ("returns", type(obj).__name__, tuple(obj), {n: getattr(obj, n, "<missing>") for n in names})


#: The attribute-only fields of each type, in CPython's order (what lies past the tuple items).
EXTRA = {
    "stat_result": ("st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns",
                    "st_blksize", "st_blocks", "st_rdev"),
    "statvfs_result": ("f_fsid",),
}


def _construction_cases(obj, kind):
    """Argument makers for type(obj)(...): valid sequences of every accepted length, with and
    without the dict of attribute-only fields, and CPython's rejections. Each maker builds
    fresh arguments (an iterator is used up by one call)."""
    items = tuple(obj)
    extra = EXTRA.get(kind, ())
    full = items + tuple(getattr(obj, f) for f in extra)
    cases = [
        lambda: ((items,), {}), lambda: ((list(items),), {}), lambda: ((iter(items),), {}),
        lambda: ((full,), {}), lambda: ((items, {}), {}), lambda: ((), {"sequence": items}),
        lambda: ((items,), {"dict": {}}), lambda: ((), {"sequence": list(full[:len(items) + 1])}),
        lambda: ((items, {f: getattr(obj, f) for f in extra}), {}),
        lambda: ((full[:-1], {extra[-1]: 5} if extra else {}), {}),
        lambda: ((items, {"st_blocks": 1, "f_fsid": 2}), {}),
        # rejections
        lambda: ((), {}), lambda: ((items[:-1],), {}), lambda: ((full + (0,),), {}),
        lambda: ((5,), {}), lambda: ((None,), {}), lambda: ((items, []), {}),
        lambda: ((items, {}, 3), {}), lambda: ((items,), {"sequence": items}),
        lambda: ((items,), {"bogus": 1}), lambda: ((), {"dict": {}}),
        lambda: ((), {"sequence": items, "dict": {}, "bogus": 1}),
    ]
    return cases


@pytest.mark.parametrize("kind", kinds("structseq-from-sequence", skip=("sched_param",)))
def test_construction_from_a_sequence_matches_cpython(target, sandbox, kind):
    """type(result)(sequence[, dict]) rebuilds a result, as CPython's structseq_new (and, for
    stat_result, statresult_new: float times default to the integer items); the wrong number of
    items, a non-sequence, a non-dict or bad arguments raise TypeError."""
    obj, oracle = _get(target, sandbox, kind)
    names = _fields(oracle)
    cls = type(obj)
    for i, make in enumerate(_construction_cases(obj, kind)):
        args, kwargs = make()
        got = _outcome(lambda: cls(*args, **kwargs), names)
        args, kwargs = make()
        want = _outcome(lambda: oracle(*args, **kwargs), names)
        assert got == want, (i, args, kwargs)


@pytest.mark.parametrize("kind", kinds("structseq-readonly"))
def test_attributes_cannot_be_set_or_deleted(target, sandbox, kind):
    """Every field is read-only: setting or deleting one, or adding a new attribute, raises
    AttributeError and leaves the object as it was; there is no __dict__; __class__ cannot be
    changed; the type cannot be subclassed."""
    obj, oracle = _get(target, sandbox, kind)
    fields = _fields(oracle)
    before = _observed(obj, fields)
    for name in fields + ["no_such_field"]:
        with pytest.raises(AttributeError):
            setattr(obj, name, 1)
        with pytest.raises(AttributeError):
            delattr(obj, name)
    with pytest.raises(AttributeError):
        obj.count = 1  # a tuple method: read-only too
    with pytest.raises(TypeError):
        obj.__class__ = tuple
    with pytest.raises(TypeError):
        obj.__class__ = 5
    with pytest.raises(AttributeError):
        obj.__dict__  # noqa: B018 - no instance dict to change, as in CPython
    with pytest.raises(TypeError):
        del obj.__class__
    assert _observed(obj, fields) == before
    with pytest.raises(TypeError):
        type("Sub", (type(obj),), {})

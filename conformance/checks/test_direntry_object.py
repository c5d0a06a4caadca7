"""Files and Directories: DirEntry and the scandir iterator as Python objects — repr, read-only
attributes, no direct construction, no pickling — compared with the stdlib's (CPython on Linux).
"""
import copy
import os
import pickle

import pytest

from conformance import hostos, support

behaviour = pytest.mark.behaviour


def _outcome(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the exception class is the observation
        return type(e).__name__
    return "ok"


def _probes(entry, iterator):
    """name -> call; each is made on the target's objects and on the stdlib's."""
    return {
        "set-name": lambda: setattr(entry, "name", "x"),
        "set-path": lambda: setattr(entry, "path", "x"),
        "del-name": lambda: delattr(entry, "name"),
        "set-method": lambda: setattr(entry, "is_dir", None),
        "del-method": lambda: delattr(entry, "stat"),
        "set-new": lambda: setattr(entry, "extra", 1),
        "del-new": lambda: delattr(entry, "extra"),
        "pickle-entry": lambda: pickle.dumps(entry),
        "copy-entry": lambda: copy.copy(entry),
        "new-entry": lambda: type(entry)(),
        "new-iterator": lambda: type(iterator)(),
        "pickle-iterator": lambda: pickle.dumps(iterator),
    }


@behaviour("DirEntry.cpython-object-protocol")
def test_direntry_repr_readonly_and_unpicklable(target, sandbox):
    """repr is '<DirEntry name>'; name, path and the methods cannot be set or deleted and no
    attribute can be added (AttributeError); neither DirEntry nor the scandir iterator can be
    instantiated directly or pickled (TypeError) — as with the stdlib."""
    h = support.Host(target)
    d = sandbox.fresh()
    h.write(os.path.join(d, "f'x"), b"")
    with target.api.scandir(d) as it:
        entry = next(it)
        got = {k: _outcome(v) for k, v in _probes(entry, it).items()}
        assert repr(entry) == "<DirEntry %r>" % ("f'x",)
        assert entry.name == "f'x" and entry.path == os.path.join(d, "f'x")
    if h.fake:  # the stdlib scans a twin in the real file system
        d = sandbox.real()
        support.Host(None).write(os.path.join(d, "f'x"), b"")
    with hostos.cpython_os(target).scandir(d) as it:
        want = {k: _outcome(v) for k, v in _probes(next(it), it).items()}
    assert got == want

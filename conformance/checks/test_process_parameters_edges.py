"""Process Parameters at their edges: get_exec_path's env lookup (str and bytes PATH keys),
putenv's refusal of a name containing '=', and os.environ's mapping methods (deletion of a
missing key, setdefault, copy, repr).

Anything that could change the environment runs in a forked check child
(conformance.children.run_in_child).
"""
import ctypes
import os
import sys

import pytest

from conformance import children, hostos

behaviour = pytest.mark.behaviour

EXEC_PATH_ENVS = [
    {"PATH": "/a:/b"},
    {b"PATH": b"/x:/y:"},
    {b"PATH": b"/caf\xc3\xa9:/\xff"},
    {"PATH": "/a", b"PATH": b"/b"},
    {},
    {"HOME": "/"},
    {"PATH": ""},
]


@pytest.mark.parametrize("env", EXEC_PATH_ENVS, ids=repr)
@behaviour("get_exec_path.bytes-path-key")
def test_get_exec_path_reads_str_or_bytes_path(target, env):
    """A bytes PATH key is used (decoded with the filesystem encoding), both a str and a bytes
    PATH key are refused with ValueError, and without PATH os.defpath is searched: the same
    result, or exception class, as CPython's (hostos.cpython_os: the reference when the target is
    the running stdlib)."""
    def call(fn):
        try:
            return fn(dict(env))
        except Exception as e:  # noqa: BLE001 - the exception class is the observation
            return type(e).__name__
    assert call(target.api.get_exec_path) == call(hostos.cpython_os(target).get_exec_path)


@behaviour("get_exec_path.env-argument")
def test_get_exec_path_without_path_in_env_is_defpath(target):
    """env without PATH: the default search path os.defpath, split on os.pathsep."""
    assert target.api.get_exec_path({"HOME": "/"}) == os.defpath.split(os.pathsep)


@pytest.mark.parametrize("name", ["OSC_A=B", b"OSC_A=B", "=X", "OSC_PUTENV="])
@behaviour("putenv.rejects-equals-in-name")
def test_putenv_refuses_a_name_with_an_equals_sign(target, name):
    """putenv('A=B', v) raises ValueError and sets nothing (C getenv('A') stays unset)."""
    prefix = os.fsencode(name).split(b"=")[0]

    def body():
        try:
            target.api.putenv(name, "osc-value")
        except ValueError:
            raised = True
        else:
            raised = False
        libc = ctypes.CDLL(None)
        libc.getenv.restype = ctypes.c_char_p
        return raised, libc.getenv(prefix) if prefix else None
    assert children.run_in_child(body) == (True, None)


@behaviour("environ.is-mapping")
def test_environ_mapping_methods(target):
    """environ.is-mapping: os.environ is a mutable mapping whose keys and values are str:
    every item is a pair of str, and setting a non-str key or value raises TypeError; deleting a
    missing key raises KeyError (naming the key); setdefault sets a missing key only; copy() is
    a plain dict of the items; repr is CPython's 'environ({...})'."""
    def body():
        env = target.api.environ
        out = {}
        try:
            del env["OSC_SURELY_MISSING"]
        except KeyError as e:
            out["del"] = e.args
        out["setdefault-new"] = env.setdefault("OSC_SETDEFAULT", "first")
        out["setdefault-old"] = env.setdefault("OSC_SETDEFAULT", "second")
        out["value"] = env["OSC_SETDEFAULT"]
        copy = env.copy()
        out["copy"] = (type(copy) is dict, copy == dict(env.items()))
        out["repr"] = repr(env) == "environ(%r)" % (dict(env.items()),)
        out["not str"] = sorted("%s %s" % (type(k).__name__, type(v).__name__) for k, v in env.items()
                                if type(k) is not str or type(v) is not str)
        out["non-str stored"] = [what for what, key, value in _NON_STR_ITEMS if _stored(env, key, value)]
        return out
    out = children.run_in_child(body)
    assert out == {"del": ("OSC_SURELY_MISSING",), "setdefault-new": "first", "setdefault-old": "first",
                   "value": "first", "copy": (True, True), "repr": True, "not str": [],
                   "non-str stored": []}


# environ's keys and values are str: setting any other type raises TypeError.
_NON_STR_ITEMS = [("int value", "OSC_INT", 1), ("bytes value", "OSC_BYTES", b"v"),
                  ("bytes key", b"OSC_BKEY", "v"), ("None value", "OSC_NONE", None)]


def _stored(env, key, value):
    """True when env[key] = value was accepted instead of raising TypeError."""
    try:
        env[key] = value
    except TypeError:
        return False
    return True


@pytest.mark.skipif(sys.version_info < (3, 9), reason="PEP 584's operators came with Python 3.9")
@behaviour("environ.merge-operators")
def test_environ_merge_operators(target):
    """environ | mapping and mapping | environ are new dicts (the right operand wins);
    environ |= mapping updates environ and the C environment; a non-mapping operand raises
    TypeError."""
    def body():
        env = target.api.environ
        libc = ctypes.CDLL(None)
        libc.getenv.restype = ctypes.c_char_p
        env["OSC_MERGE"] = "env"
        left = env | {"OSC_MERGE": "right", "OSC_NEW": "n"}
        right = {"OSC_MERGE": "left", "OSC_NEW": "n"} | env
        out = {
            "left": (type(left).__name__, left["OSC_MERGE"], left["OSC_NEW"], "OSC_NEW" in env),
            "right": (type(right).__name__, right["OSC_MERGE"], right["OSC_NEW"]),
        }
        for name, op in (("or-int", lambda: env | 5), ("ror-int", lambda: 5 | env),
                         ("ior-int", lambda: env.__ior__(5))):
            try:
                op()
            except TypeError:
                out[name] = "TypeError"
            else:
                out[name] = "no error"
        same = env
        env |= {"OSC_MERGE": "updated"}
        out["ior"] = (env is same, env["OSC_MERGE"], libc.getenv(b"OSC_MERGE"))
        return out
    assert children.run_in_child(body) == {
        "left": ("dict", "right", "n", False), "right": ("dict", "env", "n"),
        "or-int": "TypeError", "ror-int": "TypeError", "ior-int": "TypeError",
        "ior": (True, "updated", b"updated")}

"""Process Parameters: the environment — environ, environb, getenv, getenvb, putenv, unsetenv,
get_exec_path, supports_bytes_environ.

Variables the checks invent are named OSCONF_*, so they never collide with real ones; every
check restores what it changed (and the sandbox fixture restores both os.environ and the C
environment after it). The C environment is read harness-side through ctypes getenv; what a
child process sees is read with the stdlib's os.system/os.popen/fork+execv. Behaviours about
the state at start-up run the target in a fresh Python process (support.target_python).
"""
import collections.abc
import ctypes
import os
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support

behaviour = pytest.mark.behaviour
_libc = ctypes.CDLL(None, use_errno=True)
_libc.getenv.restype = ctypes.c_char_p
_libc.getenv.argtypes = (ctypes.c_char_p,)

keys = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", min_size=1, max_size=12).map(lambda s: "OSCONF_" + s)
byte_values = st.binary(max_size=20).map(lambda b: b.replace(b"\0", b"."))
#: str values: anything but NUL, and undecodable bytes as 'surrogateescape' decodes them (only
#: as fsdecode spells them: '\udcc2\udc80' is not one, it encodes to the valid UTF-8 of '\x80').
values = st.one_of(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20),
                   byte_values.map(os.fsdecode))


def c_getenv(key):
    """Harness-side: the C library's value of `key` (bytes), or None."""
    return _libc.getenv(os.fsencode(key))


def seen_by_child(key, how):
    """Harness-side: the value (bytes) a child started by `how` sees for `key`, or None."""
    script = 'if [ -n "${%s+x}" ]; then printf "set:%%s" "$%s"; else printf unset; fi' % (key, key)
    if how == "system":
        r, w = os.pipe()
        try:  # the shell writes its answer into our pipe (dash redirects only fds 0-9 with >&N)
            status = os.system("(%s) >/proc/%d/fd/%d" % (script, os.getpid(), w))
            os.close(w)
            w = None
            assert status == 0
            out = os.read(r, 65536)
        finally:
            os.close(r)
            if w is not None:
                os.close(w)
    elif how == "popen":
        with os.popen(script) as p:
            out = p.buffer.read()  # bytes: the value may not decode
    else:  # fork + execv, as the documentation's example
        out = subprocess.run(["/bin/sh", "-c", script], stdout=subprocess.PIPE).stdout
    return out[4:] if out.startswith(b"set:") else None


class restored_variable(object):
    """Remember `key` in os.environ, in the C environment and in the target's environ (a separate
    mapping for a non-stdlib target); put all three back."""

    def __init__(self, key, target=None):
        self.key = key
        self.env = target.api.environ if target is not None and target.kind != "stdlib" else None

    def __enter__(self):
        self.py, self.c = os.environ.get(self.key), c_getenv(self.key)
        self.own = self.env.get(self.key) if self.env is not None else None
        return self

    def __exit__(self, *exc):
        if self.env is not None:
            self.env.pop(self.key, None)
            if self.own is not None:
                self.env[self.key] = self.own
        os.environ.pop(self.key, None)
        if self.py is not None:
            os.environ[self.key] = self.py
        if self.c is None:
            os.unsetenv(self.key)
        else:
            os.putenv(self.key, os.fsdecode(self.c))


#: Variables there since start-up (before any target was imported), pytest's own aside.
STARTUP_KEYS = sorted(k for k in os.environ if not k.startswith(("PYTEST_", "OSCONF_"))) or ["PATH"]


# --- environ -----------------------------------------------------------------------------

@behaviour("environ.is-mapping")
def test_environ_is_a_mutable_mapping_of_str(target):
    """environ.is-mapping: "A mapping object representing the string environment." """
    env = target.api.environ
    assert isinstance(env, collections.abc.MutableMapping)
    assert all(type(k) is str and type(v) is str for k, v in env.items())


@behaviour("environ.matches-c-getenv")
@given(data=st.data())
def test_environ_matches_the_c_environment_for_startup_variables(target, data):
    """environ.matches-c-getenv: "For example, environ['HOME'] is the pathname of your home
    directory ..., equivalent to getenv("HOME") in C." (variables present since start-up)."""
    env = target.api.environ
    key = data.draw(st.sampled_from(STARTUP_KEYS))
    if c_getenv(key) is None:
        pytest.skip("%s is not in the C environment" % key)
    assert os.fsencode(env[key]) == c_getenv(key)


@behaviour("environ.captured-at-import", "environ.fsencoding-surrogateescape")
@support.few_examples()
@given(key=keys, value=st.binary(min_size=1, max_size=20).map(lambda b: b.replace(b"\0", b"\xff")))
def test_environ_holds_the_environment_at_start_up(target, key, value):
    """environ.captured-at-import / fsencoding-surrogateescape: "This mapping is captured the first
    time the os module is imported" — a fresh process started with key=value has it, decoded
    with the file system encoding and 'surrogateescape' (b'\\xff' -> '\\udcff')."""
    target.api.environ  # a target without it is "missing", not failing in the child
    got = support.target_python(target, "print(ascii(T.environ.get(%r)))" % key, {os.fsencode(key): value})
    assert got == os.fsdecode(value)


@behaviour("environ.later-c-changes-not-reflected", "environ.putenv-does-not-change-environ")
@given(key=keys, value=values)
def test_environ_ignores_later_changes_of_the_c_environment(target, key, value):
    """environ.later-c-changes-not-reflected / putenv-does-not-change-environ: "Changes to the
    environment made after this time are not reflected in os.environ, except for changes made by
    modifying os.environ directly." — a harness-side putenv does not show."""
    with restored_variable(key, target):
        os.putenv(key, value)  # harness-side: the C environment only
        assert key not in target.api.environ


@behaviour("environ.direct-modification-reflected", "environ.setitem-calls-putenv",
           "putenv.environ-assignment-calls-putenv")
@given(key=keys, value=values, how=st.sampled_from(["setitem", "update", "setdefault"]))
def test_environ_assignment_is_reflected_and_exported(target, key, value, how):
    """environ.direct-modification-reflected / setitem-calls-putenv: assigning an item shows in
    os.environ and "automatically translated into corresponding calls to putenv()": the C
    environment and child processes see it."""
    support.require(target, "processes", "a child process reads the exported environment")
    env = target.api.environ
    with restored_variable(key, target):
        {"setitem": lambda: env.__setitem__(key, value), "update": lambda: env.update({key: value}),
         "setdefault": lambda: env.setdefault(key, value)}[how]()
        assert env[key] == value
        assert c_getenv(key) == os.fsencode(value)
        assert seen_by_child(key, "execv") == os.fsencode(value)


@pytest.mark.parametrize("how", [pytest.param("del", marks=behaviour("environ.delitem-calls-unsetenv",
                                                                     "environ.direct-modification-reflected",
                                                                     "unsetenv.environ-deletion-calls-unsetenv")),
                                 pytest.param("pop", marks=behaviour("environ.pop-calls-unsetenv"))])
@given(key=keys, value=values)
def test_environ_deletion_unsets_the_variable(target, how, key, value):
    """environ.delitem-calls-unsetenv / pop-calls-unsetenv: "Deleting items ... translated into a
    corresponding call to unsetenv()" — gone from os.environ, C and children."""
    support.require(target, "processes", "a child process reads the exported environment")
    env = target.api.environ
    with restored_variable(key, target):
        env[key] = value
        if how == "del":
            del env[key]
        else:
            assert env.pop(key) == value
        assert key not in env and c_getenv(key) is None and seen_by_child(key, "execv") is None


@behaviour("environ.clear-calls-unsetenv")
@given(key=keys, value=values)
def test_environ_clear_unsets_every_variable(target, key, value):
    """environ.clear-calls-unsetenv: "... and when one of the pop() or clear() methods is called."
    — afterwards none of its variables is left in the C environment (restored right after)."""
    env = target.api.environ
    saved, saved_c = dict(os.environ), support.c_environ_snapshot()
    try:
        env[key] = value
        names = [os.fsencode(k) for k in env]
        env.clear()
        left = sorted(k for k in names if k in support.c_environ_snapshot())
        assert len(env) == 0 and not left, "still in the C environment: %s" % left
    finally:
        support.c_environ_restore(saved_c)
        os.environ.clear()
        os.environ.update(saved)


@behaviour("environ.copy-usable-as-child-env")
@given(key=keys, value=values)
def test_environ_copy_can_be_a_childs_environment(target, key, value):
    """environ.copy-usable-as-child-env: a modified copy of os.environ passed as a child's env is
    what the child sees; os.environ itself is unchanged."""
    support.require(target, "processes", "a child process runs with the copy")
    env = target.api.environ
    copy = env.copy()
    copy[key] = value
    out = subprocess.run(["/usr/bin/env", "-0"], env=copy, stdout=subprocess.PIPE).stdout
    assert os.fsencode("%s=%s" % (key, value)) in out.split(b"\0")
    assert key not in env


# --- environb ----------------------------------------------------------------------------

@behaviour("environb.is-bytes-mapping", "environb.only-if-supports-bytes-environ")
def test_environb_is_a_mutable_mapping_of_bytes(target):
    """environb.is-bytes-mapping / only-if-supports-bytes-environ: "Bytes version of environ" —
    present on Linux, where supports_bytes_environ is True."""
    env = target.api.environb
    assert isinstance(env, collections.abc.MutableMapping)
    assert all(type(k) is bytes and type(v) is bytes for k, v in env.items())


@behaviour("environb.set-updates-environ")
@given(key=keys, value=byte_values, delete=st.booleans())
def test_environb_changes_show_in_environ(target, key, value, delete):
    """environb.set-updates-environ: "environ and environb are synchronized (modify environb
    updates environ, and vice versa)." — and the C environment follows."""
    bkey = os.fsencode(key)
    with restored_variable(key, target):
        target.api.environb[bkey] = value
        assert target.api.environ[key] == os.fsdecode(value) and c_getenv(key) == value
        if delete:
            del target.api.environb[bkey]
            assert key not in target.api.environ and c_getenv(key) is None


@behaviour("environb.environ-set-updates-environb")
@given(key=keys, value=values, delete=st.booleans())
def test_environ_changes_show_in_environb(target, key, value, delete):
    """environb.environ-set-updates-environb: the other direction of the synchronisation."""
    with restored_variable(key, target):
        target.api.environ[key] = value
        assert target.api.environb[os.fsencode(key)] == os.fsencode(value)
        if delete:
            del target.api.environ[key]
            assert os.fsencode(key) not in target.api.environb


# --- getenv, getenvb ---------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    pytest.param("getenv", marks=behaviour("getenv.returns-value", "getenv.fsencoding-surrogateescape",
                                           "getenv.missing-returns-default", "getenv.default-is-none")),
    pytest.param("getenvb", marks=behaviour("getenvb.returns-value", "getenvb.missing-returns-default",
                                            "getenvb.default-is-none"))])
@support.few_examples()
@given(key=keys, value=st.binary(max_size=20).map(lambda b: b.replace(b"\0", b"\xfe")), default=st.text(max_size=3))
def test_getenv_returns_the_value_or_the_default(target, name, key, value, default):
    """getenv/getenvb.*: "Return the value of the environment variable *key* if it exists, or
    *default* if it doesn't. ... *default* defaults to None." — in a fresh process started with
    the variable (str decoded with 'surrogateescape'; getenvb: bytes)."""
    k, missing = (key, key + "_MISSING") if name == "getenv" else (os.fsencode(key), os.fsencode(key + "_MISSING"))
    code = "f = T.%s; print(ascii((f(%r), f(%r), f(%r, %r))))" % (name, k, missing, missing, default)
    getattr(target.api, name)  # a target without it is "missing", not failing in the child
    got = support.target_python(target, code, {os.fsencode(key): value})
    assert got == ((os.fsdecode(value) if name == "getenv" else value), None, default)


@pytest.mark.parametrize("name,bad", [
    pytest.param("getenv", b"PATH", marks=behaviour("getenv.str-only")),
    pytest.param("getenvb", "PATH", marks=behaviour("getenvb.bytes-only", "getenvb.only-if-supports-bytes-environ"))])
def test_getenv_rejects_the_other_string_type(target, name, bad, strict):
    """getenv.str-only / getenvb.bytes-only: "*key*, *default* and the result are str" (bytes for
    getenvb): the other type is a TypeError."""
    call = getattr(target.api, name)
    support.assert_raises(strict, TypeError, None, lambda: call(bad), model=lambda: getattr(os, name)(bad))


# --- putenv, unsetenv --------------------------------------------------------------------

LAUNCHERS = ["system", "popen", "execv"]


@pytest.mark.parametrize("how", [pytest.param(h, id=h, marks=behaviour(
    {"system": "putenv.affects-os-system", "popen": "putenv.affects-popen", "execv": "putenv.affects-fork-execv"}[h],
    "putenv.does-not-update-environ")) for h in LAUNCHERS])
@given(key=keys, value=values, existed=st.booleans())
def test_putenv_is_seen_by_children_not_by_environ(target, how, key, value, existed):
    """putenv.*: "Such changes to the environment affect subprocesses started with os.system(),
    popen() or fork() and execv()." and "does not update os.environ"."""
    support.require(target, "processes", "a child process reads the environment")
    with restored_variable(key, target):
        if existed:
            os.environ[key] = "old"  # harness-side
        assert target.api.putenv(key, value) is None
        assert seen_by_child(key, how) == os.fsencode(value)
        assert os.environ.get(key) == ("old" if existed else None)


@pytest.mark.parametrize("how", [pytest.param(h, id=h, marks=behaviour(
    {"system": "unsetenv.affects-os-system", "popen": "unsetenv.affects-popen",
     "execv": "unsetenv.affects-fork-execv"}[h], "unsetenv.does-not-update-environ")) for h in LAUNCHERS])
@given(key=keys, value=values)
def test_unsetenv_is_seen_by_children_not_by_environ(target, how, key, value):
    """unsetenv.*: "Such changes to the environment affect subprocesses started with os.system(),
    popen() or fork() and execv()." — and os.environ keeps the key."""
    support.require(target, "processes", "a child process reads the environment")
    with restored_variable(key, target):
        os.environ[key] = value  # harness-side: in os.environ and the C environment
        assert target.api.unsetenv(key) is None
        assert seen_by_child(key, how) is None
        assert os.environ.get(key) == value


# --- get_exec_path, supports_bytes_environ -----------------------------------------------

dirs = st.lists(st.text(st.characters(blacklist_characters=":\x00", blacklist_categories=("Cs",)), max_size=8),
                min_size=1, max_size=5)


@behaviour("get_exec_path.returns-list", "get_exec_path.env-argument")
@given(parts=dirs, as_bytes=st.booleans())
def test_get_exec_path_splits_path_of_the_given_env(target, parts, as_bytes):
    """get_exec_path.returns-list / env-argument: "Returns the list of directories that will be
    searched for a named executable ... *env*, when specified, should be an environment variable
    dictionary to lookup the PATH in." (str or bytes PATH key)."""
    path = ":".join(parts)
    env = {b"PATH": os.fsencode(path)} if as_bytes else {"PATH": path}
    got = target.api.get_exec_path(env)
    assert type(got) is list and got == parts


@behaviour("get_exec_path.default-uses-environ")
@given(none=st.booleans())
def test_get_exec_path_defaults_to_environs_path(target, none):
    """get_exec_path.default-uses-environ: "By default, when *env* is None, environ is used." """
    got = target.api.get_exec_path(None) if none else target.api.get_exec_path()
    assert got == os.environ.get("PATH", os.defpath).split(os.pathsep)


@behaviour("supports_bytes_environ.is-bool")
def test_supports_bytes_environ_is_true_on_linux(target):
    """supports_bytes_environ.is-bool: "True if the native OS type of the environment is bytes
    (eg. False on Windows)." — True on Linux."""
    assert target.api.supports_bytes_environ is True

"""The API surface beyond presence: signatures, __all__ and the supports_* sets.

`<name>.signature-as-documented`: the parameters inspect.signature reports for a documented
function or method (names, kinds, defaults) against the documentation's signature string. The
3.8 documentation marks no parameter positional-only, and CPython takes many positionally only:
where CPython 3.8 does (POSITIONAL_ONLY below) either kind passes, and a positional-only
parameter's name is not compared (it cannot be passed by keyword). Where CPython and the text
disagree otherwise, the catalogue records a finding and CPYTHON below says what is expected.
A builtin without a text signature (inspect raises ValueError) is skipped with the reason.

`<name>.listed-in-all`: where the target defines __all__, it lists a documented name exactly
when the target provides it (CPython leaves PathLike and the supports_* sets out).
`supports_*.members-are-module-functions`: every member of a supports_* set is named after one of
the module's functions.
"""
import ast
import inspect
import keyword
import os
import re

import pytest

from conformance import catalogue, support
from conformance.targets import TargetDelegated, TargetMissing

behaviour = pytest.mark.behaviour

POS, KW, VARPOS, VARKW = "positional", "keyword-only", "*args", "**kwargs"
NO_DEFAULT = "no default"
ANY_DEFAULT = "some default"  # "[, ns]": optional, the documentation names no default

# The documented signatures that are wrong for CPython (findings in the catalogue): what it is.
CPYTHON = {
    "_exit": "_exit(status)",
    "execl": "execl(file, *args)",
    "execle": "execle(file, *args)",
    "execve": "execve(path, argv, env)",
    "spawnl": "spawnl(mode, file, *args)",
    "spawnle": "spawnle(mode, file, *args)",
    "spawnv": "spawnv(mode, file, args)",
    "spawnve": "spawnve(mode, file, args, env)",
    # CPython rejects None for these "=None"/"=()" defaults or treats an explicit () unlike an
    # omitted argument: optional, with no default value to pass.
    "posix_spawn": "posix_spawn(path, argv, env, *[, file_actions][, setpgroup], resetids=False, "
                   "setsid=False[, setsigmask][, setsigdef][, scheduler])",
    "posix_spawnp": "posix_spawnp(path, argv, env, *[, file_actions][, setpgroup], resetids=False, "
                    "setsid=False[, setsigmask][, setsigdef][, scheduler])",
    "register_at_fork": "register_at_fork(*[, before][, after_in_parent][, after_in_child])",
}
# Other accepted defaults: None stands for '.' in CPython (a documentation-vague finding).
DEFAULTS = {("listdir", "path"): (".", None), ("scandir", "path"): (".", None)}
# Equivalent later forms: fdopen's "*args, **kwargs" are open's, which CPython 3.10 spells out in part.
ALTERNATIVES = {"fdopen": ["fdopen(fd, mode='r', buffering=-1, encoding=None, *args, **kwargs)"]}

# How many leading parameters CPython 3.8 takes positionally only (its text signatures' "/";
# getgrouplist and initgroups, without one in 3.8, parse a plain tuple).
POSITIONAL_ONLY = {
    "WCOREDUMP": 1, "closerange": 2, "confstr": 1, "dup": 1, "execv": 2, "fpathconf": 2, "fstatvfs": 1,
    "ftruncate": 2, "get_blocking": 1, "get_inheritable": 1, "get_terminal_size": 1, "getgrouplist": 2, "getsid": 1,
    "initgroups": 2, "isatty": 1, "kill": 2, "killpg": 2, "lockf": 3, "lseek": 3, "major": 1,
    "makedev": 2, "minor": 1, "nice": 1, "pipe2": 1, "posix_fadvise": 4, "posix_spawn": 3, "posix_spawnp": 3, "posix_fallocate": 3,
    "pread": 3, "preadv": 4, "putenv": 2, "pwrite": 3, "pwritev": 4, "read": 2, "readv": 2,
    "sched_getaffinity": 1, "sched_getparam": 1, "sched_getscheduler": 1, "sched_rr_get_interval": 1,
    "sched_setaffinity": 2, "sched_setparam": 2, "sched_setscheduler": 3, "set_blocking": 2,
    "set_inheritable": 2, "setegid": 1, "seteuid": 1, "setgid": 1, "setgroups": 1, "setpgid": 2,
    "setregid": 2, "setresgid": 3, "setresuid": 3, "setreuid": 2, "setuid": 1, "strerror": 1,
    "sysconf": 1, "tcgetpgrp": 1, "tcsetpgrp": 2, "ttyname": 1, "umask": 1, "unsetenv": 1,
    "urandom": 1, "waitid": 3, "waitpid": 2, "write": 2, "writev": 2,
}


NAMED_DEFAULTS = {"STDOUT_FILENO": 1}  # <unistd.h>


class Unparseable(ValueError):
    pass


def _default(text):
    """The documented default's value: a literal, or an os constant such as STDOUT_FILENO."""
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise Unparseable("default %r" % text)
    if isinstance(node, ast.Name) and node.id in NAMED_DEFAULTS:
        return NAMED_DEFAULTS[node.id]
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise Unparseable("default %r" % text)


def parse(signature):
    """A documented signature string -> [(name, kind, default)]; name None for an unnamed `...`.
    Handles `[, opt]` brackets (optional, no documented default), `*`, `*args`, `**kwargs`, and
    the C-like `arg0, arg1, ..., env` of execl/spawnl (all of it one *args)."""
    m = re.match(r"^[\w.]+\((.*)\)$", signature.strip())
    if not m:
        raise Unparseable(signature)
    items, depth, current, optional = [], 0, "", False
    for ch in m.group(1) + ",":
        if ch in "([{" and not (ch == "[" and depth == 0):
            depth += 1
        elif ch in ")]}" and not (ch == "]" and depth == 0):
            depth -= 1
        if depth == 0 and ch in ",[]":
            if current.strip():
                items.append((current.strip(), optional))
            current = ""
            if ch == "[":
                optional = True
            elif ch == "]":
                optional = False
            continue
        current += ch
    params, kind, variadic = [], POS, False
    for text, opt in items:
        if text == "...":
            if not variadic:
                params.append((None, VARPOS, NO_DEFAULT))
            variadic = True
            continue
        if variadic or re.match(r"^arg\d+$", text):
            if not variadic:
                params.append((None, VARPOS, NO_DEFAULT))
                variadic = True
            continue  # arg0, arg1 and what follows "..." are the *args themselves
        if text == "*":
            kind = KW
            continue
        if text.startswith("**"):
            params.append((text[2:], VARKW, NO_DEFAULT))
            continue
        if text.startswith("*"):
            params.append((text[1:], VARPOS, NO_DEFAULT))
            kind = KW
            continue
        name, _, default = text.partition("=")
        name = name.strip()
        if not re.match(r"^[A-Za-z_]\w*$", name) or keyword.iskeyword(name):  # sendfile's "in"
            raise Unparseable("parameter %r" % name)
        if default.strip():
            value = _default(default.strip())
        else:
            value = ANY_DEFAULT if opt else NO_DEFAULT
        params.append((name, kind, value))
    return params


def documented(entry):
    """The expected parameters of a catalogue entry (CPYTHON's where the text is wrong)."""
    return parse(CPYTHON.get(entry.name) or entry.signature)


def parseable(entry):
    if entry.kind not in ("function", "method") or not entry.signature:
        return False
    try:
        documented(entry)
    except Unparseable:
        return False
    return True


_KINDS = {inspect.Parameter.POSITIONAL_ONLY: POS, inspect.Parameter.POSITIONAL_OR_KEYWORD: POS,
          inspect.Parameter.KEYWORD_ONLY: KW, inspect.Parameter.VAR_POSITIONAL: VARPOS,
          inspect.Parameter.VAR_KEYWORD: VARKW}


def _default_differs(name, label, want_name, want_default, got):
    allowed = DEFAULTS.get((name, want_name), (want_default,))
    if want_default is NO_DEFAULT:
        if got is not inspect.Parameter.empty:
            return "%s has default %r, documented none" % (label, got)
    elif want_default is ANY_DEFAULT:
        if got is inspect.Parameter.empty:
            return "%s is required, documented optional" % label
    elif got is inspect.Parameter.empty:
        return "%s is required, documented default %r" % (label, want_default)
    elif not any(type(got) is type(a) and got == a for a in allowed):
        return "%s has default %r, documented %s" % (label, got, " or ".join(map(repr, allowed)))
    return None


def differences(name, expected, params):
    """Every way inspect's `params` depart from `expected`, one line each (empty: they match).
    Positional parameters compare in order, keyword-only ones by name."""
    out = []
    want_pos = [w for w in expected if w[1] in (POS, VARPOS)]
    got_pos = [p for p in params if _KINDS[p.kind] in (POS, VARPOS)]
    if len(got_pos) != len(want_pos):
        out.append("%d positional parameters, documented %d" % (len(got_pos), len(want_pos)))
    positional_only = POSITIONAL_ONLY.get(name, 0)
    for i, ((want_name, want_kind, want_default), p) in enumerate(zip(want_pos, got_pos)):
        label = "parameter %d (%s)" % (i + 1, p.name)
        if _KINDS[p.kind] != want_kind:
            out.append("%s is %s, documented %s" % (label, p.kind.description, want_kind))
            continue
        if p.kind is inspect.Parameter.POSITIONAL_ONLY and i >= positional_only:
            out.append("%s is positional-only; documented (and CPython) passable by keyword %r"
                       % (label, want_name))
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.name != want_name:
            out.append("%s is named %r, documented %r" % (label, p.name, want_name))
        if want_kind == POS:
            out.append(_default_differs(name, label, want_name, want_default, p.default))
    want_kw = {w[0]: w for w in expected if w[1] == KW}
    got_kw = {p.name: p for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
    for kw in sorted(set(want_kw) | set(got_kw)):
        if kw not in got_kw:
            out.append("no keyword-only parameter %r" % kw)
        elif kw not in want_kw:
            out.append("undocumented keyword-only parameter %r" % kw)
        else:
            out.append(_default_differs(name, "keyword-only %r" % kw, kw, want_kw[kw][2], got_kw[kw].default))
    want_varkw = any(w[1] == VARKW for w in expected)
    got_varkw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params)
    if want_varkw != got_varkw:
        out.append("**kwargs %s" % ("missing" if want_varkw else "undocumented"))
    return [line for line in out if line]


def _resolve(target, sandbox, entry):
    """The target's callable for the entry, bound where it is a method (so no `self`)."""
    obj = support.documented_object(target, sandbox, entry)
    if entry.owner is not None and entry.owner != "scandir":  # the iterator's methods come bound
        owner = target.lookup(entry.owner)
        static = inspect.getattr_static(owner, entry.member, None)
        if isinstance(owner, type) and not isinstance(static, (staticmethod, classmethod)):
            return ("unbound", obj)
    return obj


def _signature(obj):
    unbound = isinstance(obj, tuple)
    if unbound:
        obj = obj[1]
    try:
        params = list(inspect.signature(obj).parameters.values())
    except (ValueError, TypeError) as exc:
        pytest.skip("inspect.signature cannot see this callable's parameters: %s" % exc)
    if unbound:
        if not params or params[0].kind not in (inspect.Parameter.POSITIONAL_ONLY,
                                                 inspect.Parameter.POSITIONAL_OR_KEYWORD):
            pytest.fail("the method takes no self parameter: %s" % params)
        params = params[1:]
    return params


SIGNED = [e for e in sorted(catalogue.load().entries.values(), key=lambda e: e.data.get("spec_line", 0))
          if parseable(e)]


@pytest.mark.parametrize("entry", [pytest.param(e, id=e.name, marks=behaviour(e.name + ".signature-as-documented"))
                                   for e in SIGNED])
def test_signature_is_the_documented_one(target, sandbox, entry):
    """<name>.signature-as-documented: parameter names, kinds and defaults as documented."""
    params = _signature(_resolve(target, sandbox, entry))
    found = differences(entry.name, documented(entry), params)
    for alternative in ALTERNATIVES.get(entry.name, ()):
        if found and not differences(entry.name, parse(alternative), params):
            found = []
    assert not found, "os.%s%s departs from %r: %s" % (
        entry.name, inspect.Signature(params), CPYTHON.get(entry.name, entry.signature), "; ".join(found))


# --- __all__ ------------------------------------------------------------------------------------

NOT_IN_CPYTHON_ALL = {"PathLike", "supports_dir_fd", "supports_effective_ids", "supports_fd",
                      "supports_follow_symlinks"}
TOP_LEVEL = sorted(n for n in catalogue.load().entries if "." not in n)


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(n + ".listed-in-all")) for n in TOP_LEVEL])
def test_all_lists_the_name_exactly_when_provided(target, name):
    """<name>.listed-in-all: where the target defines __all__, a name it provides is listed (CPython
    leaves PathLike and the supports_* sets out, so those may be) and one it lacks is not."""
    if not target.has("__all__"):
        pytest.skip("the target defines no __all__")
    if target.kind != "stdlib" and target.api.__all__ is os.__all__:
        raise TargetDelegated("__all__")  # the real os's list, forwarded (pyfakefs): not its own
    listed = name in target.api.__all__
    if not target.has(name):
        assert not listed, "__all__ lists %s, which the target does not provide" % name
        getattr(target.api, name)  # the name itself is missing (or delegated): say so
    assert listed or name in NOT_IN_CPYTHON_ALL, "the target provides %s but __all__ omits it" % name


# --- supports_* ---------------------------------------------------------------------------------

SETS = ["supports_dir_fd", "supports_effective_ids", "supports_fd", "supports_follow_symlinks"]


def _provides_function(target, fname):
    """Whether the module has a function `fname`: its own, or one it forwards to the real os
    (pyfakefs' sets are the real os's, and name functions it delegates, such as mkfifo)."""
    try:
        return callable(getattr(target.api, fname))
    except TargetDelegated:
        return True
    except TargetMissing:
        return False


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour(n + ".members-are-module-functions"))
                                  for n in SETS])
def test_supports_set_members_are_the_modules_functions(target, name):
    """supports_*.members-are-module-functions: "which functions in the os module" — each member
    is a callable named after a function the target provides (by name, not identity: a wrapper
    module may list the functions it wraps)."""
    members = getattr(target.api, name)
    strangers = []
    for f in members:
        fname = getattr(f, "__name__", None)
        if not (callable(f) and isinstance(fname, str) and _provides_function(target, fname)):
            strangers.append(f)
    assert not strangers, "os.%s holds %r, not functions of the module" % (name, strangers)

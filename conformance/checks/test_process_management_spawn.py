"""Process Management: the spawn* family and P_WAIT / P_NOWAIT / P_NOWAITO.

Each spawn runs in a forked check child whose fd 1 goes to a file in the sandbox; the spawned
program is /bin/sh running children.REPORT_SCRIPT (its argument and environment blocks, and pid)
or a small shell command. A P_NOWAIT child blocks reading fd 0, a pipe the check child holds,
so "returned without waiting" is observable without timing.
"""
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children
from conformance.strategies import PathLike, arg_text, args, encoded_env, envs

behaviour = pytest.mark.behaviour
SH = children.SHELL

#: name -> (searches PATH, takes env, call(api, mode, file, args, env))
SPAWN = {
    "spawnl": (False, False, lambda api, m, f, a, e: api.spawnl(m, f, *a)),
    "spawnle": (False, True, lambda api, m, f, a, e: api.spawnle(m, f, *(list(a) + [e]))),
    "spawnlp": (True, False, lambda api, m, f, a, e: api.spawnlp(m, f, *a)),
    "spawnlpe": (True, True, lambda api, m, f, a, e: api.spawnlpe(m, f, *(list(a) + [e]))),
    "spawnv": (False, False, lambda api, m, f, a, e: api.spawnv(m, f, a)),
    "spawnve": (False, True, lambda api, m, f, a, e: api.spawnve(m, f, a, e)),
    "spawnvp": (True, False, lambda api, m, f, a, e: api.spawnvp(m, f, a)),
    "spawnvpe": (True, True, lambda api, m, f, a, e: api.spawnvpe(m, f, a, e)),
}
ALL = sorted(SPAWN)


def tagged(names, slug):
    return [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, slug))) for n in names]


def spawn(target, sandbox, name, mode, file, argv, env=None, prepare=None, nowait=False):
    """In a check child (fd 1 -> a sandbox file): prepare(), then the target's spawn; for
    P_NOWAIT the pid is reaped harness-side. Returns (result or exception, output bytes, caller pid)."""
    out = os.path.join(sandbox.fresh(), "out")
    env = dict(os.environ) if env is None and SPAWN[name][1] else env

    def check():
        if prepare is not None:
            prepare()
        try:
            result = SPAWN[name][2](target.api, mode, file, argv, env)
        except Exception as exc:  # noqa: BLE001 - reported to the parent as a value
            return exc, os.getpid()
        if nowait and isinstance(result, int) and result > 0:
            os.waitpid(result, 0)
        return result, os.getpid()
    result, caller = children.run_in_child(check, capture=out)
    with open(out, "rb") as f:
        return result, f.read(), caller


def report(out):
    return children.parse_report(out)


@pytest.mark.parametrize("name", tagged(ALL, "runs-in-new-process"))
def test_spawn_runs_the_program_in_a_new_process(target, sandbox, name):
    """<name>.runs-in-new-process: "Execute the program path in a new process." """
    result, out, caller = spawn(target, sandbox, name, os.P_WAIT, SH, children.report_argv("sh"))
    assert result == 0 and report(out)[2] != caller


@pytest.mark.parametrize("name", tagged(ALL, "p-nowait-returns-pid"))
def test_spawn_nowait_returns_the_pid_without_waiting(target, sandbox, name):
    """<name>.p-nowait-returns-pid: "If mode is P_NOWAIT, this function returns the process id of
    the new process" — while the program still blocks on its stdin."""
    def check():
        r, w = os.pipe()
        os.dup2(r, 0)  # harness-side: the program's stdin is a pipe this process holds
        env = dict(os.environ) if SPAWN[name][1] else None
        pid = SPAWN[name][2](target.api, os.P_NOWAIT, SH, ["sh", "-c", "read x; exit 5"], env)
        running = os.waitpid(pid, os.WNOHANG) == (0, 0)
        os.write(w, b"go\n")
        return running, os.waitpid(pid, 0)[1]
    running, status = children.run_in_child(check)
    assert running and status == 5 << 8


@pytest.mark.parametrize("name", tagged(ALL, "p-wait-returns-exit-code"))
@given(code=st.integers(0, 255))
def test_spawn_wait_returns_the_exit_code(target, sandbox, name, code):
    """<name>.p-wait-returns-exit-code: "If mode is P_WAIT, this function returns the process's exit
    code if it exits normally" """
    assert spawn(target, sandbox, name, os.P_WAIT, SH, ["sh", "-c", "exit %d" % code])[0] == code


@pytest.mark.parametrize("name", tagged(ALL, "p-wait-killed-returns-minus-signal"))
@given(sig=st.sampled_from([1, 2, 9, 10, 12, 14, 15]))
def test_spawn_wait_returns_minus_the_killing_signal(target, sandbox, name, sig):
    """<name>.p-wait-killed-returns-minus-signal: "or -signal, where signal is the signal that killed
    the process" """
    assert spawn(target, sandbox, name, os.P_WAIT, SH, ["sh", "-c", "kill -%d $$" % sig])[0] == -sig


@pytest.mark.parametrize("name", tagged([n for n in ALL if n.startswith("spawnl")], "args-as-positional-parameters")
                         + tagged([n for n in ALL if n.startswith("spawnv")], "args-list-or-tuple"))
@given(extra=st.lists(args, max_size=4), as_tuple=st.booleans())
def test_spawn_passes_the_arguments(target, sandbox, name, extra, as_tuple):
    """<name>.args-as-positional-parameters / args-list-or-tuple: the 'l' variants take the
    arguments as parameters, the 'v' variants as a list or tuple."""
    argv = children.report_argv("sh", extra)
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, SH, tuple(argv) if as_tuple else argv)
    assert result == 0 and report(out)[0] == [os.fsencode(a) for a in argv]


@pytest.mark.parametrize("name", tagged(ALL, "args-start-with-command-name"))
@given(argv0=arg_text.filter(bool))
def test_spawn_first_argument_is_argv0(target, sandbox, name, argv0):
    """<name>.args-start-with-command-name: the first argument becomes the program's argv[0]."""
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, SH, children.report_argv(argv0))
    assert result == 0 and report(out)[0][0] == os.fsencode(argv0)


def _script_dir(sandbox, name="oscprog"):
    d = sandbox.fresh()
    with open(os.path.join(d, name), "w") as f:
        f.write("#!/bin/sh\nprintf 'ran:%s' \"$*\"\n")
    os.chmod(os.path.join(d, name), 0o755)
    return d


def _in_dir_with_path(target, cwd, path):
    def prepare():
        children.set_path(target, path)
        os.chdir(cwd)
    return prepare


@pytest.mark.parametrize("name", tagged([n for n in ALL if not SPAWN[n][0]], "no-path-search"))
def test_spawn_does_not_search_path(target, sandbox, name):
    """<name>.no-path-search: a bare name is not looked up in PATH: the child's exec fails and
    P_WAIT reports exit code 127 (CPython's forked child _exit(127))."""
    d, cwd = _script_dir(sandbox), sandbox.fresh()
    env = dict(os.environ, PATH=d) if SPAWN[name][1] else None
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, "oscprog", ["oscprog"], env,
                           prepare=_in_dir_with_path(target, cwd, d))
    assert result == 127 and out == b""


@pytest.mark.parametrize("name", tagged([n for n in ALL if SPAWN[n][0]], "searches-path"))
@given(extra=st.lists(st.text(st.characters(whitelist_categories=("L", "N")), max_size=4), max_size=3))
def test_spawn_searches_path(target, sandbox, name, extra):
    """<name>.searches-path: "the variants which include a second "p" ... will use the PATH
    environment variable to locate the program file" """
    d, cwd = _script_dir(sandbox), sandbox.fresh()
    env = dict(os.environ, PATH=d) if SPAWN[name][1] else None
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, "oscprog", ["oscprog"] + extra, env,
                           prepare=_in_dir_with_path(target, cwd, d))
    assert result == 0 and out == ("ran:" + " ".join(extra)).encode()


@pytest.mark.parametrize("name", tagged([n for n in ALL if SPAWN[n][0] and SPAWN[n][1]], "path-from-new-env"))
def test_spawn_takes_path_from_env(target, sandbox, name):
    """<name>.path-from-new-env: with an env argument, PATH comes from env, not from the caller."""
    good, bad, cwd = _script_dir(sandbox), _script_dir(sandbox, "other"), sandbox.fresh()
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, "oscprog", ["oscprog", "q"], {"PATH": good},
                           prepare=_in_dir_with_path(target, cwd, bad))
    assert result == 0 and out == b"ran:q"


@pytest.mark.parametrize("name", tagged([n for n in ALL if not SPAWN[n][1]], "inherits-environment"))
@given(value=arg_text)
def test_spawn_inherits_the_environment(target, sandbox, name, value):
    """<name>.inherits-environment: the child gets the caller's current environment."""
    def prepare():
        os.environ["OSC_INHERITED"] = value
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, SH, children.report_argv("sh"), prepare=prepare)
    assert result == 0 and report(out)[1].get(b"OSC_INHERITED") == os.fsencode(value)


@pytest.mark.parametrize("name", tagged([n for n in ALL if SPAWN[n][1]], "env-replaces-environment"))
@given(env=envs())
def test_spawn_env_is_the_whole_environment(target, sandbox, name, env):
    """<name>.env-replaces-environment: "the env parameter ... used to define the environment
    variables for the new process (they are used instead of the current process' environment)" """
    result, out, _ = spawn(target, sandbox, name, os.P_WAIT, SH, children.report_argv("sh"), env)
    assert result == 0 and report(out)[1] == encoded_env(env)


@pytest.mark.parametrize("name", tagged([n for n in ALL if SPAWN[n][1]], "invalid-env-returns-127"))
@given(bad=st.sampled_from([{"OSC": 1}, {"OSC": None}, {1: "x"}, {"OSC": 2.5}]))
def test_spawn_invalid_env_returns_127(target, sandbox, name, bad):
    """<name>.invalid-env-returns-127: "Calling spawnve() with an env ... containing a non-string key
    or value will cause the function to fail, with a return value of 127." """
    assert spawn(target, sandbox, name, os.P_WAIT, SH, ["sh", "-c", "exit 0"], bad)[0] == 127


@pytest.mark.parametrize("name", tagged(ALL, "accepts-pathlike"))
@given(form=st.sampled_from(["str", "bytes"]))
def test_spawn_path_may_be_pathlike(target, sandbox, name, form):
    """<name>.accepts-pathlike: "Changed in version 3.6: Accepts a path-like object." """
    exe = PathLike(SH if form == "str" else os.fsencode(SH))
    assert spawn(target, sandbox, name, os.P_WAIT, exe, ["sh", "-c", "exit 4"])[0] == 4


@pytest.mark.parametrize("name", [pytest.param("spawnlp", marks=behaviour("spawnlp.example-equals-spawnvpe")),
                                  pytest.param("spawnvpe", marks=behaviour("spawnvpe.example-equals-spawnlp"))])
@given(present=st.booleans())
def test_spawn_documented_cp_example(target, sandbox, name, present):
    """spawnlp.example-equals-spawnvpe / spawnvpe.example-equals-spawnlp: "os.spawnlp(os.P_WAIT,
    'cp', 'cp', 'index.html', '/dev/null')" and "os.spawnvpe(os.P_WAIT, 'cp', ['cp', 'index.html',
    '/dev/null'], L)" copy the file: 0, and cp's failure code 1 without index.html."""
    cwd = sandbox.fresh()
    if present:
        open(os.path.join(cwd, "index.html"), "w").close()
    env = os.environ if name == "spawnvpe" else None
    result, _, _ = spawn(target, sandbox, name, os.P_WAIT, "cp", ["cp", "index.html", "/dev/null"], env,
                         prepare=lambda: os.chdir(cwd))
    assert result == (0 if present else 1)


# --- the mode constants, with the stdlib's spawnv ------------------------------------------------

def _mode_check(value):
    def check():
        r, w = os.pipe()
        os.dup2(r, 0)
        result = os.spawnv(value, SH, ["sh", "-c", "read x; exit 6"])
        running = os.waitpid(result, os.WNOHANG) == (0, 0) if result > 0 else None
        os.write(w, b"go\n")
        return result, running, os.waitpid(result, 0)[1] if result > 0 else None
    return children.run_in_child(check)


@pytest.mark.parametrize("name", [pytest.param(n, marks=[behaviour(n + ".accepted-by-spawn"),
                                                         behaviour(n + ".spawn-returns-pid-immediately")])
                                  for n in ("P_NOWAIT", "P_NOWAITO")])
def test_nowait_modes_return_the_pid_at_once(target, sandbox, name):
    """P_NOWAIT/P_NOWAITO.spawn-returns-pid-immediately: spawn* returns the pid of the still running
    child."""
    result, running, status = _mode_check(getattr(target.api, name))
    assert result > 0 and running and status == 6 << 8


@behaviour("P_WAIT.accepted-by-spawn", "P_WAIT.spawn-waits-returns-exit-code")
@given(code=st.integers(0, 255))
def test_p_wait_waits_and_returns_the_exit_code(target, sandbox, code):
    """P_WAIT.accepted-by-spawn / spawn-waits-returns-exit-code: spawn* returns after the child
    finished, with its exit code."""
    value = target.api.P_WAIT
    assert children.run_in_child(lambda: os.spawnv(value, SH, ["sh", "-c", "exit %d" % code])) == code


@behaviour("P_WAIT.spawn-killed-returns-minus-signal")
@given(sig=st.sampled_from([1, 2, 9, 15]))
def test_p_wait_returns_minus_signal(target, sandbox, sig):
    """P_WAIT.spawn-killed-returns-minus-signal: a child killed by a signal gives -signal."""
    value = target.api.P_WAIT
    assert children.run_in_child(lambda: os.spawnv(value, SH, ["sh", "-c", "kill -%d $$" % sig])) == -sig

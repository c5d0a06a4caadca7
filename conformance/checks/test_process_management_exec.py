"""Process Management: the exec* family.

Every exec runs in a grandchild of the check (conformance.children: a forked check child forks
the process that calls the target's exec); the exec'd program is /bin/sh running
children.REPORT_SCRIPT, which reports its argument and environment blocks from /proc/self as
the kernel handed them over, and its pid. Set-up (PATH, cwd, os.environ in the grandchild) is
harness-side with the stdlib.
"""
import io
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children
from conformance.strategies import PathLike, arg_text, args, encoded_env, envs, nonempty_args

behaviour = pytest.mark.behaviour

#: name -> (kind of program lookup, takes env, call(api, file, args, env))
EXEC = {
    "execl": ("path", False, lambda api, f, a, e: api.execl(f, *a)),
    "execle": ("path", True, lambda api, f, a, e: api.execle(f, *(list(a) + [e]))),
    "execlp": ("search", False, lambda api, f, a, e: api.execlp(f, *a)),
    "execlpe": ("search", True, lambda api, f, a, e: api.execlpe(f, *(list(a) + [e]))),
    "execv": ("path", False, lambda api, f, a, e: api.execv(f, a)),
    "execve": ("path", True, lambda api, f, a, e: api.execve(f, a, e)),
    "execvp": ("search", False, lambda api, f, a, e: api.execvp(f, a)),
    "execvpe": ("search", True, lambda api, f, a, e: api.execvpe(f, a, e)),
}
ALL = sorted(EXEC)
WITH_ENV = [n for n in ALL if EXEC[n][1]]
WITHOUT_ENV = [n for n in ALL if not EXEC[n][1]]
SEARCHING = [n for n in ALL if EXEC[n][0] == "search"]
NOT_SEARCHING = [n for n in ALL if EXEC[n][0] == "path"]
LIST_STYLE = [n for n in ALL if n.startswith("execl")]
VECTOR_STYLE = [n for n in ALL if n.startswith("execv")]


def tagged(names, slug):
    return [pytest.param(n, id=n, marks=behaviour("%s.%s" % (n, slug))) for n in names]


def program_argv(argv0, extra=()):
    return children.report_argv(argv0, extra)


def run_exec(target, name, file, argv, env=None, prepare=None):
    """In a check child: fork a process that runs `prepare()` (harness-side) then the target's
    exec; return (outcome, parsed report or None, the exec'ing process's pid)."""
    call = EXEC[name][2]

    def body():
        if prepare is not None:
            prepare()
        return call(target.api, file, argv, env)

    def check_child():
        with children.spawned(body, stdout=True) as p:
            out = p.output()
            outcome = p.outcome()
            p.wait()
            report = _parse(out) if outcome[0] == "exec" else None
            return outcome, report, p.pid, out
    return children.run_in_child(check_child)


def _parse(out):
    """The REPORT_PROGRAM's report, or None for other output (a script's, or nothing)."""
    try:
        return children.parse_report(out)
    except ValueError:
        return None


def assert_exec(outcome):
    kind, value = outcome
    if kind == "raised":
        raise AssertionError("the exec raised %r" % (value,))
    assert kind == "exec", "the exec returned %r instead of replacing the program" % (value,)


def exec_env(name):
    """An env argument for the *e variants (None for the others)."""
    return dict(os.environ) if EXEC[name][1] else None


@pytest.mark.parametrize("name", tagged(ALL, "first-arg-is-argv0"))
@given(argv0=nonempty_args)
def test_first_argument_is_the_new_programs_argv0(target, sandbox, name, argv0):
    """<name>.first-arg-is-argv0: "the first of these arguments is passed to the new program as
    its own name rather than as an argument a user may have typed" """
    outcome, report, _, _ = run_exec(target, name, children.SHELL, program_argv(argv0), exec_env(name))
    assert_exec(outcome)
    assert report[0][0] == os.fsencode(argv0)


@pytest.mark.parametrize("name", tagged(LIST_STYLE, "args-as-positional-parameters")
                         + tagged(VECTOR_STYLE, "args-list-or-tuple"))
@given(extra=st.lists(args, max_size=5), as_tuple=st.booleans())
def test_program_arguments_reach_the_program(target, sandbox, name, extra, as_tuple):
    """<name>.args-as-positional-parameters / args-list-or-tuple: the 'l' variants take the
    arguments as positional parameters, the 'v' variants as one list or tuple."""
    argv = program_argv("prog", extra)
    outcome, report, _, _ = run_exec(target, name, children.SHELL,
                                     tuple(argv) if as_tuple else argv, exec_env(name))
    assert_exec(outcome)
    assert report[0] == [os.fsencode(a) for a in argv]


@pytest.mark.parametrize("name", tagged(ALL, "replaces-process-no-return"))
def test_exec_does_not_return(target, sandbox, name):
    """<name>.replaces-process-no-return: "These functions all execute a new program, replacing the
    current process; they do not return." """
    outcome, report, _, _ = run_exec(target, name, children.SHELL, program_argv("p"), exec_env(name))
    assert_exec(outcome)
    assert report is not None, "the new program did not run"


@pytest.mark.parametrize("name", tagged(ALL, "same-pid"))
def test_new_program_keeps_the_pid(target, sandbox, name):
    """<name>.same-pid: "the new executable is loaded into the current process, and will have the
    same process id as the caller." """
    outcome, report, pid, _ = run_exec(target, name, children.SHELL, program_argv("p"), exec_env(name))
    assert_exec(outcome)
    assert report[2] == pid


@pytest.mark.parametrize("name", tagged(ALL, "error-raises-oserror"))
@given(missing=st.sampled_from(["nope", "-x y", "é"]), executable=st.booleans())
def test_failed_exec_raises_oserror_in_the_caller(target, sandbox, name, missing, executable):
    """<name>.error-raises-oserror: "Errors will be reported as OSError exceptions." — a
    nonexistent program gives FileNotFoundError, a file without execute permission
    PermissionError, and the caller goes on running."""
    d = sandbox.fresh()
    path = os.path.join(d, missing)
    if not executable:
        with open(path, "w") as f:  # harness-side: a file without any x bit
            f.write("#!/bin/sh\n")
        os.chmod(path, 0o644)
    outcome, _, _, _ = run_exec(target, name, path, ["p"], exec_env(name))
    kind, exc = outcome
    assert kind == "raised", "expected OSError, got %r" % (outcome,)
    assert isinstance(exc, PermissionError if not executable else FileNotFoundError), repr(exc)


@pytest.mark.parametrize("name", tagged(ALL, "buffers-not-flushed"))
@given(text=st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20))
def test_buffered_stdout_is_lost(target, sandbox, name, text):
    """<name>.buffers-not-flushed: "open file objects and descriptors are not flushed, so if there
    may be data buffered on these open files, you should flush them" — what sys.stdout still
    buffers never reaches fd 1."""
    def prepare():
        # A fully buffered sys.stdout, whatever PYTHONUNBUFFERED says.
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(io.FileIO(1, "w", closefd=False), 8192))
        sys.stdout.write("LOST" + text)
    outcome, report, _, out = run_exec(target, name, children.SHELL, program_argv("p"),
                                       exec_env(name), prepare=prepare)
    assert_exec(outcome)
    assert b"LOST" not in out


@pytest.mark.parametrize("name", tagged(ALL, "argv0-name-not-enforced"))
@given(empty=st.sampled_from(["no-arguments", "empty-first"]))
def test_empty_argument_list_raises_valueerror(target, sandbox, name, empty):
    """<name>.argv0-name-not-enforced (finding: documentation vague): any first argument is accepted
    (see the argv0 checks), but CPython refuses an empty argument list or an empty first argument
    with ValueError, and so must the target."""
    argv = [] if empty == "no-arguments" else ["", "x"]
    outcome, _, _, _ = run_exec(target, name, children.SHELL, argv, exec_env(name))
    assert outcome[0] == "raised" and isinstance(outcome[1], ValueError), outcome


SCRIPT = "#!/bin/sh\nprintf 'ran:%s' \"$*\"\n"


def _path_dir(sandbox, name="oscprog"):
    """Harness-side: a directory holding an executable script `name` that prints its arguments."""
    d = sandbox.fresh()
    with open(os.path.join(d, name), "w") as f:
        f.write(SCRIPT)
    os.chmod(os.path.join(d, name), 0o755)
    return d


@pytest.mark.parametrize("name", tagged(NOT_SEARCHING, "no-path-search"))
def test_bare_name_is_not_looked_up_in_path(target, sandbox, name):
    """<name>.no-path-search: the path variants do not search PATH: a bare name absent from the
    current directory fails with FileNotFoundError although a PATH directory has it."""
    d, cwd = _path_dir(sandbox), sandbox.fresh()
    env = dict(os.environ, PATH=d) if EXEC[name][1] else None

    def prepare():
        children.set_path(target, d)
        os.chdir(cwd)
    outcome, _, _, _ = run_exec(target, name, "oscprog", ["oscprog", "a"], env, prepare=prepare)
    assert outcome[0] == "raised" and isinstance(outcome[1], FileNotFoundError), outcome


@pytest.mark.parametrize("name", tagged(SEARCHING, "searches-path"))
@given(extra=st.lists(st.text(st.characters(whitelist_categories=("L", "N")), max_size=5), max_size=3))
def test_bare_name_is_looked_up_in_path(target, sandbox, name, extra):
    """<name>.searches-path: "the variants which include a "p" ... will use the PATH environment
    variable to locate the program file" """
    d, cwd = _path_dir(sandbox), sandbox.fresh()
    env = dict(os.environ, PATH=os.pathsep.join(["/nonexistent-osc", d])) if EXEC[name][1] else None

    def prepare():
        children.set_path(target, os.pathsep.join(["/nonexistent-osc", d]))
        os.chdir(cwd)
    outcome, _, _, out = run_exec(target, name, "oscprog", ["oscprog"] + extra, env, prepare=prepare)
    assert_exec(outcome)
    assert out == ("ran:" + " ".join(extra)).encode()


@pytest.mark.parametrize("name", tagged([n for n in SEARCHING if EXEC[n][1]], "path-from-new-env"))
def test_path_is_taken_from_the_env_argument(target, sandbox, name):
    """<name>.path-from-new-env: "the environment is being replaced ... the new environment is used
    as the source of the PATH variable" — the caller's PATH lacks the program, env's has it."""
    good, bad, cwd = _path_dir(sandbox), _path_dir(sandbox, "other"), sandbox.fresh()

    def prepare():
        children.set_path(target, bad)
        os.chdir(cwd)
    outcome, _, _, out = run_exec(target, name, "oscprog", ["oscprog", "z"], {"PATH": good}, prepare=prepare)
    assert_exec(outcome)
    assert out == b"ran:z"


@pytest.mark.parametrize("name", tagged(WITHOUT_ENV, "inherits-environment"))
@given(value=arg_text)
def test_new_program_inherits_the_environment(target, sandbox, name, value):
    """<name>.inherits-environment: without an env argument the new program gets the caller's
    current environment — including a variable set (harness-side) just before the exec."""
    def prepare():
        os.environ["OSC_INHERITED"] = value
    outcome, report, _, _ = run_exec(target, name, children.SHELL, program_argv("p"), prepare=prepare)
    assert_exec(outcome)
    assert report[1].get(b"OSC_INHERITED") == os.fsencode(value)
    assert report[1].get(b"PATH") == os.environb.get(b"PATH")


@pytest.mark.parametrize("name", tagged(WITH_ENV, "env-replaces-environment"))
@given(env=envs())
def test_env_becomes_the_whole_environment(target, sandbox, name, env):
    """<name>.env-replaces-environment: "the env parameter must be a mapping which is used to define
    the environment variables for the new process (these are used instead of the current
    process' environment)" """
    outcome, report, _, _ = run_exec(target, name, children.SHELL, program_argv("p"), env)
    assert_exec(outcome)
    assert report[1] == encoded_env(env)


@pytest.mark.parametrize("name", tagged(ALL, "accepts-pathlike"))
@given(form=st.sampled_from(["str", "bytes"]))
def test_program_path_may_be_pathlike(target, sandbox, name, form):
    """<name>.accepts-pathlike: "Changed in version 3.6: Accepts a path-like object." """
    exe = children.SHELL if form == "str" else os.fsencode(children.SHELL)
    outcome, report, _, _ = run_exec(target, name, PathLike(exe), program_argv("p"), exec_env(name))
    assert_exec(outcome)
    assert report[0][0] == b"p"


def _execve_fd(target):
    """Run the target's execve with an fd of the interpreter (opened harness-side in the child)."""
    def prepare():
        prepare.fd = os.open(children.SHELL, os.O_RDONLY)

    def body():
        prepare()
        return target.api.execve(prepare.fd, program_argv("by-fd"), {"OSC": "1"})

    def check_child():
        with children.spawned(body, stdout=True) as p:
            out, outcome = p.output(), p.outcome()
            p.wait()
            return outcome, _parse(out)
    return children.run_in_child(check_child)


@behaviour("execve.path-as-fd")
def test_execve_runs_an_open_file_descriptor(target, sandbox):
    """execve.path-as-fd: "path may be specified as an open file descriptor" (fexecve on Linux)."""
    if target.api.execve not in target.api.supports_fd:
        pytest.skip("the target does not list execve in supports_fd")
    outcome, report = _execve_fd(target)
    assert_exec(outcome)
    assert report[0][0] == b"by-fd" and report[1] == {b"OSC": b"1"}


@behaviour("execve.fd-support-in-supports-fd")
def test_execve_fd_support_matches_supports_fd(target, sandbox):
    """execve.fd-support-in-supports-fd: "you can check whether or not path can be specified as an
    open file descriptor on your platform using os.supports_fd" — membership matches behaviour
    (on Linux CPython lists it)."""
    listed = target.api.execve in target.api.supports_fd
    outcome, _ = _execve_fd(target)
    if listed:
        assert_exec(outcome)
    else:
        assert outcome[0] == "raised" and isinstance(outcome[1], NotImplementedError), outcome


@behaviour("execve.fd-unsupported-raises-notimplementederror")
def test_execve_fd_unsupported_raises_notimplementederror(target, sandbox):
    """execve.fd-unsupported-raises-notimplementederror: where execve is not in supports_fd an fd
    path raises NotImplementedError (only checkable on such a target)."""
    if target.api.execve in target.api.supports_fd:
        pytest.skip("execve takes fds here (Linux): the NotImplementedError case does not arise")
    outcome, _ = _execve_fd(target)
    assert outcome[0] == "raised" and isinstance(outcome[1], NotImplementedError), outcome


@behaviour("execv.echo-example-prints-bar")
def test_execv_echo_example(target, sandbox):
    """execv.echo-example-prints-bar: "os.execv('/bin/echo', ['foo', 'bar']) will only print bar on
    standard output; foo will seem to be ignored." """
    outcome, _, _, out = run_exec(target, "execv", "/bin/echo", ["foo", "bar"])
    assert_exec(outcome)
    assert out == b"bar\n"

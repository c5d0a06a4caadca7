"""Process Management: posix_spawn, posix_spawnp and the POSIX_SPAWN_* file actions.

Every spawn happens in a forked check child whose fd 1 goes to a sandbox file; the spawned
program reports from /proc what it was given (argv/env via children.REPORT_SCRIPT, ids, signal
masks and scheduling via /proc/self/stat|status read by cat). Credentials, masks, dispositions
and the scheduler are changed only in the check child. The constant checks hand the target's
constants to the stdlib's posix_spawn (harness-side).
"""
import ctypes
import errno
import os
import shutil
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children, support
from conformance.hostos import host  # PyPy's os lacks posix_spawn and its constants
from conformance.strategies import arg_text, args, encoded_env, envs

behaviour = pytest.mark.behaviour
SH = children.SHELL
CAT = "/bin/cat"
SPAWNERS = {"posix_spawn": lambda api: api.posix_spawn, "posix_spawnp": lambda api: api.posix_spawnp}
FDS = (60, 61, 62, 63)  # far above anything the check child has open (closed first, harness-side)
FD_REPORT = "for f in %s; do /bin/readlink /proc/$$/fd/$f || echo -; done" % " ".join(map(str, FDS))
# Not SIGCHLD: ignoring it would have the check child's children reaped behind its back.
CATCHABLE = [signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM, signal.SIGALRM,
             signal.SIGWINCH, signal.SIGURG]


def run(sandbox, spawn, prepare=None):
    """In a check child: prepare(), spawn() -> pid, reap it; (exit status or exception, output)."""
    out = os.path.join(sandbox.real(), "out")

    def check():
        os.closerange(FDS[0], FDS[-1] + 1)
        if prepare is not None:
            prepare()
        try:
            pid = spawn()
        except Exception as exc:  # noqa: BLE001 - reported as a value
            return exc
        return os.waitpid(pid, 0)[1]
    result = children.run_in_child(check, capture=out)
    with open(out, "rb") as f:
        return result, f.read()


def proc_status(out):
    """`cat /proc/self/status` output as {field: value}."""
    return dict(line.split(":\t", 1) for line in out.decode().splitlines() if ":\t" in line)


def proc_stat(out):
    """`cat /proc/self/stat` fields after the command name: [state, ppid, pgrp, session, ...]."""
    return out.decode().rsplit(")", 1)[1].split()


def mask(signals):
    return sum(1 << (int(s) - 1) for s in signals)


@behaviour("posix_spawn.like-execve")
@given(argv0=arg_text.filter(bool), extra=st.lists(args, max_size=4), env=envs())
def test_posix_spawn_argv_and_env_as_for_execve(target, sandbox, argv0, extra, env):
    """posix_spawn.like-execve: "The positional arguments path, args, and env are interpreted like
    execve()" """
    argv = children.report_argv(argv0, extra)
    status, out = run(sandbox, lambda: target.api.posix_spawn(SH, argv, env))
    argv_seen, env_seen, _ = children.parse_report(out)
    assert status == 0 and argv_seen == [os.fsencode(a) for a in argv] and env_seen == encoded_env(env)


@behaviour("posix_spawn.path-argv-env-positional-only")
@given(keyword=st.sampled_from(["path", "argv", "env"]))
def test_posix_spawn_positional_only(target, sandbox, keyword):
    """posix_spawn.path-argv-env-positional-only (finding: the text says *args*): path, argv and env
    by keyword raise TypeError."""
    values = {"path": "/bin/true", "argv": ["true"], "env": {}}
    positional = [values[k] for k in ("path", "argv", "env") if k != keyword]
    result, _ = run(sandbox, lambda: target.api.posix_spawn(*positional, **{keyword: values[keyword]}))
    assert isinstance(result, TypeError), result


@behaviour("posix_spawn.options-keyword-only")
@given(extra=st.integers(1, 3))
def test_posix_spawn_options_keyword_only(target, sandbox, extra):
    """posix_spawn.options-keyword-only: file_actions and the other options only by keyword: a
    fourth positional argument is a TypeError, and all of them may be left out."""
    bad, _ = run(sandbox, lambda: target.api.posix_spawn("/bin/true", ["true"], {}, *([()] * extra)))
    good, _ = run(sandbox, lambda: target.api.posix_spawn("/bin/true", ["true"], {}))
    assert isinstance(bad, TypeError) and good == 0, (bad, good)


@behaviour("posix_spawn.path-not-searched")
def test_posix_spawn_does_not_search_path(target, sandbox):
    """posix_spawn.path-not-searched: a bare name is not looked up in PATH (FileNotFoundError)."""
    cwd = sandbox.fresh()
    result, _ = run(sandbox, lambda: target.api.posix_spawn("true", ["true"], {"PATH": "/bin"}),
                    prepare=lambda: os.chdir(cwd))
    assert isinstance(result, FileNotFoundError), result


@st.composite
def file_action_plans(draw):
    """(actions, expected {fd: path or None}): OPEN, CLOSE and DUP2 on FDS, DUP2 only from an open fd."""
    d_files = ["a", "b", "c"]
    state, plan = {}, []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["open", "close", "dup2"] if state else ["open", "close"]))
        fd = draw(st.sampled_from(FDS))
        if kind == "open":
            name = draw(st.sampled_from(d_files))
            plan.append(("open", fd, name))
            state[fd] = name
        elif kind == "close":
            plan.append(("close", fd))
            state.pop(fd, None)
        else:
            src = draw(st.sampled_from(sorted(state)))
            plan.append(("dup2", src, fd))
            state[fd] = state[src]
    return plan, state


def build_actions(api, plan, d):
    out = []
    for step in plan:
        if step[0] == "open":
            out.append((api.POSIX_SPAWN_OPEN, step[1], os.path.join(d, step[2]), os.O_RDONLY | os.O_CREAT, 0o600))
        elif step[0] == "close":
            out.append((api.POSIX_SPAWN_CLOSE, step[1]))
        else:
            out.append((api.POSIX_SPAWN_DUP2, step[1], step[2]))
    return out


def fds_seen(out, d):
    names = out.decode().splitlines()
    return {fd: (os.path.basename(p) if p != "-" else None) for fd, p in zip(FDS, names)}


@behaviour("posix_spawn.file-actions-applied-in-child")
@given(plan=file_action_plans())
def test_posix_spawn_applies_file_actions_in_order(target, sandbox, plan):
    """posix_spawn.file-actions-applied-in-child: "file_actions ... a sequence of tuples describing
    actions to take on specific file descriptors in the child process between the C library
    implementation's fork() and exec() steps" — in order (os's constants: harness-side)."""
    steps, expected = plan
    d = sandbox.fresh()
    status, out = run(sandbox, lambda: target.api.posix_spawn(
        SH, ["sh", "-c", FD_REPORT], dict(os.environ), file_actions=build_actions(host, steps, d)))
    assert status == 0 and fds_seen(out, d) == {fd: expected.get(fd) for fd in FDS}


@behaviour("posix_spawn.file-actions-tag-required")
@given(tag=st.integers(-5, 100).filter(lambda t: t not in (host.POSIX_SPAWN_OPEN, host.POSIX_SPAWN_CLOSE,
                                                           host.POSIX_SPAWN_DUP2)))
def test_posix_spawn_rejects_unknown_file_action(target, sandbox, tag):
    """posix_spawn.file-actions-tag-required: "The first item in each tuple must be one of the three
    type indicator listed below" — another tag is a TypeError."""
    result, _ = run(sandbox, lambda: target.api.posix_spawn("/bin/true", ["true"], {}, file_actions=[(tag, 1)]))
    assert isinstance(result, TypeError), result


def stat_of(target, sandbox, kwargs, name="posix_spawn", prepare=None):
    """(status, stat fields, caller pgrp, caller sid) of a cat spawned with kwargs() in a check child."""
    out = os.path.join(sandbox.fresh(), "out")

    def check():
        if prepare is not None:
            prepare()
        caller = (os.getpgrp(), os.getsid(0))
        pid = SPAWNERS[name](target.api)(CAT if name == "posix_spawn" else "cat", ["cat", "/proc/self/stat"],
                                         {"PATH": "/bin"}, **kwargs())
        return os.waitpid(pid, 0)[1], pid, caller
    status, pid, caller = children.run_in_child(check, capture=out)
    with open(out, "rb") as f:
        fields = proc_stat(f.read())
    return status, pid, int(fields[2]), int(fields[3]), caller, fields


@behaviour("posix_spawn.setpgroup-zero-own-group")
def test_setpgroup_zero_makes_a_new_group(target, sandbox):
    """posix_spawn.setpgroup-zero-own-group: "If the value is 0, the child's process group ID will be
    made the same as its process ID." """
    _, pid, pgrp, _, _, _ = stat_of(target, sandbox, lambda: {"setpgroup": 0})
    assert pgrp == pid


@behaviour("posix_spawn.setpgroup-sets-group")
def test_setpgroup_joins_the_given_group(target, sandbox):
    """posix_spawn.setpgroup-sets-group: "the child is placed in the process group ID specified" """
    holder = {}

    def prepare():  # harness-side: a held process leading a new group
        holder["p"] = children.Spawned(lambda: None, hold=True, setpgid=True)
    _, _, pgrp, _, _, _ = stat_of(target, sandbox, lambda: {"setpgroup": holder["p"].pid}, prepare=prepare)
    assert pgrp not in (0, os.getpgrp())


@behaviour("posix_spawn.setpgroup-unset-inherits")
def test_without_setpgroup_the_group_is_inherited(target, sandbox):
    """posix_spawn.setpgroup-unset-inherits: "If the argument is not set, the child inherits the
    parent's process group ID" """
    _, _, pgrp, _, caller, _ = stat_of(target, sandbox, lambda: {})
    assert pgrp == caller[0]


@pytest.mark.parametrize("name", [pytest.param("posix_spawn", marks=behaviour("posix_spawn.setsid-new-session")),
                                  pytest.param("posix_spawnp",
                                               marks=behaviour("posix_spawnp.same-arguments-as-posix_spawn"))])
def test_setsid_starts_a_new_session(target, sandbox, name):
    """posix_spawn.setsid-new-session: "If the setsid argument is True, it will create a new session
    ID for posix_spawn" (posix_spawnp: the same options with the same effects)."""
    _, pid, _, sid, caller, _ = stat_of(target, sandbox, lambda: {"setsid": True}, name=name)
    assert sid == pid != caller[1]


@behaviour("posix_spawn.setsid-unsupported-raises-notimplementederror")
def test_setsid_unsupported_raises_notimplementederror(target, sandbox):
    """posix_spawn.setsid-unsupported-raises-notimplementederror: only where POSIX_SPAWN_SETSID is
    missing; glibc has it, so on Linux setsid=True must work."""
    _, pid, _, sid, _, _ = stat_of(target, sandbox, lambda: {"setsid": True})
    assert sid == pid


def status_of_spawned_cat(target, sandbox, kwargs, prepare=None):
    status, out = run(sandbox, lambda: target.api.posix_spawn(CAT, ["cat", "/proc/self/status"], {}, **kwargs()),
                      prepare=prepare)
    assert status == 0, status
    return proc_status(out)


@behaviour("posix_spawn.setsigmask-sets-mask")
@given(blocked=st.sets(st.sampled_from(CATCHABLE)))
def test_setsigmask_is_the_childs_mask(target, sandbox, blocked):
    """posix_spawn.setsigmask-sets-mask: "set the signal mask to the signals specified" """
    fields = status_of_spawned_cat(target, sandbox, lambda: {"setsigmask": blocked},
                                   prepare=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, [signal.SIGQUIT]))
    assert int(fields["SigBlk"], 16) == mask(blocked)


@behaviour("posix_spawn.setsigmask-unset-inherits")
@given(blocked=st.sets(st.sampled_from(CATCHABLE)))
def test_without_setsigmask_the_mask_is_inherited(target, sandbox, blocked):
    """posix_spawn.setsigmask-unset-inherits: "If the parameter is not used, then the child inherits
    the parent's signal mask." """
    fields = status_of_spawned_cat(target, sandbox, lambda: {},
                                   prepare=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, blocked))
    assert int(fields["SigBlk"], 16) == mask(blocked)


@behaviour("posix_spawn.setsigdef-resets-disposition")
@given(ignored=st.sets(st.sampled_from(CATCHABLE), min_size=1), data=st.data())
def test_setsigdef_resets_ignored_signals(target, sandbox, ignored, data):
    """posix_spawn.setsigdef-resets-disposition (finding: the text says *sigdef*): "reset the
    disposition of all signals specified" — ignored in the caller, default in the child."""
    reset = data.draw(st.sets(st.sampled_from(sorted(ignored))))

    def prepare():
        for s in ignored:
            signal.signal(s, signal.SIG_IGN)  # harness-side, in the check child
    fields = status_of_spawned_cat(target, sandbox, lambda: {"setsigdef": reset}, prepare=prepare)
    assert int(fields["SigIgn"], 16) & mask(CATCHABLE) == mask(ignored - reset)


def _uids(target, sandbox, kwargs, exe=CAT):
    """(status, Uid fields, Gid fields) of cat spawned by a caller whose real ids are 12345 and
    effective ids 0. `exe` is reached through /proc/self/fd, so that uid 12345 need not search
    the run's private directories (they are the harness's, and read-only under isolation)."""
    holder = {}

    def prepare():
        holder["fd"] = os.open(exe, os.O_RDONLY)
        host.setresgid(12345, 0, 0)  # harness-side, in the check child: real ids differ from effective
        host.setresuid(12345, 0, 0)
        ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: /proc/self/fd stays reachable

    def spawn():
        return target.api.posix_spawn("/proc/self/fd/%d" % holder["fd"], ["cat", "/proc/self/status"], {},
                                      **kwargs)
    status, out = run(sandbox, spawn, prepare=prepare)
    fields = proc_status(out)
    assert "Uid" in fields, (status, out)
    return status, [int(x) for x in fields["Uid"].split()], [int(x) for x in fields["Gid"].split()]


@behaviour("posix_spawn.resetids-true-uses-real-ids")
def test_resetids_sets_effective_ids_to_real_ids(target, sandbox):
    """posix_spawn.resetids-true-uses-real-ids: "If the value of resetids is true, sets the effective
    UID and GID of the child to the real UID and GID of the parent process." """
    status, uid, gid = _uids(target, sandbox, {"resetids": True})
    assert status == 0 and uid[1] == 12345 and gid[1] == 12345


@behaviour("posix_spawn.resetids-false-keeps-effective")
def test_without_resetids_the_effective_ids_stay(target, sandbox):
    """posix_spawn.resetids-false-keeps-effective: "If the argument is false, then the child retains
    the effective UID and GID of the parent." """
    status, uid, gid = _uids(target, sandbox, {})
    assert status == 0 and uid[1] == 0 and gid[1] == 0


@behaviour("posix_spawn.setid-bits-override")
def test_setuid_bit_wins_over_resetids(target, sandbox):
    """posix_spawn.setid-bits-override: "If the set-user-ID or set-group-ID bits are enabled on the
    executable file, their effect will override the setting of the effective UID and GID." """
    support.require(target, "processes", "a spawned program reports its ids")
    exe = os.path.join(sandbox.fresh(), "cat")
    shutil.copy(CAT, exe)  # harness-side: a set-user-ID copy owned by uid 54321
    os.chown(exe, 54321, 0)
    os.chmod(exe, 0o4755)
    status, uid, _ = _uids(target, sandbox, {"resetids": True}, exe=exe)
    assert status == 0 and uid[1] == 54321


@behaviour("posix_spawn.scheduler-policy-and-param")
@given(policy=st.sampled_from(["SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_FIFO", "SCHED_RR"]),
       data=st.data())
def test_scheduler_sets_policy_and_priority(target, sandbox, policy, data):
    """posix_spawn.scheduler-policy-and-param: "a tuple containing the (optional) scheduler policy and
    an instance of sched_param with the scheduler parameters" — SCHED_OTHER/FIFO/RR; SCHED_BATCH and
    SCHED_IDLE give EINVAL, as CPython on Linux (glibc) does."""
    value = getattr(host, policy)  # PyPy's os lacks SCHED_IDLE
    prio = data.draw(st.integers(host.sched_get_priority_min(value), host.sched_get_priority_max(value)))
    if policy in ("SCHED_BATCH", "SCHED_IDLE"):
        # glibc's posix_spawnattr_setschedpolicy takes the POSIX policies only: EINVAL.
        result, _ = run(sandbox, lambda: target.api.posix_spawn(CAT, ["cat"], {},
                                                                scheduler=(value, target.api.sched_param(prio))))
        assert isinstance(result, OSError) and result.errno == errno.EINVAL, result
        return
    _, _, _, _, _, fields = stat_of(target, sandbox, lambda: {"scheduler": (value, target.api.sched_param(prio))})
    assert (int(fields[38]), int(fields[37])) == (value, prio)  # policy, rt_priority


@behaviour("posix_spawn.scheduler-none-policy")
@given(prio=st.integers(1, 99))
def test_scheduler_none_keeps_the_policy(target, sandbox, prio):
    """posix_spawn.scheduler-none-policy: "A value of None in the place of the scheduler policy
    indicates that is not being provided." — the caller's policy stays, the priority changes."""
    prepare = lambda: host.sched_setscheduler(0, host.SCHED_RR, host.sched_param(50))  # noqa: E731
    _, _, _, _, _, fields = stat_of(target, sandbox, lambda: {"scheduler": (None, target.api.sched_param(prio))},
                                    prepare=prepare)
    assert (int(fields[37]), int(fields[38])) == (prio, host.SCHED_RR)


@behaviour("posix_spawnp.searches-path")
@given(extra=st.lists(st.text(st.characters(whitelist_categories=("L", "N")), max_size=4), max_size=3))
def test_posix_spawnp_searches_path(target, sandbox, extra):
    """posix_spawnp.searches-path: "the system searches for the executable file in the list of
    directories specified by the PATH environment variable (in the same way as for execvp(3))" """
    d, cwd = sandbox.fresh(), sandbox.fresh()
    with open(os.path.join(d, "oscprog"), "w") as f:
        f.write("#!/bin/sh\nprintf 'ran:%s' \"$*\"\n")
    os.chmod(os.path.join(d, "oscprog"), 0o755)

    def prepare():
        os.environ["PATH"] = "/nonexistent-osc:" + d
        os.chdir(cwd)
    status, out = run(sandbox, lambda: target.api.posix_spawnp("oscprog", ["oscprog"] + extra, dict(os.environ)),
                      prepare=prepare)
    assert status == 0 and out == ("ran:" + " ".join(extra)).encode()


# --- the file action constants, with the stdlib's posix_spawn ---------------------------------------

def _with_actions(target, sandbox, actions):
    return run(sandbox, lambda: host.posix_spawn(SH, ["sh", "-c", FD_REPORT], {}, file_actions=actions(target.api)))


@behaviour("POSIX_SPAWN_OPEN.tuple-shape", "POSIX_SPAWN_OPEN.opens-onto-fd")
@given(fd=st.sampled_from(FDS), name=st.sampled_from(["f", "g h", "é"]))
def test_spawn_open_action_opens_onto_the_fd(target, sandbox, fd, name):
    """POSIX_SPAWN_OPEN.tuple-shape / opens-onto-fd: "(os.POSIX_SPAWN_OPEN, fd, path, flags, mode)
    Performs os.dup2(os.open(path, flags, mode), fd)." """
    d = sandbox.real()
    status, out = _with_actions(target, sandbox, lambda api: [
        (api.POSIX_SPAWN_OPEN, fd, os.path.join(d, name), os.O_WRONLY | os.O_CREAT, 0o600)])
    assert status == 0 and fds_seen(out, d)[fd] == name


@behaviour("POSIX_SPAWN_CLOSE.tuple-shape", "POSIX_SPAWN_CLOSE.closes-fd")
@given(fd=st.sampled_from(FDS))
def test_spawn_close_action_closes_in_the_child_only(target, sandbox, fd):
    """POSIX_SPAWN_CLOSE.tuple-shape / closes-fd: "(os.POSIX_SPAWN_CLOSE, fd) Performs os.close(fd)."
    — in the child: the caller's fd stays open."""
    d = sandbox.real()
    path = os.path.join(d, "f")

    def spawn():
        os.dup2(os.open(path, os.O_RDONLY | os.O_CREAT), fd)  # harness-side: inherited by the child
        pid = host.posix_spawn(SH, ["sh", "-c", FD_REPORT], {},
                             file_actions=[(target.api.POSIX_SPAWN_CLOSE, fd)])
        os.fstat(fd)  # still open here
        return pid
    status, out = run(sandbox, spawn)
    assert status == 0 and fds_seen(out, d)[fd] is None


@behaviour("POSIX_SPAWN_DUP2.tuple-shape", "POSIX_SPAWN_DUP2.dup2-in-child")
@given(pair=st.permutations(FDS).map(lambda p: p[:2]))
def test_spawn_dup2_action_duplicates_in_the_child(target, sandbox, pair):
    """POSIX_SPAWN_DUP2.tuple-shape / dup2-in-child: "(os.POSIX_SPAWN_DUP2, fd, new_fd) Performs
    os.dup2(fd, new_fd)." """
    src, dst = pair
    d = sandbox.real()
    status, out = _with_actions(target, sandbox, lambda api: [
        (api.POSIX_SPAWN_OPEN, src, os.path.join(d, "f"), os.O_RDONLY | os.O_CREAT, 0o600),
        (api.POSIX_SPAWN_DUP2, src, dst)])
    seen = fds_seen(out, d)
    assert status == 0 and seen[dst] == "f" == seen[src]

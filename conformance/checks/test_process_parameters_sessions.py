"""Process Parameters: process ids, groups, sessions and priorities — getpid, getppid, getpgid,
getpgrp, setpgrp, setpgid, getsid, setsid, getpriority, setpriority, PRIO_*, ctermid, getlogin.

Whatever changes a process group, session or priority runs in a forked child
(support.run_in_child); the harness reads the truth from /proc and the stdlib os.
"""
import errno
import os
import select

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import cprobe, hostos, support
from conformance.hostmods import fcntl, termios  # absent on WebAssembly Pythons
from conformance.hostos import host

behaviour = pytest.mark.behaviour
cprobe.prime()  # the C headers' values, read here in the pytest process (checks run confined)
nice_values = st.integers(0, 19)  # a child may also go below 0: it is root
any_nice = st.integers(-20, 19)


def _in_child(fn):
    return support.run_in_child(fn)


def _proc_stat(pid="self"):
    """Harness-side: (pid, ppid, pgrp, session) from /proc/<pid>/stat."""
    with open("/proc/%s/stat" % pid) as f:
        text = f.read()
    fields = text[text.rindex(")") + 2:].split()
    return int(text.split()[0]), int(fields[1]), int(fields[2]), int(fields[3])


@behaviour("getpid.returns-pid")
def test_getpid_returns_the_processs_id(target):
    """getpid.returns-pid: "Return the current process id." — here and in a forked child."""
    support.require(target, "kernel_facts", "the harness reads the kernel's /proc/self/stat")
    assert target.api.getpid() == _proc_stat()[0]
    got, want = _in_child(lambda: (target.api.getpid(), _proc_stat()[0]))
    assert type(got) is int and got == want != _proc_stat()[0]


@behaviour("getppid.returns-parent-pid")
def test_getppid_returns_the_parents_id(target):
    """getppid.returns-parent-pid: "Return the parent's process id." — a forked child sees us."""
    support.require(target, "kernel_facts", "the harness reads the kernel's /proc/self/stat")
    parent = _proc_stat()[0]
    assert target.api.getppid() == _proc_stat()[1]
    assert _in_child(lambda: target.api.getppid()) == parent


@behaviour("getppid.orphan-returns-init")
def test_getppid_of_an_orphan_is_its_new_parent(target):
    """getppid.orphan-returns-init: "When the parent process has exited, on Unix the id returned
    is the one of the init process (1)". On Linux the orphan goes to the nearest child subreaper
    or the namespace's init, not necessarily 1 (finding): the check expects what the kernel
    reports in /proc, and that it is no longer the exited parent."""
    import pickle
    rr, rw = os.pipe()  # the grandchild reports to the test process through this pipe

    def in_child():
        middle = os.getpid()
        cr, cw = os.pipe()  # EOF on cr: the middle process has exited
        if os.fork() == 0:  # the grandchild, orphaned when `middle` exits
            try:
                os.close(cw)
                os.read(cr, 1)
                for _ in range(10 ** 6):  # reparenting follows the exit; spin, do not sleep
                    if _proc_stat()[1] != middle:
                        break
                    host.sched_yield()
                report = pickle.dumps((target.api.getppid(), _proc_stat()[1], middle))
                os.write(rw, report)
            finally:
                os._exit(0)
        return middle
    try:
        _in_child(in_child)
        os.close(rw)
        rw = None
        assert select.select([rr], [], [], 30)[0], "the orphan did not report"
        got, want, middle = pickle.loads(os.read(rr, 4096))
    finally:
        os.close(rr)
        if rw is not None:
            os.close(rw)
    assert got == want != middle


@behaviour("getpgid.returns-pgid")
@given(own_group=st.booleans())
def test_getpgid_returns_another_processs_group(target, own_group):
    """getpgid.returns-pgid: "Return the process group id of the process with process id *pid*."
    — a child the harness put in a group of its own (or left in ours)."""
    support.require(target, "processes", "the other process is a child")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(w)
            os.read(r, 1)
        finally:
            os._exit(0)
    try:
        os.close(r)
        if own_group:
            os.setpgid(pid, pid)  # harness-side, on the child only
        assert target.api.getpgid(pid) == _proc_stat(pid)[2] == (pid if own_group else os.getpgrp())
    finally:
        os.close(w)
        os.waitpid(pid, 0)


@behaviour("getpgid.pid-zero-is-self")
def test_getpgid_of_zero_is_the_callers_group(target):
    """getpgid.pid-zero-is-self: pid 0 means the calling process."""
    support.require(target, "kernel_facts", "the harness reads the kernel's /proc/self/stat")
    assert target.api.getpgid(0) == _proc_stat()[2]
    assert _in_child(lambda: (os.setpgid(0, 0), target.api.getpgid(0))[1] == os.getpid())


@behaviour("getpgrp.returns-current-pgrp")
@support.few_examples(4)
@given(own_group=st.booleans())
def test_getpgrp_returns_the_callers_group(target, own_group):
    """getpgrp.returns-current-pgrp: "Return the id of the current process group." """
    def in_child():
        if own_group:
            os.setpgid(0, 0)
        return target.api.getpgrp(), _proc_stat()[2]
    got, want = _in_child(in_child)
    assert type(got) is int and got == want


@behaviour("setpgrp.calls-setpgrp")
def test_setpgrp_makes_the_caller_a_group_leader(target):
    """setpgrp.calls-setpgrp: "Call the system call setpgrp() or setpgid(0, 0)" — afterwards the
    child leads its own process group."""
    def in_child():
        return target.api.setpgrp(), _proc_stat()
    result, (pid, _, pgrp, _) = _in_child(in_child)
    assert result is None and pgrp == pid


@behaviour("setpgid.sets-pgid", "setpgid.posix-semantics")
@support.few_examples(4)
@given(how=st.sampled_from(["self-zero", "self-pid", "grandchild-new", "grandchild-join"]))
def test_setpgid_moves_a_process_into_a_group(target, how):
    """setpgid.*: "Call the system call setpgid() to set the process group id of the process with
    id *pid* to the process group with id *pgrp*." — 0 meaning the caller / its pid."""
    def in_child():
        me = os.getpid()
        if how.startswith("self"):
            result = target.api.setpgid(0 if how == "self-zero" else me, 0 if how == "self-zero" else me)
            return result, _proc_stat()[2] == me
        os.setpgid(0, 0)  # harness: the child leads a group a grandchild can join
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(w)
                os.read(r, 1)
            finally:
                os._exit(0)
        try:
            os.close(r)
            os.setpgid(pid, pid)  # harness: the grandchild starts in a group of its own
            want = pid if how == "grandchild-new" else me
            result = target.api.setpgid(pid, 0 if how == "grandchild-new" else me)
            return result, _proc_stat(pid)[2] == want
        finally:
            os.close(w)
            os.waitpid(pid, 0)
    assert _in_child(in_child) == (None, True)


@behaviour("setpgid.posix-semantics")
@given(pid=st.integers(4 * 1024 * 1024 + 1, 2 ** 31 - 1))
def test_setpgid_of_no_such_process_raises_oserror(target, pid, strict):
    """setpgid.posix-semantics: an invalid target raises OSError with the C errno (ESRCH for a
    pid no process has: above Linux's PID_MAX_LIMIT)."""
    support.assert_raises(strict, OSError, errno.ESRCH, lambda: target.api.setpgid(pid, 0),
                          model=lambda: os.setpgid(pid, 0))


@behaviour("getsid.returns-session-id")
@support.few_examples(4)
@given(new_session=st.booleans(), ask=st.sampled_from(["zero", "pid", "parent"]))
def test_getsid_returns_a_processs_session(target, new_session, ask):
    """getsid.returns-session-id: "Call the system call getsid()." — the session id of the
    process (0: the caller), as /proc reports it."""
    parent = os.getpid()

    def in_child():
        if new_session:
            os.setsid()
        pid = {"zero": 0, "pid": os.getpid(), "parent": parent}[ask]
        return target.api.getsid(pid), _proc_stat(pid or "self")[3]
    got, want = _in_child(in_child)
    assert type(got) is int and got == want


@behaviour("setsid.creates-session")
def test_setsid_makes_the_caller_lead_a_new_session(target):
    """setsid.creates-session: "Call the system call setsid()." — a child that leads no group
    becomes leader of a new session and process group."""
    def in_child():
        return target.api.setsid(), _proc_stat()
    result, (pid, _, pgrp, sid) = _in_child(in_child)
    assert result is None and pid == pgrp == sid


@behaviour("setsid.group-leader-raises-permissionerror")
def test_setsid_in_a_group_leader_raises_permissionerror(target, strict):
    """setsid.group-leader-raises-permissionerror: POSIX setsid fails with EPERM in a process
    group leader: PermissionError."""
    def in_child():
        os.setpgid(0, 0)
        support.assert_raises(strict, PermissionError, errno.EPERM, target.api.setsid, model=os.setsid)
        return _proc_stat()[3] != os.getpid()
    assert _in_child(in_child)


# --- priorities --------------------------------------------------------------------------

PRIOS = ["PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER"]


@behaviour("getpriority.returns-priority", "getpriority.which-prio-process", "getpriority.who-zero-is-self")
@support.few_examples(4)
@given(nice=any_nice, who=st.sampled_from(["zero", "pid"]))
def test_getpriority_of_a_process(target, nice, who):
    """getpriority.returns-priority / which-prio-process / who-zero-is-self: "Get program
    scheduling priority." — the nice value the harness set in a child, by pid or 0."""
    def in_child():
        host.setpriority(os.PRIO_PROCESS, 0, nice)
        return target.api.getpriority(os.PRIO_PROCESS, 0 if who == "zero" else os.getpid())
    assert _in_child(in_child) == nice


@behaviour("getpriority.which-prio-pgrp")
@support.few_examples(4)
@given(nice=any_nice, who=st.sampled_from(["zero", "pgrp"]))
def test_getpriority_of_a_process_group(target, nice, who):
    """getpriority.which-prio-pgrp: with PRIO_PGRP, *who* is a process group id (0: the caller's)."""
    def in_child():
        os.setpgid(0, 0)
        host.setpriority(os.PRIO_PGRP, 0, nice)
        return target.api.getpriority(os.PRIO_PGRP, 0 if who == "zero" else os.getpgrp())
    assert _in_child(in_child) == nice


@behaviour("getpriority.which-prio-user")
@support.few_examples(4)
@given(nice=nice_values, who=st.sampled_from(["zero", "uid"]))
def test_getpriority_of_a_user(target, nice, who):
    """getpriority.which-prio-user: with PRIO_USER, *who* is a user id (0: the caller's real uid)
    — in a child that became the only process of uid 54321 (never root's priority: that would
    renice every process of root)."""
    def in_child():
        host.setpriority(os.PRIO_PROCESS, 0, 0)  # as root: a run under `nice` may start above 0
        host.setresuid(54321, 54321, 54321)
        host.setpriority(os.PRIO_PROCESS, 0, nice)  # an unprivileged process may raise its nice
        return target.api.getpriority(os.PRIO_USER, 0 if who == "zero" else 54321)
    assert _in_child(in_child) == nice


@behaviour("setpriority.sets-priority", "setpriority.which-who", "setpriority.who-zero-is-self",
           "setpriority.range")
@support.few_examples(4)
@given(nice=st.integers(-40, 40), which=st.sampled_from(["PRIO_PROCESS", "PRIO_PGRP"]),
       zero=st.booleans())
def test_setpriority_sets_the_nice_value(target, nice, which, zero):
    """setpriority.*: "Set program scheduling priority. ... *priority* is a value in the range
    -20 to 19." — read back harness-side; Linux clamps values outside the range to it."""
    def in_child():
        os.setpgid(0, 0)
        who = 0 if zero else (os.getpid() if which == "PRIO_PROCESS" else os.getpgrp())
        result = target.api.setpriority(getattr(os, which), who, nice)
        return result, os.getpriority(os.PRIO_PROCESS, 0)
    assert _in_child(in_child) == (None, max(-20, min(19, nice)))


@behaviour("setpriority.which-who", "setpriority.who-zero-is-self")
@support.few_examples(4)
@given(nice=st.integers(0, 19), zero=st.booleans())
def test_setpriority_of_a_user(target, nice, zero):
    """setpriority.which-who: with PRIO_USER, *who* is a user id (0: the caller's real uid) — in
    a child that became the only process of uid 54321 (an unprivileged process may raise its
    nice value; root's would renice every process of root)."""
    def in_child():
        host.setpriority(os.PRIO_PROCESS, 0, 0)  # as root: a run under `nice` may start above 0
        host.setresuid(54321, 54321, 54321)
        result = target.api.setpriority(os.PRIO_USER, 0 if zero else 54321, nice)
        return result, os.getpriority(os.PRIO_PROCESS, 0)
    got = _in_child(in_child)
    assert got == (None, nice), "setpriority(PRIO_USER, %s, %d) gave %r and left the nice value %r" % (
        "0" if zero else "54321", nice, got[0], got[1])


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.is-int" % n,
                                                                         "%s.accepted-by-getpriority-setpriority" % n))
                                  for n in PRIOS])
@support.few_examples(4)
@given(nice=nice_values)
def test_prio_constant_is_accepted_by_getpriority_and_setpriority(target, name, nice):
    """PRIO_*.is-int / accepted-by-getpriority-setpriority: an int the harness's getpriority and
    setpriority take as *which* (setpriority in a child; PRIO_USER for an unused uid)."""
    value = getattr(target.api, name)
    assert type(value) is int

    def in_child():
        os.setpgid(0, 0)
        if name == "PRIO_USER":
            host.setpriority(os.PRIO_PROCESS, 0, 0)  # as root: a run under `nice` may start above 0
            host.setresuid(54321, 54321, 54321)  # the only process of that user: renice just it
        host.setpriority(value, 0, nice)
        return os.getpriority(value, 0)
    assert _in_child(in_child) == nice


@pytest.mark.parametrize("name", [pytest.param(n, id=n, marks=behaviour("%s.matches-c-header" % n)) for n in PRIOS])
def test_prio_constant_equals_the_c_headers_value(target, name, c_constants, oracle):
    """PRIO_*.matches-c-header: the value is <sys/resource.h>'s (compiled probe, else the reference)."""
    want = cprobe.expected(name, c_constants, oracle)
    assert getattr(target.api, name) == want


# --- terminal and login ------------------------------------------------------------------

@behaviour("ctermid.returns-str", "ctermid.names-controlling-terminal")
def test_ctermid_names_the_controlling_terminal(target):
    """ctermid.*: "Return the filename corresponding to the controlling terminal of the process."
    — in a child whose controlling terminal is a fresh pty, opening the name gives that pty."""
    def in_child():
        os.setsid()
        master, slave = host.openpty()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        name = target.api.ctermid()
        fd = os.open(name, os.O_RDWR | os.O_NOCTTY)
        os.write(fd, b"x")  # lands in the pty: the master can read it
        return type(name) is str, select.select([master], [], [], 5)[0] == [master]
    assert _in_child(in_child) == (True, True)


@behaviour("getlogin.returns-login-name")
def test_getlogin_answers_as_the_c_library_does(target, strict):
    """getlogin.returns-login-name: "Return the name of the user logged in on the controlling
    terminal of the process." — the name the C getlogin() gives (as CPython's getlogin reports it:
    hostos.cpython_os, the reference when the target is the running stdlib); without a utmp record
    for the terminal, CPython raises OSError with its errno, so must the target."""
    cpython = hostos.cpython_os(target)
    try:
        want = cpython.getlogin()
    except OSError as exc:
        support.assert_raises(strict, OSError, exc.errno, target.api.getlogin, model=cpython.getlogin)
        return
    got = target.api.getlogin()
    assert type(got) is str and got == want

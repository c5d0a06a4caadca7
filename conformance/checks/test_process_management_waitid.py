"""Process Management: waitid and the wait constants (WNOHANG, WCONTINUED, WUNTRACED, P_*, W*,
CLD_*) over real children: exited, killed, core-dumped, stopped, continued, traced.

The waitid checks call the target's waitid; the constant checks take the target's constant and
hand it to the stdlib's waitpid/waitid (harness-side), so each failure names one culprit.
"""
import ctypes
import os
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import resource  # absent on WebAssembly Pythons
from conformance import children
from conformance.children import exiting, killed_by, spawned, stopping, zombie
from conformance.hostos import host  # PyPy's os lacks waitid and its constants

behaviour = pytest.mark.behaviour
in_child = children.run_in_child
exit_codes = st.integers(0, 255)
CLD_KILLED, CLD_STOPPED = 2, 5  # <signal.h>; os defines neither (see the waitid finding)


def _siginfo(result):
    names = ("si_pid", "si_uid", "si_signo", "si_status", "si_code")
    return None if result is None else {n: getattr(result, n) for n in names}


def dumping_core(d):
    def body():
        limit = resource.getrlimit(resource.RLIMIT_CORE)[1]
        resource.setrlimit(resource.RLIMIT_CORE, (limit, limit))
        os.chdir(d)
        killed_by(signal.SIGQUIT)()
    return body


def traced():
    """A body that asks to be traced by its parent (ptrace PTRACE_TRACEME) and stops itself."""
    def body():
        libc = ctypes.CDLL(None, use_errno=True)
        libc.ptrace(0, 0, None, None)
        os.kill(os.getpid(), signal.SIGSTOP)
        os._exit(0)
    return body


def event(kind, sandbox, value):
    """In a check child: a child in state `kind` (exited/killed/dumped/stopped/continued/trapped)
    and the waitid options that report it, with WNOWAIT when `peek`. Returns a context manager."""
    r, _ = os.pipe()  # the check child keeps the writer: a continued child blocks on r, alive
    bodies = {"exited": exiting(value), "killed": killed_by(signal.SIGKILL), "dumped": None,
              "stopped": stopping(), "continued": stopping(lambda: os.read(r, 1)), "trapped": traced()}
    return spawned(bodies[kind] or dumping_core(sandbox.real()))  # the kernel writes the core


def observe(kind, p, waitid):
    """Bring p into the observable state and call waitid(idtype, id, options) as given."""
    if kind in ("stopped", "continued", "trapped"):
        host.waitid(host.P_PID, p.pid, host.WSTOPPED | host.WNOWAIT)  # harness-side: it has stopped
        if kind == "continued":
            os.waitpid(p.pid, os.WUNTRACED)  # consume the stop report
            os.kill(p.pid, signal.SIGCONT)
            options = os.WCONTINUED
        else:
            options = host.WSTOPPED
    else:
        zombie(p.pid)
        options = host.WEXITED
    return waitid(p.pid, options)


@behaviour("waitid.returns-siginfo-result")
@given(code=exit_codes)
def test_waitid_returns_siginfo_attributes(target, sandbox, code):
    """waitid.returns-siginfo-result: "The return value is an object representing the data contained
    in the siginfo_t structure, namely: si_pid, si_uid, si_signo, si_status, si_code" """
    def check():
        with spawned(exiting(code)) as p:
            info = _siginfo(target.api.waitid(host.P_PID, p.pid, host.WEXITED))
            p.reaped = True
            return info, p.pid
    info, pid = in_child(check)
    assert info == {"si_pid": pid, "si_uid": os.getuid(), "si_signo": signal.SIGCHLD,
                    "si_status": code, "si_code": host.CLD_EXITED}


@behaviour("waitid.idtype-values")
@given(idtype=st.sampled_from(["P_PID", "P_PGID", "P_ALL"]), code=exit_codes)
def test_waitid_accepts_each_idtype(target, sandbox, idtype, code):
    """waitid.idtype-values: "idtype can be P_PID, P_PGID or P_ALL" """
    def check():
        with spawned(exiting(code), setpgid=True) as p:
            zombie(p.pid)
            info = _siginfo(target.api.waitid(getattr(host, idtype), 0 if idtype == "P_ALL" else p.pid,
                                              host.WEXITED))
            p.reaped = True
            return info, p.pid
    info, pid = in_child(check)
    assert info["si_pid"] == pid and info["si_status"] == code


@behaviour("waitid.id-selects-child")
@given(a=exit_codes, b=exit_codes)
def test_waitid_id_selects_the_child(target, sandbox, a, b):
    """waitid.id-selects-child: "id specifies the pid to wait on" """
    def check():
        with spawned(exiting(a)) as first, spawned(exiting(b)) as second:
            zombie(first.pid)
            zombie(second.pid)
            info = _siginfo(target.api.waitid(host.P_PID, second.pid, host.WEXITED))
            second.reaped = True
            return info, second.pid
    info, pid = in_child(check)
    assert (info["si_pid"], info["si_status"]) == (pid, b)


KIND_OF = {"WEXITED": "exited", "WSTOPPED": "stopped", "WCONTINUED": "continued"}


@behaviour("waitid.options-flags")
@given(flag=st.sampled_from(sorted(KIND_OF)), nowait=st.booleans())
def test_waitid_options_select_the_event(target, sandbox, flag, nowait):
    """waitid.options-flags: "options is constructed from the ORing of one or more of WEXITED,
    WSTOPPED or WCONTINUED and additionally may be ORed with WNOHANG or WNOWAIT" """
    kind = KIND_OF[flag]
    codes = {"exited": host.CLD_EXITED, "stopped": CLD_STOPPED, "continued": host.CLD_CONTINUED}

    def check():
        with event(kind, sandbox, 5) as p:
            extra = host.WNOWAIT if nowait else 0
            info = _siginfo(observe(kind, p, lambda pid, opts: target.api.waitid(host.P_PID, pid, opts | extra)))
            try:  # harness-side: is the event still there to be reported?
                again = _siginfo(host.waitid(host.P_PID, p.pid, getattr(host, flag) | os.WNOHANG | host.WNOWAIT))
            except ChildProcessError:  # reaped
                again = None
            p.reaped = kind == "exited" and not nowait
            return info, again
    info, again = in_child(check)
    assert info["si_code"] == codes[kind]
    assert (again is not None) == nowait


@behaviour("waitid.wnohang-none")
def test_waitid_wnohang_returns_none(target, sandbox):
    """waitid.wnohang-none: "WNOHANG ... returns None if there are no children in a waitable state" """
    def check():
        with spawned(hold=True) as p:
            return target.api.waitid(host.P_PID, p.pid, host.WEXITED | os.WNOHANG)
    assert in_child(check) is None


SI_CODES = {"exited": ("CLD_EXITED", 1), "killed": (None, CLD_KILLED), "dumped": ("CLD_DUMPED", 3),
            "stopped": (None, CLD_STOPPED), "trapped": ("CLD_TRAPPED", 4), "continued": ("CLD_CONTINUED", 6)}


@behaviour("waitid.si-code-documented-constants")
@given(kind=st.sampled_from(sorted(SI_CODES)))
def test_waitid_si_code_for_each_event(target, sandbox, kind):
    """waitid.si-code-documented-constants (finding: documentation error): si_code is CLD_EXITED,
    CLD_DUMPED, CLD_TRAPPED or CLD_CONTINUED, and — as CPython on Linux reports — also
    CLD_KILLED (2) and CLD_STOPPED (5), which os does not name."""
    def check():
        with event(kind, sandbox, 0) as p:
            return _siginfo(observe(kind, p, lambda pid, opts: target.api.waitid(host.P_PID, pid, opts | host.WNOWAIT)))
    assert in_child(check)["si_code"] == SI_CODES[kind][1]


# --- the constants, with the stdlib's wait functions --------------------------------------------

@pytest.mark.parametrize("kind", [pytest.param(k, id=k, marks=behaviour("%s.waitid-si-code-value" % v[0]))
                                  for k, v in sorted(SI_CODES.items()) if v[0]])
def test_cld_constant_is_what_waitid_reports(target, sandbox, kind):
    """CLD_*.waitid-si-code-value: the constant equals the si_code waitid reports for its event."""
    value = getattr(target.api, SI_CODES[kind][0])

    def check():
        with event(kind, sandbox, 0) as p:
            return observe(kind, p, lambda pid, opts: host.waitid(host.P_PID, pid, opts | host.WNOWAIT)).si_code
    assert type(value) is int and value == in_child(check)


@pytest.mark.parametrize("name", [pytest.param(n, marks=[behaviour(n + ".accepted-by-waitid"),
                                                         behaviour(n + suffix)])
                                  for n, suffix in [("P_PID", ".id-is-pid"), ("P_PGID", ".id-is-pgid"),
                                                    ("P_ALL", ".id-ignored")]])
@given(a=exit_codes, b=exit_codes)
def test_idtype_constant_selects_children(target, sandbox, name, a, b):
    """P_PID.id-is-pid / P_PGID.id-is-pgid / P_ALL.id-ignored: waitid(P_PID, pid) waits for that
    child, (P_PGID, pgid) for one in that group, (P_ALL, anything) for any."""
    idtype = getattr(target.api, name)

    def check():
        with spawned(exiting(a), setpgid=True) as grouped, spawned(exiting(b)) as plain:
            zombie(grouped.pid)
            zombie(plain.pid)
            ident = {"P_PID": plain.pid, "P_PGID": grouped.pid, "P_ALL": 12345}[name]
            info = host.waitid(idtype, ident, host.WEXITED | host.WNOWAIT)
            return info.si_pid, grouped.pid, plain.pid
    got, grouped, plain = in_child(check)
    assert got == {"P_PID": plain, "P_PGID": grouped}.get(name, got) and got in (grouped, plain)


@pytest.mark.parametrize("flag", [pytest.param(f, marks=[behaviour(f + ".accepted-by-waitid"),
                                                         behaviour(f + suffix)])
                                  for f, suffix in [("WEXITED", ".waitid-reports-exited"),
                                                    ("WSTOPPED", ".waitid-reports-stopped")]])
def test_waitid_flag_reports_its_event(target, sandbox, flag):
    """WEXITED.waitid-reports-exited / WSTOPPED.waitid-reports-stopped: waitid with the flag reports
    an exited (stopped) child."""
    value = getattr(target.api, flag)
    kind = KIND_OF[flag]

    def check():
        with event(kind, sandbox, 9) as p:
            return observe(kind, p, lambda pid, opts: host.waitid(host.P_PID, pid, value | host.WNOWAIT)).si_code
    assert in_child(check) == (host.CLD_EXITED if flag == "WEXITED" else CLD_STOPPED)


@behaviour("WNOWAIT.accepted-by-waitid")
def test_wnowait_leaves_the_child_waitable(target, sandbox):
    """WNOWAIT.accepted-by-waitid: "Leave the child in a waitable state" """
    flag = target.api.WNOWAIT

    def check():
        with spawned(exiting(6)) as p:
            first = host.waitid(host.P_PID, p.pid, host.WEXITED | flag)
            second = os.waitpid(p.pid, 0)
            p.reaped = True
            return first.si_status, second[1]
    assert in_child(check) == (6, 6 << 8)


@pytest.mark.parametrize("what", [pytest.param(w, marks=behaviour("WNOHANG." + w))
                                  for w in ("waitpid-returns-immediately", "waitpid-returns-0-0")])
def test_wnohang_waitpid_does_not_block(target, sandbox, what):
    """WNOHANG.waitpid-returns-immediately / waitpid-returns-0-0: "return immediately if no child
    process status is available immediately. The function returns (0, 0) in this case." """
    flag = target.api.WNOHANG

    def check():
        with spawned(hold=True) as p:
            return os.waitpid(p.pid, flag)
    assert in_child(check) == (0, 0)


@behaviour("WUNTRACED.reports-stopped-children")
@given(sig=st.sampled_from([signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU]))
def test_wuntraced_reports_a_stopped_child(target, sandbox, sig):
    """WUNTRACED.reports-stopped-children: "report children of the current process that have been
    stopped but whose current state has not been reported since they were stopped" """
    flag = target.api.WUNTRACED

    def check():
        # A group of its own: the kernel discards SIGTSTP/SIGTTIN/SIGTTOU sent to a member of an
        # orphaned process group, which the check's group may be (under the plugin's isolation).
        with spawned(hold=True, setpgid=True) as p:
            os.kill(p.pid, sig)  # our own child
            pid, status = os.waitpid(p.pid, flag)
            return os.WIFSTOPPED(status), os.WSTOPSIG(status)
    assert in_child(check) == (True, sig)


@behaviour("WCONTINUED.reports-continued-children")
def test_wcontinued_reports_a_continued_child(target, sandbox):
    """WCONTINUED.reports-continued-children: "report children of the current process that have been
    continued from a job control stop since their status was last reported" """
    flag = target.api.WCONTINUED

    def check():
        r, _ = os.pipe()  # the writer stays here: once continued, the child blocks, alive
        with spawned(stopping(lambda: os.read(r, 1))) as p:
            os.waitpid(p.pid, os.WUNTRACED)
            os.kill(p.pid, signal.SIGCONT)
            pid, status = os.waitpid(p.pid, flag)
            return os.WIFCONTINUED(status)
    assert in_child(check) is True

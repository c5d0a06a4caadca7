"""Spec section "Process Management", part 2: waiting for children and decoding their status.

wait, waitid, waitpid, wait3, wait4, the W* status functions, times, and the P_*, W*, CLD_*
constants; also the structseq result types times_result and waitid_result.
"""
import ctypes

from .. import _convert, _libc
from .._structseq import structseq
from .._structs import RUSAGE_LONGS, rusage as _rusage, siginfo_t as _siginfo_t, tms as _tms

__all__ = [
    'wait', 'waitid', 'waitpid', 'wait3', 'wait4', 'times', 'times_result', 'waitid_result',
    'WCOREDUMP', 'WIFCONTINUED', 'WIFSTOPPED', 'WIFSIGNALED', 'WIFEXITED', 'WEXITSTATUS',
    'WSTOPSIG', 'WTERMSIG',
    'P_PID', 'P_PGID', 'P_ALL', 'WEXITED', 'WSTOPPED', 'WNOWAIT', 'WNOHANG', 'WCONTINUED',
    'WUNTRACED', 'CLD_EXITED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_CONTINUED',
]

from .._version import CLD_KILLED_STOPPED_P_PIDFD, WAITSTATUS_TO_EXITCODE

# <bits/waitflags.h>, <bits/siginfo-consts.h>; P_* are idtype_t values.
P_ALL = 0
P_PID = 1
P_PGID = 2
WNOHANG = 1
WUNTRACED = 2
WSTOPPED = 2
WEXITED = 4
WCONTINUED = 8
WNOWAIT = 0x01000000
CLD_EXITED = 1
CLD_KILLED = 2
CLD_DUMPED = 3
CLD_TRAPPED = 4
CLD_STOPPED = 5
CLD_CONTINUED = 6
if CLD_KILLED_STOPPED_P_PIDFD:
    P_PIDFD = 3
    __all__ += ['CLD_KILLED', 'CLD_STOPPED', 'P_PIDFD']
if WAITSTATUS_TO_EXITCODE:
    __all__ += ['waitstatus_to_exitcode']


times_result = structseq('times_result', (
    ('user', 'user time'), ('system', 'system time'), ('children_user', 'user time of children'),
    ('children_system', 'system time of children'),
    ('elapsed', 'elapsed time since an arbitrary point in the past'),
), module='posix', doc="""times_result: Result from os.times().

This object may be accessed either as a tuple of
  (user, system, children_user, children_system, elapsed),
or via the attributes user, system, children_user, children_system,
and elapsed.

See os.times for more information.""")
waitid_result = structseq('waitid_result', (
    'si_pid', 'si_uid', 'si_signo', 'si_status', 'si_code'), module='posix', doc="""\
waitid_result: Result from waitid.

This object may be accessed either as a tuple of
  (si_pid, si_uid, si_signo, si_status, si_code),
or via the attributes si_pid, si_uid, and so on.

See os.waitid for more information.""")

_SC_CLK_TCK = 2  # <bits/confname.h>


def times():
    """Return the process and children CPU times and the elapsed real time, as times_result."""
    buf = _tms()
    ticks = _libc.times(buf)
    if ticks == -1:
        _libc.raise_errno()
    per_second = float(_libc.sysconf(_SC_CLK_TCK))
    return times_result((buf.tms_utime / per_second, buf.tms_stime / per_second,
                         buf.tms_cutime / per_second, buf.tms_cstime / per_second,
                         ticks / per_second))


def wait():
    """Wait for any child to finish; return (pid, status)."""
    status = ctypes.c_int(0)
    pid = _libc.retry(_libc.wait, ctypes.byref(status))
    return (pid, status.value)


def waitpid(pid, options, /):
    """Wait for child pid (or a group/any, per pid's sign) with options; return (pid, status)."""
    pid = _convert.c_pid(pid)
    options = _convert.c_pid(options)  # also an 'i' format unit
    status = ctypes.c_int(0)
    result = _libc.retry(_libc.waitpid, pid, ctypes.byref(status), options)
    return (result, status.value)


def _make_rusage(buf):
    """Build a resource.struct_rusage from a struct rusage, as CPython's wait_helper does."""
    import resource  # only for the struct_rusage type, which os itself returns
    return resource.struct_rusage(
        (buf.ru_utime.tv_sec + buf.ru_utime.tv_usec * 0.000001,
         buf.ru_stime.tv_sec + buf.ru_stime.tv_usec * 0.000001)
        + tuple(getattr(buf, name) for name in RUSAGE_LONGS))


def wait3(options):
    """Wait for any child with options; return (pid, status, resource usage)."""
    options = _convert.c_int(options)
    status = ctypes.c_int(0)
    usage = _rusage()  # zero-filled: a WNOHANG call with no child ready reports zeros
    pid = _libc.retry(_libc.wait3, ctypes.byref(status), options, ctypes.byref(usage))
    return (pid, status.value, _make_rusage(usage))


def wait4(pid, options):
    """Wait for child pid with options; return (pid, status, resource usage)."""
    pid = _convert.c_pid(pid)
    options = _convert.c_pid(options)
    status = ctypes.c_int(0)
    usage = _rusage()
    result = _libc.retry(_libc.wait4, pid, ctypes.byref(status), options, ctypes.byref(usage))
    return (result, status.value, _make_rusage(usage))


def waitid(idtype, id, options, /):  # noqa: A002 -- the documented parameter name
    """Wait for children selected by idtype/id with options; return waitid_result or None."""
    idtype = _convert.c_pid(idtype)  # 'i' format units, like pid_t
    id = _convert.c_pid(id)  # noqa: A001
    options = _convert.c_pid(options)
    info = _siginfo_t()  # si_pid stays 0 when WNOHANG finds no child ready
    _libc.retry(_libc.waitid, idtype, id & 0xFFFFFFFF, ctypes.byref(info), options)
    if info.si_pid == 0:
        return None
    return waitid_result((info.si_pid, _convert.id_to_python(info.si_uid), info.si_signo,
                          info.si_status, info.si_code))


# The <bits/waitstatus.h> macros, over a C int status (Clinic 'int', keyword 'status').

def WCOREDUMP(status, /):
    """Return True if the process that produced status dumped core."""
    return bool(_convert.c_int(status) & 0x80)


def WIFCONTINUED(status):
    """Return True if a stopped child was resumed by SIGCONT (WCONTINUED)."""
    return _convert.c_int(status) == 0xFFFF


def WIFSTOPPED(status):
    """Return True if the process was stopped by a signal (WUNTRACED)."""
    return _convert.c_int(status) & 0xFF == 0x7F


def WIFSIGNALED(status):
    """Return True if the process was terminated by a signal."""
    low = (_convert.c_int(status) & 0x7F) + 1
    return ((low & 0xFF) ^ 0x80) - 0x80 >> 1 > 0  # ((signed char) low) >> 1 > 0


def WIFEXITED(status):
    """Return True if the process exited normally (exit() or return from main)."""
    return _convert.c_int(status) & 0x7F == 0


def WEXITSTATUS(status):
    """Return the exit code of a process for which WIFEXITED(status) is true."""
    return (_convert.c_int(status) & 0xFF00) >> 8


def WSTOPSIG(status):
    """Return the signal that stopped the process, for WIFSTOPPED(status)."""
    return (_convert.c_int(status) & 0xFF00) >> 8


def WTERMSIG(status):
    """Return the signal that terminated the process, for WIFSIGNALED(status)."""
    return _convert.c_int(status) & 0x7F


def waitstatus_to_exitcode(status):
    """Convert a wait status to an exit code: the exit status, or -signal if killed (3.9+)."""
    status = _convert.c_int(status)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    if WIFSTOPPED(status):
        raise ValueError('process stopped by delivery of signal %i' % WSTOPSIG(status))
    raise ValueError('invalid wait status: %i' % status)


if not WAITSTATUS_TO_EXITCODE:
    del waitstatus_to_exitcode

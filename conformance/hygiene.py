"""Leave the process as the check found it: cwd, umask and environment are restored; leaked
fds and child processes are cleaned up and reported, so that one careless target cannot spoil
the checks that follow."""
import ctypes
import os
import signal


def _bind_libc():
    """The C library's environment calls, or (None, None) where ctypes reaches no C library
    (WebAssembly Pythons: there os.environ is the only view of the environment)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.setenv.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int)
        libc.unsetenv.argtypes = (ctypes.c_char_p,)
        return libc, ctypes.POINTER(ctypes.c_char_p).in_dll(libc, "environ")
    except (OSError, AttributeError, ValueError):
        return None, None


_libc, _c_environ = _bind_libc()


def c_environ():
    """The C library's environment, which a target may change behind os.environ's back."""
    if _c_environ is None:
        return {}
    out, i = {}, 0
    while _c_environ[i] is not None:
        key, _, value = _c_environ[i].partition(b"=")
        out.setdefault(key, value)
        i += 1
    return out


def open_fds():
    """The fds open now; the listing's own fd, closed by the time we look, drops out."""
    out = set()
    try:
        candidates = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc/self/fd (Pyodide 0.26): ask each small fd in turn
        candidates = range(PROBED_FDS)
    for fd in candidates:
        try:
            os.fstat(fd)
        except OSError:
            continue
        out.add(fd)
    return out


PROBED_FDS = 1024  # Emscripten hands out the lowest free fd, as POSIX does


def children():
    """Pids of this process's children, reaped or not (any thread may own them)."""
    pids = set()
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:  # no /proc/self/task (WebAssembly Pythons): no child processes either
        return pids
    for tid in tids:
        try:
            with open("/proc/self/task/%s/children" % tid) as f:
                pids.update(int(p) for p in f.read().split())
        except OSError:
            pass
    return pids


class ProcessState(object):
    """A snapshot taken before a check; `restore()` puts it back and names what leaked."""

    def __init__(self):
        self.cwd = os.getcwd()
        self.umask = os.umask(0o022)
        os.umask(self.umask)
        self.environ = dict(os.environ)
        self.c_environ = c_environ()
        self.fds = open_fds()
        self.children = children()

    def restore(self):
        """Restore cwd, umask, environment; close leaked fds, kill and reap leaked children.
        Returns a list of one-line complaints about leaks (empty when clean)."""
        complaints = []
        os.chdir(self.cwd)
        os.umask(self.umask)
        self._restore_environ()
        leaked_fds = sorted(open_fds() - self.fds)
        for fd in leaked_fds:
            try:
                os.close(fd)
            except OSError:
                pass
        if leaked_fds:
            complaints.append("leaked file descriptors %s" % leaked_fds)
        leaked_children = sorted(children() - self.children)
        for pid in leaked_children:
            # Only our own children: the /proc children list guarantees it.
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except OSError:
                pass
        if leaked_children:
            complaints.append("left child processes %s running or unreaped" % leaked_children)
        return complaints

    def _restore_environ(self):
        if dict(os.environ) != self.environ:
            os.environ.clear()
            os.environ.update(self.environ)
        now = c_environ()
        for key in set(now) - set(self.c_environ):
            _libc.unsetenv(key)
        for key, value in self.c_environ.items():
            if now.get(key) != value:
                _libc.setenv(key, value, 1)


def _safely(fn, *args):
    try:
        return fn(*args)
    except (OSError, AttributeError, ValueError):
        return None


def process_fingerprint():
    """What a check may change for good in the process that ran it and that the restore above
    does not put back: credentials, root directory, scheduling, signal dispositions and mask,
    resource limits, interval timers, process group and session, hostname. A pool worker whose
    fingerprint moved during a check is replaced before the next check."""
    import resource

    from .hostos import host
    dispositions = []
    for signum in range(1, signal.NSIG):
        handler = _safely(signal.getsignal, signum)
        dispositions.append(handler if handler in (None, signal.SIG_DFL, signal.SIG_IGN) else id(handler))
    limits = tuple(_safely(resource.getrlimit, getattr(resource, name))
                   for name in dir(resource) if name.startswith("RLIMIT_"))
    return {
        "credentials": (_safely(host.getresuid), _safely(host.getresgid), _safely(host.getgroups)),
        "root": _safely(os.stat, "/proc/self/root") and tuple(os.stat("/proc/self/root")[1:3]),
        "scheduling": (_safely(host.sched_getscheduler, 0), _safely(host.sched_getaffinity, 0),
                       _safely(os.getpriority, os.PRIO_PROCESS, 0)),
        "signals": tuple(dispositions),
        "signal mask": _safely(signal.pthread_sigmask, signal.SIG_BLOCK, []),
        "limits": limits,
        "timers": tuple(_safely(signal.getitimer, which) for which in
                        (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF)),
        "group": (os.getpgrp(), _safely(os.getsid, 0)),
        "hostname": os.uname().nodename,
    }


def fingerprint_changes(before, after):
    """The names of what moved between two fingerprints (empty when the process is as it was)."""
    return sorted(key for key in before if before[key] != after.get(key))

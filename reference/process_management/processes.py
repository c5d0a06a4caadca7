"""Spec section "Process Management": creating, replacing, signalling and ending processes.

This module holds abort, the exec family, _exit, EX_*, fork, forkpty, register_at_fork, kill,
killpg, nice, popen, the spawn family and system; posix_spawn lives in posix_spawning, wait and
the status functions in waiting; the package re-exports the three modules' names.

fork: on CPython the interpreter's own bookkeeping runs around the libc call exactly as os.fork
runs it (PyOS_BeforeFork / PyOS_AfterFork_Parent / PyOS_AfterFork_Child through ctypes.pythonapi:
import lock, thread states, threading's and os.register_at_fork's callbacks), and fork itself is
called through a PyDLL handle so that the GIL is held across it. PyPy's ctypes has neither
pythonapi nor PyDLL, and its fork hooks live inside the interpreter where no library can call
them: there only threading's own after-fork reset is run in the child (the one hook that matters
for Python code), and a fork while another thread holds PyPy's GIL can leave the child blocked.
"""
import ctypes
import io
import sys
import types
import warnings

from .. import _convert, _libc
from .._pathargs import Path
from . import posix_spawning as _spawn_module
from .posix_spawning import char_array, is_mapping, parse_arglist, parse_envlist
from .waiting import WEXITSTATUS, WIFEXITED, WIFSIGNALED, WIFSTOPPED, WSTOPSIG, WTERMSIG
from . import waiting as _wait_module  # waitstatus_to_exitcode exists from 3.9
from .waiting import waitpid

__all__ = [
    'abort', 'execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp', 'execvpe',
    '_exit', 'fork', 'forkpty', 'register_at_fork', 'kill', 'killpg', 'nice', 'popen',
    'spawnl', 'spawnle', 'spawnlp', 'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe',
    'P_WAIT', 'P_NOWAIT', 'P_NOWAITO', 'system',
    'EX_OK', 'EX_USAGE', 'EX_DATAERR', 'EX_NOINPUT', 'EX_NOUSER', 'EX_NOHOST', 'EX_UNAVAILABLE',
    'EX_SOFTWARE', 'EX_OSERR', 'EX_OSFILE', 'EX_CANTCREAT', 'EX_IOERR', 'EX_TEMPFAIL',
    'EX_PROTOCOL', 'EX_NOPERM', 'EX_CONFIG',
]

from .._version import (FORK_REFUSED_AT_SHUTDOWN, FORK_WARNS_WITH_THREADS, POPEN_TEXT_MODE,
                        PYTHON_FINALIZATION_ERROR, WAITSTATUS_TO_EXITCODE)
_open_fd = open  # the builtin, used on pipe descriptors only (never on a path)

# <sysexits.h>; glibc has no EX_NOTFOUND, so os has no such name on Linux.
EX_OK = 0
EX_USAGE = 64
EX_DATAERR = 65
EX_NOINPUT = 66
EX_NOUSER = 67
EX_NOHOST = 68
EX_UNAVAILABLE = 69
EX_SOFTWARE = 70
EX_OSERR = 71
EX_OSFILE = 72
EX_CANTCREAT = 73
EX_IOERR = 74
EX_TEMPFAIL = 75
EX_PROTOCOL = 76
EX_NOPERM = 77
EX_CONFIG = 78

# Lib/os.py's spawn modes on POSIX.
P_WAIT = 0
P_NOWAIT = P_NOWAITO = 1

_O_CLOEXEC = 0o2000000


def abort():
    """Send SIGABRT to the process itself: die at once (core dump), no Python handler runs."""
    _libc.abort()


def _exit(status):
    """Exit the process with status at once: no cleanup handlers, no stdio flushing."""
    _libc._exit(_convert.c_int(status))


# --- the exec family ---

def execv(path, argv, /):
    """Replace the process with the program path, arguments argv (list or tuple); never returns."""
    path = Path(path, 'execv')
    if not isinstance(argv, (list, tuple)):
        raise TypeError('execv() arg 2 must be a tuple or list')
    if len(argv) < 1:
        raise ValueError('execv() arg 2 must not be empty')
    args = parse_arglist(argv)
    if not args[0]:
        raise ValueError('execv() arg 2 first element cannot be empty')
    _libc.execv(path.narrow, char_array(args))
    _libc.raise_errno()  # posix_error(): no filename


def execve(path, argv, env):
    """Replace the process with path (or an open fd: fexecve), argv and the mapping env."""
    path = Path(path, 'execve', allow_fd=True)
    if not isinstance(argv, (list, tuple)):
        raise TypeError('execve: argv must be a tuple or list')
    if len(argv) < 1:
        raise ValueError('execve: argv must not be empty')
    if not is_mapping(env):
        raise TypeError('execve: environment must be a mapping object')
    args = parse_arglist(argv)
    if not args[0]:
        raise ValueError('execve: argv first element cannot be empty')
    env_array = char_array(parse_envlist(env))
    if path.fd > -1:
        _libc.fexecve(path.fd, char_array(args), env_array)
    else:  # a negative fd leaves narrow NULL, and CPython calls execve(NULL, ...): EFAULT
        _libc.execve(path.narrow, char_array(args), env_array)
    _libc.raise_errno(path.object)


def execl(file, *args):
    """execv(file, args): run file with the argument list args."""
    execv(file, args)


def execle(file, *args):
    """execve(file, args[:-1], args[-1]): the last argument is the environment."""
    env = args[-1]
    execve(file, args[:-1], env)


def execlp(file, *args):
    """execvp(file, args): run file, searched along PATH, with the argument list args."""
    execvp(file, args)


def execlpe(file, *args):
    """execvpe(file, args[:-1], args[-1]): PATH search, the last argument is the environment."""
    env = args[-1]
    execvpe(file, args[:-1], env)


def execvp(file, args):
    """Run file, searched along $PATH, with argument list args, replacing the process."""
    _execvpe(file, args)


def execvpe(file, args, env):
    """Run file, searched along env's PATH, with argument list args and environment env."""
    _execvpe(file, args, env)


def _execvpe(file, args, env=None):
    """Lib/os.py's _execvpe: try each PATH directory; re-raise the most telling error."""
    from .. import path as _path  # posixpath, as reference.path
    from ..process_parameters import fsencode
    from ..process_parameters import environ, get_exec_path  # lazily: written in parallel
    if env is not None:
        exec_func = execve
        argrest = (args, env)
    else:
        exec_func = execv
        argrest = (args,)
        env = environ

    if _path.dirname(file):
        exec_func(file, *argrest)
        return
    saved_exc = None
    last_exc = None
    path_list = map(fsencode, get_exec_path(env))
    file = fsencode(file)
    for directory in path_list:
        fullname = _path.join(directory, file)
        try:
            exec_func(fullname, *argrest)
        except (FileNotFoundError, NotADirectoryError) as e:
            last_exc = e
        except OSError as e:
            last_exc = e
            if saved_exc is None:
                saved_exc = e
    if saved_exc is not None:
        raise saved_exc
    raise last_exc


# --- fork and its callbacks ---

_before = []
_after_in_child = []
_after_in_parent = []
_UNSET = object()


@_convert.shows_keyword_only
def register_at_fork(*args, before=_UNSET, after_in_child=_UNSET, after_in_parent=_UNSET):
    """Register callables run around this module's fork(): before (LIFO), after_* (FIFO)."""
    _convert.refuse_positional('register_at_fork', args)
    if before is _UNSET and after_in_child is _UNSET and after_in_parent is _UNSET:
        raise TypeError('At least one argument is required.')
    for name, func in (('before', before), ('after_in_child', after_in_child),
                       ('after_in_parent', after_in_parent)):
        if func is not _UNSET and not callable(func):
            raise TypeError("'%s' must be callable, not %s" % (name, _convert.tp_name(func)))
    if before is not _UNSET:
        _before.append(before)
    if after_in_child is not _UNSET:
        _after_in_child.append(after_in_child)
    if after_in_parent is not _UNSET:
        _after_in_parent.append(after_in_parent)


def _run_at_forkers(funcs, reverse):
    """run_at_forkers: call each on a copy of the list; report exceptions as unraisable."""
    copy = list(funcs)
    if reverse:
        copy.reverse()
    for func in copy:
        try:
            func()
        except BaseException:  # noqa: B902 -- PyErr_WriteUnraisable swallows everything
            _write_unraisable(func)


def _write_unraisable(obj):
    """PyErr_WriteUnraisable(obj) for the exception being handled: call sys.unraisablehook."""
    exc_type, exc_value, exc_tb = sys.exc_info()
    hook = getattr(sys, 'unraisablehook', None)
    args_type = _unraisable_args_type() if hook is not None else None
    if args_type is None:  # PyPy: a custom hook gets an equivalent object, the default stderr
        if hook is None or hook is getattr(sys, '__unraisablehook__', None):
            sys.stderr.write('Exception ignored in: %r\n%s: %s\n' % (obj, exc_type.__name__, exc_value))
            return
        args_type = _UnraisableArgs
    try:
        hook(args_type((exc_type, exc_value, exc_tb, None, obj)))
    except BaseException:  # noqa: B902 -- a failing hook is reported, never raised
        sys.stderr.write('Exception ignored in sys.unraisablehook: %r\n' % (hook,))


_ARGS_TYPE = []


def _unraisable_args_type():
    """sys.UnraisableHookArgs (not exported): learned once from a deliberately unraisable error."""
    if not _ARGS_TYPE:
        captured = []
        saved, sys.unraisablehook = sys.unraisablehook, captured.append
        try:
            _Unraisable()  # CPython runs __del__ at once; PyPy may not (then stderr is used)
        finally:
            sys.unraisablehook = saved
        _ARGS_TYPE.append(type(captured[0]) if captured else None)
    return _ARGS_TYPE[0]


def _UnraisableArgs(fields):
    """A stand-in for sys.UnraisableHookArgs where the real type cannot be learned."""
    names = ('exc_type', 'exc_value', 'exc_traceback', 'err_msg', 'object')
    return types.SimpleNamespace(**dict(zip(names, fields)))


class _Unraisable(object):
    """An object whose finaliser fails, so the interpreter builds an UnraisableHookArgs."""

    def __del__(self):
        raise RuntimeError('probe')


def _before_fork():
    """The parent's preparation: this module's callbacks, then the interpreter's (PyOS_BeforeFork)."""
    if FORK_REFUSED_AT_SHUTDOWN and sys.is_finalizing():
        error = PythonFinalizationError if PYTHON_FINALIZATION_ERROR else RuntimeError  # noqa: F821
        raise error("can't fork at interpreter shutdown")
    _run_at_forkers(_before, reverse=True)
    if _libc.PyOS_BeforeFork is not None:
        _libc.PyOS_BeforeFork()


def _after_fork(pid, function_name):
    """Bookkeeping in both processes after fork returned pid (-1: no child)."""
    if pid == 0:
        if _libc.PyOS_AfterFork_Child is not None:
            _libc.PyOS_AfterFork_Child()
        else:  # PyPy: the best available equivalent of its internal after-fork hooks
            threading = sys.modules.get('threading')
            if threading is not None and hasattr(threading, '_after_fork'):
                threading._after_fork()
        _run_at_forkers(_after_in_child, reverse=False)
    else:
        if _libc.PyOS_AfterFork_Parent is not None:
            _libc.PyOS_AfterFork_Parent()
        if FORK_WARNS_WITH_THREADS and pid != -1:
            _warn_about_fork_with_threads(function_name)
        _run_at_forkers(_after_in_parent, reverse=False)


def _thread_count():
    """The kernel's thread count (field 20 of /proc/self/stat), else threading's count."""
    fd = _libc.openat(_convert.AT_FDCWD, b'/proc/self/stat', _O_CLOEXEC, 0)
    if fd >= 0:
        try:
            buf = ctypes.create_string_buffer(4096)
            count = _libc.read(fd, buf, 4096)
        finally:
            _libc.close(fd)
        if count > 0:
            fields = buf.raw[:count].rpartition(b')')[2].split()
            if len(fields) > 17:
                return int(fields[17])
    threading = sys.modules.get('threading')
    if threading is None:
        return 1
    return len(getattr(threading, '_active', ())) + len(getattr(threading, '_limbo', ()))


def _warn_about_fork_with_threads(function_name):
    """3.12+: the DeprecationWarning os.fork gives in a multi-threaded parent."""
    if _thread_count() > 1:
        warnings.warn('This process (pid=%d) is multi-threaded, use of %s() may lead to deadlocks '
                      'in the child.' % (_libc.getpid(), function_name), DeprecationWarning,
                      stacklevel=4)


def fork():
    """Fork a child process: return 0 in the child and the child's pid in the parent."""
    _before_fork()
    pid, err = _libc.call_reporting_errno(_libc.fork)  # errno read before the hooks run
    _after_fork(pid, 'fork')
    if pid == -1:
        _libc.raise_oserror(err)
    return pid


def forkpty():
    """Fork a child whose controlling terminal is a new pty; return (pid, master fd)."""
    _before_fork()
    master = ctypes.c_int(-1)
    pid, err = _libc.call_reporting_errno(_libc.forkpty, ctypes.byref(master), None, None, None)
    _after_fork(pid, 'forkpty')
    if pid == -1:
        _libc.raise_oserror(err)
    return (pid, master.value)


# --- signals, priority ---

def kill(pid, signal, /):
    """Send signal number signal to process pid (negative: a process group; 0: just check)."""
    pid = _convert.c_pid(pid)
    signal = _convert.c_ssize_t(signal)
    signal = ((signal & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000  # (int)signal, as C truncates
    _libc.check(_libc.kill(pid, signal))


def killpg(pgid, signal, /):
    """Send signal number signal to the process group pgid."""
    pgid = _convert.c_pid(pgid)
    signal = _convert.c_pid(signal)  # an 'i' format unit
    _libc.check(_libc.killpg(pgid, signal))


def nice(increment, /):
    """Add increment to the process's niceness; return the new niceness."""
    increment = _convert.c_int(increment)
    value, err = _libc.call_reporting_errno(_libc.nice, increment)  # -1 can be the niceness
    if value == -1 and err:
        _libc.raise_oserror(err)
    return value


def system(command):
    """Run command (str, bytes or path-like) in a subshell; return its wait status."""
    return _libc.system(_convert.fs_converter(command))


# --- popen ---

def popen(cmd, mode='r', buffering=-1):
    """Open a text pipe to or from the shell command cmd; close() returns its exit status."""
    if not isinstance(cmd, str):
        raise TypeError('invalid cmd type (%s, expected string)' % type(cmd))
    if mode not in ('r', 'w'):
        raise ValueError('invalid mode %r' % mode)
    if buffering == 0 or buffering is None:
        raise ValueError('popen() does not support unbuffered streams')
    from ..fd_operations import close, pipe2
    from ..process_parameters import fsencode
    line_buffering = False
    if buffering == 1:
        if POPEN_TEXT_MODE:
            line_buffering = True
        else:
            warnings.warn("line buffering (buffering=1) isn't supported in binary mode, the "
                          "default buffer size will be used", RuntimeWarning, stacklevel=2)
        buffering = -1
    read_end, write_end = pipe2(_O_CLOEXEC)
    parent_fd, child_fd, target = ((read_end, write_end, 1) if mode == 'r'
                                   else (write_end, read_end, 0))
    try:
        pid = _spawn_shell(fsencode(cmd), child_fd, target)
    except BaseException:
        close(parent_fd)
        raise
    finally:
        close(child_fd)
    raw = _open_fd(parent_fd, 'rb' if mode == 'r' else 'wb', buffering)
    encoding = 'locale' if POPEN_TEXT_MODE else None
    if POPEN_TEXT_MODE:
        # As subprocess's text mode: only the write side (its stdin) is line-buffered.
        stream = io.TextIOWrapper(raw, encoding=encoding, line_buffering=line_buffering and mode == 'w',
                                  write_through=(mode == 'w'))
    else:
        stream = io.TextIOWrapper(raw, encoding=encoding)
    return _wrap_close(stream, _Child(pid))


def _spawn_shell(command, child_fd, target):
    """Start /bin/sh -c command with child_fd as its fd target, as subprocess.Popen would.

    subprocess closes every other descriptor (close_fds) and restores SIGPIPE/SIGXFSZ, which
    Python ignores, to their defaults (restore_signals); the environment is the C environ.
    """
    import signal as _signal_numbers  # only the numbers
    actions = _spawn_module._FileActions()
    attr = _spawn_module._Attr()
    _check_spawn(_libc.posix_spawn_file_actions_init(actions))
    try:
        _check_spawn(_libc.posix_spawn_file_actions_adddup2(actions, child_fd, target))
        if _libc.posix_spawn_file_actions_addclosefrom_np is not None:
            _check_spawn(_libc.posix_spawn_file_actions_addclosefrom_np(actions, 3))
        _check_spawn(_libc.posix_spawnattr_init(attr))
        try:
            defaults = _spawn_module.sigset([_signal_numbers.SIGPIPE, _signal_numbers.SIGXFSZ])
            _check_spawn(_libc.posix_spawnattr_setsigdefault(attr, defaults))
            _check_spawn(_libc.posix_spawnattr_setflags(attr, _spawn_module._SETSIGDEF))
            argv = char_array([b'/bin/sh', b'-c', command])
            pid = ctypes.c_int(0)
            err = _libc.posix_spawn(ctypes.byref(pid), b'/bin/sh', actions, attr, argv,
                                    _libc.environ)
            if err:
                _libc.raise_oserror(err, '/bin/sh')
            return pid.value
        finally:
            _libc.posix_spawnattr_destroy(attr)
    finally:
        _libc.posix_spawn_file_actions_destroy(actions)


def _check_spawn(err):
    """Raise OSError for a non-zero error number returned by a posix_spawn helper."""
    if err:
        _libc.raise_oserror(err)


class _Child(object):
    """The little of subprocess.Popen that _wrap_close needs: wait() for the return code."""

    def __init__(self, pid):
        self.pid = pid
        self.returncode = None

    def wait(self):
        """Reap the child (once) and return subprocess's returncode for its status."""
        if self.returncode is not None:
            return self.returncode
        status = ctypes.c_int(0)
        try:
            _libc.retry(_libc.waitpid, self.pid, ctypes.byref(status), 0)
        except ChildProcessError:  # ECHILD: reaped elsewhere, and subprocess reports 0
            self.returncode = 0
            return 0
        self.returncode = _returncode(status.value)
        return self.returncode


def _returncode(status):
    """subprocess's _handle_exitstatus: -signal, the exit code, or -stop signal."""
    if WIFSIGNALED(status):
        return -WTERMSIG(status)
    if WIFEXITED(status):
        return WEXITSTATUS(status)
    if WIFSTOPPED(status):
        return -WSTOPSIG(status)
    raise ValueError('invalid wait status: %i' % status)


class _wrap_close:
    """Lib/os.py's proxy for popen's stream: close() waits for the command."""

    def __init__(self, stream, proc):
        self._stream = stream
        self._proc = proc

    def close(self):
        """Close the stream, wait for the command; None if it exited 0, else status << 8."""
        self._stream.close()
        returncode = self._proc.wait()
        if returncode == 0:
            return None
        return returncode << 8  # Shift left to match old behavior

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __iter__(self):
        return iter(self._stream)


# --- the spawn family (Lib/os.py over fork, exec and waitpid) ---

def _spawnvef(mode, file, args, env, func):
    """Fork; the child runs func (an exec function), exiting 127 if it fails."""
    if not isinstance(args, (tuple, list)):
        raise TypeError('argv must be a tuple or a list')
    if not args or not args[0]:
        raise ValueError('argv first element cannot be empty')
    pid = fork()
    if not pid:
        # Child
        try:
            if env is None:
                func(file, args)
            else:
                func(file, args, env)
        except:  # noqa: E722 -- Lib/os.py: any failure ends the child with 127
            _exit(127)
    else:
        # Parent
        if mode == P_NOWAIT:
            return pid  # Caller is responsible for waiting!
        while 1:
            wpid, sts = waitpid(pid, 0)
            if WIFSTOPPED(sts):
                continue
            if WAITSTATUS_TO_EXITCODE:
                return _wait_module.waitstatus_to_exitcode(sts)
            elif WIFSIGNALED(sts):
                return -WTERMSIG(sts)
            elif WIFEXITED(sts):
                return WEXITSTATUS(sts)
            else:
                raise OSError('Not stopped, signaled or exited???')


def spawnv(mode, file, args):
    """Run file with args in a new process; P_NOWAIT: return its pid, P_WAIT: its exit code."""
    return _spawnvef(mode, file, args, None, execv)


def spawnve(mode, file, args, env):
    """Like spawnv, with the environment mapping env."""
    return _spawnvef(mode, file, args, env, execve)


def spawnvp(mode, file, args):
    """Like spawnv, searching PATH for file."""
    return _spawnvef(mode, file, args, None, execvp)


def spawnvpe(mode, file, args, env):
    """Like spawnve, searching PATH for file."""
    return _spawnvef(mode, file, args, env, execvpe)


def spawnl(mode, file, *args):
    """spawnv(mode, file, args)."""
    return spawnv(mode, file, args)


def spawnle(mode, file, *args):
    """spawnve(mode, file, args[:-1], args[-1])."""
    env = args[-1]
    return spawnve(mode, file, args[:-1], env)


def spawnlp(mode, file, *args):
    """spawnvp(mode, file, args)."""
    return spawnvp(mode, file, args)


def spawnlpe(mode, file, *args):
    """spawnvpe(mode, file, args[:-1], args[-1])."""
    env = args[-1]
    return spawnvpe(mode, file, args[:-1], env)

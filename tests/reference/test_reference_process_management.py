"""Process management against the stdlib os: exec, fork, wait, spawn, popen, signals, status.

Every call that changes or ends the calling process (exec, _exit, abort, nice, setsid, waiting
for "any child") runs only in a forked child that reports back through a pipe with a timeout; a
hung child is killed (SIGKILL to its own pid) and reported, and every child is reaped.
"""
import os
import pickle
import select
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import reference
from conftest import ON_PYPY, outcome

TIMEOUT = 20.0
HAS = pytest.mark.skipif


# --- forked children that report back ---

def in_child(func, *args, timeout=TIMEOUT):
    """Run func(*args) in a forked child; return what it returned (pickled through a pipe).

    The child ends with os._exit whatever happens. A child that does not answer within timeout
    is sent SIGKILL and the test fails; the child is reaped in every case.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        try:
            try:
                payload = pickle.dumps(('ok', func(*args)))
            except BaseException as exc:  # noqa: B902 -- reported to the parent
                payload = pickle.dumps(('error', '%s: %s' % (type(exc).__name__, exc)))
            os.write(write_end, payload)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while True:
            remaining = deadline - time.monotonic()
            ready = select.select([read_end], [], [], max(remaining, 0))[0] if remaining > 0 else []
            if not ready:
                os.kill(pid, signal.SIGKILL)  # this test's own child only
                pytest.fail('child %d hung; killed' % pid)
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    kind, value = pickle.loads(b''.join(chunks))
    if kind == 'error':
        pytest.fail('child failed: %s' % value)
    return value


def child_status(func, *args, timeout=TIMEOUT):
    """Fork a child that runs func(*args) (meant to end the process); return its wait status."""
    pid = os.fork()
    if pid == 0:
        try:
            func(*args)
        finally:
            os._exit(99)
    deadline = time.monotonic() + timeout
    while True:
        wpid, status = os.waitpid(pid, os.WNOHANG)
        if wpid:
            return status
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail('child %d hung; killed' % pid)
        time.sleep(0.01)


def outcome_in_child(module, name, *args, **kwargs):
    """outcome() of module.name(*args) computed in a forked child (safe for exec and friends)."""
    def run():
        result = outcome(getattr(module, name), *args, **kwargs)
        return tuple(x.__name__ if isinstance(x, type) else
                     tuple(w.__name__ for w in x) if isinstance(x, tuple) else repr(x)
                     for x in result)
    return in_child(run)


def same_in_child(name, *args, **kwargs):
    """Assert reference.name and os.name give the same outcome, each computed in a child."""
    expected = outcome_in_child(os, name, *args, **kwargs)
    actual = outcome_in_child(reference, name, *args, **kwargs)
    assert actual == expected
    return actual


def reap(value):
    """Reap a pid that a successful spawn returned (for outcomes of spawn calls)."""
    if value[0] == 'value' and isinstance(value[1], int) and value[1] > 0:
        os.waitpid(value[1], 0)


def same_spawn_outcome(name, *args, **kwargs):
    """Compare a spawn-like call's outcome, reaping whatever child either call started."""
    expected = outcome(getattr(os, name), *args, **kwargs)
    reap(expected)
    actual = outcome(getattr(reference, name), *args, **kwargs)
    reap(actual)
    expected = expected[:1] + (('pid', expected[-1]) if expected[0] == 'value' else expected[1:])
    actual = actual[:1] + (('pid', actual[-1]) if actual[0] == 'value' else actual[1:])
    assert actual == expected
    return actual


# --- names and constants ---

CONSTANTS = [n for n in dir(os) if n.startswith(('EX_', 'P_', 'W', 'CLD_', 'POSIX_SPAWN_'))
             and isinstance(getattr(os, n), int) and n != 'W_OK']


@pytest.mark.parametrize('name', CONSTANTS)
def test_constants(name):
    assert getattr(reference, name) == getattr(os, name)


FUNCTIONS = ['abort', 'execl', 'execle', 'execlp', 'execlpe', 'execv', 'execve', 'execvp',
             'execvpe', '_exit', 'fork', 'forkpty', 'kill', 'killpg', 'nice', 'popen',
             'posix_spawn', 'posix_spawnp', 'register_at_fork', 'spawnl', 'spawnle', 'spawnlp',
             'spawnlpe', 'spawnv', 'spawnve', 'spawnvp', 'spawnvpe', 'system', 'times', 'wait',
             'waitid', 'waitpid', 'wait3', 'wait4', 'WCOREDUMP', 'WIFCONTINUED', 'WIFSTOPPED',
             'WIFSIGNALED', 'WIFEXITED', 'WEXITSTATUS', 'WSTOPSIG', 'WTERMSIG',
             'waitstatus_to_exitcode']


@pytest.mark.parametrize('name', FUNCTIONS)
def test_present_where_cpython_has_it(name):
    if ON_PYPY:
        pytest.skip("PyPy's os lacks several of these; the reference follows CPython")
    assert hasattr(reference, name) == hasattr(os, name)
    assert (name in reference.__all__) == hasattr(os, name)


# --- status functions ---

STATUSES = [0, 1, 0x7f, 0x80, 0x86, 0x100, 0x1300, 0xff00, 0xffff, 0x137f, 0x57f, 0x8b, 0x9,
            -1, -256, 2 ** 31 - 1, -2 ** 31]
W_FUNCS = ['WCOREDUMP', 'WIFCONTINUED', 'WIFSTOPPED', 'WIFSIGNALED', 'WIFEXITED', 'WEXITSTATUS',
           'WSTOPSIG', 'WTERMSIG']


@pytest.mark.parametrize('name', W_FUNCS + ['waitstatus_to_exitcode'])
@pytest.mark.parametrize('status', STATUSES)
def test_status_functions(name, status):
    if not hasattr(os, name):
        pytest.skip('not in this os')
    expected = outcome(getattr(os, name), status)
    assert outcome(getattr(reference, name), status) == expected
    if ON_PYPY and name == 'WCOREDUMP':
        return  # PyPy's WCOREDUMP takes a keyword; CPython's (and the reference's) does not
    keyword = outcome(getattr(os, name), status=status)
    assert outcome(getattr(reference, name), status=status)[:2] == keyword[:2]  # class only: CPython's
    # "takes no keyword arguments" is not what a Python-level positional-only parameter says


@pytest.mark.skipif(ON_PYPY, reason="PyPy's integer conversion messages differ")
@pytest.mark.parametrize('name', W_FUNCS)
@pytest.mark.parametrize('bad', [2 ** 31, -2 ** 31 - 1, 2 ** 64, 1.5, 'x', None])
def test_status_functions_bad_input(name, bad):
    assert outcome(getattr(reference, name), bad) == outcome(getattr(os, name), bad)


# --- wait family (in children: waiting for "any child" must not reap the test runner's) ---

def _wait_variants(module):
    """In a child: run each wait function on a grandchild that exits 3 / is killed."""
    results = []
    for how in ('exit', 'kill'):
        for call in ('wait', 'waitpid', 'wait3', 'wait4', 'waitid'):
            pid = os.fork()
            if pid == 0:
                if how == 'kill':
                    os.kill(os.getpid(), signal.SIGKILL)
                os._exit(3)
            if call == 'wait':
                r = module.wait()
            elif call == 'waitpid':
                r = module.waitpid(pid, 0)
            elif call == 'wait3':
                r = module.wait3(0)[:2]
            elif call == 'wait4':
                r = module.wait4(pid, 0)
                assert type(r[2]).__name__ == 'struct_rusage' and r[2].ru_maxrss >= 0
                r = r[:2]
            else:
                info = module.waitid(module.P_PID, pid, module.WEXITED)
                r = (info.si_pid, info.si_signo, info.si_status, info.si_code, type(info).__name__)
            results.append((how, call, r == (pid,) + tuple(r[1:]), tuple(r[1:])))
    for call in ('wait', 'waitpid', 'wait3', 'wait4', 'waitid', 'waitid_nohang'):
        try:
            if call == 'wait':
                module.wait()
            elif call == 'waitpid':
                module.waitpid(-1, 0)
            elif call == 'wait3':
                module.wait3(0)
            elif call == 'wait4':
                module.wait4(-1, 0)
            elif call == 'waitid':
                module.waitid(module.P_ALL, 0, module.WEXITED)
            else:
                module.waitid(module.P_ALL, 0, module.WEXITED | module.WNOHANG)
            results.append((call, 'returned'))
        except OSError as exc:
            results.append((call, type(exc).__name__, exc.errno, str(exc)))
    return results


@pytest.mark.skipif(not hasattr(os, 'waitid'), reason='os.waitid missing (PyPy)')
def test_wait_family():
    assert in_child(_wait_variants, reference) == in_child(_wait_variants, os)


def test_waitpid_wnohang_and_rusage_zero():
    def run(module):
        pid = os.fork()
        if pid == 0:
            time.sleep(0.5)
            os._exit(0)
        first = module.waitpid(pid, module.WNOHANG)
        usage = module.wait3(module.WNOHANG) if hasattr(module, 'wait3') else None
        final = module.waitpid(pid, 0)
        return first, (usage[0], usage[1]), final[0] == pid, final[1]
    result = in_child(run, reference)
    assert result == ((0, 0), (0, 0), True, 0)
    assert in_child(run, os) == result


def test_wait3_nohang_rusage_is_zeroed():
    def run():
        pid = os.fork()
        if pid == 0:
            time.sleep(0.5)
            os._exit(0)
        result = reference.wait3(reference.WNOHANG)
        os.waitpid(pid, 0)
        return result[:2], tuple(result[2])
    pid_status, usage = in_child(run)
    assert pid_status == (0, 0) and set(usage) == {0}


@pytest.mark.skipif(ON_PYPY, reason="PyPy's integer conversion messages differ")
@pytest.mark.parametrize('args', [('x', 0), (0, 'x'), (2 ** 31, 0), (0, 2 ** 31), (0, 1.5)])
def test_waitpid_bad_input(args):
    assert outcome(reference.waitpid, *args) == outcome(os.waitpid, *args)


@pytest.mark.skipif(ON_PYPY, reason="PyPy's integer conversion messages differ")
@pytest.mark.parametrize('args', [('x', 0, 4), (0, 'x', 4), (0, 0, 'x'), (0, 2 ** 31, 4), (2 ** 31, 0, 4)])
def test_waitid_bad_input(args):
    assert outcome(reference.waitid, *args) == outcome(os.waitid, *args)


def test_times():
    ours, theirs = reference.times(), os.times()
    assert len(ours) == 5 and type(ours).__name__ == 'times_result'
    assert ours.elapsed == pytest.approx(theirs.elapsed, abs=1.0)
    assert ours.user == pytest.approx(theirs.user, abs=1.0)
    assert repr(ours).startswith('posix.times_result(user=')
    assert reference.times_result((1, 2, 3, 4, 5)).children_system == 4
    if not ON_PYPY:
        assert outcome(reference.times_result, (1, 2)) == outcome(os.times_result, (1, 2))
        assert repr(reference.times_result((1, 2, 3, 4, 5))) == repr(os.times_result((1, 2, 3, 4, 5)))
    assert (reference.times_result.n_fields, reference.times_result.n_sequence_fields) == (5, 5)


@pytest.mark.skipif(ON_PYPY, reason='PyPy has no os.waitid_result')
def test_waitid_result():
    assert repr(reference.waitid_result((1, 2, 3, 4, 5))) == repr(os.waitid_result((1, 2, 3, 4, 5)))


# --- exec family (each in a child) ---

BAD_EXEC = [
    ('execv', ('/nonexistent/x', ['x'])), ('execv', ('/bin/true', 'x')), ('execv', ('/bin/true', [])),
    ('execv', ('/bin/true', [''])), ('execv', ('/bin/true', [1])), ('execv', ('/bin/true', ['a\0b'])),
    ('execv', (1, ['x'])), ('execv', ('/etc/passwd', ['x'])),
    ('execve', ('/nonexistent/x', ['x'], {})), ('execve', ('/bin/true', ['x'], [])),
    ('execve', ('/bin/true', ['x'], 5)), ('execve', ('/bin/true', (), {})),
    ('execve', ('/bin/true', ['x'], {'a=b': 'c'})), ('execve', ('/bin/true', ['x'], {'': 'c'})),
    ('execve', ('/bin/true', ['x'], {1: 'c'})), ('execve', ('/bin/true', ['x'], {'a': 1})),
    ('execve', (-1, ['x'], {})), ('execve', (999, ['x'], {})), ('execve', ('/bin/true', 'x', {})),
    ('execl', ('/bin/true',)), ('execl', ('/nonexistent/x', 'x')), ('execle', ('/bin/true', {})),
    ('execlp', ('true',)), ('execlpe', ('true', {})),
    ('execvp', ('no-such-command-xyz', ['x'])), ('execvp', ('/nonexistent/x', ['x'])),
    ('execvpe', ('no-such-command-xyz', ['x'], {'PATH': '/nonexistent:/etc'})),
    ('execvpe', ('passwd', ['x'], {'PATH': '/nonexistent:/etc'})),
    ('execvp', ('true', [])),
]


@pytest.mark.parametrize('name,args', BAD_EXEC, ids=[' '.join(map(repr, (n,) + a))[:60] for n, a in BAD_EXEC])
def test_exec_errors(name, args):
    if ON_PYPY:
        pytest.skip("PyPy's exec messages differ")
    same_in_child(name, *args)


def _exec_and_capture(module, name, args):
    """Run module.name(*args) in a grandchild whose stdout is a pipe; return (output, status)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(write_end, 1)
            getattr(module, name)(*args)
        finally:
            os._exit(99)
    os.close(write_end)
    data = b''
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        data += chunk
    os.close(read_end)
    return data, os.waitpid(pid, 0)[1]


SH = '/bin/sh'
EXECS = [
    ('execv', (SH, ['sh', '-c', 'echo "$0 $1"; exit 3', 'zero', 'one'])),
    ('execv', (SH.encode(), (b'sh', '-c', 'echo bytes'))),
    ('execve', (SH, ['sh', '-c', 'echo "$FOO"; env | wc -l'], {'FOO': 'bar'})),
    ('execl', (SH, 'sh', '-c', 'echo execl')),
    ('execle', (SH, 'sh', '-c', 'echo "$X"', {'X': 'y'})),
    ('execlp', ('sh', 'sh', '-c', 'echo execlp')),
    ('execlpe', ('sh', 'sh', '-c', 'echo "$X"', {'X': 'z', 'PATH': '/bin:/usr/bin'})),
    ('execvp', ('sh', ['sh', '-c', 'echo execvp'])),
    ('execvpe', ('sh', ['sh', '-c', 'echo "$PATH"'], {'PATH': '/nonexistent:/bin'})),
]


@pytest.mark.parametrize('name,args', EXECS, ids=[n + str(i) for i, (n, _) in enumerate(EXECS)])
def test_exec_runs_program(name, args):
    assert _exec_and_capture(reference, name, args) == _exec_and_capture(os, name, args)


def test_fexecve():
    fd = os.open(SH, os.O_RDONLY)
    try:
        args = (fd, ['sh', '-c', 'echo fd; exit 2'], {})
        expected = _exec_and_capture(os, 'execve', args)
        assert expected == (b'fd\n', 0x200)
        assert _exec_and_capture(reference, 'execve', args) == expected
    finally:
        os.close(fd)


# --- _exit, abort, kill, killpg, nice ---

@pytest.mark.parametrize('code', [0, 1, 7, 255, 256, -1])
def test_exit_status(code):
    assert child_status(reference._exit, code) == child_status(os._exit, code)


def test_exit_skips_cleanup():
    def run(module):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.dup2(write_end, 1)
            sys.stdout.write('buffered')  # left in Python's buffer: _exit must not flush it
            module._exit(0)
        os.close(write_end)
        data = os.read(read_end, 100)
        os.close(read_end)
        os.waitpid(pid, 0)
        return data
    assert in_child(run, reference) == in_child(run, os) == b''


def test_abort_kills_with_sigabrt():
    def run(module):
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the test
        module.abort()
    status = child_status(run, reference)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGABRT
    assert status == child_status(run, os)


def test_abort_ignores_python_handler():
    def run(module):
        import resource
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(signal.SIGABRT, lambda *a: None)
        module.abort()
    assert os.WTERMSIG(child_status(run, reference)) == signal.SIGABRT


def test_kill_and_killpg():
    for module in (reference, os):
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)
            time.sleep(30)
            os._exit(0)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # the child already did it
        module.kill(pid, 0)
        module.killpg(pid, signal.SIGTERM)
        status = os.waitpid(pid, 0)[1]
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGTERM
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        module.kill(pid, signal.SIGKILL)
        assert os.WTERMSIG(os.waitpid(pid, 0)[1]) == signal.SIGKILL


@pytest.mark.skipif(ON_PYPY, reason="PyPy's integer conversion messages differ")
@pytest.mark.parametrize('name,args', [
    ('kill', (999999999, 0)), ('kill', (0, 999)), ('kill', ('x', 0)), ('kill', (0, 'x')),
    ('kill', (2 ** 31, 0)), ('kill', (999999999, 2 ** 63)), ('kill', (999999999, 1.5)),
    ('killpg', (999999999, 0)), ('killpg', (0, 2 ** 31)), ('killpg', ('x', 0)),
    ('nice', ('x',)), ('nice', (2 ** 31,)), ('nice', (1.5,)),
])
def test_signal_and_nice_bad_input(name, args):
    assert outcome(getattr(reference, name), *args) == outcome(getattr(os, name), *args)


@pytest.mark.parametrize('increment', [0, 1, 5, -1, -30, 100])
def test_nice(increment):
    def run(module):
        before = os.getpriority(os.PRIO_PROCESS, 0)
        result = module.nice(increment)
        return before, result, os.getpriority(os.PRIO_PROCESS, 0)
    assert in_child(run, reference) == in_child(run, os)


# --- fork, register_at_fork, forkpty ---

def test_fork_returns_zero_in_child_and_pid_in_parent():
    def run():
        read_end, write_end = os.pipe()
        pid = reference.fork()
        if pid == 0:
            os.write(write_end, str(os.getpid()).encode())
            os._exit(5)
        os.close(write_end)
        child_pid = int(os.read(read_end, 100))
        os.close(read_end)
        return pid == child_pid, os.waitpid(pid, 0)[1]
    assert in_child(run) == (True, 0x500)


def test_register_at_fork_order():
    def run():
        events = []
        for tag in ('1', '2'):
            reference.register_at_fork(before=lambda tag=tag: events.append('before' + tag),
                                       after_in_parent=lambda tag=tag: events.append('parent' + tag),
                                       after_in_child=lambda tag=tag: events.append('child' + tag))
        reference.register_at_fork(after_in_child=lambda: 1 / 0)  # reported, not raised
        read_end, write_end = os.pipe()
        unraisable = []
        sys.unraisablehook = unraisable.append
        pid = reference.fork()
        if pid == 0:
            reported = [u.exc_type.__name__ for u in unraisable]
            os.write(write_end, repr((events, reported == ['ZeroDivisionError'])).encode())
            os._exit(0)
        os.close(write_end)
        child_events = os.read(read_end, 1000).decode()
        os.close(read_end)
        os.waitpid(pid, 0)
        return events, child_events
    parent, child = in_child(run)
    assert parent == ['before2', 'before1', 'parent1', 'parent2']
    assert child == repr((['before2', 'before1', 'child1', 'child2'], True))


@pytest.mark.parametrize('kwargs', [{}, {'before': None}, {'after_in_child': 1},
                                    {'after_in_parent': 'x', 'before': len}, {'before': 1, 'after_in_child': 2}])
def test_register_at_fork_errors(kwargs):
    if ON_PYPY:
        pytest.skip("PyPy's messages differ")
    assert outcome(reference.register_at_fork, **kwargs) == outcome(os.register_at_fork, **kwargs)
    assert outcome(reference.register_at_fork, len) == outcome(os.register_at_fork, len)


def test_fork_runs_interpreter_bookkeeping():
    """The stdlib's register_at_fork callbacks and threading's reset run, as with os.fork."""
    def run(module):
        seen = []
        os.register_at_fork(before=lambda: seen.append('std-before'),
                            after_in_child=lambda: seen.append('std-child'),
                            after_in_parent=lambda: seen.append('std-parent'))
        event = threading.Event()
        thread = threading.Thread(target=event.wait)
        thread.start()
        read_end, write_end = os.pipe()
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            pid = module.fork()
        if pid == 0:
            os.write(write_end, repr((seen, len(threading.enumerate()),
                                      threading.current_thread() is threading.main_thread(),
                                      )).encode())
            os._exit(0)
        os.close(write_end)
        child = os.read(read_end, 1000).decode()
        os.close(read_end)
        os.waitpid(pid, 0)
        event.set()
        thread.join()
        return seen, child, [str(w.message).split(') ')[-1] for w in caught]
    if ON_PYPY:
        result = in_child(run, reference)
        assert result[1].endswith(', 1, True)')  # threading reset in the child
        return
    assert in_child(run, reference) == in_child(run, os)


def test_forkpty():
    def run(module):
        pid, master = module.forkpty()
        if pid == 0:
            os.write(1, b'tty=%d' % os.isatty(0))
            os._exit(0)
        data = b''
        while True:
            try:
                chunk = os.read(master, 100)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        os.close(master)
        return data, os.waitpid(pid, 0)[1]
    assert in_child(run, reference) == in_child(run, os) == (b'tty=1', 0)


# --- system, popen, spawn* ---

@pytest.mark.parametrize('command', ['exit 3', b'exit 0', 'kill -9 $$', 'true'])
def test_system(command):
    assert reference.system(command) == os.system(command)


@pytest.mark.parametrize('command', [5, 'a\0b', None])
def test_system_bad_input(command):
    assert outcome(reference.system, command) == outcome(os.system, command)


@pytest.mark.parametrize('command', ['echo hello; exit 0', 'printf "a\\nb"; exit 3', 'kill -9 $$',
                                     'ls /proc/self/fd', 'echo "$HOME"'])
def test_popen_read(command):
    results = []
    for module in (os, reference):
        with warnings_ignored():
            stream = module.popen(command)
            text = stream.read()
            results.append((text, stream.close(), type(stream).__name__))
    assert results[0] == results[1]


def test_popen_write_and_iterate(tmp_path):
    target = str(tmp_path / 'out')
    for module in (os, reference):
        with module.popen('cat > %s; exit 4' % target, 'w') as stream:
            stream.write('line\n')
        assert open(target).read() == 'line\n'
        stream = module.popen('cat > %s; exit 4' % target, 'w')
        stream.write('x')
        assert stream.close() == 4 << 8
        stream = module.popen('printf "a\\nb\\n"')
        assert list(stream) == ['a\n', 'b\n']
        assert stream.close() is None


@pytest.mark.parametrize('args', [(b'x',), ('x', 'rb'), ('x', 'r', 0), ('x', 'r', None)])
def test_popen_bad_input(args):
    assert outcome(reference.popen, *args) == outcome(os.popen, *args)


class warnings_ignored:
    def __enter__(self):
        import warnings
        self.cm = warnings.catch_warnings()
        self.cm.__enter__()
        warnings.simplefilter('ignore', ResourceWarning)

    def __exit__(self, *exc):
        return self.cm.__exit__(*exc)


SPAWNS = [
    ('spawnv', (os.P_WAIT, SH, ['sh', '-c', 'exit 4'])),
    ('spawnv', (os.P_WAIT, SH, ['sh', '-c', 'kill -9 $$'])),
    ('spawnv', (os.P_WAIT, '/nonexistent', ['x'])),
    ('spawnve', (os.P_WAIT, SH, ['sh', '-c', 'exit $X'], {'X': '6'})),
    ('spawnvp', (os.P_WAIT, 'sh', ['sh', '-c', 'exit 7'])),
    ('spawnvpe', (os.P_WAIT, 'sh', ['sh', '-c', 'exit $X'], {'X': '8', 'PATH': '/bin'})),
    ('spawnl', (os.P_WAIT, SH, 'sh', '-c', 'exit 9')),
    ('spawnle', (os.P_WAIT, SH, 'sh', '-c', 'exit $X', {'X': '10'})),
    ('spawnlp', (os.P_WAIT, 'sh', 'sh', '-c', 'exit 11')),
    ('spawnlpe', (os.P_WAIT, 'sh', 'sh', '-c', 'exit $X', {'X': '12', 'PATH': '/bin'})),
    ('spawnv', (os.P_WAIT, SH, 'x')), ('spawnv', (os.P_WAIT, SH, [''])),
    ('spawnv', (os.P_WAIT, SH, [])),
]


@pytest.mark.parametrize('name,args', SPAWNS, ids=[n + str(i) for i, (n, _) in enumerate(SPAWNS)])
def test_spawn_family(name, args):
    assert outcome(getattr(reference, name), *args) == outcome(getattr(os, name), *args)


@pytest.mark.parametrize('mode', [os.P_NOWAIT, os.P_NOWAITO])
def test_spawn_nowait_returns_pid(mode):
    pid = reference.spawnv(mode, SH, ['sh', '-c', 'exit 3'])
    assert os.waitpid(pid, 0) == (pid, 0x300)


# --- posix_spawn ---

needs_spawn = pytest.mark.skipif(not hasattr(os, 'posix_spawn'), reason='no os.posix_spawn (PyPy)')


def _spawn_capture(module, name, argv, env, **kwargs):
    """posix_spawn a shell whose stdout is a pipe (through file_actions); return output, status."""
    read_end, write_end = os.pipe()
    actions = [(module.POSIX_SPAWN_DUP2, write_end, 1)] + list(kwargs.pop('file_actions', []))
    try:
        pid = getattr(module, name)(argv[0] if name == 'posix_spawnp' else SH, argv, env,
                                    file_actions=actions, **kwargs)
    finally:
        os.close(write_end)
    data = b''
    while True:
        chunk = os.read(read_end, 4096)
        if not chunk:
            break
        data += chunk
    os.close(read_end)
    return data, os.waitpid(pid, 0)[1]


SPAWN_CASES = [
    ({}, 'echo "$FOO"; exit 3', {'FOO': 'bar'}),
    ({'setpgroup': 0}, 'ps -o pgid= -p $$ | tr -d " " > /dev/null; [ "$(ps -o pgid= -p $$ | tr -d " ")" = "$$" ] && echo own', {'PATH': '/bin:/usr/bin'}),
    ({'setsid': True}, '[ "$(ps -o sid= -p $$ | tr -d " ")" = "$$" ] && echo leader', {'PATH': '/bin:/usr/bin'}),
    ({'resetids': True}, 'id -u', {'PATH': '/bin:/usr/bin'}),
    ({'setsigmask': [signal.SIGUSR1]}, 'grep SigBlk /proc/self/status', {'PATH': '/bin:/usr/bin'}),
    ({'setsigmask': []}, 'grep SigBlk /proc/self/status', {'PATH': '/bin:/usr/bin'}),
    ({'setsigdef': [signal.SIGPIPE]}, 'grep SigIgn /proc/self/status', {'PATH': '/bin:/usr/bin'}),
    ({}, 'grep SigIgn /proc/self/status', {'PATH': '/bin:/usr/bin'}),
    ({'file_actions': [(0, 5, '/etc/hostname', os.O_RDONLY, 0)]}, 'cat <&5', {}),  # OPEN
    ({'file_actions': [(1, 0)]}, 'cat 2>&1 || echo closed', {'PATH': '/bin'}),  # CLOSE
    ({'scheduler': (None, None)}, 'echo', {}),  # replaced per module below
    ({'scheduler': (os.SCHED_OTHER, None)}, 'cut -d" " -f41 /proc/self/stat', {'PATH': '/bin:/usr/bin'}),
]


@needs_spawn
@pytest.mark.parametrize('name', ['posix_spawn', 'posix_spawnp'])
@pytest.mark.parametrize('index', range(len(SPAWN_CASES)))
def test_posix_spawn_effects(name, index):
    kwargs, script, env = SPAWN_CASES[index]
    results = []
    for module in (os, reference):
        options = dict(kwargs)
        if 'scheduler' in options:
            policy = options['scheduler'][0]
            options['scheduler'] = (policy, module.sched_param(0))
        argv = ['sh', '-c', script] if name == 'posix_spawnp' else [SH, '-c', script]
        if name == 'posix_spawnp':
            env = dict(env, PATH=env.get('PATH', '/bin'))
        results.append(_spawn_capture(module, name, argv, env, **options))
    assert results[0] == results[1]


@needs_spawn
def test_posix_spawnp_searches_path():
    for module in (os, reference):
        pid = module.posix_spawnp('sh', ['sh', '-c', 'exit 3'], {'PATH': '/nonexistent'})
        assert os.waitpid(pid, 0)[1] == 0x300  # the caller's PATH, as glibc searches it


BAD_SPAWN = [
    ((SH, 'x', {}), {}), ((SH, [], {}), {}), ((SH, [''], {}), {}), ((SH, [1], {}), {}),
    ((SH, ['x'], []), {}), ((SH, ['x'], 5), {}), ((SH, ['x'], {'a=b': 'c'}), {}),
    ((SH, ['x'], None), {}), (('/nonexistent', ['x'], {}), {}), ((5, ['x'], {}), {}),
    ((SH, ['x'], {}), {'file_actions': 5}), ((SH, ['x'], {}), {'file_actions': [5]}),
    ((SH, ['x'], {}), {'file_actions': [()]}), ((SH, ['x'], {}), {'file_actions': [(99,)]}),
    ((SH, ['x'], {}), {'file_actions': [('x',)]}),
    ((SH, ['x'], {}), {'file_actions': [(0, 1)]}), ((SH, ['x'], {}), {'file_actions': [(1, 1, 2)]}),
    ((SH, ['x'], {}), {'file_actions': [(2, 1)]}), ((SH, ['x'], {}), {'file_actions': [(0, 1, 2, 3, 'x')]}),
    ((SH, ['x'], {}), {'file_actions': [(0, 'x', '/a', 0, 0)]}),
    ((SH, ['x'], {}), {'file_actions': [(0, 1, 5, 0, 0)]}),
    ((SH, ['x'], {}), {'file_actions': [(1, -1)]}), ((SH, ['x'], {}), {'file_actions': [(2, -1, 1)]}),
    ((SH, ['x'], {}), {'setpgroup': None}), ((SH, ['x'], {}), {'setpgroup': 'x'}),
    ((SH, ['x'], {}), {'setpgroup': 2 ** 31}),
    ((SH, ['x'], {}), {'resetids': 'x'}), ((SH, ['x'], {}), {'setsid': 2 ** 40}),
    ((SH, ['x'], {}), {'setsigmask': [0]}), ((SH, ['x'], {}), {'setsigmask': [65]}),
    ((SH, ['x'], {}), {'setsigmask': 5}), ((SH, ['x'], {}), {'setsigmask': [2 ** 70]}),
    ((SH, ['x'], {}), {'setsigdef': ['x']}), ((SH, ['x'], {}), {'setsigdef': [-3]}),
    ((SH, ['x'], {}), {'scheduler': None}), ((SH, ['x'], {}), {'scheduler': 5}),
    ((SH, ['x'], {}), {'scheduler': (1,)}), ((SH, ['x'], {}), {'scheduler': (1, 5)}),
    ((SH, ['x'], {}), {'sigdef': ()}),
]


@needs_spawn
@pytest.mark.parametrize('name', ['posix_spawn', 'posix_spawnp'])
@pytest.mark.parametrize('args,kwargs', BAD_SPAWN, ids=[repr(k or a)[:50] for a, k in BAD_SPAWN])
def test_posix_spawn_bad_input(name, args, kwargs):
    if 'sigdef' in kwargs:  # an unknown keyword: only the class is comparable
        assert outcome(getattr(reference, name), *args, **kwargs)[:2] == outcome(getattr(os, name), *args, **kwargs)[:2]
        return
    same_spawn_outcome(name, *args, **kwargs)


@needs_spawn
def test_posix_spawn_reserved_signal_warns():
    assert same_spawn_outcome('posix_spawn', SH, ['sh', '-c', 'true'], {}, setsigmask=[32])[-1] == (RuntimeWarning,)


@needs_spawn
@pytest.mark.parametrize('policy', [os.SCHED_BATCH, -5, 2 ** 31, 'x'])
def test_posix_spawn_scheduler_policy_refused(policy):
    """glibc's posix_spawnattr_setschedpolicy accepts only OTHER, FIFO and RR."""
    expected = outcome(os.posix_spawn, SH, ['x'], {}, scheduler=(policy, os.sched_param(0)))
    assert outcome(reference.posix_spawn, SH, ['x'], {}, scheduler=(policy, reference.sched_param(0))) == expected


@needs_spawn
def test_posix_spawn_sched_param_of_other_type_refused():
    assert outcome(reference.posix_spawn, SH, ['x'], {}, scheduler=(None, os.sched_param(0)))[1] is TypeError


# --- a small program: import reference as os behaves as with the stdlib ---

PROGRAM = textwrap.dedent('''
    import sys
    if sys.argv[1] == 'reference':
        sys.path.insert(0, sys.argv[2])
        import reference as os
    else:
        import os
    os.environ['GREETING'] = 'hello'
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.dup2(w, 1)
        os.execv('/bin/sh', ['sh', '-c', 'echo "$GREETING from $0"; exit 3'])
    os.close(w)
    data = os.read(r, 1000)
    os.close(r)
    wpid, status = os.waitpid(pid, 0)
    print(data, wpid == pid, os.WIFEXITED(status), os.WEXITSTATUS(status))
    r, w = os.pipe()
    spid = os.posix_spawn('/bin/sh', ['sh', '-c', 'echo "spawned $GREETING"; exit 5'], os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, w, 1)])
    os.close(w)
    print(os.read(r, 1000))
    os.close(r)
    print(os.waitpid(spid, 0)[1] >> 8)
    with os.popen('echo "$GREETING"') as stream:
        print(stream.read().strip(), os.system('exit 2') >> 8)
''')


@needs_spawn
def test_program_behaves_as_with_stdlib(tmp_path):
    script = tmp_path / 'prog.py'
    script.write_text(PROGRAM)
    root = os.path.dirname(os.path.dirname(os.path.abspath(reference.__file__)))
    outputs = [subprocess.run([sys.executable, str(script), which, root], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60)
               for which in ('stdlib', 'reference')]
    assert outputs[0].returncode == 0, outputs[0].stderr
    assert (outputs[1].returncode, outputs[1].stdout, outputs[1].stderr) == (0, outputs[0].stdout, b'')
    assert b'hello from sh' in outputs[0].stdout


def test_posix_spawn_reference_alone():
    """Runs everywhere, PyPy included (whose os has no posix_spawn)."""
    actions = [(reference.POSIX_SPAWN_OPEN, 5, '/dev/null', reference.O_RDONLY, 0)]
    assert _spawn_capture(reference, 'posix_spawn', [SH, '-c', 'echo "$FOO"; cat <&5; exit 3'],
                          {'FOO': 'bar'}, file_actions=actions) == (b'bar\n', 0x300)


def test_program_with_reference_alone(tmp_path):
    """The small program's output under reference, checked against CPython's known answer."""
    script = tmp_path / 'prog.py'
    script.write_text(PROGRAM)
    root = os.path.dirname(os.path.dirname(os.path.abspath(reference.__file__)))
    run = subprocess.run([sys.executable, str(script), 'reference', root], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=60)
    assert (run.returncode, run.stderr) == (0, b'')
    assert run.stdout == (b"b'hello from sh\\n' True True 3\nb'spawned hello\\n'\n5\nhello 2\n")

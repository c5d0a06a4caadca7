"""Process Parameters (ids, groups, sessions, priority, umask, uname...) against the stdlib os.

Calls that change the process for good run only in a forked child, which reports its outcomes
through a pipe and _exits; both os and reference run the same scenario in their own child.
"""
import os
import pickle

import pytest

from tests.helpers import stable_repr

import reference
from conftest import ON_PYPY, outcome, same_outcome

PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts integers differently from CPython")


def in_child(scenario, module):
    """Run scenario(module) in a forked child; return what it returned (pickled through a pipe)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read_end)
            try:
                data = pickle.dumps(scenario(module))
            except BaseException as exc:  # noqa: BLE001 -- reported to the parent
                data = pickle.dumps(('child failed', repr(exc)))
            with os.fdopen(write_end, 'wb') as pipe:
                pipe.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


def same_in_children(scenario):
    """Assert scenario gives the same report for os and for reference; return the report."""
    expected = in_child(scenario, os)
    actual = in_child(scenario, reference)
    assert actual == expected
    return actual


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        return self.value

    def __repr__(self):  # a stable test id: pytest-xdist workers must collect the same names
        return 'Index(%r)' % (self.value,)


# --- getters ---

@pytest.mark.parametrize('name', ['getuid', 'geteuid', 'getgid', 'getegid', 'getresuid', 'getresgid',
                                  'getgroups', 'getpid', 'getppid', 'getpgrp', 'ctermid', 'getlogin',
                                  'uname'])
def test_getters(name):
    same_outcome(name)


@pytest.mark.parametrize('pid', [0, 1, 'self', 'parent', 999999999, -1, 2 ** 31 - 1])
@pytest.mark.parametrize('name', ['getpgid', 'getsid'])
def test_pid_queries(name, pid):
    pid = {'self': os.getpid(), 'parent': os.getppid()}.get(pid, pid)
    same_outcome(name, pid)


BAD_PIDS = [2 ** 31, -2 ** 31 - 1, 2 ** 63, -2 ** 63 - 1, 2 ** 64, 1.0, '1', None, Index(0), True]


@PYPY_SKIP
@pytest.mark.parametrize('pid', BAD_PIDS, ids=stable_repr)
@pytest.mark.parametrize('name', ['getpgid', 'getsid'])
def test_pid_conversion(name, pid):
    same_outcome(name, pid)


@pytest.mark.parametrize('which', [reference.PRIO_PROCESS, reference.PRIO_PGRP, reference.PRIO_USER, 99, -1])
@pytest.mark.parametrize('who', [0, 'self', 999999999, -1])
def test_getpriority(which, who):
    who = os.getpid() if who == 'self' else who
    same_outcome('getpriority', which, who)


@PYPY_SKIP
@pytest.mark.parametrize('args', [(0, 2 ** 31), (2 ** 31, 0), (0, 1.0), (0, None), (Index(0), Index(0))],
                         ids=stable_repr)
def test_getpriority_conversion(args):
    same_outcome('getpriority', *args)


def test_prio_constants():
    assert (reference.PRIO_PROCESS, reference.PRIO_PGRP, reference.PRIO_USER) == \
        (os.PRIO_PROCESS, os.PRIO_PGRP, os.PRIO_USER)


@pytest.mark.parametrize('code', list(range(-2, 140)) + [99999, 2 ** 31 - 1, -2 ** 31])
def test_strerror(code):
    same_outcome('strerror', code)


@PYPY_SKIP
@pytest.mark.parametrize('code', [2 ** 31, 1.0, '1', None, Index(2), True], ids=stable_repr)
def test_strerror_conversion(code):
    same_outcome('strerror', code)


@pytest.mark.parametrize('mask', [0, 0o22, 0o777, 0o7777, 0o77777, -1, 2 ** 31 - 1])
def test_umask_sets_and_returns_previous(mask):
    original = os.umask(0o22)
    try:
        os.umask(0o27)
        expected = (os.umask(mask), os.umask(0o27))
        reference.umask(0o27)
        actual = (reference.umask(mask), reference.umask(0o27))
        assert actual == expected
    finally:
        os.umask(original)


@PYPY_SKIP
@pytest.mark.parametrize('mask', [2 ** 31, 1.0, '1', None], ids=stable_repr)
def test_umask_conversion(mask):
    original = os.umask(0o22)
    try:
        same_outcome('umask', mask)
    finally:
        os.umask(original)


def test_uname_result_shape():
    expected, actual = os.uname(), reference.uname()
    assert tuple(actual) == tuple(expected)
    assert repr(actual) == repr(expected)
    for field in ('sysname', 'nodename', 'release', 'version', 'machine'):
        assert getattr(actual, field) == getattr(expected, field)
    assert (actual.n_fields, actual.n_sequence_fields, actual.n_unnamed_fields) == (5, 5, 0)
    assert pickle.loads(pickle.dumps(actual)) == actual
    assert getattr(type(actual), '__match_args__', None) == getattr(type(expected), '__match_args__', None)
    with pytest.raises(AttributeError, match='readonly attribute'):
        actual.sysname = 'x'


@pytest.mark.parametrize('args', [((1, 2),), ((1, 2, 3, 4, 5, 6),), (5,), (('a', 'b', 'c', 'd', 'e'),),
                                  (('a', 'b', 'c', 'd', 'e'), {'x': 1})], ids=stable_repr)
def test_uname_result_constructor(args):
    expected = outcome(type(os.uname()), *args)
    actual = outcome(reference.uname_result, *args)
    if expected[0] == 'value':
        expected, actual = (expected[0], tuple(expected[1])), (actual[0], tuple(actual[1]))
    assert actual == expected


@pytest.mark.parametrize('user', ['root', 'nobody', 'daemon', 'no-such-user-xyz', 'r\u00e9'])
@pytest.mark.parametrize('group', [0, 5, 12345, -1])
def test_getgrouplist(user, group):
    if ON_PYPY and group == -1:
        pytest.skip('PyPy returns (gid_t)-1 as 4294967295')
    same_outcome('getgrouplist', user, group)


@PYPY_SKIP
@pytest.mark.parametrize('args', [(b'root', 0), ('root\0', 0), ('\udcff', 0), (None, 0), ('root', 2 ** 32),
                                  ('root', 2 ** 32 - 1), ('root', -2), ('root', 1.0), ('root', Index(3))],
                         ids=stable_repr)
def test_getgrouplist_conversion(args):
    same_outcome('getgrouplist', *args)


# --- uid_t/gid_t conversion, in children: a value that converts is really applied ---

BAD_IDS = [2 ** 32 - 1, 2 ** 32, -2, -1, 2 ** 63 - 1, 2 ** 63, 2 ** 64, -2 ** 63, -2 ** 63 - 1,
           1.5, '1', None, True, Index(7), Index(-1), Index(2 ** 40)]


def _conversion_report(module):
    report = []
    for name in ('setuid', 'seteuid', 'setgid', 'setegid'):
        for value in BAD_IDS:
            report.append((name, repr(value), outcome(getattr(module, name), value)))
    for name in ('setreuid', 'setregid'):
        for value in BAD_IDS:
            report.append((name, repr(value), outcome(getattr(module, name), value, -1)))
            report.append((name, repr(value), outcome(getattr(module, name), -1, value)))
    for name in ('setresuid', 'setresgid'):
        for value in BAD_IDS:
            report.append((name, repr(value), outcome(getattr(module, name), -1, value, -1)))
    report.append(('ids', module.getresuid(), module.getresgid()))
    return report


@PYPY_SKIP
def test_id_conversion_in_child():
    same_in_children(_conversion_report)


@PYPY_SKIP
@pytest.mark.parametrize('groups', [1, None, {1: 2}, {1, 2}, [1.0], ['a'], 'ab', [2 ** 32], [-2], [-1],
                                    [2 ** 63], [True], [Index(3)], list(range(65537)), (1, 2, 3),
                                    list(range(65536)), [], range(3)],
                         ids=lambda g: repr(g)[:30])
def test_setgroups_conversion_in_child(groups):
    same_in_children(lambda m: (outcome(m.setgroups, groups), m.getgroups()))


def test_setgroups_then_getgroups_in_child():
    same_in_children(lambda m: [(outcome(m.setgroups, groups), sorted(m.getgroups()))
                                for groups in ([1, 2, 3], [], [4294967294], [7, 7], [0])])


@PYPY_SKIP
@pytest.mark.parametrize('args', [('root', 5), (b'root', 5), ('no-such-user-xyz', 12), ('root\0', 0),
                                  (1, 0), ('root', 1.0), ('root', 2 ** 32), ('root', -1)], ids=stable_repr)
def test_initgroups_in_child(args):
    same_in_children(lambda m: (outcome(m.initgroups, *args), sorted(m.getgroups())))


def _drop_privileges(module):
    return [outcome(module.setresgid, 100, 101, 102), module.getresgid(),
            outcome(module.setreuid, 1000, 1001), module.getresuid(),
            outcome(module.seteuid, 1000), module.getresuid(),
            outcome(module.setuid, 1000), module.getresuid(),
            outcome(module.setuid, 0), outcome(module.seteuid, 0), outcome(module.setgid, 0),
            outcome(module.setgroups, [1]), outcome(module.initgroups, 'root', 0),
            module.getuid(), module.geteuid(), module.getgid(), module.getegid()]


def test_dropping_privileges_in_child():
    same_in_children(_drop_privileges)


def test_setuid_setgid_in_child():
    same_in_children(lambda m: [outcome(m.setgid, 54321), outcome(m.setegid, 54322), m.getresgid(),
                                outcome(m.setregid, -1, 54323), m.getresgid(),
                                outcome(m.setuid, 54321), m.getresuid(),
                                outcome(m.setuid, 54322)])


# --- sessions and process groups, in children ---

def _session_report(module):
    pid = module.getpid()
    report = [outcome(module.setsid)]
    report.append((module.getsid(0) == pid, module.getpgrp() == pid, module.getpgid(0) == pid))
    report.append(outcome(module.setsid))  # a process group leader cannot start another session
    report.append(outcome(module.setpgrp))  # nor can a session leader change its process group
    report.append(outcome(module.setpgid, 0, 0))
    report.append(outcome(module.setpgid, 0, 999999999))
    report.append(outcome(module.setpgid, 999999999, 0))
    return report


def test_setsid_in_child():
    same_in_children(_session_report)


def test_setpgrp_in_child():
    same_in_children(lambda m: [outcome(m.setpgrp), m.getpgrp() == m.getpid(), outcome(m.setpgid, 0, 0),
                                m.getpgid(0) == m.getpid()])


@PYPY_SKIP
@pytest.mark.parametrize('args', [(0, 2 ** 31), (2 ** 31, 0), (0, 1.0), (None, 0)], ids=stable_repr)
def test_setpgid_conversion_in_child(args):
    same_in_children(lambda m: outcome(m.setpgid, *args))


# --- priority, in children ---

def _priority_report(module):
    prio = module.PRIO_PROCESS
    report = []
    for value in (5, -1, 0, -20, 19, 40, -40):  # -1: getpriority must reset errno to tell it apart
        report.append((outcome(module.setpriority, prio, 0, value), module.getpriority(prio, 0)))
    report.append(outcome(module.setpriority, 99, 0, 0))
    report.append(outcome(module.setpriority, prio, 999999999, 0))
    module.setpriority(prio, 0, 10)
    os.setuid(1000)  # harness-side: drop privileges, then raising priority must fail
    report.append(outcome(module.setpriority, prio, 0, 0))
    report.append(outcome(module.setpriority, prio, 1, 0))
    return report


def test_priority_in_child():
    same_in_children(_priority_report)


def test_getpriority_minus_one_is_a_result():
    result = in_child(lambda m: (m.setpriority(m.PRIO_PROCESS, 0, -1), m.getpriority(m.PRIO_PROCESS, 0)),
                      reference)
    assert result == (None, -1)


@PYPY_SKIP
@pytest.mark.parametrize('args', [(0, 0, 2 ** 31), (0, 0, 1.0), (0, 2 ** 31, 0), (0, 0, None)], ids=stable_repr)
def test_setpriority_conversion_in_child(args):
    same_in_children(lambda m: outcome(m.setpriority, *args))


def test_getlogin_without_terminal_in_child():
    def scenario(module):
        os.setsid()  # harness-side: no controlling terminal, no utmp entry
        return outcome(module.getlogin)
    same_in_children(scenario)

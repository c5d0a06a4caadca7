"""Interface to the scheduler against the stdlib os.

Calls that change the scheduling of the calling process run only in forked children (see
test_reference_process_management.in_child: pipe, timeout, SIGKILL of a hung child, reaping).
"""
import os
import pickle

import pytest

import reference
from conftest import ON_PYPY, outcome
from test_reference_process_management import in_child

NAMES = ['SCHED_OTHER', 'SCHED_BATCH', 'SCHED_IDLE', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_RESET_ON_FORK']
needs = pytest.mark.skipif


@pytest.mark.parametrize('name', NAMES)
def test_policy_constants(name):
    if not hasattr(os, name):
        pytest.skip("this interpreter's os lacks it (PyPy)")
    assert getattr(reference, name) == getattr(os, name)


def test_no_sporadic_on_linux():
    assert not hasattr(reference, 'SCHED_SPORADIC')


@pytest.mark.parametrize('name', ['sched_get_priority_min', 'sched_get_priority_max'])
@pytest.mark.parametrize('policy', [0, 1, 2, 3, 5, 4, -1, 99])
def test_priority_bounds(name, policy):
    assert outcome(getattr(reference, name), policy) == outcome(getattr(os, name), policy)
    assert outcome(getattr(reference, name), policy=policy) == outcome(getattr(os, name), policy=policy)


def test_sched_param_type():
    param = reference.sched_param(5)
    assert param.sched_priority == 5 and param == (5,) and isinstance(param, tuple)
    assert reference.sched_param(sched_priority='x').sched_priority == 'x'
    if not ON_PYPY:
        assert repr(param) == repr(os.sched_param(5))
        assert param.__reduce__()[1] == os.sched_param(5).__reduce__()[1]
        assert outcome(reference.sched_param)[:2] == outcome(os.sched_param)[:2]
    assert (type(param).n_fields, type(param).n_sequence_fields) == (1, 1)


@pytest.mark.parametrize('pid', [0, 'self', 999999999, -1])
@pytest.mark.parametrize('name', ['sched_getscheduler', 'sched_getparam', 'sched_rr_get_interval',
                                  'sched_getaffinity'])
def test_getters(name, pid):
    if not hasattr(os, name):
        pytest.skip("this interpreter's os lacks it (PyPy)")
    pid = os.getpid() if pid == 'self' else pid
    expected = outcome(getattr(os, name), pid)
    actual = outcome(getattr(reference, name), pid)
    if expected[0] == 'value' and name == 'sched_getparam':
        expected = expected[:1] + (tuple(expected[1]),) + expected[2:]
        actual = actual[:1] + (tuple(actual[1]),) + actual[2:]
    assert actual == expected


@pytest.mark.skipif(ON_PYPY, reason="PyPy's integer conversion messages differ")
@pytest.mark.parametrize('name', ['sched_getscheduler', 'sched_getparam', 'sched_rr_get_interval',
                                  'sched_getaffinity'])
@pytest.mark.parametrize('pid', ['x', 1.5, 2 ** 31, None])
def test_getters_bad_pid(name, pid):
    assert outcome(getattr(reference, name), pid) == outcome(getattr(os, name), pid)


def test_sched_yield():
    assert reference.sched_yield() is None


def _param(module, value):
    return module.sched_param(value)


SETTERS = [
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, m.sched_param(10))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_RR | m.SCHED_RESET_ON_FORK, m.sched_param(10))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_BATCH, m.sched_param(0))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_IDLE, m.sched_param(0))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, m.sched_param(0))),  # EINVAL
    ('sched_setscheduler', lambda m: (0, 99, m.sched_param(0))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, 5)),
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, m.sched_param('x'))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, m.sched_param(2 ** 40))),
    ('sched_setscheduler', lambda m: (0, m.SCHED_FIFO, m.sched_param(2 ** 70))),
    ('sched_setscheduler', lambda m: (0, 2 ** 31, m.sched_param(0))),
    ('sched_setscheduler', lambda m: (999999999, 0, m.sched_param(0))),
    ('sched_setparam', lambda m: (0, m.sched_param(0))),
    ('sched_setparam', lambda m: (0, m.sched_param(1))),
    ('sched_setparam', lambda m: (0, (0,))),
    ('sched_setaffinity', lambda m: (0, {0})),
    ('sched_setaffinity', lambda m: (0, [1, 1, 0])),
    ('sched_setaffinity', lambda m: (0, range(64, 200))),
    ('sched_setaffinity', lambda m: (0, [])),
    ('sched_setaffinity', lambda m: (0, [-1])),
    ('sched_setaffinity', lambda m: (0, [2 ** 31])),
    ('sched_setaffinity', lambda m: (0, [2 ** 70])),
    ('sched_setaffinity', lambda m: (0, ['x'])),
    ('sched_setaffinity', lambda m: (0, 5)),
    ('sched_setaffinity', lambda m: (0, [True])),
    ('sched_setaffinity', lambda m: (999999999, [0])),
]


def _set_and_read(module, index):
    """In a child: call one setter; return its outcome and the scheduling state afterwards."""
    name, make_args = SETTERS[index]
    result = outcome(getattr(module, name), *make_args(module))
    result = tuple(x.__name__ if isinstance(x, type) else repr(x) for x in result)
    return (result, os.sched_getscheduler(0), tuple(os.sched_getparam(0)),
            sorted(os.sched_getaffinity(0)))


@pytest.mark.parametrize('index', range(len(SETTERS)),
                         ids=['%s%d' % (n, i) for i, (n, _) in enumerate(SETTERS)])
def test_setters_in_child(index):
    if not hasattr(os, SETTERS[index][0]) or not hasattr(os, 'sched_getaffinity'):
        pytest.skip("this interpreter's os lacks it (PyPy): see the *_reference_alone tests")
    expected = in_child(_set_and_read, os, index)
    actual = in_child(_set_and_read, reference, index)
    assert actual == expected


def test_setscheduler_reference_alone():
    """Runs everywhere (PyPy's os has no sched_setscheduler): FIFO 10 sticks, with the fork flag."""
    def run():
        reference.sched_setscheduler(0, reference.SCHED_RR | reference.SCHED_RESET_ON_FORK,
                                     reference.sched_param(10))
        return reference.sched_getscheduler(0), reference.sched_getparam(0).sched_priority
    assert in_child(run) == (0x40000002, 10)


def test_affinity_roundtrip_reference_alone():
    def run():
        before = reference.sched_getaffinity(0)
        reference.sched_setaffinity(0, [min(before)])
        return before, reference.sched_getaffinity(0)
    before, after = in_child(run)
    assert after == {min(before)}


def test_sched_param_pickles_within_reference():
    param = reference.sched_param(3)
    assert pickle.loads(pickle.dumps(tuple(param))) == (3,)

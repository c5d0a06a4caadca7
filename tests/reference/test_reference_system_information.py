"""Miscellaneous System Information against the stdlib os: confstr, sysconf, cpu_count, constants."""
import ctypes
import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import stable_repr

import reference
from conftest import ON_PYPY, same_outcome

PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts names differently from CPython")
# Values that change from one call to the next.
MOVING = {'SC_AVPHYS_PAGES'}


def test_name_tables_match_the_stdlib():
    assert reference.confstr_names == os.confstr_names
    assert reference.sysconf_names == os.sysconf_names


@pytest.mark.parametrize('name', sorted(os.confstr_names))
def test_confstr_every_name(name):
    same_outcome('confstr', name)
    same_outcome('confstr', os.confstr_names[name])


@pytest.mark.parametrize('name', sorted(set(os.sysconf_names) - MOVING))
def test_sysconf_every_name(name):
    same_outcome('sysconf', name)
    same_outcome('sysconf', os.sysconf_names[name])


def test_sysconf_moving_value_is_an_int():
    assert isinstance(reference.sysconf('SC_AVPHYS_PAGES'), int)


@pytest.mark.parametrize('name', ['nope', '', 'sc_arg_max', -1, 99999, 2 ** 31 - 1, -2 ** 31, True, 'CS_PATH'],
                         ids=stable_repr)
@pytest.mark.parametrize('function', ['confstr', 'sysconf'])
def test_unknown_names(function, name):
    if ON_PYPY and isinstance(name, int) and abs(name) > 2 ** 20:
        pytest.skip('PyPy truncates large names differently')
    same_outcome(function, name)


class Index:
    def __index__(self):
        return 0


@PYPY_SKIP
@pytest.mark.parametrize('name', [2 ** 31, -2 ** 31 - 1, 1.0, b'CS_PATH', None, Index(), '\udcff'], ids=stable_repr)
@pytest.mark.parametrize('function', ['confstr', 'sysconf'])
def test_bad_name_types(function, name):
    same_outcome(function, name)


def test_cpu_count():
    same_outcome('cpu_count')


@pytest.mark.skipif(sys.version_info < (3, 13), reason='-X cpu_count and PYTHON_CPU_COUNT are 3.13+')
@pytest.mark.parametrize('option,variable', [(None, '3'), ('5', None), ('5', '3'), ('default', '3'),
                                             (None, 'default'), (None, 'x')])
def test_cpu_count_configuration(option, variable):
    code = 'import os, reference; print(os.cpu_count(), reference.cpu_count())'
    env = dict(os.environ, PYTHONPATH=str(Path(reference.__file__).parents[1]))
    env.pop('PYTHON_CPU_COUNT', None)
    if variable is not None:
        env['PYTHON_CPU_COUNT'] = variable
    args = [sys.executable] + (['-X', 'cpu_count=' + option] if option else []) + ['-c', code]
    out = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if out.returncode:
        pytest.skip('the interpreter refuses this setting: %s' % out.stderr.decode()[-80:])
    expected, actual = out.stdout.split()
    assert actual == expected


def test_getloadavg():
    before = os.getloadavg()
    actual = reference.getloadavg()
    after = os.getloadavg()
    assert type(actual) is tuple and len(actual) == 3 and all(type(v) is float for v in actual)
    for low, value, high in zip(before, actual, after):
        assert min(low, high) - 0.5 <= value <= max(low, high) + 0.5


@pytest.mark.parametrize('name', ['curdir', 'pardir', 'sep', 'altsep', 'extsep', 'pathsep', 'defpath',
                                  'linesep', 'devnull', 'RTLD_LAZY', 'RTLD_NOW', 'RTLD_GLOBAL',
                                  'RTLD_LOCAL', 'RTLD_NODELETE', 'RTLD_NOLOAD', 'RTLD_DEEPBIND'])
def test_constants(name):
    assert getattr(reference, name) == getattr(os, name)
    assert type(getattr(reference, name)) is type(getattr(os, name))


def test_confstr_without_a_value_is_none(monkeypatch):
    from reference import _libc

    def no_value(name, buf, size):
        ctypes.set_errno(0)
        return 0
    monkeypatch.setattr(_libc, 'confstr', no_value)
    assert reference.confstr('CS_PATH') is None


def test_confstr_error_sets_errno(monkeypatch):
    from reference import _libc

    def failing(name, buf, size):
        ctypes.set_errno(errno.EINVAL)
        return 0
    monkeypatch.setattr(_libc, 'confstr', failing)
    with pytest.raises(OSError) as info:
        reference.confstr('CS_PATH')
    assert info.value.errno == errno.EINVAL


def test_confstr_long_value_is_fetched_again(monkeypatch):
    from reference import _libc
    value = b'v' * 1000 + b'\0'

    def long_value(name, buf, size):
        ctypes.memmove(buf, value, min(size, len(value)))
        return len(value)
    monkeypatch.setattr(_libc, 'confstr', long_value)
    assert reference.confstr('CS_PATH') == 'v' * 1000

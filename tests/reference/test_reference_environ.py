"""environ/environb, getenv, putenv, unsetenv, get_exec_path against the stdlib os.

Every test runs under the `restored_environment` fixture: whatever a test does to libc's
environment, to os.environ or to reference.environ is undone afterwards. Calls that could leave
unremovable entries (an empty name on 3.8) run in a forked child.
"""
import ctypes
import os
import subprocess
import sys
from collections.abc import MutableMapping
from pathlib import Path

import pytest

from tests.helpers import stable_repr

import reference
from conftest import ON_PYPY, outcome, same_outcome
from reference.process_parameters import parameters as process_parameters
from test_reference_process_parameters import in_child, same_in_children

_libc_getenv = ctypes.CDLL(None).getenv
_libc_getenv.restype = ctypes.c_char_p
_libc_getenv.argtypes = (ctypes.c_char_p,)

KEY = 'OSCONF_TEST_VAR'
BKEY = KEY.encode()


def libc_environ():
    """The process environment as libc holds it right now, as {bytes: bytes} (read independently)."""
    entries = ctypes.POINTER(ctypes.c_char_p).in_dll(ctypes.CDLL(None), 'environ')
    result = {}
    index = 0
    while entries and entries[index] is not None:
        key, _, value = entries[index].partition(b'=')
        result.setdefault(key, value)
        index += 1
    return result


VOLATILE = b'PYTEST_CURRENT_TEST'  # pytest rewrites it through os.environ between phases


def _without_volatile(mapping):
    return {k: v for k, v in mapping.items() if k != VOLATILE}


@pytest.fixture(autouse=True)
def restored_environment():
    """Snapshot os.environ's, reference.environ's and libc's environments; restore all three."""
    saved_os, saved_reference, saved_libc = dict(os.environb), dict(reference.environb), libc_environ()
    yield
    for view, saved in ((os.environb, saved_os), (reference.environb, saved_reference)):
        for key in list(view):
            if key not in saved and key != VOLATILE:
                del view[key]
        for key, value in saved.items():
            if view.get(key) != value and key != VOLATILE:
                view[key] = value
    now = libc_environ()
    for key in set(now) - set(saved_libc):
        if key != VOLATILE:
            os.unsetenv(key)
    for key, value in saved_libc.items():
        if now.get(key) != value and key != VOLATILE:
            os.putenv(key, value)
    assert _without_volatile(reference.environb) == _without_volatile(saved_reference)
    assert _without_volatile(libc_environ()) == _without_volatile(saved_libc)


def test_captured_from_libc_at_import():
    code = ('import os, reference; print(dict(os.environb) == dict(reference.environb), '
            'repr(os.environ) == repr(reference.environ))')
    env = dict(os.environ, PYTHONPATH=str(Path(reference.__file__).parents[1]),
               OSCONF_SURROGATE='\udcff', OSCONF_EMPTY='', OSCONF_EQ='a=b')
    out = subprocess.run([sys.executable, '-c', code], env=env, stdout=subprocess.PIPE, check=True)
    assert out.stdout.split() == [b'True', b'True']


def test_a_fresh_capture_matches_libc():
    assert dict(process_parameters._createenviron()) == \
        {k.decode(sys.getfilesystemencoding(), 'surrogateescape'): v.decode(sys.getfilesystemencoding(),
                                                                            'surrogateescape')
         for k, v in libc_environ().items()}
    assert isinstance(reference.environ, MutableMapping)
    assert reference.supports_bytes_environ is os.supports_bytes_environ


def test_assignment_reaches_libc_and_environb():
    reference.environ[KEY] = 'value \u00e9'
    assert _libc_getenv(BKEY) == 'value \u00e9'.encode()
    assert reference.environb[BKEY] == 'value \u00e9'.encode()
    reference.environb[BKEY] = b'other'
    assert reference.environ[KEY] == 'other'
    assert _libc_getenv(BKEY) == b'other'


def test_surrogateescape_round_trip():
    reference.environb[BKEY] = b'\xff\xfe'
    assert reference.environ[KEY] == '\udcff\udcfe'
    reference.environ[KEY] = 'x\udcff'
    assert _libc_getenv(BKEY) == b'x\xff'


@pytest.mark.parametrize('remove', ['del', 'pop', 'popitem-all', 'clear', 'environb-del'])
def test_removal_reaches_libc(remove):
    reference.environ[KEY] = 'v'
    known = set(reference.environb)
    if remove == 'del':
        del reference.environ[KEY]
    elif remove == 'pop':
        assert reference.environ.pop(KEY) == 'v'
    elif remove == 'environb-del':
        del reference.environb[BKEY]
    elif remove == 'popitem-all':
        while reference.environ:
            reference.environ.popitem()
        assert not known & set(libc_environ())
    else:
        reference.environ.clear()
        assert not known & set(libc_environ()) and len(reference.environb) == 0
    assert _libc_getenv(BKEY) is None
    assert KEY not in reference.environ and BKEY not in reference.environb


def test_mapping_methods():
    env = reference.environ
    assert env.setdefault(KEY, 'a') == 'a' and env.setdefault(KEY, 'b') == 'a'
    env.update({KEY + '2': 'c'})
    assert _libc_getenv(BKEY + b'2') == b'c'
    assert env.copy() == dict(env) and type(env.copy()) is dict
    assert env.get('OSCONF_NO_SUCH') is None
    if sys.version_info >= (3, 9):
        assert (env | {KEY: 'z'})[KEY] == 'z' and ({KEY: 'z'} | env)[KEY] == 'a'
        env |= {KEY: 'y'}
        assert _libc_getenv(BKEY) == b'y'
        assert env.__or__(1) is NotImplemented


def test_libc_changes_after_import_are_not_seen():
    os.putenv(KEY, 'later')  # harness-side: libc only
    assert KEY not in reference.environ
    assert reference.getenv(KEY, 'dflt') == 'dflt'


ERROR_CASES = [
    ('setitem', ('A=B', 'x')), ('setitem', ('A\0', 'x')), ('setitem', ('A', 'x\0')), ('setitem', (1, 'x')),
    ('setitem', ('A', 1)), ('setitem', (b'A', 'x')), ('setitem', ('A', None)), ('setitem', ('', 'x')),
    ('delitem', ('A=B',)), ('delitem', ('',)), ('delitem', ('OSCONF_NO_SUCH',)), ('delitem', (1,)),
    ('delitem', ('A\0',)), ('getitem', ('OSCONF_NO_SUCH',)), ('getitem', (1,)), ('getitem', (b'PATH',)),
    ('bsetitem', ('A', b'x')), ('bsetitem', (b'A', 'x')), ('bsetitem', (bytearray(b'A'), b'x')),
    ('bsetitem', (b'A=B', b'x')), ('bgetitem', ('PATH',)), ('bdelitem', (b'OSCONF_NO_SUCH',)),
    ('pop', ('OSCONF_NO_SUCH',)), ('getenv', (1,)), ('getenvb', ('PATH',)),
]


def _apply(module, operation, args):
    env = module.environb if operation.startswith('b') else module.environ
    method = {'setitem': env.__setitem__, 'delitem': env.__delitem__, 'getitem': env.__getitem__,
              'bsetitem': env.__setitem__, 'bdelitem': env.__delitem__, 'bgetitem': env.__getitem__,
              'pop': env.pop, 'getenv': getattr(module, 'getenv'), 'getenvb': getattr(module, 'getenvb')}
    return outcome(method[operation], *args)


@pytest.mark.parametrize('operation,args', ERROR_CASES, ids=stable_repr)
def test_mapping_errors_in_child(operation, args):
    if ON_PYPY and args and args[0] == '':
        pytest.skip("PyPy refuses an empty name with ValueError")
    same_in_children(lambda m: (_apply(m, operation, args), sorted(libc_environ().items())))


@pytest.mark.parametrize('args', [('A=B', 'x'), ('=A', 'x'), ('', 'x'), ('A\0', 'x'), (b'A\0', 'x'), ('A', 'x\0'),
                                  (1, 'x'), ('A', 1), ('A', None), ('\udcff', 'x'), (b'\xff', b'\xfe')],
                         ids=stable_repr)
def test_putenv_in_child(args):
    if ON_PYPY and args[0] == '':
        pytest.skip("PyPy refuses an empty name with ValueError")
    same_in_children(lambda m: (outcome(m.putenv, *args), sorted(libc_environ().items())))


@pytest.mark.parametrize('name', ['A=B', '', 'A\0', 1, None, KEY, BKEY, 'OSCONF_NO_SUCH'], ids=stable_repr)
def test_unsetenv_in_child(name):
    def scenario(module):
        os.putenv(KEY, 'x')  # harness-side
        return outcome(module.unsetenv, name), sorted(libc_environ().items())
    same_in_children(scenario)


def test_putenv_does_not_touch_environ():
    reference.putenv(KEY, 'p')
    assert _libc_getenv(BKEY) == b'p'
    assert KEY not in reference.environ
    reference.unsetenv(KEY)
    assert _libc_getenv(BKEY) is None


def test_putenv_pathlike_names():
    class P:
        def __fspath__(self):
            return KEY
    reference.putenv(P(), 'q')
    assert _libc_getenv(BKEY) == b'q'
    reference.unsetenv(KEY)


def test_getenv_getenvb():
    reference.environ[KEY] = 'g'
    assert reference.getenv(KEY) == 'g' and reference.getenvb(BKEY) == b'g'
    assert reference.getenv('OSCONF_NO_SUCH', 5) == 5 and reference.getenvb(b'OSCONF_NO_SUCH') is None


def test_a_child_process_sees_the_assignment():
    reference.environ[KEY] = 'inherited'
    child_sees = in_child(lambda m: _libc_getenv(BKEY), None)
    assert child_sees == b'inherited'


EXEC_PATH_ENVS = [None, {}, {'PATH': 'a:b'}, {b'PATH': b'a:\xff'}, {'PATH': 'a', b'PATH': b'b'},
                  {'PATH': ''}, {'PATH': ':'}, {'PATH': None}, {1: 2}]


@pytest.mark.parametrize('env', EXEC_PATH_ENVS, ids=stable_repr)
def test_get_exec_path(env):
    same_outcome('get_exec_path', env)


def test_get_exec_path_follows_environ():
    os.environ['PATH'] = reference.environ['PATH'] = '/x:/y'
    os.environ.pop('OSCONF', None)
    same_outcome('get_exec_path')
    del os.environ['PATH']
    del reference.environ['PATH']
    same_outcome('get_exec_path')


def test_capture_keeps_the_first_of_duplicates_in_child():
    def scenario(module):
        entries = (ctypes.c_char_p * 6)(b'A=1', b'A=2', b'NOEQUALS', b'=e', b'B=x=y', None)
        pointer = ctypes.c_void_p.in_dll(ctypes.CDLL(None), 'environ')
        pointer.value = ctypes.addressof(entries)  # harness-side: a hand-made libc environ
        return process_parameters._capture_environ()
    assert in_child(scenario, None) == {b'A': b'1', b'': b'e', b'B': b'x=y'}

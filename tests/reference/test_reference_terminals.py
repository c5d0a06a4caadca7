"""Terminals against the stdlib os: openpty, ttyname, tcgetpgrp, tcsetpgrp, get_terminal_size,
terminal_size. Pseudo-terminals come from the reference's own openpty and from the stdlib's."""
import copy
import ctypes
import decimal
import fcntl
import os
import pickle
import struct
import sys
import termios

import pytest

import reference
from conftest import ON_PYPY, outcome, same_outcome

VERSION = sys.version_info[:2]
PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts integers differently from CPython")
UNUSED_FD = 999999


class IntOnly:
    def __int__(self):
        return UNUSED_FD


BAD_INTS = [('int_max_plus_1', 2 ** 31), ('int_min_minus_1', -2 ** 31 - 1), ('huge', 2 ** 63),
            ('float', 1.5), ('str', '1'), ('none', None), ('int_only', IntOnly()),
            ('decimal', decimal.Decimal(UNUSED_FD))]


@pytest.fixture(params=['reference', 'stdlib'])
def pty_fds(request):
    """A pseudo-terminal pair (master, slave) from either openpty; both closed afterwards."""
    opener = reference.openpty if request.param == 'reference' else os.openpty
    fds = opener()
    yield fds
    for fd in fds:
        os.close(fd)


@pytest.fixture
def pipe_fds():
    fds = os.pipe()
    yield fds
    for fd in fds:
        os.close(fd)


def set_window(fd, rows, columns):
    """Harness side: set the window size of a terminal with the stdlib's TIOCSWINSZ."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', rows, columns, 0, 0))


def test_winsize_layout():
    """<bits/ioctl-types.h>: four unsigned shorts, row before col, as the stdlib's struct 'HHHH'."""
    from reference import _structs
    assert ctypes.sizeof(_structs.winsize) == struct.calcsize('HHHH') == 8
    assert (_structs.winsize.ws_row.offset, _structs.winsize.ws_col.offset) == (0, 2)


# --- openpty -----------------------------------------------------------------------------------

def test_openpty_pair():
    master, slave = reference.openpty()
    try:
        assert master >= 0 and slave >= 0 and master != slave
        assert os.isatty(master) and os.isatty(slave)
        assert not os.get_inheritable(master) and not os.get_inheritable(slave)
        assert os.ttyname(slave).startswith('/dev/pts/')
        os.write(master, b'ping\n')
        assert os.read(slave, 100) == b'ping\n'
    finally:
        os.close(master)
        os.close(slave)


def test_openpty_like_stdlib():
    """Both openpty results look alike: types, inheritability, tty-ness of each end."""
    def describe(pair):
        return [(type(fd), os.get_inheritable(fd), os.isatty(fd), os.device_encoding(fd)) for fd in pair]
    pairs = [os.openpty(), reference.openpty()]
    try:
        assert describe(pairs[1]) == describe(pairs[0])
    finally:
        for pair in pairs:
            for fd in pair:
                os.close(fd)


def test_openpty_takes_no_arguments():
    with pytest.raises(TypeError):
        reference.openpty(1)


# --- ttyname -----------------------------------------------------------------------------------

def test_ttyname(pty_fds):
    same_outcome('ttyname', pty_fds[1])
    same_outcome('ttyname', pty_fds[0])


def test_ttyname_non_terminals(pipe_fds, closed_fd):
    same_outcome('ttyname', pipe_fds[0])
    same_outcome('ttyname', closed_fd)
    same_outcome('ttyname', -1)


# --- tcgetpgrp, tcsetpgrp ----------------------------------------------------------------------

def test_tc_on_a_terminal_that_is_not_ours(pty_fds):
    master, slave = pty_fds
    for fd in (master, slave):
        same_outcome('tcgetpgrp', fd)
        same_outcome('tcsetpgrp', fd, os.getpgrp())


def test_tc_on_non_terminals(pipe_fds, closed_fd):
    for fd in (pipe_fds[0], closed_fd, -1):
        same_outcome('tcgetpgrp', fd)
        same_outcome('tcsetpgrp', fd, os.getpgrp())


def test_tc_on_the_controlling_terminal(pty_fds):
    """In a child that makes the slave its controlling terminal, both agree with the stdlib."""
    master, slave = pty_fds
    name = os.ttyname(slave)
    pid = os.fork()
    if pid == 0:  # the child: a new session, then open the slave to acquire it; then _exit
        code = 10
        try:
            os.setsid()
            fd = os.open(name, os.O_RDWR)
            code = 11
            if reference.tcgetpgrp(fd) == os.tcgetpgrp(fd) == os.getpgrp():
                code = 12
                reference.tcsetpgrp(fd, os.getpgrp())
                code = 13
                same = outcome(reference.tcsetpgrp, fd, 0)[:3] == outcome(os.tcsetpgrp, fd, 0)[:3]
                code = 0 if same else 14
        except BaseException:  # noqa: BLE001 -- reported through the exit code
            pass
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


@PYPY_SKIP
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_tc_bad_integers(value):
    same_outcome('tcgetpgrp', value)
    same_outcome('tcsetpgrp', value, 1)
    same_outcome('tcsetpgrp', UNUSED_FD, value)
    same_outcome('ttyname', value)


# --- get_terminal_size, terminal_size ----------------------------------------------------------

@pytest.mark.parametrize('rows,columns', [(24, 80), (0, 0), (1, 65535), (65535, 1)])
def test_get_terminal_size(pty_fds, rows, columns):
    set_window(pty_fds[1], rows, columns)
    for fd in pty_fds:
        result = same_outcome('get_terminal_size', fd)
        assert result[1] == (columns, rows)
        assert type(result[1]) is reference.terminal_size


def test_get_terminal_size_default_is_stdout(capfd):
    """With no argument: fd 1 (here pytest's capture file, so ENOTTY on both)."""
    same_outcome('get_terminal_size')


def test_get_terminal_size_non_terminals(pipe_fds, closed_fd):
    for fd in (pipe_fds[0], closed_fd, -1):
        same_outcome('get_terminal_size', fd)


@PYPY_SKIP
@pytest.mark.parametrize('value', [v for _, v in BAD_INTS], ids=[k for k, _ in BAD_INTS])
def test_get_terminal_size_bad_fd(value):
    same_outcome('get_terminal_size', value)


def test_get_terminal_size_keyword_refused():
    with pytest.raises(TypeError):
        reference.get_terminal_size(fd=1)
    with pytest.raises(TypeError):
        reference.get_terminal_size(1, 2)


TS_NEW = [((80, 24),), ([1, 2],), (range(3, 5),), ('ab',), ((1, 2, 3),), ((1,),), (5,), ((1, 2), 5),
          ((1, 2), {}), ((1, 2), {'columns': 3}), ((1, 2), None), ()]


@pytest.mark.parametrize('args', TS_NEW, ids=['tuple', 'list', 'range', 'str', 'three', 'one',
                                               'int', 'bad_dict', 'empty_dict', 'dict', 'none_dict',
                                               'nothing'])
def test_terminal_size_constructor(args):
    expected = outcome(os.terminal_size, *args)
    actual = outcome(reference.terminal_size, *args)
    if expected[0] == 'value':
        expected = expected[:1] + (repr(expected[1]), tuple(expected[1])) + expected[2:]
        actual = actual[:1] + (repr(actual[1]), tuple(actual[1])) + actual[2:]
    if ON_PYPY:
        expected, actual = expected[:2], actual[:2]
    assert actual == expected


def test_terminal_size_fields():
    ours, theirs = reference.terminal_size((80, 24)), os.terminal_size((80, 24))
    assert (ours.columns, ours.lines) == (theirs.columns, theirs.lines) == (80, 24)
    assert ours == theirs and hash(ours) == hash(theirs) and ours[:1] == theirs[:1]
    assert isinstance(ours, tuple) and len(ours) == 2
    for name in ('n_fields', 'n_sequence_fields', 'n_unnamed_fields'):
        assert getattr(ours, name) == getattr(theirs, name)
    assert getattr(ours, '__match_args__', None) == getattr(theirs, '__match_args__', None)
    public = ['columns', 'count', 'index', 'lines', 'n_fields', 'n_sequence_fields', 'n_unnamed_fields']
    assert [n for n in dir(ours) if not n.startswith('_')] == public
    if not ON_PYPY:  # PyPy's structseqs have more public names
        assert [n for n in dir(theirs) if not n.startswith('_')] == public
    assert reference.terminal_size.columns.__doc__ == os.terminal_size.columns.__doc__
    assert reference.terminal_size.lines.__doc__ == os.terminal_size.lines.__doc__


def test_terminal_size_is_immutable_and_final():
    ours, theirs = reference.terminal_size((80, 24)), os.terminal_size((80, 24))
    for name, value in (('columns', 1), ('lines', 1), ('other', 1), ('count', 1)):
        expected = outcome(setattr, theirs, name, value)
        assert outcome(setattr, ours, name, value)[:2] == expected[:2]
        if not ON_PYPY:
            assert outcome(setattr, ours, name, value) == expected
        assert outcome(delattr, ours, name)[:2] == outcome(delattr, theirs, name)[:2]
    expected = ('raised', TypeError) if ON_PYPY else outcome(type, 'Sub', (os.terminal_size,), {})[:2]
    assert outcome(type, 'Sub', (reference.terminal_size,), {})[:2] == expected  # PyPy: AssertionError


def test_terminal_size_pickle_and_copy():
    ours = reference.terminal_size((80, 24))
    again = pickle.loads(pickle.dumps(ours))
    assert type(again) is os.terminal_size and again == ours  # the pickle names CPython's type
    assert type(copy.copy(ours)) is reference.terminal_size
    assert ours.__reduce__()[1] == os.terminal_size((80, 24)).__reduce__()[1]


@pytest.mark.skipif(VERSION < (3, 13), reason='__replace__ appeared in 3.13')
@pytest.mark.parametrize('kwargs', [{}, {'columns': 5}, {'lines': 7, 'columns': 1}, {'bogus': 1}])
def test_terminal_size_replace(kwargs):
    expected = outcome(copy.replace, os.terminal_size((80, 24)), **kwargs)
    actual = outcome(copy.replace, reference.terminal_size((80, 24)), **kwargs)
    if expected[0] == 'value':
        assert type(actual[1]) is reference.terminal_size
        expected, actual = expected[:1] + (repr(expected[1]),), actual[:1] + (repr(actual[1]),)
    assert actual == expected

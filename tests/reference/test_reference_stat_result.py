"""stat_result behaves like os.stat_result (CPython's structseq)."""
import copy
import os
import pickle
import sys

import pytest

import reference
from conftest import ON_PYPY, outcome

# PyPy's own os.stat_result has another hidden-field layout (MACHINE-FACTS.md): there the
# comparisons with os are skipped and the CPython layout is checked as written-out values.
differs_on_pypy = pytest.mark.skipif(ON_PYPY, reason="PyPy's os.stat_result differs from CPython's")

HIDDEN = ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
          'st_blksize', 'st_blocks', 'st_rdev')
ALL_FIELDS = ('st_mode', 'st_ino', 'st_dev', 'st_nlink', 'st_uid', 'st_gid', 'st_size') + HIDDEN


def both(*args, **kwargs):
    """Build the same stat_result with os and reference; return (ours, theirs)."""
    return reference.stat_result(*args, **kwargs), os.stat_result(*args, **kwargs)


def same(func):
    """Assert func gives the same outcome for os.stat_result and reference.stat_result."""
    assert outcome(func, reference.stat_result) == outcome(func, os.stat_result)


CONSTRUCTIONS = {
    'ten': lambda cls: tuple(cls(range(10))),
    'nineteen': lambda cls: tuple(cls(range(19))),
    'nine': lambda cls: cls(range(9)),
    'twenty': lambda cls: cls(range(20)),
    'iterator': lambda cls: tuple(cls(iter(range(10)))),
    'string': lambda cls: tuple(cls('abcdefghij')),
    'not_iterable': lambda cls: cls(5),
    'no_args': lambda cls: cls(),
    'dict_none': lambda cls: cls(range(10), None),
    'dict_list': lambda cls: cls(range(10), []),
    'dict_keyword': lambda cls: cls(range(10), dict={'st_rdev': 5}).st_rdev,
    'sequence_keyword': lambda cls: tuple(cls(sequence=range(10))),
    'unknown_key': lambda cls: cls(range(10), {'zzz': 1}).st_rdev,
    'duplicate_key': lambda cls: cls(range(12), {'st_mtime': 1.0}).st_mtime,
    'raising_iterator': lambda cls: cls(1 // 0 for _ in range(10)),
    'subclass': lambda cls: type('S', (cls,), {}),
}


@differs_on_pypy
@pytest.mark.parametrize('key', sorted(CONSTRUCTIONS))
def test_construction(key):
    same(CONSTRUCTIONS[key])


@differs_on_pypy
@pytest.mark.parametrize('length', [10, 13, 16, 19])
@pytest.mark.parametrize('name', ALL_FIELDS)
def test_field_values(length, name):
    ours, theirs = both(range(length))
    assert getattr(ours, name) == getattr(theirs, name)


@differs_on_pypy
def test_dict_fills_hidden_fields():
    fields = {'st_atime': 1.5, 'st_blocks': 7, 'st_atime_ns': 10}
    ours, theirs = both(range(10), fields)
    for name in HIDDEN:
        assert getattr(ours, name) == getattr(theirs, name)


@differs_on_pypy
def test_tuple_behaviour():
    ours, theirs = both(range(19))
    assert isinstance(ours, tuple)
    assert len(ours) == len(theirs) == 10
    assert ours == theirs and hash(ours) == hash(theirs)
    assert ours[2:4] == theirs[2:4] and type(ours[2:4]) is tuple
    assert type(ours + (1,)) is tuple
    assert ours.count(3) == 1 and ours.index(9) == 9


@differs_on_pypy
def test_repr_and_str():
    ours, theirs = both(range(19))
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)


@differs_on_pypy
def test_class_attributes():
    for name in ('n_fields', 'n_sequence_fields', 'n_unnamed_fields', '__doc__'):
        assert getattr(reference.stat_result, name) == getattr(os.stat_result, name)
    assert getattr(reference.stat_result, '__match_args__', None) == \
        getattr(os.stat_result, '__match_args__', None)
    assert hasattr(reference.stat_result, '__replace__') == hasattr(os.stat_result, '__replace__')


@differs_on_pypy
def test_dir_lists_the_same_public_names():
    ours, theirs = both(range(19))
    public = lambda obj: [n for n in dir(obj) if not n.startswith('_')]  # noqa: E731
    assert public(ours) == public(theirs)


@pytest.mark.parametrize('attribute', ['st_mode', 'st_atime', 'st_rdev', 'count', 'n_fields',
                                       'foo', '__class__', '__dict__'])
@differs_on_pypy
def test_assignment_and_deletion_refused(attribute):
    ours, theirs = both(range(19))
    assert outcome(setattr, ours, attribute, 1)[1:] == outcome(setattr, theirs, attribute, 1)[1:]
    assert outcome(delattr, ours, attribute)[1:] == outcome(delattr, theirs, attribute)[1:]


@differs_on_pypy
def test_no_instance_dict_no_weakref():
    import weakref
    ours, theirs = both(range(10))
    assert outcome(getattr, ours, '__dict__')[:2] == outcome(getattr, theirs, '__dict__')[:2]
    assert outcome(weakref.ref, ours)[:2] == outcome(weakref.ref, theirs)[:2]


@pytest.mark.parametrize('protocol', range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(protocol):
    # The pickle names CPython's os.stat_result, so it loads as the running interpreter's.
    ours = reference.stat_result(range(19))
    back = pickle.loads(pickle.dumps(ours, protocol))
    assert type(back) is os.stat_result and back == ours
    for name in HIDDEN:
        assert getattr(back, name) == getattr(ours, name)
    for clone in (copy.copy(ours), copy.deepcopy(ours)):  # copies keep the reference's type
        assert type(clone) is reference.stat_result and clone == ours
        assert [getattr(clone, name) for name in HIDDEN] == [getattr(ours, name) for name in HIDDEN]


def test_pickles_load_under_a_stock_interpreter():
    # What a program pickled under the reference, loaded by CPython 3.8 (the spec's version),
    # which has never seen the reference: CPython's types, equal values.
    python38 = os.path.expanduser('~/.pyenv/versions/3.8.18/bin/python')
    if not os.path.exists(python38):
        pytest.skip('no CPython 3.8 under ~/.pyenv')
    import subprocess
    values = [reference.stat_result(range(19)), reference.times_result(range(5)),
              reference.uname_result(('a', 'b', 'c', 'd', 'e')), reference.statvfs_result(range(11)),
              reference.terminal_size((80, 24))]
    script = ('import pickle, sys; v = pickle.loads(sys.stdin.buffer.read()); '
              'print([(type(x).__module__, type(x).__name__, tuple(x)) for x in v], v[0].st_mtime_ns, v[3].f_fsid)')
    out = subprocess.run([python38, '-I', '-c', script], input=pickle.dumps(values, 2),
                         stdout=subprocess.PIPE, check=True).stdout.decode()
    assert out.strip() == '%s %s %s' % ([('os', 'stat_result', tuple(range(10))), ('posix', 'times_result', tuple(range(5))),
                                      ('posix', 'uname_result', ('a', 'b', 'c', 'd', 'e')),
                                      ('os', 'statvfs_result', tuple(range(10))), ('os', 'terminal_size', (80, 24))], 14, 10)


@differs_on_pypy
def test_reduce_matches():
    ours, theirs = both(range(16))
    assert ours.__reduce__()[1] == theirs.__reduce__()[1]
    assert list(ours.__reduce__()[1][1]) == list(theirs.__reduce__()[1][1])  # key order


def test_copy():
    ours = reference.stat_result(range(19))
    assert copy.copy(ours).st_rdev == 18 and copy.deepcopy(ours).st_blocks == 17


@differs_on_pypy
@pytest.mark.skipif(sys.version_info < (3, 13), reason='__replace__ is new in 3.13')
def test_replace_refused():
    ours, theirs = both(range(19))
    assert outcome(copy.replace, ours, st_mode=1)[1:] == outcome(copy.replace, theirs, st_mode=1)[1:]


def test_cpython_layout_written_out():
    full = reference.stat_result(range(19))
    assert [getattr(full, name) for name in ALL_FIELDS] == [0, 1, 2, 3, 4, 5, 6] + list(range(10, 19))
    short = reference.stat_result(range(10))
    assert (short.st_atime, short.st_mtime, short.st_ctime) == (7, 8, 9)  # from the integer items
    assert [getattr(short, name) for name in HIDDEN[3:]] == [None] * 6
    assert repr(short) == ('os.stat_result(st_mode=0, st_ino=1, st_dev=2, st_nlink=3, st_uid=4, '
                           'st_gid=5, st_size=6, st_atime=7, st_mtime=8, st_ctime=9)')
    with pytest.raises(AttributeError, match='readonly attribute'):
        short.st_mode = 1


def test_a_stat_result_without_ns_times_pickles_too():
    # stat_result(seq) leaves st_atime_ns and the others None: the pickle (which under PyPy adds
    # PyPy's nsec_* fields, computed from them) must still be made.
    ours = reference.stat_result(range(10))
    back = pickle.loads(pickle.dumps(ours))
    assert back == ours and back.st_atime == 7 and back.st_blksize is None

"""fspath/fsencode/fsdecode/PathLike against the stdlib os."""
import os
import sys

import pytest

import reference
from conftest import same_outcome


class StrPath:
    def __fspath__(self):
        return 'some/path'


class BytesPath:
    def __fspath__(self):
        return b'some/path'


class BadPath:
    def __fspath__(self):
        return 42


class NonePath:
    __fspath__ = None


class RaisingPath:
    def __fspath__(self):
        raise ZeroDivisionError


class StrSub(str):
    pass


ARGUMENTS = {
    'str': 'a/b', 'bytes': b'a/b', 'surrogate': 'a\udcff', 'unencodable': '\ud800',
    'str_nul': 'a\0b', 'bytes_nul': b'a\0b', 'str_subclass': StrSub('x'), 'pathlike_str': StrPath(),
    'pathlike_bytes': BytesPath(), 'bad_pathlike': BadPath(), 'raising_pathlike': RaisingPath(),
    'int': 1, 'none': None, 'bytearray': bytearray(b'x'), 'float': 1.5,
    'none_fspath': NonePath(), 'non_utf8_bytes': b'\xff',
}


@pytest.mark.parametrize('name', ['fspath', 'fsencode', 'fsdecode'])
@pytest.mark.parametrize('key', sorted(ARGUMENTS))
def test_matches_stdlib(name, key):
    same_outcome(name, ARGUMENTS[key])


def test_surrogateescape_round_trip():
    assert reference.fsencode('\udcff') == b'\xff'
    assert reference.fsdecode(b'\xff') == '\udcff'


@pytest.mark.parametrize('cls', [StrPath, BadPath, NonePath, str, int, type(None)])
def test_pathlike_subclass_check(cls):
    assert issubclass(cls, reference.PathLike) == issubclass(cls, os.PathLike)


def test_pathlike_is_abstract_and_registrable():
    with pytest.raises(TypeError):
        reference.PathLike()

    class Registered:
        pass
    reference.PathLike.register(Registered)
    assert isinstance(Registered(), reference.PathLike)


@pytest.mark.skipif(sys.version_info < (3, 9), reason='generic since 3.9')
def test_pathlike_generic_alias():
    assert reference.PathLike[str].__origin__ is reference.PathLike
    assert hasattr(reference.PathLike, '__class_getitem__') == hasattr(os.PathLike, '__class_getitem__')

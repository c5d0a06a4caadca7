"""Spec section "Process Parameters": fsencode, fsdecode, fspath and PathLike, the file system
encoding that the section "File Names, Command Line Arguments, and Environment Variables" describes
and the path protocol.

Shapes follow CPython's Lib/os.py (fsencode/fsdecode from one _fscodec closure); fspath follows
the C PyOS_FSPath, which is what os.fspath is on CPython.
"""
import abc
import sys

from .. import _convert
from .._version import CLASS_GETITEM, FSPATH_NONE_IS_ABSENT

if CLASS_GETITEM:
    from types import GenericAlias

__all__ = ['fsencode', 'fsdecode', 'fspath', 'PathLike']

_MISSING = object()


def fspath(path):
    """Return the file system representation of the path: str/bytes unchanged, else __fspath__()."""
    if isinstance(path, (str, bytes)):
        return path
    func = _convert.lookup_special(path, '__fspath__', _MISSING)
    if func is _MISSING or (func is None and FSPATH_NONE_IS_ABSENT):
        raise TypeError('expected str, bytes or os.PathLike object, not %s' % _convert.tp_name(path))
    result = func()
    if isinstance(result, (str, bytes)):
        return result
    raise TypeError('expected %s.__fspath__() to return str or bytes, not %s'
                    % (_convert.tp_name(path), _convert.tp_name(result)))


def _fscodec():
    """Build fsencode/fsdecode over the filesystem encoding and its error handler."""
    encoding = sys.getfilesystemencoding()
    errors = sys.getfilesystemencodeerrors()

    def fsencode(filename):
        """Encode path-like filename to the filesystem encoding with surrogateescape; bytes unchanged."""
        filename = fspath(filename)  # does the type checking
        if isinstance(filename, str):
            return filename.encode(encoding, errors)
        return filename

    def fsdecode(filename):
        """Decode path-like filename from the filesystem encoding with surrogateescape; str unchanged."""
        filename = fspath(filename)  # does the type checking
        if isinstance(filename, bytes):
            return filename.decode(encoding, errors)
        return filename

    return fsencode, fsdecode


fsencode, fsdecode = _fscodec()
del _fscodec


def _check_method(klass, name):
    """collections.abc's _check_methods for one name: True if defined in the MRO and not None."""
    for base in klass.__mro__:
        if name in base.__dict__:
            return NotImplemented if base.__dict__[name] is None else True
    return NotImplemented


class PathLike(abc.ABC):
    """Abstract base class for implementing the file system path protocol."""

    @abc.abstractmethod
    def __fspath__(self):
        """Return the file system path representation of the object."""
        raise NotImplementedError

    @classmethod
    def __subclasshook__(cls, subclass):
        if cls is PathLike:
            return _check_method(subclass, '__fspath__')
        return NotImplemented

    if CLASS_GETITEM:  # bpo-39481 made os.PathLike generic
        __class_getitem__ = classmethod(GenericAlias)

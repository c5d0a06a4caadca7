"""Files and Directories: statvfs and fstatvfs, their statvfs_result and the ST_* flags."""
import struct
import sys
from operator import itemgetter

from .. import _convert, _libc
from .._structs import statvfs as _statvfs_struct
from ._pathargs import Path

__all__ = ['statvfs', 'fstatvfs', 'statvfs_result', 'ST_RDONLY', 'ST_NOSUID', 'ST_NODEV',
           'ST_NOEXEC', 'ST_SYNCHRONOUS', 'ST_MANDLOCK', 'ST_WRITE', 'ST_APPEND', 'ST_NOATIME',
           'ST_NODIRATIME', 'ST_RELATIME']

_VERSION = sys.version_info[:2]

# <bits/statvfs.h> f_flag bits, the ones posixmodule.c exports on Linux.
ST_RDONLY = 1
ST_NOSUID = 2
ST_NODEV = 4
ST_NOEXEC = 8
ST_SYNCHRONOUS = 16
ST_MANDLOCK = 64
ST_WRITE = 128
ST_APPEND = 256
ST_NOATIME = 1024
ST_NODIRATIME = 2048
ST_RELATIME = 4096

# struct statvfs in one unpack; CPython converts every field signed except f_fsid.
# Order: bsize frsize blocks bfree bavail files ffree favail fsid flag namemax.
_UNPACKER = struct.Struct('=qqqqqqqqQqq24x')

_VISIBLE = ('f_bsize', 'f_frsize', 'f_blocks', 'f_bfree', 'f_bavail', 'f_files', 'f_ffree',
            'f_favail', 'f_flag', 'f_namemax')
_HIDDEN = ('f_fsid',)
_N_SEQUENCE = len(_VISIBLE)
_N_FIELDS = _N_SEQUENCE + len(_HIDDEN)
_TYPE_NAME = 'os.statvfs_result'
_DICT = dict
_MISSING = object()


class _StructSeq(tuple):
    """A tuple with an instance dict holding the hidden fields."""


_set_hidden = _StructSeq.__dict__['__dict__'].__set__
_get_hidden = _StructSeq.__dict__['__dict__'].__get__
_new_tuple = tuple.__new__


class _HiddenField(object):
    """Class-level descriptor of a hidden (attribute-only) field."""

    __slots__ = ('__name__',)

    def __init__(self, name):
        self.__name__ = name

    def __get__(self, obj, objtype=None):
        return self if obj is None else _get_hidden(obj)[self.__name__]

    def __repr__(self):
        return "<member '%s' of '%s' objects>" % (self.__name__, _TYPE_NAME)


def _refusal(self, name, value):
    """The exception a structseq raises for setting or deleting attribute name."""
    if name in _VISIBLE or name in _HIDDEN:
        return AttributeError('readonly attribute')
    if name == '__class__':
        if value is _MISSING:
            return TypeError("can't delete __class__ attribute")
        if not isinstance(value, type):
            return TypeError("__class__ must be set to a class, not '%s' object" % type(value).__name__)
        return TypeError('__class__ assignment only supported for %s types or ModuleType subclasses'
                         % ('mutable' if _VERSION >= (3, 12) else 'heap'))
    if name != '__dict__' and hasattr(type(self), name):
        return AttributeError("'%s' object attribute '%s' is read-only" % (_TYPE_NAME, name))
    suffix = ' and no __dict__ for setting new attributes' if _VERSION >= (3, 13) else ''
    return AttributeError("'%s' object has no attribute '%s'%s" % (_TYPE_NAME, name, suffix))


class statvfs_result(_StructSeq):
    """statvfs_result: Result from statvfs or fstatvfs.

This object may be accessed either as a tuple of
  (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax),
or via the attributes f_bsize, f_frsize, f_blocks, f_bfree, and so on.

See os.statvfs for more information."""

    __slots__ = ()
    n_sequence_fields = _N_SEQUENCE
    n_fields = _N_FIELDS
    n_unnamed_fields = 0
    if _VERSION >= (3, 10):
        __match_args__ = _VISIBLE

    def __new__(cls, sequence=_MISSING, dict={}):  # noqa: B006 -- structseq's signature; never mutated
        if sequence is _MISSING:
            raise TypeError("structseq() missing required argument 'sequence' (pos 1)")
        try:
            items = tuple(sequence)
        except TypeError:
            raise TypeError('constructor requires a sequence') from None
        if not isinstance(dict, _DICT):
            raise TypeError('%s() takes a dict as second arg, if any' % _TYPE_NAME)
        if len(items) < _N_SEQUENCE:
            raise TypeError('%s() takes an at least %d-sequence (%d-sequence given)'
                            % (_TYPE_NAME, _N_SEQUENCE, len(items)))
        if len(items) > _N_FIELDS:
            raise TypeError('%s() takes an at most %d-sequence (%d-sequence given)'
                            % (_TYPE_NAME, _N_FIELDS, len(items)))
        hidden = {name: value for name, value in zip(_HIDDEN, items[_N_SEQUENCE:])}
        found = 0
        for name in _HIDDEN[len(hidden):]:
            found += name in dict
            hidden[name] = dict.get(name)
        if _VERSION >= (3, 13) and len(dict) > found:
            raise TypeError('%s() got duplicate or unexpected field name(s)' % _TYPE_NAME)
        self = _new_tuple(cls, items[:_N_SEQUENCE])
        _set_hidden(self, hidden)
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '%s' is not an acceptable base type" % _TYPE_NAME)

    @property
    def __dict__(self):
        raise AttributeError("'%s' object has no attribute '__dict__'" % _TYPE_NAME)

    def __setattr__(self, name, value):
        raise _refusal(self, name, value)

    def __delattr__(self, name):
        raise _refusal(self, name, _MISSING)

    def __repr__(self):
        return '%s(%s)' % (_TYPE_NAME, ', '.join('%s=%r' % pair for pair in zip(_VISIBLE, self)))

    def __reduce__(self):
        return (type(self), (tuple(self), dict(_get_hidden(self))))

    if _VERSION >= (3, 13):
        def __replace__(self, /, **kwargs):
            fields = dict(zip(_VISIBLE, self))
            fields.update(_get_hidden(self))
            for name in kwargs:
                if name not in fields:
                    raise TypeError('__replace__() got an unexpected keyword argument %r' % name)
            fields.update(kwargs)
            return type(self)([fields[name] for name in _VISIBLE + _HIDDEN])


for _index, _name in enumerate(_VISIBLE):
    setattr(statvfs_result, _name, property(itemgetter(_index)))
for _name in _HIDDEN:
    setattr(statvfs_result, _name, _HiddenField(_name))
del _index, _name


def _result(buf):
    """_pystatvfs_fromstructstatvfs: build a statvfs_result from the C struct."""
    (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag,
     namemax) = _UNPACKER.unpack(buf)
    self = _new_tuple(statvfs_result, (bsize, frsize, blocks, bfree, bavail, files, ffree, favail,
                                       flag, namemax))
    _set_hidden(self, {'f_fsid': fsid})
    return self


def statvfs(path):
    """Return a statvfs_result describing the filesystem holding path (or fd path)."""
    path = Path(path, 'statvfs', allow_fd=True)
    buf = _statvfs_struct()
    if path.fd != -1:
        path.check(_libc.fstatvfs(path.fd, buf))
    else:
        path.check(_libc.statvfs(path.narrow, buf))
    return _result(buf)


def fstatvfs(fd, /):
    """Return a statvfs_result describing the filesystem holding the file open as fd."""
    fd = _convert.c_int(fd)
    buf = _statvfs_struct()
    _libc.retry(_libc.fstatvfs, fd, buf)
    return _result(buf)

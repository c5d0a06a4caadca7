"""stat_result: the documented tuple-like result of stat(), lstat() and fstat()."""
import sys
from operator import itemgetter

__all__ = ['stat_result']

_VERSION = sys.version_info[:2]

# CPython's structseq layout for os.stat_result on Linux: 10 sequence items (indexes 7-9 are the
# unnamed integer times), then 9 named fields reachable only as attributes.
_NAMED_VISIBLE = ('st_mode', 'st_ino', 'st_dev', 'st_nlink', 'st_uid', 'st_gid', 'st_size')
_HIDDEN = ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
           'st_blksize', 'st_blocks', 'st_rdev')
_FIELDS = frozenset(_NAMED_VISIBLE + _HIDDEN)
_N_SEQUENCE = 10
_N_FIELDS = 19
_N_UNNAMED = 3
_REPR_NAMES = _NAMED_VISIBLE + _HIDDEN[:3]  # structseq_repr pairs item i with member name i
_TYPE_NAME = 'os.stat_result'
_DICT = dict  # stat_result.__new__'s parameter is called dict, like structseq's


class _StructSeq(tuple):
    """A tuple with an instance dict, whose accessor stays private to this module."""


# The dict holds the 9 hidden fields; plain dict lookups are the fastest attribute reads, and one
# C-level setter call fills it. stat_result hides __dict__ itself, as CPython's has none.
_set_hidden = _StructSeq.__dict__['__dict__'].__set__
_get_hidden = _StructSeq.__dict__['__dict__'].__get__
_new_tuple = tuple.__new__


class _HiddenField(object):
    """Class-level stand-in for a hidden field: lists it in dir(); instances' dicts shadow it."""

    __slots__ = ('__name__',)

    def __init__(self, name):
        self.__name__ = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return _get_hidden(obj)[self.__name__]

    def __repr__(self):
        return "<member '%s' of '%s' objects>" % (self.__name__, _TYPE_NAME)


def _attribute_error(name):
    """The AttributeError CPython raises for setting/deleting a missing attribute of a structseq."""
    suffix = ' and no __dict__ for setting new attributes' if _VERSION >= (3, 13) else ''
    return AttributeError("'%s' object has no attribute '%s'%s" % (_TYPE_NAME, name, suffix))


_DELETING = object()  # marks "no value": a deletion, or a missing argument


def _refusal(self, name, value):
    """The exception CPython raises for assigning (or deleting) attribute name of a structseq."""
    if name in _FIELDS:
        return AttributeError('readonly attribute')
    if name == '__class__':
        if value is _DELETING:
            return TypeError("can't delete __class__ attribute")
        if not isinstance(value, type):
            return TypeError("__class__ must be set to a class, not '%s' object" % type(value).__name__)
        return TypeError('__class__ assignment only supported for %s types or ModuleType subclasses'
                         % ('mutable' if _VERSION >= (3, 12) else 'heap'))
    if name != '__dict__' and hasattr(type(self), name):
        return AttributeError("'%s' object attribute '%s' is read-only" % (_TYPE_NAME, name))
    return _attribute_error(name)


def _check_length(length):
    """structseq_new's length check: 10 to 19 items."""
    if length < _N_SEQUENCE:
        raise TypeError('%s() takes an at least %d-sequence (%d-sequence given)'
                        % (_TYPE_NAME, _N_SEQUENCE, length))
    if length > _N_FIELDS:
        raise TypeError('%s() takes an at most %d-sequence (%d-sequence given)'
                        % (_TYPE_NAME, _N_FIELDS, length))


def _hidden_from(items, fields):
    """Fill the hidden fields past the given items from `fields` (structseq_new + statresult_new)."""
    hidden = dict(zip(_HIDDEN, items[_N_SEQUENCE:]))
    found = 0
    for name in _HIDDEN[len(hidden):]:
        found += name in fields
        hidden[name] = fields.get(name)
    if _VERSION >= (3, 13) and len(fields) > found:  # 3.13 rejects unknown or duplicate keys
        raise TypeError('%s() got duplicate or unexpected field name(s)' % _TYPE_NAME)
    for index, name in enumerate(_HIDDEN[:3], 7):  # float times default to the integer ones
        if hidden[name] is None:
            hidden[name] = items[index]
    return hidden


class stat_result(_StructSeq):
    """stat_result: Result from stat, fstat, or lstat.

This object may be accessed either as a tuple of
  (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)
or via the attributes st_mode, st_ino, st_dev, st_nlink, st_uid, and so on.

Posix/windows: If your platform supports st_blksize, st_blocks, st_rdev,
or st_flags, they are available as attributes only.

See os.stat for more information."""

    __slots__ = ()
    n_sequence_fields = _N_SEQUENCE
    n_fields = _N_FIELDS
    n_unnamed_fields = _N_UNNAMED
    if _VERSION >= (3, 10):
        __match_args__ = _NAMED_VISIBLE

    def __new__(cls, sequence=_DELETING, dict={}):  # noqa: B006 -- structseq's signature; never mutated
        if sequence is _DELETING:
            raise TypeError("structseq() missing required argument 'sequence' (pos 1)")
        if isinstance(sequence, (tuple, list)):
            items = tuple(sequence)
        else:
            try:
                iterator = iter(sequence)
            except TypeError:
                raise TypeError('constructor requires a sequence') from None
            items = tuple(iterator)
        if not isinstance(dict, _DICT):
            raise TypeError('%s() takes a dict as second arg, if any' % _TYPE_NAME)
        _check_length(len(items))
        self = _new_tuple(cls, items[:_N_SEQUENCE])
        _set_hidden(self, _hidden_from(items, dict))
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '%s' is not an acceptable base type" % _TYPE_NAME)

    @property
    def __dict__(self):
        raise AttributeError("'%s' object has no attribute '__dict__'" % _TYPE_NAME)

    def __setattr__(self, name, value):
        raise _refusal(self, name, value)

    def __delattr__(self, name):
        raise _refusal(self, name, _DELETING)

    def __repr__(self):
        return '%s(%s)' % (_TYPE_NAME, ', '.join(
            '%s=%r' % pair for pair in zip(_REPR_NAMES, self)))

    def __reduce__(self):
        return (type(self), (tuple(self), dict(_get_hidden(self))))

    if _VERSION >= (3, 13):
        def __replace__(self, /, **kwargs):
            raise TypeError('__replace__() is not supported for %s because it has unnamed field(s)'
                            % _TYPE_NAME)


for _index, _name in enumerate(_NAMED_VISIBLE):
    setattr(stat_result, _name, property(itemgetter(_index)))  # C-level getter, no setter
for _name in _HIDDEN:
    setattr(stat_result, _name, _HiddenField(_name))
del _index, _name


def make_stat_result(dev, ino, nlink, mode, uid, gid, rdev, size, blksize, blocks,
                     atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec):
    """Build a stat_result from struct stat fields in layout order (_structs.STAT_UNPACKER).

    As posixmodule.c's _pystat_fromstructstat: float times are sec + nsec * 1e-9 and _ns times
    sec * 10**9 + nsec, which is bit-identical to CPython.
    """
    self = _new_tuple(stat_result, (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime))
    _set_hidden(self, {
        'st_atime': atime + atime_nsec * 1e-9,
        'st_mtime': mtime + mtime_nsec * 1e-9,
        'st_ctime': ctime + ctime_nsec * 1e-9,
        'st_atime_ns': atime * 1000000000 + atime_nsec,
        'st_mtime_ns': mtime * 1000000000 + mtime_nsec,
        'st_ctime_ns': ctime * 1000000000 + ctime_nsec,
        'st_blksize': blksize,
        'st_blocks': blocks,
        'st_rdev': rdev,
    })
    return self

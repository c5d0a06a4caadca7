"""structseq: the tuple types with named fields that os returns, as CPython's Objects/structseq.c.

A structseq is a tuple of its n_sequence_fields visible items (some of which may be unnamed), and
has further named fields reachable only as attributes. Those extra fields live in the instance
dict of a private tuple subclass: a plain dict lookup is the fastest attribute read, and one
C-level setter call fills them, which keeps building a stat_result cheap. The class hides that
dict, as CPython's structseqs have none.

    stat_result = structseq('stat_result', visible_fields, extra_fields, module='os', doc=...)
    self = new_tuple(stat_result, visible_items); set_extra(self, {name: value, ...})  # fast path
"""
import sys
from importlib import import_module
from operator import itemgetter

__all__ = ['structseq', 'new_tuple', 'set_extra', 'get_extra', 'ExtraMember']

from ._convert import MISSING as _MISSING, unpack_args  # _MISSING: also "a deletion" here
from ._version import (CLASS_ASSIGNMENT_SAYS_MUTABLE, MATCH_ARGS, NO_DICT_IN_ATTRIBUTE_ERRORS,
                       STRUCTSEQ_CHECKS_FIELD_NAMES, STRUCTSEQ_REPLACE)
_DICT = dict  # the constructor's second parameter is called dict, like structseq_new's
_dict_get = dict.get  # PyDict_GetItemString: the dict's own lookup, whatever a subclass overrides


class _WithDict(tuple):
    """A tuple with an instance dict, which holds the extra fields; structseq classes hide it."""


set_extra = _WithDict.__dict__['__dict__'].__set__
get_extra = _WithDict.__dict__['__dict__'].__get__
new_tuple = tuple.__new__


class _Member(property):
    # A visible named field, read-only: property + itemgetter keep the read C-level. Its repr and
    # __doc__ are those of CPython's member descriptor. (No docstring: the instance's __doc__ is
    # the field's.)

    def __init__(self, index, name, doc, type_name):
        property.__init__(self, itemgetter(index))
        self.__doc__ = doc  # otherwise property copies itemgetter's docstring
        self._repr = "<member '%s' of '%s' objects>" % (name, type_name)

    def __repr__(self):
        return self._repr


class ExtraMember(object):
    # An attribute-only field: lists it in dir(); instances' dicts shadow it (no __set__).

    def __init__(self, name, doc, type_name):
        self.__name__ = name
        self.__doc__ = doc
        self.type_name = type_name
        self._repr = "<member '%s' of '%s' objects>" % (name, type_name)

    def __get__(self, obj, objtype=None):
        return self if obj is None else get_extra(obj)[self.__name__]

    def __repr__(self):
        return self._repr


class _PickledAs(object):
    """The constructor a structseq's __reduce__ names: called, it builds the reference's type
    (copy and deepcopy call it); pickled, it is CPython's type of the same name, as
    getattr(import_module(module), name), so a pickle made under the reference loads under any
    interpreter, as os.stat_result (or posix.times_result, ...) there. (A pickled global must be
    the very object its name resolves to, which the reference's type is not.)"""

    def __init__(self, module, name, cls):
        self.module, self.name, self.cls = module, name, cls

    def __call__(self, *args):
        return self.cls(*args)

    def __reduce__(self):
        return (getattr, (_ImportedModule(self.module), self.name))


class _ImportedModule(object):
    # A module, pickled as the call that imports it.

    def __init__(self, name):
        self.name = name

    def __reduce__(self):
        return (import_module, (self.name,))


def _name(field):
    """A field's name, from a name, a (name, docstring) pair or None (unnamed)."""
    return field[0] if isinstance(field, tuple) else field


def structseq(name, visible_fields, extra_fields=(), module='os', doc=None):
    """Build a structseq type named module.name (the name its repr and messages use).

    visible_fields: the tuple items in order, each a field name, a (name, docstring) pair, or
    None for an unnamed item (which CPython's repr labels with the next names in line, as
    structseq_repr does); extra_fields: the attribute-only fields that follow them, given alike.
    The class's __module__ is the caller's (where it lives); its instances pickle under
    CPython's name for it, module.name (_PickledAs).
    """
    type_name = '%s.%s' % (module, name)
    field_docs = {}
    for field in tuple(visible_fields) + tuple(extra_fields):
        if isinstance(field, tuple):
            field_docs[field[0]] = field[1]
    visible_fields = tuple(_name(field) for field in visible_fields)
    extra_fields = tuple(_name(field) for field in extra_fields)
    named_visible = tuple(field for field in visible_fields if field is not None)
    all_named = named_visible + extra_fields
    field_set = frozenset(all_named)
    n_sequence = len(visible_fields)
    n_fields = n_sequence + len(extra_fields)
    n_unnamed = n_sequence - len(named_visible)
    repr_names = all_named[:n_sequence]  # structseq_repr pairs item i with member name i

    def __new__(cls, *args, **kwargs):
        if kwargs or not 0 < len(args) < 3:
            args = unpack_args('structseq', ('sequence', 'dict'), 1, args, kwargs)
        sequence = args[0]
        fields = args[1] if len(args) == 2 else _MISSING
        if type(sequence) is not tuple and type(sequence) is not list:  # PySequence_Fast
            try:
                iterator = iter(sequence)
            except TypeError:
                raise TypeError('constructor requires a sequence') from None
            sequence = tuple(iterator)
        if fields is not _MISSING and not isinstance(fields, _DICT):
            raise TypeError('%s() takes a dict as second arg, if any' % type_name)
        length = len(sequence)
        if not n_sequence <= length <= n_fields:
            if n_sequence == n_fields:
                bound = 'a'
            else:
                bound = 'an at least' if length < n_sequence else 'an at most'
            raise TypeError('%s() takes %s %d-sequence (%d-sequence given)' % (
                type_name, bound, n_sequence if length < n_sequence else n_fields, length))
        if fields is _MISSING or (STRUCTSEQ_CHECKS_FIELD_NAMES and not fields):
            fields = {}
        extra = dict(zip(extra_fields, sequence[n_sequence:]))
        found = 0
        for field in extra_fields[length - n_sequence:]:
            value = _dict_get(fields, field, _MISSING)
            if value is _MISSING:
                value = None
            else:
                found += 1
            extra[field] = value
        if STRUCTSEQ_CHECKS_FIELD_NAMES and len(fields) > found:
            raise TypeError('%s() got duplicate or unexpected field name(s)' % type_name)
        if not extra_fields:
            return new_tuple(cls, sequence)
        self = new_tuple(cls, sequence[:n_sequence])
        set_extra(self, extra)
        return self

    def __init_subclass__(cls, **kwargs):
        raise TypeError("type '%s' is not an acceptable base type" % type_name)

    def __dict__(self):
        raise AttributeError("'%s' object has no attribute '__dict__'" % type_name)

    def refusal(self, field, value):
        """The exception CPython raises for assigning (or deleting) attribute field."""
        if field in field_set:
            return AttributeError('readonly attribute')
        if field == '__class__':
            if value is _MISSING:
                return TypeError("can't delete __class__ attribute")
            if not isinstance(value, type):
                return TypeError("__class__ must be set to a class, not '%s' object"
                                 % type(value).__name__)
            return TypeError('__class__ assignment only supported for %s types or ModuleType '
                             'subclasses' % ('mutable' if CLASS_ASSIGNMENT_SAYS_MUTABLE else 'heap'))
        if field != '__dict__' and hasattr(type(self), field):
            return AttributeError("'%s' object attribute '%s' is read-only" % (type_name, field))
        suffix = ' and no __dict__ for setting new attributes' if NO_DICT_IN_ATTRIBUTE_ERRORS else ''
        return AttributeError("'%s' object has no attribute '%s'%s" % (type_name, field, suffix))

    def __setattr__(self, field, value):
        raise refusal(self, field, value)

    def __delattr__(self, field):
        raise refusal(self, field, _MISSING)

    def __repr__(self):
        return '%s(%s)' % (type_name, ', '.join('%s=%r' % pair for pair in zip(repr_names, self)))

    def extras(self):
        if not extra_fields:
            return {}
        # Through the members, which compute what a lazy result has not yet (stat_results.py).
        return {field: getattr(self, field) for field in extra_fields}

    def __reduce__(self):
        return (pickled_as, (tuple(self), extras(self)))

    def __replace__(*args, **kwargs):  # structseq_replace; *args leaves every keyword free
        self = args[0]
        if len(args) > 1:
            raise TypeError('__replace__() takes no positional arguments')
        if n_unnamed:
            raise TypeError('__replace__() is not supported for %s because it has unnamed '
                            'field(s)' % type_name)
        values = dict(zip(named_visible, self))
        values.update(extras(self))
        for field in all_named:
            values[field] = kwargs.pop(field, values[field])
        if kwargs:
            raise TypeError('Got unexpected field name(s): %r' % list(kwargs))
        result = new_tuple(type(self), [values[field] for field in named_visible])
        if extra_fields:
            set_extra(result, {field: values[field] for field in extra_fields})
        return result

    namespace = {
        '__slots__': (), '__doc__': doc, '__module__': sys._getframe(1).f_globals['__name__'],
        '__new__': __new__, '__init_subclass__': __init_subclass__, '__setattr__': __setattr__,
        '__delattr__': __delattr__, '__repr__': __repr__, '__reduce__': __reduce__,
        '__dict__': property(__dict__),
        'n_sequence_fields': n_sequence, 'n_fields': n_fields, 'n_unnamed_fields': n_unnamed,
    }
    if MATCH_ARGS:
        namespace['__match_args__'] = named_visible
    if STRUCTSEQ_REPLACE:
        namespace['__replace__'] = __replace__
    for index, field in enumerate(visible_fields):
        if field is not None:
            namespace[field] = _Member(index, field, field_docs.get(field), type_name)
    for field in extra_fields:
        namespace[field] = ExtraMember(field, field_docs.get(field), type_name)
    cls = type(name, (_WithDict if extra_fields else tuple,), namespace)
    del cls.__slots__  # CPython's structseqs have no __slots__ attribute
    pickled_as = _PickledAs(module, name, cls)
    return cls

"""Argument converters that reproduce CPython's Modules/posixmodule.c (and its Argument Clinic code).

Each converter returns the C-level value or raises what the running CPython raises, message
included. Where CPython versions differ, the running interpreter's behaviour is followed and the
difference is named in a comment; the 3.8 behaviour is the spec's.
"""
import inspect
import operator
import sys
import warnings

from ._version import (BYTES_LIKE_PATHS_REFUSED, DEV_T_NODEV_AWARE, FSPATH_NONE_IS_ABSENT,
                       INDEX_ONLY_INTEGERS, STR_PATH_NUL_LIKE_BYTES, UNEXPECTED_KEYWORD_MESSAGE)

FS_ENCODING = sys.getfilesystemencoding()
FS_ERRORS = sys.getfilesystemencodeerrors()

INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1
LONG_MIN, LONG_MAX = -2 ** 63, 2 ** 63 - 1  # also off_t and Py_ssize_t on LP64
AT_FDCWD = -100  # <fcntl.h>
# b'\0' and b'=' as ints, for `in` tests on bytes: bytes.__contains__ tries its argument as an
# int first, so a bytes needle costs it a TypeError raised and cleared (0.5 us, a fifth of a stat).
NUL, EQUALS = 0, 0x3D

_HEAPTYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE
MISSING = object()  # "not given": a parameter unpack_args found neither by position nor by name
_WARN_LEVEL = 4  # warn -> helper -> converter -> public function -> caller


def shows_keyword_only(func):
    """Give func, which takes `*args` only to refuse them as Argument Clinic does (see
    refuse_positional), the keyword-only signature inspect.signature shows for CPython's."""
    signature = inspect.signature(func)
    func.__signature__ = signature.replace(parameters=[
        p for p in signature.parameters.values() if p.kind is not p.VAR_POSITIONAL])
    return func


def refuse_positional(name, args):
    """Argument Clinic's refusal of positional arguments for a keyword-only function."""
    if args:
        raise TypeError('%s() takes no positional arguments' % name)


def unpack_args(fname, names, required, args, kwargs):
    """Argument Clinic's _PyArg_UnpackKeywords: args and kwargs as a list matching names.

    Parameters past `required` that are not given come back as MISSING; the TypeErrors are
    CPython's, message for message.
    """
    nargs, nkwargs, maxargs = len(args), len(kwargs), len(names)
    if nargs + nkwargs > maxargs:
        raise TypeError('%s() takes at most %d %sargument%s (%d given)' % (
            fname, maxargs, 'keyword ' if nargs == 0 else '', '' if maxargs == 1 else 's',
            nargs + nkwargs))
    values = list(args)
    for index in range(nargs, maxargs):
        value = kwargs.get(names[index], MISSING)
        if value is not MISSING:
            nkwargs -= 1
        elif index < required:
            raise TypeError("%s() missing required argument '%s' (pos %d)"
                            % (fname, names[index], index + 1))
        values.append(value)
    if nkwargs > 0:
        for index in range(nargs):
            if names[index] in kwargs:
                raise TypeError("argument for %s() given by name ('%s') and position (%d)"
                                % (fname, names[index], index + 1))
        unexpected = next(name for name in kwargs if name not in names)
        if UNEXPECTED_KEYWORD_MESSAGE:
            raise TypeError("%s() got an unexpected keyword argument '%s'" % (fname, unexpected))
        raise TypeError("'%s' is an invalid keyword argument for %s()" % (unexpected, fname))
    return values


def tp_name(obj):
    """Return type(obj)->tp_name: __name__ for classes defined in Python, dotted for C types."""
    tp = type(obj)
    module = tp.__dict__.get('__module__', 'builtins') if not (tp.__flags__ & _HEAPTYPE) else None
    if module in (None, 'builtins') or not isinstance(module, str):
        return tp.__name__
    return '%s.%s' % (module, tp.__qualname__)


def short_type_name(obj):
    """Return _PyType_Name(type(obj)): tp_name after its last dot."""
    return type(obj).__name__


def lookup_special(obj, name, default=None):
    """Look `name` up on type(obj) and bind it, like _PyObject_LookupSpecial (instance dict ignored)."""
    tp = type(obj)
    for klass in tp.__mro__:
        if name in klass.__dict__:
            attr = klass.__dict__[name]
            binder = getattr(type(attr), '__get__', None)
            return attr if binder is None else binder(attr, obj, tp)
    return default


def _index_or_int(obj):
    """3.8/3.9 PyLong_AsLong input: __index__, else __int__ with a DeprecationWarning."""
    tp = type(obj)
    if hasattr(tp, '__index__'):
        return operator.index(obj)
    int_method = getattr(tp, '__int__', None)
    if int_method is None:
        raise TypeError('an integer is required (got type %s)' % tp_name(obj))
    result = int_method(obj)
    if not isinstance(result, int):
        raise TypeError('__int__ returned non-int (type %s)' % tp_name(result))
    warnings.warn('an integer is required (got type %s).  Implicit conversion to integers using '
                  '__int__ is deprecated, and may be removed in a future version of Python.'
                  % tp_name(obj), DeprecationWarning, stacklevel=_WARN_LEVEL)
    return result


def _reject_float(obj):
    """3.8/3.9 Argument Clinic refused floats for 'int' and 'Py_ssize_t' before converting."""
    if isinstance(obj, float):
        raise TypeError('integer argument expected, got float')


def _in_range(value, low, high, c_type):
    """Return value as an exact int, or raise CPython's OverflowError for C type `c_type`."""
    if low <= value <= high:
        return value if type(value) is int else int.__index__(value)  # bool, int subclasses
    raise OverflowError('Python int too large to convert to C %s' % c_type)


def c_int(obj):
    """Clinic 'int' (_PyLong_AsInt): an int that fits in a C int."""
    if type(obj) is not int:
        if INDEX_ONLY_INTEGERS:
            obj = operator.index(obj)
        else:
            _reject_float(obj)
            obj = _index_or_int(obj)
    return _in_range(obj, INT_MIN, INT_MAX, 'int')


def c_ssize_t(obj):
    """Clinic 'Py_ssize_t': __index__ only; an int that fits in Py_ssize_t."""
    if type(obj) is not int:
        if not INDEX_ONLY_INTEGERS:
            _reject_float(obj)
        obj = operator.index(obj)
    return _in_range(obj, LONG_MIN, LONG_MAX, 'ssize_t')


def c_off_t(obj):
    """Py_off_t_converter (PyLong_AsLong): 3.8/3.9 also accept __int__ (floats!) with a warning."""
    if type(obj) is not int:
        obj = operator.index(obj) if INDEX_ONLY_INTEGERS else _index_or_int(obj)
    return _in_range(obj, LONG_MIN, LONG_MAX, 'long')


def c_bool(obj):
    """Clinic 'bool' (PyObject_IsTrue): any object's truth value."""
    return bool(obj)


def fildes(obj):
    """fildes_converter (PyObject_AsFileDescriptor): an int or an object with fileno(), >= 0."""
    if isinstance(obj, int):
        fd = _in_range(obj, INT_MIN, INT_MAX, 'int')
    else:
        fileno = getattr(obj, 'fileno', None)
        if fileno is None:
            raise TypeError('argument must be an int, or have a fileno() method.')
        fd = fileno()
        if not isinstance(fd, int):
            raise TypeError('fileno() returned a non-integer')
        fd = _in_range(fd, INT_MIN, INT_MAX, 'int')
    if fd < 0:
        raise ValueError('file descriptor cannot be a negative integer (%d)' % fd)
    return fd


def _fd(obj):
    """_fd_converter: __index__, then a C int range check with its own messages."""
    value = int.__index__(operator.index(obj))
    if value > INT_MAX:
        raise OverflowError('fd is greater than maximum')
    if value < INT_MIN:
        raise OverflowError('fd is less than minimum')
    return value


def dir_fd(obj):
    """dir_fd_converter: None means AT_FDCWD, otherwise an integer fd."""
    if obj is None:
        return AT_FDCWD
    if not hasattr(type(obj), '__index__'):
        raise TypeError('argument should be integer or None, not %s' % short_type_name(obj))
    return _fd(obj)


def _has_buffer(obj):
    """PyObject_CheckBuffer: does obj export the buffer protocol?"""
    try:
        memoryview(obj).release()
    except TypeError:
        return False
    return True


def _path_prefix(function_name, argument_name):
    """The 'open: path' start of path_converter's messages."""
    return '%s: %s' % (function_name, argument_name) if function_name else argument_name


def _expected_kinds(allow_fd, nullable):
    """The 'should be ...' list path_converter names in its TypeError."""
    if allow_fd and nullable:
        return 'string, bytes, os.PathLike, integer or None'
    if allow_fd:
        return 'string, bytes, os.PathLike or integer'
    if nullable:
        return 'string, bytes, os.PathLike or None'
    return 'string, bytes or os.PathLike'


def _null_check(encoded, function_name, argument_name):
    """Raise path_converter's ValueError if the encoded path holds a NUL byte."""
    if NUL in encoded:
        raise ValueError('%s: embedded null character in %s' % (function_name, argument_name)
                         if function_name else 'embedded null character in %s' % argument_name)


def _fspath_for_path(obj, function_name, argument_name, allow_fd, nullable):
    """path_converter's inlined PyOS_FSPath: call __fspath__ and check its result."""
    func = lookup_special(obj, '__fspath__', MISSING)
    if func is MISSING or (func is None and FSPATH_NONE_IS_ABSENT):
        raise TypeError('%s should be %s, not %s' % (_path_prefix(function_name, argument_name),
                                                     _expected_kinds(allow_fd, nullable),
                                                     short_type_name(obj)))
    result = func()
    if not isinstance(result, (str, bytes)):
        raise TypeError('expected %s.__fspath__() to return str or bytes, not %s'
                        % (tp_name(obj), tp_name(result)))
    return result


def path_converter(obj, function_name, argument_name='path', allow_fd=False, nullable=False):
    """path_converter: return (bytes path or int fd or None, the object to name in OSError).

    Functions take their path arguments as _pathargs.Path, which calls this."""
    if isinstance(obj, str):
        return _encode_str_path(obj, function_name, argument_name), obj
    if isinstance(obj, bytes):
        _null_check(obj, function_name, argument_name)
        return obj, obj
    if obj is None and nullable:
        return None, None
    is_index = allow_fd and hasattr(type(obj), '__index__')
    is_buffer = not BYTES_LIKE_PATHS_REFUSED and _has_buffer(obj)
    if is_buffer:
        warnings.warn('%s should be %s, not %s' % (_path_prefix(function_name, argument_name),
                                                   _expected_kinds(allow_fd, nullable), tp_name(obj)),
                      DeprecationWarning, stacklevel=3)
        encoded = bytes(obj)
        _null_check(encoded, function_name, argument_name)
        return encoded, obj
    if is_index:
        return _fd(obj), obj
    result = _fspath_for_path(obj, function_name, argument_name, allow_fd, nullable)
    if isinstance(result, str):
        return _encode_str_path(result, function_name, argument_name), result
    _null_check(result, function_name, argument_name)
    return result, result


def _encode_str_path(text, function_name, argument_name):
    """PyUnicode_FSConverter: encode to the filesystem encoding, then refuse NUL bytes."""
    encoded = text.encode(FS_ENCODING, FS_ERRORS)
    if NUL in encoded:
        if STR_PATH_NUL_LIKE_BYTES:
            _null_check(encoded, function_name, argument_name)
        raise ValueError('embedded null byte')
    return encoded


def buffer(obj):
    """Clinic 'Py_buffer' (y*): return the bytes of a C-contiguous bytes-like object.

    Non-bytes buffers are copied rather than pinned with ctypes.from_buffer: on PyPy the pin
    would outlive the call (collected later) and block resizing a bytearray.
    """
    if type(obj) is bytes:
        return obj
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % tp_name(obj)) from None
    with view:
        if not view.c_contiguous:
            raise BufferError('memoryview: underlying buffer is not C-contiguous')
        return view.tobytes()


# --- Process Parameters: id results, FSConverter, the 's' format ---
# (uid/gid, getargs_int for pid_t, confname and is_sequence are shared with the blocks below.)

_ID_MINUS_ONE = 0xFFFFFFFF  # (uid_t)-1 and (gid_t)-1


def id_to_python(value):
    """_PyLong_FromUid/_PyLong_FromGid: (id_t)-1 becomes -1, other ids stay unsigned."""
    return -1 if value == _ID_MINUS_ONE else value


def fs_converter(obj):
    """PyUnicode_FSConverter: str/bytes/os.PathLike to bytes in the filesystem encoding, no NUL."""
    if not isinstance(obj, (str, bytes)):
        func = lookup_special(obj, '__fspath__', MISSING)
        if func is MISSING or (func is None and FSPATH_NONE_IS_ABSENT):
            raise TypeError('expected str, bytes or os.PathLike object, not %s'
                            % short_type_name(obj))
        result = func()
        if not isinstance(result, (str, bytes)):
            raise TypeError('expected %s.__fspath__() to return str or bytes, not %s'
                            % (tp_name(obj), tp_name(result)))
        obj = result
    encoded = obj.encode(FS_ENCODING, FS_ERRORS) if isinstance(obj, str) else bytes(obj)
    if NUL in encoded:
        raise ValueError('embedded null byte')
    return encoded


def utf8_str(obj, function_name, position):
    """The 's' format: a str without NUL, encoded to UTF-8 (strict: lone surrogates fail)."""
    if not isinstance(obj, str):
        raise TypeError('%s() argument %d must be str, not %s'
                        % (function_name, position, 'None' if obj is None else tp_name(obj)))
    encoded = obj.encode('utf-8')
    if NUL in encoded:
        raise ValueError('embedded null character')
    return encoded


# --- Files and Directories: uid/gid, dev_t, configuration names, timestamps ---
UINT_MAX = 2 ** 32 - 1
ULONG_MAX = 2 ** 64 - 1


def _id(obj, kind):
    """_Py_Uid_Converter/_Py_Gid_Converter: -1 means "unchanged"; 32-bit uid_t on LP64."""
    try:
        value = int.__index__(operator.index(obj))
    except Exception:  # noqa: BLE001 -- C replaces whatever PyNumber_Index raised
        raise TypeError('%s should be integer, not %s' % (kind, tp_name(obj))) from None
    if LONG_MIN <= value <= LONG_MAX:  # PyLong_AsLongAndOverflow did not overflow
        if value == -1:
            return UINT_MAX
        if value < 0 or value > UINT_MAX:  # C: "(long)uid != result" also lands on underflow
            raise OverflowError('%s is less than minimum' % kind)
        return value
    if value < 0:
        raise OverflowError('%s is less than minimum' % kind)
    raise OverflowError('%s is greater than maximum' % kind)  # truncated, or ULONG_MAX overflow


def uid(obj):
    """_Py_Uid_Converter."""
    return _id(obj, 'uid')


def gid(obj):
    """_Py_Gid_Converter."""
    return _id(obj, 'gid')


def _as_unsigned_long_long(obj):
    """PyLong_AsUnsignedLongLong: exact ints only (no __index__), 0..2**64-1."""
    if not isinstance(obj, int):
        raise TypeError('an integer is required')
    if obj < 0:
        raise OverflowError("can't convert negative int to unsigned")
    if obj > ULONG_MAX:
        raise OverflowError('int too big to convert')
    return int(obj)


def dev_t(obj):
    """_Py_Dev_Converter: an unsigned 64-bit dev_t; 3.13 also accepts NODEV spelled -1."""
    if DEV_T_NODEV_AWARE and isinstance(obj, int) and obj == -1:
        return ULONG_MAX
    return _as_unsigned_long_long(obj)


def dev_number(obj):
    """makedev's major/minor: a C int before 3.13, then unsigned int with -1 allowed (NODEV)."""
    if not DEV_T_NODEV_AWARE:
        return c_int(obj) & UINT_MAX
    if isinstance(obj, int) and obj == -1:
        return UINT_MAX
    value = _as_unsigned_long_long(obj)
    if value > UINT_MAX:
        raise OverflowError('Python int too large to convert to C unsigned int')
    return value


def from_dev(value):
    """_PyLong_FromDev: signed long long before 3.13; then unsigned, except NODEV as -1."""
    if DEV_T_NODEV_AWARE:
        return -1 if value == ULONG_MAX else value
    return value - 2 ** 64 if value > LONG_MAX else value


def from_dev_number(value):
    """major()/minor() results: unsigned int; 3.13 returns (unsigned int)NODEV as -1."""
    return -1 if DEV_T_NODEV_AWARE and value == UINT_MAX else value


def confname(obj, table):
    """conv_confname: an int (C int range) or a name from table."""
    if isinstance(obj, int):
        return c_int(obj)
    if not isinstance(obj, str):
        raise TypeError('configuration names must be strings or integers')
    obj.encode('utf-8')  # PyUnicode_AsUTF8: lone surrogates raise UnicodeEncodeError
    try:
        return table[obj]
    except KeyError:
        raise ValueError('unrecognized configuration name') from None


TIME_T_ERROR = 'timestamp out of range for platform time_t'


def time_t(obj):
    """_PyLong_AsTime_t (PyLong_AsLongLong, so __int__ too before 3.10)."""
    if type(obj) is not int:
        obj = operator.index(obj) if INDEX_ONLY_INTEGERS else _index_or_int(obj)
    if not LONG_MIN <= obj <= LONG_MAX:
        raise OverflowError(TIME_T_ERROR)
    return int(obj)


def c_long(obj):
    """PyLong_AsLong (also __int__ before 3.10)."""
    if type(obj) is not int:
        obj = operator.index(obj) if INDEX_ONLY_INTEGERS else _index_or_int(obj)
    return _in_range(obj, LONG_MIN, LONG_MAX, 'long')


def timespec_floor(obj):
    """_PyTime_ObjectToTimespec(obj, _PyTime_ROUND_FLOOR): seconds as int or float -> (sec, nsec)."""
    if not isinstance(obj, float):
        return time_t(obj), 0
    if obj != obj:
        raise ValueError('Invalid value NaN (not a number)')
    if obj in (float('inf'), float('-inf')):
        raise OverflowError(TIME_T_ERROR)
    intpart = float(int(obj))  # modf: exact for binary floats
    floatpart = ((obj - intpart) * 1e9) // 1.0  # floor
    if floatpart >= 1e9:
        floatpart -= 1e9
        intpart += 1.0
    elif floatpart < 0:
        floatpart += 1e9
        intpart -= 1.0
    if not -2.0 ** 63 <= intpart < 2.0 ** 63:
        raise OverflowError(TIME_T_ERROR)
    return int(intpart), int(floatpart)


def split_ns(obj):
    """utime's split_py_long_to_s_and_ns: divmod(obj, 10**9) -> (time_t sec, long nsec)."""
    pair = divmod(obj, 1000000000)
    if not isinstance(pair, tuple) or len(pair) != 2:
        raise TypeError('%s.__divmod__() must return a 2-tuple, not %s'
                        % (short_type_name(obj), short_type_name(pair)))
    return time_t(pair[0]), c_long(pair[1])


# --- File Descriptor Operations (beyond the core slice), terminals ---

def getargs_int(obj):
    """PyArg_Parse format 'i' (tcsetpgrp; sendfile and get_terminal_size in 3.8): a C long, then int."""
    if type(obj) is not int:
        if INDEX_ONLY_INTEGERS:
            obj = operator.index(obj)
        else:
            _reject_float(obj)
            obj = _index_or_int(obj)
    value = _in_range(obj, LONG_MIN, LONG_MAX, 'long')
    if value > INT_MAX:
        raise OverflowError('signed integer is greater than maximum')
    if value < INT_MIN:
        raise OverflowError('signed integer is less than minimum')
    return value


def is_sequence(obj):
    """PySequence_Check: the type has __getitem__ (sq_item) and is not a dict."""
    return not isinstance(obj, dict) and hasattr(type(obj), '__getitem__')


def writable_buffer(obj):
    """PyObject_GetBuffer(obj, PyBUF_WRITABLE): a C-contiguous, writable view of obj as bytes ('B')."""
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError("a bytes-like object is required, not '%s'" % tp_name(obj)) from None
    if view.readonly:
        view.release()
        # memoryview's own getbuffer names itself; PyBuffer_FillInfo (bytes, mmap...) does not.
        raise BufferError('memoryview: underlying buffer is not writable' if isinstance(obj, memoryview)
                          else 'Object is not writable.')
    if not view.c_contiguous:
        view.release()
        raise BufferError('memoryview: underlying buffer is not C-contiguous')
    return view.cast('B') if view.ndim != 1 or view.format != 'B' else view


# --- Process Management, Interface to the scheduler ---

def c_pid(obj):
    """_Py_PARSE_PID, the 'i' format unit of PyArg_Parse: as getargs_int (pid_t is a C int)."""
    return getargs_int(obj)

"""Spec section "Process Management", part 3: posix_spawn and posix_spawnp over libc posix_spawn(3).

Also the argv/env conversions (CPython's parse_arglist/parse_envlist) shared with the exec family.
"""
import ctypes
import warnings
from errno import EINVAL

from .. import _convert, _libc
from .._pathargs import Path
from .._structs import (posix_spawn_file_actions_t as _FileActions, posix_spawnattr_t as _Attr,
                       sigset_t as _sigset_t)

__all__ = ['posix_spawn', 'posix_spawnp', 'POSIX_SPAWN_OPEN', 'POSIX_SPAWN_CLOSE', 'POSIX_SPAWN_DUP2']

from .._version import (POSIX_SPAWN_CLOSEFROM_DEFINED, POSIX_SPAWN_ENV_MAY_BE_NONE,
                        POSIX_SPAWN_FLAGS_ARE_BOOL, POSIX_SPAWN_SETPGROUP_INT, SIGSET_RANGE_IN_MESSAGE)

POSIX_SPAWN_OPEN = 0
POSIX_SPAWN_CLOSE = 1
POSIX_SPAWN_DUP2 = 2
POSIX_SPAWN_CLOSEFROM = 3
if POSIX_SPAWN_CLOSEFROM_DEFINED:
    __all__.append('POSIX_SPAWN_CLOSEFROM')

# <spawn.h> attribute flags (glibc).
_SETPGROUP = 0x02
_RESETIDS = 0x01
_SETSIGDEF = 0x04
_SETSIGMASK = 0x08
_SETSCHEDPARAM = 0x10
_SETSCHEDULER = 0x20
_SETSID = 0x80
_NSIG = 65  # <signal.h> on Linux: signals 1..64

_UNSET = object()  # an omitted keyword (C NULL), unlike an explicit () or None


def is_mapping(obj):
    """PyMapping_Check: does the type define item access?"""
    return hasattr(type(obj), '__getitem__')


def char_array(items):
    """A NULL-terminated char *[] holding the bytes in items (kept alive by the array's owner)."""
    return (ctypes.c_char_p * (len(items) + 1))(*items)


def parse_arglist(argv):
    """parse_arglist: each item of argv through PyUnicode_FSConverter; return the bytes list."""
    return [_convert.fs_converter(argv[index]) for index in range(len(argv))]


def parse_envlist(env):
    """parse_envlist: the mapping env as b'KEY=VALUE' entries, refusing empty or '='-holding keys."""
    len(env)  # PyMapping_Size first: an object without __len__ fails here
    keys = list(env.keys()) if type(env) is not dict else list(env)
    values = list(env.values()) if type(env) is not dict else list(env.values())
    entries = []
    for key, value in zip(keys, values):
        key = _convert.fs_converter(key)
        value = _convert.fs_converter(value)
        if not key or b'=' in key[1:]:  # from index 1: Windows allows a leading '='
            raise ValueError('illegal environment variable name')
        entries.append(key + b'=' + value)
    return entries


def _tuple_items(action, count, kind):
    """PyArg_ParseTuple(action, ...) arity check with its ';A <kind> file_action ...' message."""
    if len(action) != count:
        raise TypeError('A %s file_action tuple must have %d elements' % (kind, count))
    return action


def _add_file_actions(file_actions, buf):
    """parse_file_actions: fill the initialised posix_spawn_file_actions_t from the sequence."""
    for action in file_actions:
        if not isinstance(action, tuple) or not action:
            raise TypeError('Each file_actions element must be a non-empty tuple')
        tag = _convert.c_off_t(action[0])  # PyLong_AsLong
        if tag == POSIX_SPAWN_OPEN:
            _, fd, path, oflag, mode = _tuple_items(action, 5, 'open')
            fd = _convert.c_pid(fd)  # 'i' format units
            path = _convert.fs_converter(path)
            oflag = _convert.c_pid(oflag)
            if not isinstance(mode, int):  # 'k': an int, masked; anything else fails the format
                raise TypeError('A open file_action tuple must have 5 elements')
            err = _libc.posix_spawn_file_actions_addopen(buf, fd, path, oflag, mode & 0xFFFFFFFF)
        elif tag == POSIX_SPAWN_CLOSE:
            _, fd = _tuple_items(action, 2, 'close')
            err = _libc.posix_spawn_file_actions_addclose(buf, _convert.c_pid(fd))
        elif tag == POSIX_SPAWN_DUP2:
            _, fd, fd2 = _tuple_items(action, 3, 'dup2')
            fd = _convert.c_pid(fd)
            fd2 = _convert.c_pid(fd2)
            err = _libc.posix_spawn_file_actions_adddup2(buf, fd, fd2)
        elif tag == POSIX_SPAWN_CLOSEFROM and POSIX_SPAWN_CLOSEFROM_DEFINED:
            _, fd = _tuple_items(action, 2, 'closefrom')
            err = _libc.posix_spawn_file_actions_addclosefrom_np(buf, _convert.c_pid(fd))
        else:
            raise TypeError('Unknown file_actions identifier')
        if err:
            _libc.raise_oserror(err)


def sigset(signals):
    """_Py_Sigset_Converter: an iterable of signal numbers as a sigset_t."""
    mask = _sigset_t()
    _libc.sigemptyset(mask)
    for item in signals:
        try:
            signum = _convert.c_off_t(item)  # PyLong_AsLongAndOverflow
        except OverflowError:
            signum = -1
        if signum <= 0 or signum >= _NSIG:
            if SIGSET_RANGE_IN_MESSAGE:
                raise ValueError('signal number %d out of range [1; %d]' % (signum, _NSIG - 1))
            raise ValueError('signal number %d out of range' % signum)
        if _libc.sigaddset(mask, signum) != 0:
            _libc.raise_unless(EINVAL)  # a signal glibc reserves (32, 33); warn like CPython
            warnings.warn('invalid signal number %d, please use valid_signals()' % signum,
                          RuntimeWarning, stacklevel=4)
    return mask


def _set_attributes(attr, setpgroup, resetids, setsid, setsigmask, setsigdef, scheduler):
    """parse_posix_spawn_flags: fill the initialised posix_spawnattr_t; return the flags."""
    from ..interface_to_the_scheduler import _param  # the scheduler's sched_param and its converter
    flags = 0
    if setpgroup is not _UNSET:
        if POSIX_SPAWN_SETPGROUP_INT:
            pgroup = _convert.c_int(setpgroup)
        else:  # PyLong_AsPid was PyLong_AsLong, and the (pid_t) cast truncates
            pgroup = _convert.c_off_t(setpgroup)
            pgroup = ((pgroup & 0xFFFFFFFF) ^ 0x80000000) - 0x80000000
        err = _libc.posix_spawnattr_setpgroup(attr, pgroup)
        if err:
            _libc.raise_oserror(err)
        flags |= _SETPGROUP
    if resetids:
        flags |= _RESETIDS
    if setsid:
        flags |= _SETSID
    if setsigmask is not _UNSET:
        err = _libc.posix_spawnattr_setsigmask(attr, sigset(setsigmask))
        if err:
            _libc.raise_oserror(err)
        flags |= _SETSIGMASK
    if setsigdef is not _UNSET:
        err = _libc.posix_spawnattr_setsigdefault(attr, sigset(setsigdef))
        if err:
            _libc.raise_oserror(err)
        flags |= _SETSIGDEF
    if scheduler is not _UNSET:
        if not isinstance(scheduler, tuple):
            raise SystemError('new style getargs format but argument is not a tuple')
        if len(scheduler) != 2:
            raise TypeError('A scheduler tuple must have two elements')
        policy, param = scheduler
        param = _param(param)
        if policy is not None:
            err = _libc.posix_spawnattr_setschedpolicy(attr, _convert.c_int(policy))
            if err:
                _libc.raise_oserror(err)
            flags |= _SETSCHEDULER
        err = _libc.posix_spawnattr_setschedparam(attr, param)
        if err:
            _libc.raise_oserror(err)
        flags |= _SETSCHEDPARAM
    err = _libc.posix_spawnattr_setflags(attr, flags)
    if err:
        _libc.raise_oserror(err)


def _spawn(func_name, spawn, path, argv, env, file_actions, setpgroup, resetids, setsid,
           setsigmask, setsigdef, scheduler):
    """py_posix_spawn: convert every argument as CPython does, in its order, then spawn."""
    path = Path(path, func_name)
    if not POSIX_SPAWN_FLAGS_ARE_BOOL:  # Argument Clinic converts these before the body runs
        resetids = _convert.c_int(resetids)
        setsid = _convert.c_int(setsid)
    if not isinstance(argv, (list, tuple)):
        raise TypeError('%s: argv must be a tuple or list' % func_name)
    if len(argv) < 1:
        raise ValueError('%s: argv must not be empty' % func_name)
    if not (env is None and POSIX_SPAWN_ENV_MAY_BE_NONE) and not is_mapping(env):
        raise TypeError('%s: environment must be a mapping object%s'
                        % (func_name, ' or None' if POSIX_SPAWN_ENV_MAY_BE_NONE else ''))
    args = parse_arglist(argv)
    if not args[0]:
        raise ValueError('%s: argv first element cannot be empty' % func_name)
    argv_array = char_array(args)
    env_array = _libc.environ if env is None else char_array(parse_envlist(env))
    actions = None
    attr = _Attr()
    try:
        if file_actions is not _UNSET and file_actions is not None:
            if not isinstance(file_actions, (list, tuple)):
                try:
                    file_actions = list(file_actions)  # PySequence_Fast
                except TypeError:
                    raise TypeError('file_actions must be a sequence or None') from None
            actions = _FileActions()
            err = _libc.posix_spawn_file_actions_init(actions)
            if err:
                actions = None
                _libc.raise_oserror(err)
            _add_file_actions(file_actions, actions)
        err = _libc.posix_spawnattr_init(attr)
        if err:
            attr = None
            _libc.raise_oserror(err)
        _set_attributes(attr, setpgroup, resetids, setsid, setsigmask, setsigdef, scheduler)
        pid = ctypes.c_int(0)
        err = spawn(ctypes.byref(pid), path.narrow, actions, attr, argv_array, env_array)
        if err:
            _libc.raise_oserror(err, path.object)
        return pid.value
    finally:
        if actions is not None:
            _libc.posix_spawn_file_actions_destroy(actions)
        if attr is not None:
            _libc.posix_spawnattr_destroy(attr)


def posix_spawn(path, argv, env, /, *, file_actions=_UNSET, setpgroup=_UNSET, resetids=False,
                setsid=False, setsigmask=_UNSET, setsigdef=_UNSET, scheduler=_UNSET):
    """Execute path with argv and env in a new process (posix_spawn(3)); return its pid."""
    return _spawn('posix_spawn', _libc.posix_spawn, path, argv, env, file_actions, setpgroup,
                  resetids, setsid, setsigmask, setsigdef, scheduler)


def posix_spawnp(path, argv, env, /, *, file_actions=_UNSET, setpgroup=_UNSET, resetids=False,
                 setsid=False, setsigmask=_UNSET, setsigdef=_UNSET, scheduler=_UNSET):
    """Like posix_spawn, but search PATH for path as posix_spawnp(3) does; return the pid."""
    return _spawn('posix_spawnp', _libc.posix_spawnp, path, argv, env, file_actions, setpgroup,
                  resetids, setsid, setsigmask, setsigdef, scheduler)

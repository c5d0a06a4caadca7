"""Spec section "Process Parameters": environment, ids, process groups, priority, umask, uname.

environ/environb follow Lib/os.py's _Environ (a MutableMapping with injected encode/decode over
one shared dict of bytes, so the two views stay in step); assignment and deletion go through
putenv/unsetenv, which call libc. The functions follow Modules/posixmodule.c.
"""
import ctypes
import sys
import warnings
from collections.abc import Mapping, MutableMapping

from .. import _convert, _libc
from .._structseq import structseq
from .._structs import utsname as _utsname_struct
from .file_names import fsdecode
from ..miscellaneous_system_information import defpath, pathsep

__all__ = [
    'environ', 'environb', 'getenv', 'getenvb', 'putenv', 'unsetenv', 'get_exec_path',
    'supports_bytes_environ',
    'getuid', 'geteuid', 'getgid', 'getegid', 'getresuid', 'getresgid',
    'setuid', 'seteuid', 'setgid', 'setegid', 'setreuid', 'setregid', 'setresuid', 'setresgid',
    'getgroups', 'setgroups', 'getgrouplist', 'initgroups', 'getlogin',
    'getpid', 'getppid', 'getpgid', 'getpgrp', 'setpgrp', 'setpgid', 'getsid', 'setsid',
    'getpriority', 'setpriority', 'PRIO_PROCESS', 'PRIO_PGRP', 'PRIO_USER',
    'strerror', 'umask', 'uname', 'uname_result', 'ctermid',
]

from .._version import ENVIRON_UNION_OPERATORS, PUTENV_IS_SETENV
_putenv_garbage = {}  # 3.8 only: name -> the ctypes buffer libc's environ points into

# <sys/resource.h>
PRIO_PROCESS = 0
PRIO_PGRP = 1
PRIO_USER = 2

MAX_GROUPS = 65536  # NGROUPS_MAX from <linux/limits.h>, CPython's MAX_GROUPS on Linux
_L_CTERMID = 9  # <stdio.h>
supports_bytes_environ = True


def _fs_decode(raw):
    """PyUnicode_DecodeFSDefault."""
    return raw.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)


# --- environment ---

def putenv(name, value, /):
    """Set the environment variable name to the string value (affects child processes)."""
    if (PUTENV_IS_SETENV and type(name) is bytes and type(value) is bytes and _convert.EQUALS not in name
            and _convert.NUL not in name and _convert.NUL not in value
            and not _libc.bare_setenv(name, value, 1)):
        return  # the common case, environ's: exact bytes, and setenv succeeded
    faithful_putenv(name, value)


def faithful_putenv(name, value):
    """putenv() for every argument (a failed fast call is made again here, to raise its error)."""
    name = _convert.fs_converter(name)
    value = _convert.fs_converter(value)
    if _convert.EQUALS in name:
        raise ValueError('illegal environment variable name')
    if PUTENV_IS_SETENV:
        _libc.check(_libc.setenv(name, value, 1))
        return
    entry = ctypes.create_string_buffer(name + b'=' + value)
    _libc.check(_libc.putenv(ctypes.addressof(entry)))
    _putenv_garbage[name] = entry  # after the call: the old value was still in use until then


def unsetenv(name, /):
    """Unset (delete) the environment variable name (affects child processes)."""
    name = _convert.fs_converter(name)
    _libc.check(_libc.unsetenv(name))
    _putenv_garbage.pop(name, None)


def _capture_environ():
    """Read libc's environ into {bytes key: bytes value}; the first of duplicate keys wins."""
    data = {}
    entries = _libc.environ
    if not entries:  # NULL after clearenv()
        return data
    index = 0
    while True:
        entry = entries[index]
        if entry is None:
            return data
        key, sep, value = entry.partition(b'=')
        if sep:
            data.setdefault(key, value)
        index += 1


class _Environ(MutableMapping):
    """A mapping of the process environment over a dict of bytes; writes go to libc too."""

    def __init__(self, data, encodekey, decodekey, encodevalue, decodevalue):
        self.encodekey = encodekey
        self.decodekey = decodekey
        self.encodevalue = encodevalue
        self.decodevalue = decodevalue
        self._data = data

    def __getitem__(self, key):
        try:
            value = self._data[self.encodekey(key)]
        except KeyError:
            raise KeyError(key) from None  # with the original key value
        return self.decodevalue(value)

    def __setitem__(self, key, value):
        key = self.encodekey(key)
        value = self.encodevalue(value)
        putenv(key, value)
        self._data[key] = value

    def __delitem__(self, key):
        encodedkey = self.encodekey(key)
        unsetenv(encodedkey)
        try:
            del self._data[encodedkey]
        except KeyError:
            raise KeyError(key) from None

    def __iter__(self):
        keys = list(self._data)  # a snapshot: the dict may change while iterating
        for key in keys:
            yield self.decodekey(key)

    def __len__(self):
        return len(self._data)

    def __repr__(self):
        return 'environ({%s})' % ', '.join('%r: %r' % (self.decodekey(key), self.decodevalue(value))
                                          for key, value in self._data.items())

    def copy(self):
        return dict(self)

    def setdefault(self, key, value):
        if key not in self:
            self[key] = value
        return self[key]

    if ENVIRON_UNION_OPERATORS:
        def __ior__(self, other):
            self.update(other)
            return self

        def __or__(self, other):
            if not isinstance(other, Mapping):
                return NotImplemented
            new = dict(self)
            new.update(other)
            return new

        def __ror__(self, other):
            if not isinstance(other, Mapping):
                return NotImplemented
            new = dict(other)
            new.update(self)
            return new


def _createenviron():
    """Build environ: str keys and values in the filesystem encoding with surrogateescape."""
    encoding = sys.getfilesystemencoding()

    def encode(value):
        if not isinstance(value, str):
            raise TypeError('str expected, not %s' % type(value).__name__)
        return value.encode(encoding, 'surrogateescape')

    def decode(value):
        return value.decode(encoding, 'surrogateescape')

    return _Environ(_capture_environ(), encode, decode, encode, decode)


def _check_bytes(value):
    """environb's encoder: bytes only."""
    if not isinstance(value, bytes):
        raise TypeError('bytes expected, not %s' % type(value).__name__)
    return value


environ = _createenviron()
environb = _Environ(environ._data, _check_bytes, bytes, _check_bytes, bytes)


def getenv(key, default=None):
    """Return the value of the environment variable key (str) if it exists, else default."""
    return environ.get(key, default)


def getenvb(key, default=None):
    """Return the value of the environment variable key (bytes) if it exists, else default."""
    return environb.get(key, default)


def get_exec_path(env=None):
    """Return the list of directories searched for a named executable (from env or environ PATH)."""
    if env is None:
        env = environ
    # {b'PATH': ...}.get('PATH') and {'PATH': ...}.get(b'PATH') emit a BytesWarning under -b.
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', BytesWarning)
        try:
            path_list = env.get('PATH')
        except TypeError:
            path_list = None
        try:
            path_listb = env[b'PATH']
        except (KeyError, TypeError):
            pass
        else:
            if path_list is not None:
                raise ValueError("env cannot contain 'PATH' and b'PATH' keys")
            path_list = path_listb
        if path_list is not None and isinstance(path_list, bytes):
            path_list = fsdecode(path_list)
    if path_list is None:
        path_list = defpath
    return path_list.split(pathsep)


# --- user and group ids ---

def getuid():
    """Return the current process's real user id."""
    return _convert.id_to_python(_libc.getuid())


def geteuid():
    """Return the current process's effective user id."""
    return _convert.id_to_python(_libc.geteuid())


def getgid():
    """Return the real group id of the current process."""
    return _convert.id_to_python(_libc.getgid())


def getegid():
    """Return the effective group id of the current process."""
    return _convert.id_to_python(_libc.getegid())


def _getres(func):
    """Call getresuid/getresgid; return the three ids."""
    ids = [ctypes.c_uint32() for _ in range(3)]
    _libc.check(func(*[ctypes.byref(i) for i in ids]))
    return tuple(_convert.id_to_python(i.value) for i in ids)


def getresuid():
    """Return a tuple (ruid, euid, suid) of the real, effective and saved user ids."""
    return _getres(_libc.getresuid)


def getresgid():
    """Return a tuple (rgid, egid, sgid) of the real, effective and saved group ids."""
    return _getres(_libc.getresgid)


def setuid(uid, /):
    """Set the current process's user id."""
    _libc.check(_libc.setuid(_convert.uid(uid)))


def seteuid(euid, /):
    """Set the current process's effective user id."""
    _libc.check(_libc.seteuid(_convert.uid(euid)))


def setgid(gid, /):
    """Set the current process's group id."""
    _libc.check(_libc.setgid(_convert.gid(gid)))


def setegid(egid, /):
    """Set the current process's effective group id."""
    _libc.check(_libc.setegid(_convert.gid(egid)))


def setreuid(ruid, euid, /):
    """Set the current process's real and effective user ids."""
    _libc.check(_libc.setreuid(_convert.uid(ruid), _convert.uid(euid)))


def setregid(rgid, egid, /):
    """Set the current process's real and effective group ids."""
    _libc.check(_libc.setregid(_convert.gid(rgid), _convert.gid(egid)))


def setresuid(ruid, euid, suid, /):
    """Set the current process's real, effective, and saved user ids."""
    _libc.check(_libc.setresuid(_convert.uid(ruid), _convert.uid(euid), _convert.uid(suid)))


def setresgid(rgid, egid, sgid, /):
    """Set the current process's real, effective, and saved group ids."""
    _libc.check(_libc.setresgid(_convert.gid(rgid), _convert.gid(egid), _convert.gid(sgid)))


def getgroups():
    """Return the list of supplemental group ids associated with the current process."""
    count = _libc.check(_libc.getgroups(0, None))
    buf = (ctypes.c_uint32 * max(count, 1))()
    count = _libc.check(_libc.getgroups(count, buf))
    return [_convert.id_to_python(buf[i]) for i in range(count)]


def setgroups(groups, /):
    """Set the supplemental group ids of the current process to the sequence groups."""
    if not _convert.is_sequence(groups):
        raise TypeError('setgroups argument must be a sequence')
    length = len(groups)
    if length > MAX_GROUPS:
        raise ValueError('too many groups')
    buf = (ctypes.c_uint32 * max(length, 1))()
    for index in range(length):
        elem = groups[index]
        if not isinstance(elem, int):
            raise TypeError('groups must be integers')
        buf[index] = _convert.gid(elem)
    _libc.check(_libc.setgroups(length, buf))


def getgrouplist(user, group, /):
    """Return the list of group ids user belongs to; group is always in the list."""
    user = _convert.utf8_str(user, 'getgrouplist', 1)
    basegid = _convert.gid(group)
    count = 64
    while True:
        buf = (ctypes.c_uint32 * count)()
        ngroups = ctypes.c_int(count)
        if _libc.getgrouplist(user, basegid, buf, ctypes.byref(ngroups)) != -1:
            return [_convert.id_to_python(buf[i]) for i in range(ngroups.value)]
        if count >= MAX_GROUPS:
            raise MemoryError  # CPython's PyErr_NoMemory when even MAX_GROUPS is too few
        count = min(max(ngroups.value, count * 2), MAX_GROUPS)


def initgroups(username, gid, /):
    """Initialise the group access list with username's groups plus gid."""
    name = _convert.fs_converter(username)
    _libc.check(_libc.initgroups(name, _convert.gid(gid)))


def getlogin():
    """Return the name of the user logged in on the controlling terminal of the process."""
    name, err = _libc.call_reporting_errno(_libc.getlogin)
    if name is None:
        if err:
            _libc.raise_oserror(err)
        raise OSError('unable to determine login name')
    return _fs_decode(name)


# --- process ids and groups, sessions ---

def getpid():
    """Return the current process id."""
    return _libc.bare_getpid()


def getppid():
    """Return the parent's process id."""
    return _libc.getppid()


def getpgid(pid):
    """Return the process group id of the process with process id pid (0: the caller)."""
    return _libc.check(_libc.getpgid(_convert.getargs_int(pid)))


def getpgrp():
    """Return the id of the current process group."""
    return _libc.getpgrp()


def setpgrp():
    """Call setpgrp(): make the calling process a process group leader."""
    _libc.check(_libc.setpgid(0, 0))


def setpgid(pid, pgrp, /):
    """Set the process group id of the process pid to pgrp."""
    _libc.check(_libc.setpgid(_convert.getargs_int(pid), _convert.getargs_int(pgrp)))


def getsid(pid, /):
    """Return the session id of the process pid."""
    return _libc.check(_libc.getsid(_convert.getargs_int(pid)))


def setsid():
    """Create a new session with the calling process as its leader."""
    _libc.check(_libc.setsid())


# --- scheduling priority ---

def getpriority(which, who):
    """Get program scheduling priority of (which, who): PRIO_PROCESS/PGRP/USER and an id."""
    which = _convert.c_int(which)
    who = _convert.c_int(who)
    # -1 is a valid priority: only errno tells an error
    result, err = _libc.call_reporting_errno(_libc.getpriority, which, who & 0xFFFFFFFF)
    if err:
        _libc.raise_oserror(err)
    return result


def setpriority(which, who, priority):
    """Set program scheduling priority of (which, who) to priority (-20..19)."""
    which = _convert.c_int(which)
    who = _convert.c_int(who)
    priority = _convert.c_int(priority)
    _libc.check(_libc.setpriority(which, who & 0xFFFFFFFF, priority))


# --- miscellaneous ---

def strerror(code, /):
    """Return the error message corresponding to the error code in code."""
    message = _libc.strerror(_convert.c_int(code))
    if message is None:
        raise ValueError('strerror() argument out of range')
    return message.decode(_convert.FS_ENCODING, 'surrogateescape')  # PyUnicode_DecodeLocale


def umask(mask, /):
    """Set the current numeric umask and return the previous umask."""
    return _libc.umask(_convert.c_int(mask) & 0xFFFFFFFF)


def ctermid():
    """Return the filename corresponding to the controlling terminal of the process."""
    buf = ctypes.create_string_buffer(_L_CTERMID)
    if not _libc.ctermid(buf):
        _libc.raise_errno()
    return _fs_decode(buf.value)


_UNAME_FIELDS = ('sysname', 'nodename', 'release', 'version', 'machine')
uname_result = structseq('uname_result', (
    ('sysname', 'operating system name'),
    ('nodename', 'name of machine on network (implementation-defined)'),
    ('release', 'operating system release'), ('version', 'operating system version'),
    ('machine', 'hardware identifier'),
), module='posix', doc="""uname_result: Result from os.uname().

This object may be accessed either as a tuple of
  (sysname, nodename, release, version, machine),
or via the attributes sysname, nodename, release, version, and machine.

See os.uname for more information.""")


def uname():
    """Return (sysname, nodename, release, version, machine) identifying the current system."""
    buf = _utsname_struct()
    _libc.check(_libc.uname(ctypes.byref(buf)))
    return uname_result([_fs_decode(getattr(buf, name)) for name in _UNAME_FIELDS])


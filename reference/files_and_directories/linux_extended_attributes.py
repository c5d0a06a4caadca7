"""Spec subsection "Linux extended attributes": getxattr, setxattr, listxattr, removexattr.

Like posixmodule.c: path may be a path or an fd (f*xattr), follow_symlinks=False picks l*xattr,
and reads retry with a bigger buffer on ERANGE (128 or 256 bytes first, then the kernel maximum).
"""
import ctypes
import sys
from errno import ERANGE

from .. import _convert, _libc

__all__ = ['getxattr', 'setxattr', 'listxattr', 'removexattr',
           'XATTR_SIZE_MAX', 'XATTR_CREATE', 'XATTR_REPLACE']

# <linux/limits.h> and <sys/xattr.h>
XATTR_SIZE_MAX = 65536
_XATTR_LIST_MAX = 65536
XATTR_CREATE = 1
XATTR_REPLACE = 2


def _convert_target(path, function_name, nullable=False):
    """path_t with allow_fd: return (bytes path, int fd or None; the object OSError names)."""
    return _convert.path(path, function_name, allow_fd=True, nullable=nullable)


def _check_follow(function_name, raw, follow_symlinks):
    """fd_and_follow_symlinks_invalid, after all arguments are converted; return the flag."""
    if isinstance(raw, int) and raw > 0 and not follow_symlinks:  # CPython tests fd > 0
        raise ValueError('%s: cannot use fd and follow_symlinks together' % function_name)
    return follow_symlinks


def _pick(raw, follow, on_fd, on_path, on_link):
    """Choose the f*, plain or l* variant of a call and its first argument.

    Like posixmodule.c, only fds >= 0 use the f* call; a negative fd falls through to the path
    call with the NULL narrow path (EFAULT).
    """
    if isinstance(raw, int):
        if raw >= 0:
            return on_fd, raw
        raw = None
    return (on_path if follow else on_link), raw


def _read_sized(call, first, filename, sizes):
    """Call call(first, ..., buffer, size) with growing buffers while it fails with ERANGE."""
    for size in sizes:
        buf = ctypes.create_string_buffer(size)
        result = call(first, buf, size)
        if result >= 0:
            return buf.raw[:result]
        _libc.raise_unless(ERANGE, filename)
    _libc.raise_oserror(ERANGE, filename)


def getxattr(path, attribute, *, follow_symlinks=True):
    """Return the value (bytes) of extended attribute attribute of path (a path or an fd)."""
    raw, filename = _convert_target(path, 'getxattr')
    attr, attr_obj = _convert.path(attribute, 'getxattr', 'attribute')
    follow = _check_follow('getxattr', raw, _convert.c_bool(follow_symlinks))
    sys.audit('os.getxattr', filename, attr_obj)
    func, first = _pick(raw, follow, _libc.fgetxattr, _libc.getxattr, _libc.lgetxattr)
    return _read_sized(lambda target, buf, size: func(target, attr, buf, size), first, filename,
                       (128, XATTR_SIZE_MAX))


def setxattr(path, attribute, value, flags=0, *, follow_symlinks=True):
    """Set extended attribute attribute of path to the bytes-like value; flags XATTR_CREATE/XATTR_REPLACE."""
    raw, filename = _convert_target(path, 'setxattr')
    attr, attr_obj = _convert.path(attribute, 'setxattr', 'attribute')
    data = _convert.buffer(value)
    flags = _convert.c_int(flags)
    follow = _check_follow('setxattr', raw, _convert.c_bool(follow_symlinks))
    sys.audit('os.setxattr', filename, attr_obj, data, flags)
    func, first = _pick(raw, follow, _libc.fsetxattr, _libc.setxattr, _libc.lsetxattr)
    _libc.check(func(first, attr, data, len(data), flags), filename)


def removexattr(path, attribute, *, follow_symlinks=True):
    """Remove extended attribute attribute from path (a path or an fd)."""
    raw, filename = _convert_target(path, 'removexattr')
    attr, attr_obj = _convert.path(attribute, 'removexattr', 'attribute')
    follow = _check_follow('removexattr', raw, _convert.c_bool(follow_symlinks))
    sys.audit('os.removexattr', filename, attr_obj)
    func, first = _pick(raw, follow, _libc.fremovexattr, _libc.removexattr, _libc.lremovexattr)
    _libc.check(func(first, attr), filename)


def listxattr(path=None, *, follow_symlinks=True):
    """Return the list (of str) of extended attribute names of path (default '.'; a path or an fd)."""
    raw, filename = _convert_target(path, 'listxattr', nullable=True)
    follow = _check_follow('listxattr', raw, _convert.c_bool(follow_symlinks))
    sys.audit('os.listxattr', filename)
    if raw is None or (isinstance(raw, int) and raw < 0):
        raw = b'.'  # CPython: flistxattr only for fd > -1, else path->narrow or "."
    func, first = _pick(raw, follow, _libc.flistxattr, _libc.listxattr, _libc.llistxattr)
    names = _read_sized(func, first, filename, (256, _XATTR_LIST_MAX))
    return [name.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)
            for name in names.split(b'\0')[:-1]]

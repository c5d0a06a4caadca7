"""Spec subsection "Linux extended attributes": getxattr, setxattr, listxattr, removexattr.

Like posixmodule.c: path may be a path or an fd (f*xattr), follow_symlinks=False picks l*xattr,
and reads retry with a bigger buffer on ERANGE (128 or 256 bytes first, then the kernel maximum).
"""
import ctypes
import sys
from errno import ERANGE

from .. import _convert, _libc
from .._pathargs import Path, fd_and_follow_symlinks_invalid

__all__ = ['getxattr', 'setxattr', 'listxattr', 'removexattr',
           'XATTR_SIZE_MAX', 'XATTR_CREATE', 'XATTR_REPLACE']

# <linux/limits.h> and <sys/xattr.h>
XATTR_SIZE_MAX = 65536
_XATTR_LIST_MAX = 65536
XATTR_CREATE = 1
XATTR_REPLACE = 2


def _target(path, function_name, nullable=False):
    """The path argument: a path_t with allow_fd."""
    return Path(path, function_name, allow_fd=True, nullable=nullable)


def _check_follow(function_name, path, follow_symlinks):
    """fd_and_follow_symlinks_invalid, after all arguments are converted; return the flag."""
    fd_and_follow_symlinks_invalid(function_name, path.fd, follow_symlinks)
    return follow_symlinks


def _pick(path, follow, on_fd, on_path, on_link):
    """Choose the f*, plain or l* variant of a call and its first argument.

    Like posixmodule.c, only fds >= 0 use the f* call; a negative fd falls through to the path
    call with the NULL narrow path (EFAULT).
    """
    if path.fd >= 0:
        return on_fd, path.fd
    return (on_path if follow else on_link), path.narrow


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
    path = _target(path, 'getxattr')
    attribute = Path(attribute, 'getxattr', 'attribute')
    follow = _check_follow('getxattr', path, _convert.c_bool(follow_symlinks))
    sys.audit('os.getxattr', path.object, attribute.object)
    func, first = _pick(path, follow, _libc.fgetxattr, _libc.getxattr, _libc.lgetxattr)
    attr = attribute.narrow
    return _read_sized(lambda target, buf, size: func(target, attr, buf, size), first, path.object,
                       (128, XATTR_SIZE_MAX))


def setxattr(path, attribute, value, flags=0, *, follow_symlinks=True):
    """Set extended attribute attribute of path to the bytes-like value; flags XATTR_CREATE/XATTR_REPLACE."""
    path = _target(path, 'setxattr')
    attribute = Path(attribute, 'setxattr', 'attribute')
    data = _convert.buffer(value)
    flags = _convert.c_int(flags)
    follow = _check_follow('setxattr', path, _convert.c_bool(follow_symlinks))
    sys.audit('os.setxattr', path.object, attribute.object, data, flags)
    func, first = _pick(path, follow, _libc.fsetxattr, _libc.setxattr, _libc.lsetxattr)
    _libc.check(func(first, attribute.narrow, data, len(data), flags), path.object)


def removexattr(path, attribute, *, follow_symlinks=True):
    """Remove extended attribute attribute from path (a path or an fd)."""
    path = _target(path, 'removexattr')
    attribute = Path(attribute, 'removexattr', 'attribute')
    follow = _check_follow('removexattr', path, _convert.c_bool(follow_symlinks))
    sys.audit('os.removexattr', path.object, attribute.object)
    func, first = _pick(path, follow, _libc.fremovexattr, _libc.removexattr, _libc.lremovexattr)
    _libc.check(func(first, attribute.narrow), path.object)


def listxattr(path=None, *, follow_symlinks=True):
    """Return the list (of str) of extended attribute names of path (default '.'; a path or an fd)."""
    path = _target(path, 'listxattr', nullable=True)
    follow = _check_follow('listxattr', path, _convert.c_bool(follow_symlinks))
    sys.audit('os.listxattr', path.object)
    func, first = _pick(path, follow, _libc.flistxattr, _libc.listxattr, _libc.llistxattr)
    if first is None:
        first = b'.'  # CPython: flistxattr only for fd > -1, else path->narrow or "."
    names = _read_sized(func, first, path.object, (256, _XATTR_LIST_MAX))
    return [name.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)
            for name in names.split(b'\0')[:-1]]

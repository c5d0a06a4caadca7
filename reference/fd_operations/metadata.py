"""Spec section "File Descriptor Operations": fchmod, fchown, fpathconf and fstatvfs, the fd forms
of chmod, chown, pathconf and statvfs (Files and Directories), whose tables and result type they
share."""
from .. import _convert, _libc
from .._structs import statvfs as _statvfs_struct
from .._version import FPATHCONF_TAKES_FILDES
from ..files_and_directories.filesystem_status import _result
from ..files_and_directories.path_configuration import pathconf_names

__all__ = ['fchmod', 'fchown', 'fpathconf', 'fstatvfs']


def fchmod(fd, mode):
    """Change the mode of the file open as fd to the numeric mode."""
    fd = _convert.c_int(fd)
    mode = _convert.c_int(mode) & 0xFFFFFFFF
    _libc.retry(_libc.fchmod, fd, mode)


def fchown(fd, uid, gid):
    """Change the owner and group ids of the file open as fd; -1 leaves one unchanged."""
    fd = _convert.c_int(fd)
    uid = _convert.uid(uid)
    gid = _convert.gid(gid)
    _libc.retry(_libc.fchown, fd, uid, gid)


def fpathconf(fd, name, /):
    """Return the system configuration value name for the file open as fd."""
    fd = _convert.fildes(fd) if FPATHCONF_TAKES_FILDES else _convert.c_int(fd)
    name = _convert.confname(name, pathconf_names)
    limit, err = _libc.call_reporting_errno(_libc.fpathconf, fd, name)
    if limit == -1 and err:
        _libc.raise_oserror(err)  # posix_error(): no filename
    return limit


def fstatvfs(fd, /):
    """Return a statvfs_result describing the filesystem holding the file open as fd."""
    fd = _convert.c_int(fd)
    buf = _statvfs_struct()
    _libc.retry(_libc.fstatvfs, fd, buf)
    return _result(buf)

"""Files and Directories: statvfs, its statvfs_result (fstatvfs's too) and the ST_* flags."""
import struct

from .. import _libc
from .._structseq import new_tuple, set_extra, structseq
from .._structs import statvfs as _statvfs_struct
from .._pathargs import Path

__all__ = ['statvfs', 'statvfs_result', 'ST_RDONLY', 'ST_NOSUID', 'ST_NODEV',
           'ST_NOEXEC', 'ST_SYNCHRONOUS', 'ST_MANDLOCK', 'ST_WRITE', 'ST_APPEND', 'ST_NOATIME',
           'ST_NODIRATIME', 'ST_RELATIME']

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

statvfs_result = structseq('statvfs_result', (
    'f_bsize', 'f_frsize', 'f_blocks', 'f_bfree', 'f_bavail', 'f_files', 'f_ffree', 'f_favail',
    'f_flag', 'f_namemax'), ('f_fsid',), doc="""statvfs_result: Result from statvfs or fstatvfs.

This object may be accessed either as a tuple of
  (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, flag, namemax),
or via the attributes f_bsize, f_frsize, f_blocks, f_bfree, and so on.

See os.statvfs for more information.""")


def _result(buf):
    """_pystatvfs_fromstructstatvfs: build a statvfs_result from the C struct."""
    (bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag,
     namemax) = _UNPACKER.unpack(buf)
    self = new_tuple(statvfs_result, (bsize, frsize, blocks, bfree, bavail, files, ffree, favail,
                                      flag, namemax))
    set_extra(self, {'f_fsid': fsid})
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

"""Violates rename.unix-replaces-existing-file: rename refuses an existing dst, as on Windows."""
import errno
import os

from tests.broken._base import export


def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    try:
        os.lstat(dst, dir_fd=dst_dir_fd)
    except OSError:
        return os.rename(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), src, None, dst)


export(globals(), rename=rename)

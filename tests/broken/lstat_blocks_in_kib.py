"""Violates stat_result.st_blocks.512-byte-blocks: lstat's st_blocks counts 1024-byte units (the
du convention), half the 512-byte count."""
import os

from tests.broken._base import export

_SEQ = ("st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size")


def lstat(path, *, dir_fd=None):
    st = os.lstat(path, dir_fd=dir_fd)
    extra = {f: getattr(st, f) for f in dir(st) if f.startswith("st_") and f not in _SEQ}
    extra["st_blocks"] = st.st_blocks // 2
    return os.stat_result(tuple(st), extra)


export(globals(), lstat=lstat)

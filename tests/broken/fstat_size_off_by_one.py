"""Violates fstat.returns-stat-result (and fstat.same-as-stat-fd): st_size is one too many."""
import os

from tests.broken._base import export

_EXTRA = ("st_atime", "st_mtime", "st_ctime", "st_atime_ns", "st_mtime_ns", "st_ctime_ns",
          "st_blksize", "st_blocks", "st_rdev")


def fstat(fd):
    st = os.fstat(fd)
    fields = list(st[:10])
    fields[6] += 1  # st_size
    return os.stat_result(fields, {name: getattr(st, name) for name in _EXTRA})


export(globals(), fstat=fstat)

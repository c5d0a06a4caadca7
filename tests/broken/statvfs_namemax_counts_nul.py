"""Violates statvfs.returns-statvfs-result: f_namemax is one short (room left for a NUL) when
statvfs is given a path."""
import os

from tests.broken._base import export


def statvfs(path):
    st = os.statvfs(path)
    values = list(st)
    values[9] -= 1  # f_namemax
    return os.statvfs_result(values, {"f_fsid": st.f_fsid})


export(globals(), statvfs=statvfs)

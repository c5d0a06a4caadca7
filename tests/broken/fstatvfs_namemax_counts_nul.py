"""Violates fstatvfs.same-as-statvfs-fd: f_namemax is one short (room left for a NUL)."""
import os

from tests.broken._base import export


def fstatvfs(fd):
    st = os.fstatvfs(fd)
    values = list(st)
    values[9] -= 1  # f_namemax
    return os.statvfs_result(values, {"f_fsid": st.f_fsid})


export(globals(), fstatvfs=fstatvfs)

"""Violates rename.signature-as-documented: rename's first parameter is named source, not src."""
import os

from tests.broken._base import export


def rename(source, dst, *, src_dir_fd=None, dst_dir_fd=None):
    return os.rename(source, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)


export(globals(), rename=rename)

"""Violates putenv.rejects-equals-in-name: a name with '=' is handed to the C library as is."""
import ctypes
import os

from tests.broken._base import export

_libc = ctypes.CDLL(None, use_errno=True)
_keep = []


def putenv(name, value):
    entry = ctypes.create_string_buffer(os.fsencode(name) + b"=" + os.fsencode(value))
    _keep.append(entry)
    _libc.putenv(entry)


export(globals(), putenv=putenv)

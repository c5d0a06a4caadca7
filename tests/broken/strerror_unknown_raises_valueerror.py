"""Violates strerror.unknown-code-valueerror: strerror raises ValueError for an unknown code, as
the text describes for platforms whose C strerror returns NULL — not what CPython does on glibc."""
import errno
import os

from tests.broken._base import export


def strerror(code):
    if isinstance(code, int) and code not in errno.errorcode:
        raise ValueError("strerror() argument out of range")
    return os.strerror(code)


export(globals(), strerror=strerror)

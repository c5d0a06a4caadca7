"""Violates confstr.returns-str: CS_GNU_LIBC_VERSION (by name or number) loses its "glibc "
prefix (only the version number is returned)."""
import os

from tests.broken._base import export


def confstr(name):
    value = os.confstr(name)
    if name in ("CS_GNU_LIBC_VERSION", os.confstr_names["CS_GNU_LIBC_VERSION"]) and value:
        value = value.split(" ", 1)[-1]
    return value


export(globals(), confstr=confstr)

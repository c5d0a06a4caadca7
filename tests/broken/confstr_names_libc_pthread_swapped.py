"""Violates confstr_names.keys-accepted-by-confstr: CS_GNU_LIBC_VERSION and
CS_GNU_LIBPTHREAD_VERSION map to each other's numbers."""
import os

from tests.broken._base import export

_names = dict(os.confstr_names)
_names["CS_GNU_LIBC_VERSION"], _names["CS_GNU_LIBPTHREAD_VERSION"] = (
    os.confstr_names["CS_GNU_LIBPTHREAD_VERSION"], os.confstr_names["CS_GNU_LIBC_VERSION"])

export(globals(), confstr_names=_names)

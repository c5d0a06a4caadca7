"""Refuse to load on any platform whose ABI the reference has not been checked against.

Every struct layout, constant and prototype in this package was measured on Linux x86_64 with
glibc (see /work/shared/design/MACHINE-FACTS.md); elsewhere they would return wrong numbers
silently, so importing fails loudly instead.
"""
import ctypes
import sys

from ._structs import utsname

SUPPORTED = 'Linux x86_64 (64-bit) with glibc'


def _machine():
    """Return the kernel's machine name (uname -m), or '' if it cannot be read."""
    libc = ctypes.CDLL(None)
    libc.uname.argtypes = (ctypes.POINTER(utsname),)
    libc.uname.restype = ctypes.c_int
    buf = utsname()
    if libc.uname(ctypes.byref(buf)) != 0:  # pragma: no cover - uname(2) cannot fail with a valid buffer
        return ''
    return buf.machine.decode('ascii', 'replace')


def _problems():
    """List every reason this interpreter/platform falls outside SUPPORTED."""
    problems = []
    # The refusals below run only off Linux x86_64 glibc, where the coverage run cannot happen.
    if not sys.platform.startswith('linux'):  # pragma: no cover - refusal of a non-Linux platform
        problems.append('platform is %r, not linux' % sys.platform)
        return problems  # uname below is only meaningful on Linux
    # A 32-bit (i386, x32) process on an x86_64 kernel has other struct layouts: check the process.
    if ctypes.sizeof(ctypes.c_void_p) != 8 or ctypes.sizeof(ctypes.c_long) != 8:  # pragma: no cover - ILP32
        problems.append('process is not LP64 (pointer %d bytes, long %d bytes)'
                        % (ctypes.sizeof(ctypes.c_void_p), ctypes.sizeof(ctypes.c_long)))
    machine = _machine()
    if machine != 'x86_64':  # pragma: no cover - refusal of another architecture
        problems.append('machine is %r, not x86_64' % machine)
    if not hasattr(ctypes.CDLL(None), 'gnu_get_libc_version'):  # pragma: no cover - refusal of musl etc.
        problems.append('the C library is not glibc')
    return problems


def check():
    """Raise ImportError unless running on the SUPPORTED platform."""
    problems = _problems()
    if problems:  # pragma: no cover - only on an unsupported platform (see _problems)
        raise ImportError('reference supports only %s: %s' % (SUPPORTED, '; '.join(problems)))


check()

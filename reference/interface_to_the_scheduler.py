"""Spec section "Interface to the scheduler": sched_param, the sched_* functions, SCHED_* policies."""
import ctypes

from . import _convert, _libc
from ._convert import unpack_args
from ._structseq import new_tuple, structseq
from ._structs import sched_param as _sched_param_struct, timespec as _timespec

__all__ = [
    'SCHED_OTHER', 'SCHED_BATCH', 'SCHED_IDLE', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_RESET_ON_FORK',
    'sched_param', 'sched_get_priority_min', 'sched_get_priority_max', 'sched_setscheduler',
    'sched_getscheduler', 'sched_setparam', 'sched_getparam', 'sched_rr_get_interval',
    'sched_yield', 'sched_setaffinity', 'sched_getaffinity',
]

# <bits/sched.h>; SCHED_SPORADIC does not exist on Linux, so os has no such name.
SCHED_OTHER = 0
SCHED_FIFO = 1
SCHED_RR = 2
SCHED_BATCH = 3
SCHED_IDLE = 5
SCHED_RESET_ON_FORK = 0x40000000

_LONG_BITS = 64  # NCPUS_START in posixmodule.c: sizeof(unsigned long) * CHAR_BIT
_EINVAL = 22
_INT_MAX = 2 ** 31 - 1


sched_param = structseq('sched_param', (('sched_priority', 'the scheduling priority'),),
                        module='posix', doc="""Currently has only one field: sched_priority

  sched_priority
    A scheduling parameter.""")


def _sched_param_new(cls, *args, **kwargs):
    """os_sched_param_impl: sched_param(sched_priority), with no sequence to unpack."""
    (sched_priority,) = unpack_args('sched_param', ('sched_priority',), 1, args, kwargs)
    return new_tuple(cls, (sched_priority,))


sched_param.__new__ = staticmethod(_sched_param_new)  # __reduce__ stays structseq's, as in CPython


def _param(obj):
    """convert_sched_param: a sched_param (exactly that type) whose priority fits in a C int."""
    if type(obj) is not sched_param:
        raise TypeError('must have a sched_param object')
    priority = _convert.c_off_t(obj[0])  # PyLong_AsLong, with its messages
    if not -_INT_MAX - 1 <= priority <= _INT_MAX:
        raise OverflowError('sched_priority out of range')
    return _sched_param_struct(priority)


def sched_get_priority_min(policy):
    """Return the minimum priority value for policy (a SCHED_* constant)."""
    return _libc.check(_libc.sched_get_priority_min(_convert.c_int(policy)))


def sched_get_priority_max(policy):
    """Return the maximum priority value for policy (a SCHED_* constant)."""
    return _libc.check(_libc.sched_get_priority_max(_convert.c_int(policy)))


def sched_setscheduler(pid, policy, param, /):
    """Set the scheduling policy and parameters of pid (0: the calling process)."""
    pid = _convert.c_pid(pid)
    policy = _convert.c_pid(policy)  # an 'i' format unit, like pid
    buf = _param(param)
    _libc.check(_libc.sched_setscheduler(pid, policy, ctypes.byref(buf)))


def sched_getscheduler(pid, /):
    """Return the scheduling policy of pid (0: the calling process)."""
    return _libc.check(_libc.sched_getscheduler(_convert.c_pid(pid)))


def sched_setparam(pid, param, /):
    """Set the scheduling parameters (a sched_param) of pid (0: the calling process)."""
    pid = _convert.c_pid(pid)
    buf = _param(param)
    _libc.check(_libc.sched_setparam(pid, ctypes.byref(buf)))


def sched_getparam(pid, /):
    """Return the scheduling parameters of pid (0: the calling process) as a sched_param."""
    buf = _sched_param_struct()
    _libc.check(_libc.sched_getparam(_convert.c_pid(pid), ctypes.byref(buf)))
    return sched_param(buf.sched_priority)


def sched_rr_get_interval(pid, /):
    """Return pid's round-robin quantum in seconds (0: the calling process)."""
    buf = _timespec()
    _libc.check(_libc.sched_rr_get_interval(_convert.c_pid(pid), ctypes.byref(buf)))
    return buf.tv_sec + 1e-9 * buf.tv_nsec


def sched_yield():
    """Voluntarily relinquish the CPU."""
    _libc.check(_libc.sched_yield())


def _alloc_size(ncpus):
    """CPU_ALLOC_SIZE: bytes of a cpu_set_t holding ncpus bits, in whole unsigned longs."""
    return (ncpus + _LONG_BITS - 1) // _LONG_BITS * (_LONG_BITS // 8)


def sched_setaffinity(pid, mask, /):
    """Restrict pid (0: the calling process) to the CPUs in the iterable of ints mask."""
    pid = _convert.c_pid(pid)
    cpus = []
    ncpus = _LONG_BITS
    for item in mask:
        if not isinstance(item, int):
            raise TypeError('expected an iterator of ints, but iterator yielded %r' % (type(item),))
        cpu = _convert.c_off_t(item)  # PyLong_AsLong: OverflowError past C long
        if cpu < 0:
            raise ValueError('negative CPU number')
        if cpu > _INT_MAX - 1:
            raise OverflowError('CPU number too large')
        while ncpus <= cpu:  # grow the set as CPython does: doubling, capped at cpu + 1
            ncpus = cpu + 1 if ncpus > _INT_MAX // 2 else ncpus * 2
        cpus.append(cpu)
    size = _alloc_size(ncpus)
    bits = bytearray(size)
    for cpu in cpus:
        bits[cpu // 8] |= 1 << (cpu % 8)  # little-endian unsigned longs: byte order == bit order
    buf = ctypes.create_string_buffer(bytes(bits), size)  # a copy: no pinned bytearray on PyPy
    _libc.check(_libc.sched_setaffinity(pid, size, buf))


def sched_getaffinity(pid, /):
    """Return the set of CPUs pid (0: the calling process) is restricted to."""
    pid = _convert.c_pid(pid)
    ncpus = _LONG_BITS
    while True:
        size = _alloc_size(ncpus)
        buf = ctypes.create_string_buffer(size)
        if _libc.sched_getaffinity(pid, size, buf) == 0:
            break
        _libc.raise_unless(_EINVAL)
        if ncpus > _INT_MAX // 2:
            raise OverflowError('could not allocate a large enough CPU set')
        ncpus *= 2
    raw = buf.raw
    return {index * 8 + bit for index, byte in enumerate(raw) if byte
            for bit in range(8) if byte >> bit & 1}

"""Spec section "File Descriptor Operations": scatter/gather I/O (readv, writev, preadv, pwritev) and sendfile.

The kernel sees the same iovec lengths CPython passes; the bytes travel through one ctypes buffer
per call (read into it, then copied into the caller's buffers) instead of pinning each caller's
buffer, which on PyPy would outlive the call and block resizing a bytearray.
"""
import ctypes

from .. import _convert, _libc
from .._structs import iovec as _iovec

__all__ = ['readv', 'writev', 'preadv', 'pwritev', 'sendfile',
           'RWF_DSYNC', 'RWF_HIPRI', 'RWF_NOWAIT', 'RWF_SYNC']

from .._version import RWF_APPEND_DEFINED, SENDFILE_ARGUMENT_CLINIC

# preadv2/pwritev2 flags, <linux/fs.h>.
RWF_HIPRI = 0x01
RWF_DSYNC = 0x02
RWF_SYNC = 0x04
RWF_NOWAIT = 0x08
if RWF_APPEND_DEFINED:
    RWF_APPEND = 0x10
    __all__.append('RWF_APPEND')


class _Vector(object):
    """The iovec array over one ctypes buffer laid out as the caller's buffers, end to end."""

    def __init__(self, lengths, data=None):
        self.lengths = lengths
        self.storage = (ctypes.c_char * sum(lengths))()
        if data:
            ctypes.memmove(self.storage, data, len(data))
        self.iov = (_iovec * len(lengths))()
        address = ctypes.addressof(self.storage)
        for entry, length in zip(self.iov, lengths):
            entry.iov_base = address
            entry.iov_len = length
            address += length

    def scatter(self, views, count):
        """Copy the first count bytes of the storage into views, in order (what readv filled)."""
        data = self.storage.raw[:count]
        start = 0
        for view, length in zip(views, self.lengths):
            if start >= count:
                break
            part = min(length, count - start)
            view[:part] = data[start:start + part]
            start += part


def _buffers(buffers, name, writable):
    """iov_setup: check that buffers is a sequence and take a buffer of each item, in order."""
    if not _convert.is_sequence(buffers):
        raise TypeError('%s() arg 2 must be a sequence' % name)
    count = len(buffers)
    if writable:
        return [_convert.writable_buffer(buffers[index]) for index in range(count)]
    return [_convert.buffer(buffers[index]) for index in range(count)]


def _read_vector(fd, buffers, name, call, *tail):
    """readv/preadv: read into a fresh vector with call(fd, iov, count, *tail), then scatter."""
    views = _buffers(buffers, name, writable=True)
    vector = _Vector([view.nbytes for view in views])
    count = _libc.retry(call, fd, vector.iov, len(views), *tail)
    vector.scatter(views, count)
    return count


def _write_vector(fd, buffers, name, call, *tail):
    """writev/pwritev: gather the buffers into one vector and call(fd, iov, count, *tail)."""
    chunks = _buffers(buffers, name, writable=False)
    vector = _Vector([len(chunk) for chunk in chunks], b''.join(chunks))
    return _libc.retry(call, fd, vector.iov, len(chunks), *tail)


def readv(fd, buffers, /):
    """Read from fd into a sequence of mutable bytes-like buffers, in order; return the total read."""
    fd = _convert.c_int(fd)
    return _read_vector(fd, buffers, 'readv', _libc.readv)


def writev(fd, buffers, /):
    """Write the contents of a sequence of bytes-like buffers to fd; return the total written."""
    fd = _convert.c_int(fd)
    return _write_vector(fd, buffers, 'writev', _libc.writev)


def preadv(fd, buffers, offset, flags=0, /):
    """Read from fd at offset (file offset unchanged) into mutable buffers; flags are RWF_*."""
    fd = _convert.c_int(fd)
    offset = _convert.c_off_t(offset)
    flags = _convert.c_int(flags)
    # CPython built with preadv2 always calls it (so offset -1 means "the current position");
    # its not-a-sequence message names preadv2.
    return _read_vector(fd, buffers, 'preadv2', _libc.preadv2, offset, flags)


def pwritev(fd, buffers, offset, flags=0, /):
    """Write buffers to fd at offset (file offset unchanged); flags are RWF_*; return the total."""
    fd = _convert.c_int(fd)
    offset = _convert.c_off_t(offset)
    flags = _convert.c_int(flags)
    return _write_vector(fd, buffers, 'pwritev', _libc.pwritev2, offset, flags)


# sendfile's keyword names: 3.8 parses (out, in, offset, count) with PyArg_ParseTupleAndKeywords,
# converting as it goes; 3.9's Argument Clinic names them (out_fd, in_fd, offset, count), checks
# the arity first, and converts the fds with _PyLong_AsInt instead of format 'i'.
if SENDFILE_ARGUMENT_CLINIC:
    _SENDFILE_NAMES = ('out_fd', 'in_fd', 'offset', 'count')
    _sendfile_fd = _convert.c_int
else:
    _SENDFILE_NAMES = ('out', 'in', 'offset', 'count')
    _sendfile_fd = _convert.getargs_int
_SENDFILE_CONVERTERS = (_sendfile_fd, _sendfile_fd, lambda obj: obj, _convert.c_ssize_t)


def _sendfile_arguments(args, kwargs):
    """Bind sendfile's arguments and convert them, with the running CPython's errors and order."""
    if len(args) + len(kwargs) > 4:
        raise TypeError('sendfile() takes at most 4 arguments (%d given)' % (len(args) + len(kwargs)))
    remaining = dict(kwargs)
    values = []
    for index, name in enumerate(_SENDFILE_NAMES):
        value = args[index] if index < len(args) else remaining.pop(name, _MISSING)
        if value is _MISSING:
            raise TypeError("sendfile() missing required argument '%s' (pos %d)" % (name, index + 1))
        # 3.8 converts each argument as it binds it; Argument Clinic binds all of them first.
        values.append(value if SENDFILE_ARGUMENT_CLINIC else _SENDFILE_CONVERTERS[index](value))
    for position, name in enumerate(_SENDFILE_NAMES[:len(args)], 1):
        if name in remaining:
            raise TypeError("argument for sendfile() given by name ('%s') and position (%d)"
                            % (name, position))
    for key in remaining:
        raise TypeError("'%s' is an invalid keyword argument for sendfile()" % key)
    if SENDFILE_ARGUMENT_CLINIC:
        values = [converter(value) for converter, value in zip(_SENDFILE_CONVERTERS, values)]
    return values


_MISSING = object()


def sendfile(*args, **kwargs):
    """sendfile(out_fd, in_fd, offset, count): copy count bytes of in_fd from offset (None: its
    current position, which advances) to out_fd; return the number of bytes sent."""
    out_fd, in_fd, offset, count = _sendfile_arguments(args, kwargs)
    if offset is None:
        position = None
    else:
        position = ctypes.byref(ctypes.c_int64(_convert.c_off_t(offset)))
    return _libc.retry(_libc.sendfile, out_fd, in_fd, position, count & 0xFFFFFFFFFFFFFFFF)

"""Spec section "Files and Directories": listdir, over opendir/fdopendir/readdir64 like CPython's.

The DIR helpers here are shared with scandir.py: both open a directory the way posixmodule.c does
(a close-on-exec dup of an fd, because closedir closes the fd it was given; rewound afterwards so
the caller's fd can be listed again) and tell end-of-directory from an error by the errno
readdir64 sets (_libc.call_reporting_errno clears it first).

The fast path, for a str or bytes path: open the directory as glibc's opendir does, and read it
with getdents64 into a scratch buffer, the records parsed in bulk (readdir64 returns them one
foreign call each, from the same getdents64 buffer and in the same order).
"""
import sys

from .. import _convert, _libc
from .._pathargs import Path

__all__ = ['listdir']

_F_DUPFD_CLOEXEC = 1030  # <bits/fcntl-linux.h>
_DOT, _DOTDOT = b'.', b'..'
DOTS = (_DOT, _DOTDOT)
# struct linux_dirent64 (getdents64(2)): d_ino u64 at 0, d_off s64 at 8, d_reclen u16 at 16,
# d_type u8 at 18, then d_name, NUL-terminated, at 19.
D_RECLEN, D_TYPE, D_NAME = 16, 18, 19
# glibc's opendir: O_RDONLY | O_NDELAY | O_DIRECTORY | O_LARGEFILE (0 on x86_64) | O_CLOEXEC.
_OPENDIR_FLAGS = 0o4000 | 0o200000 | 0o2000000
_FS_ENCODING, _FS_ERRORS = _convert.FS_ENCODING, _convert.FS_ERRORS
# Names decode in one call, joined by NUL and split again: for UTF-8 with surrogateescape that is
# name by name (a NUL ends any incomplete sequence as the end of a name does); not assumed else.
_BULK_DECODE = _convert.FS_ENCODING == 'utf-8' and _convert.FS_ERRORS == 'surrogateescape'


def open_dir_fd(raw, filename):
    """opendir's open(2) of the bytes path raw; OSError naming filename (opendir: no EINTR retry)."""
    fd = _libc.bare_openat(_convert.AT_FDCWD, raw, _OPENDIR_FLAGS)
    if fd < 0:
        _libc.raise_errno(filename)
    return fd


def read_records(fd, filename, buf, size=None):
    """getdents64 into the scratch buffer buf (its first size bytes): bytes of whole dirent64
    records, b'' at the end; OSError naming filename."""
    count = _libc.bare_getdents64(fd, buf, _libc.SCRATCH.size if size is None else size)
    if count < 0:
        _libc.raise_errno(filename)  # readdir: no EINTR retry either
    return _libc.bytes_at(buf, count)


def record_starts(data):
    """The offsets of the dirent64 records in data, each found from the d_reclen of the one before."""
    reclens = memoryview(data).cast('H')  # d_reclen of the record at pos: reclens[(pos + 16) // 2]
    starts, pos, end, reclen_at = [], 0, len(data), D_RECLEN >> 1
    append = starts.append
    while pos < end:
        append(pos)
        pos += reclens[(pos >> 1) + reclen_at]
    reclens.release()
    return starts


def record_names(data, starts):
    """The d_name of each record: its bytes after D_NAME up to the first NUL (a record ends
    where the next starts; the padding after the NUL is whatever the buffer held before)."""
    ends = starts[1:]
    ends.append(len(data))
    return [data[start + D_NAME:end].partition(b'\0')[0] for start, end in zip(starts, ends)]


def parse_names(data, names):
    """Append the d_name of every dirent64 record in data to names ('.' and '..' included)."""
    names += record_names(data, record_starts(data))


def parse_records(data):
    """The d_name, d_ino and d_type of every dirent64 record in data, as three lists."""
    starts = record_starts(data)
    inos = memoryview(data).cast('Q')  # records are 8-byte aligned: d_ino of pos is inos[pos // 8]
    numbers = [inos[start >> 3] for start in starts]
    inos.release()
    return record_names(data, starts), numbers, [data[start + D_TYPE] for start in starts]


def drop_dots(names):
    """Remove '.' and '..' (each at most once) from the raw names of one directory."""
    for dot in DOTS:
        try:
            names.remove(dot)
        except ValueError:
            pass


def decode_names(names):
    """The raw names, decoded with the filesystem encoding."""
    if _BULK_DECODE and names:
        return b'\0'.join(names).decode(_FS_ENCODING, _FS_ERRORS).split('\0')
    return [name.decode(_FS_ENCODING, _FS_ERRORS) for name in names]


def _fast_listdir(raw, filename):
    """listdir of the bytes path raw: its raw names."""
    fd = open_dir_fd(raw, filename)
    names = []
    buf = _libc.SCRATCH.take()
    try:
        data = read_records(fd, filename, buf)
        while data:
            parse_names(data, names)
            data = read_records(fd, filename, buf)
    finally:
        _libc.SCRATCH.give(buf)
        _libc.bare_close(fd)
    drop_dots(names)
    return names


def open_dir(path):
    """Open path (a Path: its fd, else its narrow path, else '.') as a DIR *; return
    (dirp, from_fd).

    An fd of -1 means "no fd" to path_converter (path_t.fd's default), so like CPython it lists
    the current directory.
    """
    if path.fd != -1:
        fd = _libc.check(_libc.fcntl(path.fd, _F_DUPFD_CLOEXEC, 0))  # _Py_dup: OSError without filename
        dirp, err = _libc.call_reporting_errno(_libc.fdopendir, fd)
        if not dirp:
            _libc.close(fd)
            _libc.raise_oserror(err, path.object)
        return dirp, True
    dirp = _libc.opendir(b'.' if path.narrow is None else path.narrow)
    if not dirp:
        _libc.raise_errno(path.object)
    return dirp, False


def read_dir(dirp, filename):
    """Return the next (name, d_ino, d_type) of dirp other than '.' and '..', or None at the end."""
    while True:
        entry, err = _libc.call_reporting_errno(_libc.readdir64, dirp)  # NULL, errno 0: the end
        if not entry:
            if err:
                _libc.raise_oserror(err, filename)
            return None
        entry = entry[0]
        name = entry.d_name
        if name != _DOT and name != _DOTDOT:
            return name, entry.d_ino, entry.d_type


def close_dir(dirp, from_fd):
    """closedir(dirp), rewinding it first when it came from the caller's fd (shared offset)."""
    if from_fd:
        _libc.rewinddir(dirp)
    _libc.closedir(dirp)


def listdir(path=None):
    """Return the names in directory path (default '.') but '.' and '..'; bytes in, bytes out."""
    kind = type(path)
    if kind is str or kind is bytes:
        raw = path.encode(_FS_ENCODING, _FS_ERRORS) if kind is str else path
        if _convert.NUL not in raw:
            sys.audit('os.listdir', path)
            names = _fast_listdir(raw, path)
            return names if kind is bytes else decode_names(names)
    return faithful_listdir(path)


def faithful_listdir(path=None):
    """listdir() for every argument, over opendir/readdir64."""
    path = Path(path, 'listdir', allow_fd=True, nullable=True)
    sys.audit('os.listdir', path.object)
    dirp, from_fd = open_dir(path)
    names = []
    readdir, call = _libc.readdir64, _libc.call_reporting_errno  # the loop is hot: read_dir inlined
    try:
        while True:
            entry, err = call(readdir, dirp)  # NULL with errno 0: the end
            if not entry:
                if err:
                    _libc.raise_oserror(err, path.object)
                break
            name = entry[0].d_name
            if name != _DOT and name != _DOTDOT:
                names.append(name)
    finally:
        close_dir(dirp, from_fd)
    if path.results_are_bytes():
        return names
    encoding, errors = _convert.FS_ENCODING, _convert.FS_ERRORS
    return [name.decode(encoding, errors) for name in names]

"""Spec section "Files and Directories": scandir() and DirEntry, modelled on posixmodule.c.

DirEntry keeps readdir's d_ino and d_type and answers is_dir/is_file/is_symlink from d_type without
a system call; only DT_UNKNOWN (some filesystems) and symlinks followed need a stat. stat() results
are cached separately for follow_symlinks True and False, failures are not cached.
"""
import sys
import warnings
from operator import attrgetter
from stat import S_IFDIR, S_IFLNK, S_IFMT, S_IFREG

from .. import _convert, _libc
from .._pathargs import Path
from .._version import CLASS_GETITEM, DIRENTRY_IS_JUNCTION, NO_DICT_IN_ATTRIBUTE_ERRORS, VERSION
from .._structs import DT_DIR, DT_LNK, DT_REG, DT_UNKNOWN
from .listing import (_BULK_DECODE, DOTS, close_dir, decode_names, open_dir,
                      open_dir_fd, parse_records, read_dir, read_records)

if CLASS_GETITEM:
    from types import GenericAlias

__all__ = ['scandir', 'DirEntry']

_FS = (_convert.FS_ENCODING, _convert.FS_ERRORS)
_NO_DICT = ' and no __dict__ for setting new attributes' if NO_DICT_IN_ATTRIBUTE_ERRORS else ''
# 3.9 alone named these types without their module in "cannot create ... instances" (measured).
_NEW_PREFIX = '' if VERSION == (3, 9) else 'posix.'


# The fast iterator reads this many bytes of records at a time and makes their entries at once:
# about 250 for short names (an eighth of a 64 KiB read's), so that a walk holds about as much
# memory as the stdlib's, which holds one entry at a time. (Smaller reads cost one more call per
# chunk, no more.) Measured: a 100,000-entry walk's tracemalloc peak, 2.97x the stdlib's with
# 64 KiB reads, 1.47x with these.
_CHUNK = 1 << 13


class _ReadOnly(property):
    # A T_OBJECT_EX READONLY member: read by C code alone (a property over attrgetter),
    # 'readonly attribute' on assignment or deletion.

    def __init__(self, slot_name, doc):
        property.__init__(self, attrgetter(slot_name))
        self.__doc__ = doc  # the instance's: the class attribute would shadow property's doc

    def __set__(self, obj, value):
        raise AttributeError('readonly attribute')

    def __delete__(self, obj):
        raise AttributeError('readonly attribute')


_ENTRY_SLOTS = ('_name', '_path', '_dir_fd', '_d_type', '_d_ino', '_stat', '_lstat')


class DirEntry(object):
    """An entry yielded by scandir(): name, path, and cached file-type and stat information."""

    __module__ = 'posix'
    __slots__ = _ENTRY_SLOTS

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '%sDirEntry' instances" % _NEW_PREFIX)

    def __setattr__(self, name, value):
        raise self._refusal(name)

    def __delattr__(self, name):
        raise self._refusal(name)

    @classmethod
    def _refusal(cls, name):
        """The AttributeError CPython raises for writing attribute name of a DirEntry."""
        if name in ('name', 'path'):
            return AttributeError('readonly attribute')
        if hasattr(cls, name):
            return AttributeError("'posix.DirEntry' object attribute '%s' is read-only" % name)
        return AttributeError("'posix.DirEntry' object has no attribute '%s'%s" % (name, _NO_DICT))

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'posix.DirEntry' object")

    def __repr__(self):
        return '<DirEntry %r>' % (self._name,)

    def __fspath__(self):
        """Return the entry's full path name (the path attribute)."""
        return self._path

    def inode(self):
        """Return the inode number of the entry (d_ino from readdir; no system call)."""
        return self._d_ino

    @_convert.shows_keyword_only
    def is_dir(self, *args, follow_symlinks=True):
        """True for a directory or a symlink to one (the entry itself only, if not follow_symlinks)."""
        if follow_symlinks is True and not args:  # _test_mode's answers from d_type, inlined
            d_type = self._d_type
            if d_type == DT_DIR:
                return True
            if d_type != DT_LNK and d_type != DT_UNKNOWN:
                return False
        _convert.refuse_positional('is_dir', args)
        return self._test_mode(bool(follow_symlinks), S_IFDIR)

    @_convert.shows_keyword_only
    def is_file(self, *args, follow_symlinks=True):
        """True for a regular file or a symlink to one (the entry itself only, if not follow_symlinks)."""
        _convert.refuse_positional('is_file', args)
        return self._test_mode(bool(follow_symlinks), S_IFREG)

    def is_symlink(self):
        """True if the entry is a symbolic link (even a dangling one)."""
        if self._d_type != DT_UNKNOWN:
            return self._d_type == DT_LNK
        return self._test_mode(False, S_IFLNK)

    if DIRENTRY_IS_JUNCTION:
        def is_junction(self):
            """True if the entry is a junction; never on POSIX."""
            return False

    @_convert.shows_keyword_only
    def stat(self, *args, follow_symlinks=True):
        """Return the entry's stat_result (lstat if not follow_symlinks), cached per flag."""
        _convert.refuse_positional('stat', args)
        if not follow_symlinks:
            return self._get_lstat()
        if self._stat is None:
            if self.is_symlink():
                _set(self, '_stat', self._fetch_stat(True))
            else:
                _set(self, '_stat', self._get_lstat())
        return self._stat

    if CLASS_GETITEM:
        __class_getitem__ = classmethod(GenericAlias)

    # -- internals: DirEntry_fetch_stat, DirEntry_get_lstat, DirEntry_test_mode --

    def _fetch_stat(self, follow_symlinks):
        """stat/lstat the entry (relative to the scanned fd if any); OSError names self.path."""
        from .. import stat
        if self._dir_fd is not None:
            return stat(self._path, dir_fd=self._dir_fd, follow_symlinks=follow_symlinks)
        return stat(self._path, follow_symlinks=follow_symlinks)

    def _get_lstat(self):
        if self._lstat is None:
            _set(self, '_lstat', self._fetch_stat(False))
        return self._lstat

    def _test_mode(self, follow_symlinks, mode_bits):
        """Is the entry of type mode_bits? d_type when it says; else stat, missing file -> False."""
        d_type = self._d_type
        is_symlink = d_type == DT_LNK
        if d_type == DT_UNKNOWN or (follow_symlinks and is_symlink):
            try:
                st = self.stat(follow_symlinks=follow_symlinks)
            except FileNotFoundError:
                return False  # the file does not exist (any more): not a file/directory
            return S_IFMT(st.st_mode) == mode_bits
        if is_symlink:
            return False
        if mode_bits == S_IFDIR:
            return d_type == DT_DIR
        return d_type == DT_REG


_set = object.__setattr__
DirEntry.name = _ReadOnly('_name', 'the entry\'s base filename, relative to scandir() "path" argument')
DirEntry.path = _ReadOnly('_path',
                          "the entry's full path name; equivalent to os.path.join(scandir_path, entry.name)")


class _NewEntry(object):
    # DirEntry refuses every attribute write, as CPython's does, so an entry is filled as this
    # twin with the same slots, by plain slot stores (the fastest writes there are: a scandir
    # makes one entry per name), and then becomes a DirEntry (__class__ assignment between
    # classes of one layout).
    __slots__ = _ENTRY_SLOTS


def _make_entry(name, path, dir_fd, d_ino, d_type, new=object.__new__):
    """DirEntry_from_posix_info: a DirEntry with nothing cached."""
    entry = new(_NewEntry)
    entry._name = name
    entry._path = path
    entry._dir_fd = dir_fd
    entry._d_ino = d_ino
    entry._d_type = d_type
    entry._stat = entry._lstat = None
    entry.__class__ = DirEntry
    return entry


class ScandirIterator(object):
    """The iterator scandir() returns: yields DirEntry objects; a context manager with close()."""

    __module__ = 'posix'
    # The faithful iterator reads _dirp (a DIR *) with readdir64; the fast one, for str and bytes
    # paths, reads _fd with getdents64, a chunk of records at a time: _pending holds the entries
    # of the chunk not yielded yet, last first, and _prefix the path to prepend to names (typed
    # as they are). _fd is -1 when there is none; _pending is empty for the faithful iterator.
    __slots__ = ('_dirp', '_from_fd', '_raw', '_filename', '_bytes', '_dir_fd', '__weakref__',
                 '_fd', '_pending', '_prefix')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create '%sScandirIterator' instances" % _NEW_PREFIX)

    def __reduce_ex__(self, protocol):
        raise TypeError("cannot pickle 'posix.ScandirIterator' object")

    def __iter__(self):
        return self

    def __next__(self):
        """Return the next DirEntry; StopIteration (and close) at the end or once closed."""
        pending = self._pending
        if pending:
            return pending.pop()
        if self._fd >= 0:
            return self._next_chunk()
        if self._dirp is None:
            raise StopIteration
        try:
            item = read_dir(self._dirp, self._filename)
        except OSError:
            self.close()
            raise
        if item is None:
            self.close()
            raise StopIteration
        return self._entry(*item)

    def _next_chunk(self):
        """__next__ of the fast iterator once _pending is empty: read and parse the next records."""
        while True:
            buf = _libc.SCRATCH.take()
            try:
                data = read_records(self._fd, self._filename, buf, _CHUNK)
            except OSError:
                self.close()
                raise
            finally:
                _libc.SCRATCH.give(buf)
            if not data:
                self.close()
                raise StopIteration
            pending = self._pending = self._entries_of(data)
            if pending:
                return pending.pop()

    def _entries_of(self, data, new=object.__new__):
        """The DirEntry objects of the dirent64 records in data but '.' and '..', last first."""
        names, inos, types = parse_records(data)
        for dot in DOTS:  # each at most once per directory, so found in C rather than per name
            try:
                index = names.index(dot)
            except ValueError:
                continue
            del names[index], inos[index], types[index]
        if not self._bytes:
            names = decode_names(names)
        prefix, entries = self._prefix, []
        append = entries.append
        for name, d_ino, d_type in zip(names, inos, types):
            entry = new(_NewEntry)  # _make_entry, inlined: this loop runs once per name
            entry._name = name
            entry._path = prefix + name
            entry._dir_fd = None
            entry._d_ino = d_ino
            entry._d_type = d_type
            entry._stat = entry._lstat = None
            entry.__class__ = DirEntry
            append(entry)
        entries.reverse()
        return entries

    def _entry(self, raw_name, d_ino, d_type):
        """Build the DirEntry for one readdir result, typed like the scandir() argument."""
        if self._dir_fd is not None:
            name = raw_name.decode(*_FS)
            return _make_entry(name, name, self._dir_fd, d_ino, d_type)
        raw = b'.' if self._raw is None else self._raw
        joined = raw + raw_name if raw[-1:] in (b'/', b'') else raw + b'/' + raw_name
        if self._bytes:
            return _make_entry(raw_name, joined, None, d_ino, d_type)
        return _make_entry(raw_name.decode(*_FS), joined.decode(*_FS), None, d_ino, d_type)

    def close(self):
        """Close the iterator and free acquired resources (idempotent)."""
        dirp, self._dirp = self._dirp, None
        if dirp is not None:
            close_dir(dirp, self._from_fd)
        fd, self._fd = self._fd, -1
        if fd >= 0:
            self._pending = []
            _libc.bare_close(fd)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def __del__(self):
        if getattr(self, '_dirp', None) is not None or getattr(self, '_fd', -1) >= 0:
            self.close()
            warnings.warn('unclosed scandir iterator %r' % (self,), ResourceWarning, stacklevel=1,
                          source=self)


def scandir(path=None):
    """Return an iterator of DirEntry objects for the entries of path (default '.'), or of a directory fd."""
    kind = type(path)
    if (kind is str and _BULK_DECODE) or kind is bytes:  # str: _prefix + name is decode(joined)
        raw = path.encode(*_FS) if kind is str else path
        if _convert.NUL not in raw:
            sys.audit('os.scandir', path)
            iterator = object.__new__(ScandirIterator)
            iterator._dirp, iterator._filename, iterator._dir_fd = None, path, None
            iterator._fd = -1  # until open: __del__ looks at it
            iterator._fd = open_dir_fd(raw, path)
            iterator._bytes = kind is bytes
            iterator._pending = []
            prefix = raw if raw[-1:] in (b'/', b'') else raw + b'/'
            iterator._prefix = prefix if kind is bytes else prefix.decode(*_FS)
            return iterator
    return faithful_scandir(path)


def faithful_scandir(path=None):
    """scandir() for every argument, over opendir/readdir64."""
    path = Path(path, 'scandir', allow_fd=True, nullable=True)
    sys.audit('os.scandir', path.object)
    dirp, from_fd = open_dir(path)
    iterator = object.__new__(ScandirIterator)
    iterator._fd = -1
    iterator._pending = []
    iterator._dirp = dirp
    iterator._from_fd = from_fd
    iterator._raw = path.narrow  # None: '.'
    iterator._filename = path.object
    iterator._bytes = path.results_are_bytes()
    iterator._dir_fd = path.fd if from_fd else None
    return iterator

"""stat_result: the documented tuple-like result of stat(), lstat() and fstat()."""
import sys
from operator import itemgetter

from .. import _libc
from .._structs import STAT_UNPACKER
from .._structseq import ExtraMember, get_extra, new_tuple, set_extra, structseq

__all__ = ['stat_result']  # make_stat_result, stat_result_from_buffer: for stat, fstat

# CPython's structseq layout for os.stat_result on Linux: 10 sequence items (indexes 7-9 are the
# unnamed integer times), then 9 named fields reachable only as attributes.
stat_result = structseq('stat_result', (
    ('st_mode', 'protection bits'), ('st_ino', 'inode'), ('st_dev', 'device'),
    ('st_nlink', 'number of hard links'), ('st_uid', 'user ID of owner'),
    ('st_gid', 'group ID of owner'), ('st_size', 'total size, in bytes'), None, None, None,
), (
    ('st_atime', 'time of last access'), ('st_mtime', 'time of last modification'),
    ('st_ctime', 'time of last change'), ('st_atime_ns', 'time of last access in nanoseconds'),
    ('st_mtime_ns', 'time of last modification in nanoseconds'),
    ('st_ctime_ns', 'time of last change in nanoseconds'),
    ('st_blksize', 'blocksize for filesystem I/O'), ('st_blocks', 'number of blocks allocated'),
    ('st_rdev', 'device type (if inode device)'),
), doc="""stat_result: Result from stat, fstat, or lstat.

This object may be accessed either as a tuple of
  (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime)
or via the attributes st_mode, st_ino, st_dev, st_nlink, st_uid, and so on.

Posix/windows: If your platform supports st_blksize, st_blocks, st_rdev,
or st_flags, they are available as attributes only.

See os.stat for more information.""")

_structseq_new = stat_result.__new__


def _statresult_new(cls, *args, **kwargs):
    """statresult_new: structseq_new, then the float times default to the integer items."""
    self = _structseq_new(cls, *args, **kwargs)
    extra = get_extra(self)
    for index, name in ((7, 'st_atime'), (8, 'st_mtime'), (9, 'st_ctime')):
        if extra[name] is None:
            extra[name] = self[index]
    return self


stat_result.__new__ = staticmethod(_statresult_new)

# A pickle names os.stat_result, so it loads as the running interpreter's own type. PyPy's keeps
# the nanoseconds as nsec_atime, nsec_mtime, nsec_ctime (its st_*_ns add them to the integer
# items), so under PyPy a pickle carries those too; the reference and CPython before 3.13 ignore
# names they do not know, as PyPy's own stat_result pickles need.
if sys.implementation.name == 'pypy':
    _reduce = stat_result.__reduce__

    def _reduce_with_nsec(self):
        constructor, (items, extras) = _reduce(self)
        for index, when in ((7, 'atime'), (8, 'mtime'), (9, 'ctime')):
            ns = extras['st_%s_ns' % when]  # None in a stat_result built without it, as PyPy's nsec
            extras['nsec_' + when] = None if ns is None else ns - items[index] * 1000000000
        return constructor, (items, extras)

    stat_result.__reduce__ = _reduce_with_nsec


def make_stat_result(dev, ino, nlink, mode, uid, gid, rdev, size, blksize, blocks,
                     atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec):
    """Build a stat_result from struct stat fields in layout order (_structs.STAT_UNPACKER).

    As posixmodule.c's _pystat_fromstructstat: float times are sec + nsec * 1e-9 and _ns times
    sec * 10**9 + nsec, which is bit-identical to CPython.
    """
    self = new_tuple(stat_result, (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime))
    set_extra(self, {
        'st_atime': atime + atime_nsec * 1e-9,
        'st_mtime': mtime + mtime_nsec * 1e-9,
        'st_ctime': ctime + ctime_nsec * 1e-9,
        'st_atime_ns': atime * 1000000000 + atime_nsec,
        'st_mtime_ns': mtime * 1000000000 + mtime_nsec,
        'st_ctime_ns': ctime * 1000000000 + ctime_nsec,
        'st_blksize': blksize,
        'st_blocks': blocks,
        'st_rdev': rdev,
    })
    return self


# The fast paths' stat_result: one unpack, one tuple, a one-key dict. The nine attribute-only
# fields are computed on first read from the unpacked struct, which the instance dict keeps
# under _RAW (a key no field can have); a computed value is stored in the dict, where it
# shadows the member as every field of an eager result does. The values are make_stat_result's.
_RAW = ' raw'
_unpack_from = _libc.unpacker_from(STAT_UNPACKER)  # of a scratch buffer
# STAT_UNPACKER's layout order: dev 0, ino 1, nlink 2, mode 3, uid 4, gid 5, rdev 6, size 7,
# blksize 8, blocks 9, then (sec, nsec) pairs of atime 10, mtime 12, ctime 14.
_VISIBLE = itemgetter(3, 1, 0, 2, 4, 5, 7, 10, 12, 14)


def stat_result_from_buffer(buf):
    """The stat_result of the struct stat at the start of the scratch buffer buf, its hidden
    fields computed lazily."""
    raw = _unpack_from(buf)
    self = new_tuple(stat_result, _VISIBLE(raw))
    set_extra(self, {_RAW: raw})
    return self


class _LazyMember(ExtraMember):
    # An attribute-only field of stat_result that a lazy result computes on first read.

    def __init__(self, member, compute):
        ExtraMember.__init__(self, member.__name__, member.__doc__, member.type_name)
        self.compute = compute

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        values = get_extra(obj)
        try:
            return values[self.__name__]
        except KeyError:
            value = values[self.__name__] = self.compute(values[_RAW])
            return value


def _float_time(index):
    return lambda raw: raw[index] + raw[index + 1] * 1e-9


def _ns_time(index):
    return lambda raw: raw[index] * 1000000000 + raw[index + 1]


for _name, _compute in (('st_atime', _float_time(10)), ('st_mtime', _float_time(12)),
                        ('st_ctime', _float_time(14)), ('st_atime_ns', _ns_time(10)),
                        ('st_mtime_ns', _ns_time(12)), ('st_ctime_ns', _ns_time(14)),
                        ('st_blksize', itemgetter(8)), ('st_blocks', itemgetter(9)),
                        ('st_rdev', itemgetter(6))):
    setattr(stat_result, _name, _LazyMember(stat_result.__dict__[_name], _compute))
del _name, _compute

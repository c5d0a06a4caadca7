"""_structs layouts match the measured Linux x86_64 glibc ones (MACHINE-FACTS.md)."""
import ctypes
import os

import pytest

from reference import _structs

STAT_OFFSETS = {'st_dev': 0, 'st_ino': 8, 'st_nlink': 16, 'st_mode': 24, 'st_uid': 28,
                'st_gid': 32, 'st_rdev': 40, 'st_size': 48, 'st_blksize': 56, 'st_blocks': 64,
                'st_atim': 72, 'st_mtim': 88, 'st_ctim': 104}


def test_stat_size():
    assert ctypes.sizeof(_structs.stat) == 144


@pytest.mark.parametrize('field,offset', sorted(STAT_OFFSETS.items()))
def test_stat_offsets(field, offset):
    assert getattr(_structs.stat, field).offset == offset


def test_timespec_layout():
    assert ctypes.sizeof(_structs.timespec) == 16
    assert _structs.timespec.tv_nsec.offset == 8


def test_unpacker_agrees_with_structure():
    buf = _structs.stat()
    values = {name: index + 1 for index, name in enumerate(STAT_OFFSETS)}
    for name, value in values.items():
        if name.endswith('tim'):
            getattr(buf, name).tv_sec = value
            getattr(buf, name).tv_nsec = value + 100
        else:
            setattr(buf, name, value)
    unpacked = _structs.STAT_UNPACKER.unpack(bytes(buf))
    expected = [values[n] for n in ('st_dev', 'st_ino', 'st_nlink', 'st_mode', 'st_uid', 'st_gid',
                                    'st_rdev', 'st_size', 'st_blksize', 'st_blocks')]
    for name in ('st_atim', 'st_mtim', 'st_ctim'):
        expected += [values[name], values[name] + 100]
    assert list(unpacked) == expected
    assert _structs.STAT_UNPACKER.size == 144


def test_utsname_layout():
    assert ctypes.sizeof(_structs.utsname) == 6 * 65
    assert _structs.utsname.machine.offset == 4 * 65


def test_real_fstat_through_the_layout(tmp_path):
    import reference
    target = tmp_path / 'f'
    target.write_bytes(b'x' * 12345)
    fd = os.open(str(target), os.O_RDONLY)
    try:
        ours, theirs = reference.fstat(fd), os.fstat(fd)
    finally:
        os.close(fd)
    assert tuple(ours) == tuple(theirs)
    for name in ('st_atime', 'st_mtime', 'st_ctime', 'st_atime_ns', 'st_mtime_ns', 'st_ctime_ns',
                 'st_blksize', 'st_blocks', 'st_rdev'):
        assert getattr(ours, name) == getattr(theirs, name), name
        assert type(getattr(ours, name)) is type(getattr(theirs, name)), name

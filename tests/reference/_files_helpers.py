"""Helpers for the Files and Directories reference tests: twin trees for calls that mutate.

A mutating call cannot run twice on one tree, so `twin()` builds the same tree twice, runs
os.NAME in one and reference.NAME in the other (each the working directory in turn, so relative
paths and filenames in errors are identical) and compares outcomes and resulting trees.
Arguments may be the sentinels DIR_FD / FILE_FD / CLOSED_FD, resolved per tree; during the call
fd 0 is the tree's 'file' too, so fd 0 cases never touch the real stdin.
"""
import os
import shutil
import stat

import reference
from conftest import ON_PYPY, outcome


class P:
    """A minimal os.PathLike."""

    def __init__(self, value):
        self.value = value

    def __fspath__(self):
        return self.value

    def __repr__(self):
        return 'P(%r)' % (self.value,)


class Opaque:
    """An object that is nothing in particular, with a stable repr (xdist compares test ids)."""

    def __repr__(self):
        return 'Opaque()'


class _Sentinel:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


DIR_FD = _Sentinel('DIR_FD')      # an O_RDONLY fd on the tree's root
FILE_FD = _Sentinel('FILE_FD')    # an O_RDWR fd on the tree's 'file'
CLOSED_FD = _Sentinel('CLOSED_FD')  # a descriptor number that is not open


def build(root):
    """root/
         file (10 bytes, 0o644), exec (0o755), dir/inner, empty/, link -> file,
         dirlink -> dir, dangling -> nowhere, loop -> loop
    """
    root.mkdir()
    (root / 'file').write_bytes(b'0123456789')
    os.chmod(str(root / 'file'), 0o644)
    (root / 'exec').write_bytes(b'')
    os.chmod(str(root / 'exec'), 0o755)
    (root / 'dir').mkdir()
    (root / 'dir' / 'inner').write_bytes(b'in')
    (root / 'empty').mkdir()
    os.symlink('file', str(root / 'link'))
    os.symlink('dir', str(root / 'dirlink'))
    os.symlink('nowhere', str(root / 'dangling'))
    os.symlink('loop', str(root / 'loop'))
    for name in ('dir/inner', 'file', 'exec', 'dir', 'empty', 'link', 'dirlink', 'dangling', 'loop', '.'):
        # fixed times, so that twin trees compare equal on them
        os.utime(str(root / name), ns=(10 ** 18, 2 * 10 ** 18), follow_symlinks=False)
    return root


def snapshot(root, times=False):
    """Everything observable about the tree except inode numbers and change times."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(str(root)):
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            entry = [os.path.relpath(full, str(root)), st.st_mode, st.st_uid, st.st_gid, st.st_nlink,
                     st.st_rdev]
            if stat.S_ISLNK(st.st_mode):
                entry.append(os.readlink(full))
            elif stat.S_ISREG(st.st_mode):
                entry.append(st.st_size)
            if times:  # atimes of directories and symlinks move when the snapshot reads them
                entry += [st.st_mtime_ns] + ([st.st_atime_ns] if stat.S_ISREG(st.st_mode) else [])
            entries.append(tuple(entry))
    return entries


def _resolve(value, fds):
    if isinstance(value, _Sentinel):
        return fds[value.name]
    if isinstance(value, tuple):
        return tuple(_resolve(v, fds) for v in value)
    return value


def run_in_tree(root, monkeypatch, func, args, kwargs, times=False):
    """Build root, make it the cwd, call func with resolved arguments; return outcome + tree."""
    build(root)
    monkeypatch.chdir(str(root))
    fds = {'DIR_FD': os.open('.', os.O_RDONLY), 'FILE_FD': os.open('file', os.O_RDWR)}
    saved_stdin = os.dup(0)
    os.dup2(fds['FILE_FD'], 0)  # a call on fd 0 must act on the tree, never on the real stdin
    closed = os.open('.', os.O_RDONLY)  # after the dup, so it cannot be saved_stdin's number
    os.close(closed)
    fds['CLOSED_FD'] = closed
    try:
        result = outcome(func, *_resolve(args, fds), **{k: _resolve(v, fds) for k, v in kwargs.items()})
        cwd = os.path.relpath(os.getcwd(), str(root))
    finally:
        os.dup2(saved_stdin, 0)
        os.close(saved_stdin)
        monkeypatch.chdir(str(root))
        os.close(fds['DIR_FD'])
        os.close(fds['FILE_FD'])
    return result, cwd, snapshot(root, times)


def twin(tmp_path, monkeypatch, name, *args, compare_times=False, **kwargs):
    """Assert os.name and reference.name leave identical outcomes and trees; return the outcome."""
    expected = run_in_tree(tmp_path / 'os', monkeypatch, getattr(os, name), args, kwargs, compare_times)
    actual = run_in_tree(tmp_path / 'ref', monkeypatch, getattr(reference, name), args, kwargs, compare_times)
    monkeypatch.chdir(str(tmp_path))
    shutil.rmtree(str(tmp_path / 'os'))  # room for another twin() in the same test
    shutil.rmtree(str(tmp_path / 'ref'))
    if ON_PYPY:  # PyPy names other files (or none) in its OSErrors; compare the rest
        expected, actual = [(r[0][:3] + r[0][5:],) + r[1:] for r in (expected, actual)]
    assert actual == expected
    return actual[0]


def in_tree(tmp_path, monkeypatch):
    """Build one tree for read-only calls, make it the cwd; return (root, dir fd, file fd)."""
    root = build(tmp_path / 't')
    monkeypatch.chdir(str(root))
    return root

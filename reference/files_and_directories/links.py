"""Files and Directories: hard and symbolic links, unlinking and renaming."""
import ctypes

from .. import _convert, _libc
from .._pathargs import AT_SYMLINK_FOLLOW, DEFAULT_DIR_FD, Path, error2

__all__ = ['link', 'symlink', 'readlink', 'unlink', 'remove', 'rename', 'replace']

_MAXPATHLEN = 4096  # <linux/limits.h> PATH_MAX; CPython reads at most this many bytes


def link(src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True):
    """Create a hard link named dst pointing to src."""
    src = Path(src, 'link', 'src')
    dst = Path(dst, 'link', 'dst')
    src_dir_fd = _convert.dir_fd(src_dir_fd)
    dst_dir_fd = _convert.dir_fd(dst_dir_fd)
    follow_symlinks = _convert.c_bool(follow_symlinks)
    if src_dir_fd != DEFAULT_DIR_FD or dst_dir_fd != DEFAULT_DIR_FD or not follow_symlinks:
        result = _libc.linkat(src_dir_fd, src.narrow, dst_dir_fd, dst.narrow,
                              AT_SYMLINK_FOLLOW if follow_symlinks else 0)
    else:
        # As CPython: plain link(2), which on Linux does NOT follow a symlink src.
        result = _libc.link(src.narrow, dst.narrow)
    if result == -1:
        error2(src, dst)


def symlink(src, dst, target_is_directory=False, *, dir_fd=None):
    """Create a symbolic link named dst pointing to src."""
    src = Path(src, 'symlink', 'src')
    dst = Path(dst, 'symlink', 'dst')
    _convert.c_bool(target_is_directory)  # only meaningful on Windows
    dir_fd = _convert.dir_fd(dir_fd)
    if _libc.symlinkat(src.narrow, dir_fd, dst.narrow) == -1:
        error2(src, dst)


def readlink(path, *, dir_fd=None):
    """Return the target of symbolic link path: str for a str path, bytes otherwise."""
    path = Path(path, 'readlink')
    dir_fd = _convert.dir_fd(dir_fd)
    buf = ctypes.create_string_buffer(_MAXPATHLEN + 1)
    length = path.check(_libc.readlinkat(dir_fd, path.narrow, buf, _MAXPATHLEN))
    target = buf.raw[:length]
    if isinstance(path.object, str):
        return target.decode(_convert.FS_ENCODING, _convert.FS_ERRORS)
    return target


def _unlink(function_name, path, dir_fd):
    """unlinkat(dir_fd, path, 0) with CPython's argument conversion for function_name."""
    path = Path(path, function_name)
    dir_fd = _convert.dir_fd(dir_fd)
    path.check(_libc.unlinkat(dir_fd, path.narrow, 0))


def unlink(path, *, dir_fd=None):
    """Remove (delete) the file path; a directory raises IsADirectoryError."""
    _unlink('unlink', path, dir_fd)


def remove(path, *, dir_fd=None):
    """Remove (delete) the file path; identical to unlink()."""
    _unlink('remove', path, dir_fd)


def _rename(function_name, src, dst, src_dir_fd, dst_dir_fd):
    """renameat(2) with CPython's conversions; errors name both src and dst."""
    src = Path(src, function_name, 'src')
    dst = Path(dst, function_name, 'dst')
    src_dir_fd = _convert.dir_fd(src_dir_fd)
    dst_dir_fd = _convert.dir_fd(dst_dir_fd)
    if _libc.renameat(src_dir_fd, src.narrow, dst_dir_fd, dst.narrow) == -1:
        error2(src, dst)


def rename(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    """Rename the file or directory src to dst (silently replacing a file dst on Unix)."""
    _rename('rename', src, dst, src_dir_fd, dst_dir_fd)


def replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
    """Rename src to dst, replacing an existing file or empty directory dst."""
    _rename('replace', src, dst, src_dir_fd, dst_dir_fd)

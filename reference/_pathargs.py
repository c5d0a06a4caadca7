"""posixmodule.c's path_t and its argument-combination checks: with _convert, the conversion layer.

Every path argument of every section is converted by Path (only Path calls
_convert.path_converter). A path_t holds either `narrow` (bytes) or `fd` (an int; -1 means "no
fd", and then narrow is None too, which CPython passes on as a NULL path: os.stat(-1) fails with
EFAULT). A nullable path given as None is the same empty path_t: listdir() and scandir() then list
'.', listxattr() asks about '.'.
"""
from . import _convert, _libc

DEFAULT_DIR_FD = _convert.AT_FDCWD
AT_SYMLINK_NOFOLLOW = 0x100  # <fcntl.h>
AT_REMOVEDIR = 0x200
AT_SYMLINK_FOLLOW = 0x400
AT_EACCESS = 0x200


class Path(object):
    """A converted path argument: narrow bytes or None, fd (-1 if none), object to name in errors."""

    __slots__ = ('narrow', 'fd', 'object')

    def __init__(self, obj, function_name, argument_name='path', allow_fd=False, nullable=False):
        raw, self.object = _convert.path_converter(obj, function_name, argument_name,
                                                   allow_fd=allow_fd, nullable=nullable)
        if isinstance(raw, int):
            self.narrow, self.fd = None, raw
        else:
            self.narrow, self.fd = raw, -1

    def results_are_bytes(self):
        """CPython's rule for listdir and scandir: bytes names only for a path given as bytes
        (or bytes-like, or with a bytes __fspath__); str for str, None and fds."""
        return self.narrow is not None and not isinstance(self.object, str)

    def error(self):
        """path_error(path): raise OSError from errno naming the path object."""
        _libc.raise_errno(self.object)

    def check(self, result):
        """Return result unless it is -1; then raise path_error."""
        if result == -1:
            self.error()
        return result


def error2(src, dst):
    """path_error2(src, dst): raise OSError from errno naming both paths."""
    _libc.raise_errno(src.object, dst.object)


def path_and_dir_fd_invalid(function_name, path, dir_fd):
    """Refuse a dir_fd given with an fd path."""
    if path.narrow is None and dir_fd != DEFAULT_DIR_FD:
        raise ValueError("%s: can't specify dir_fd without matching path" % function_name)


def dir_fd_and_fd_invalid(function_name, dir_fd, fd):
    """Refuse dir_fd together with an fd path."""
    if dir_fd != DEFAULT_DIR_FD and fd != -1:
        raise ValueError("%s: can't specify both dir_fd and fd" % function_name)


def fd_and_follow_symlinks_invalid(function_name, fd, follow_symlinks):
    """Refuse follow_symlinks=False with an fd path (CPython tests fd > 0, so fd 0 passes)."""
    if fd > 0 and not follow_symlinks:
        raise ValueError('%s: cannot use fd and follow_symlinks together' % function_name)


def dir_fd_and_follow_symlinks_invalid(function_name, dir_fd, follow_symlinks):
    """Raise CPython's ValueError for dir_fd with follow_symlinks=False where unsupported."""
    if dir_fd != DEFAULT_DIR_FD and not follow_symlinks:
        raise ValueError('%s: cannot use dir_fd and follow_symlinks together' % function_name)


def follow_symlinks_specified(function_name, follow_symlinks):
    """Raise CPython's NotImplementedError when follow_symlinks=False cannot be honoured."""
    if not follow_symlinks:
        raise NotImplementedError('%s: follow_symlinks unavailable on this platform' % function_name)

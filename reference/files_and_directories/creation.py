"""Files and Directories: mkdir, rmdir, mkfifo, mknod and device numbers, truncate, sync."""
from .. import _convert, _libc
from .._pathargs import AT_REMOVEDIR, Path

__all__ = ['mkdir', 'rmdir', 'mkfifo', 'mknod', 'major', 'minor', 'makedev', 'truncate', 'sync']


def mkdir(path, mode=0o777, *, dir_fd=None):
    """Create a directory named path with numeric mode (masked by the umask)."""
    path = Path(path, 'mkdir')
    mode = _convert.c_int(mode) & 0xFFFFFFFF
    dir_fd = _convert.dir_fd(dir_fd)
    path.check(_libc.mkdirat(dir_fd, path.narrow, mode))


def rmdir(path, *, dir_fd=None):
    """Remove (delete) the empty directory path."""
    path = Path(path, 'rmdir')
    dir_fd = _convert.dir_fd(dir_fd)
    path.check(_libc.unlinkat(dir_fd, path.narrow, AT_REMOVEDIR))


def mkfifo(path, mode=0o666, *, dir_fd=None):
    """Create a FIFO (named pipe) named path with numeric mode (masked by the umask)."""
    path = Path(path, 'mkfifo')
    mode = _convert.c_int(mode) & 0xFFFFFFFF
    dir_fd = _convert.dir_fd(dir_fd)
    # CPython retries EINTR and reports errors without the filename (posix_error).
    _libc.retry(_libc.mkfifoat, dir_fd, path.narrow, mode)


def mknod(path, mode=0o600, device=0, *, dir_fd=None):
    """Create a filesystem node (file, device special file or named pipe) named path."""
    path = Path(path, 'mknod')
    mode = _convert.c_int(mode) & 0xFFFFFFFF
    device = _convert.dev_t(device)
    dir_fd = _convert.dir_fd(dir_fd)
    _libc.retry(_libc.mknodat, dir_fd, path.narrow, mode, device)


def major(device, /):
    """Extract the device major number from a raw device number."""
    return _convert.from_dev_number(_libc.gnu_dev_major(_convert.dev_t(device)))


def minor(device, /):
    """Extract the device minor number from a raw device number."""
    return _convert.from_dev_number(_libc.gnu_dev_minor(_convert.dev_t(device)))


def makedev(major, minor, /):
    """Compose a raw device number from the major and minor device numbers."""
    major = _convert.dev_number(major)
    minor = _convert.dev_number(minor)
    return _convert.from_dev(_libc.gnu_dev_makedev(major, minor))


def truncate(path, length):
    """Truncate the file path (or the file open as fd path) to at most length bytes."""
    path = Path(path, 'truncate', allow_fd=True)
    length = _convert.c_off_t(length)
    if path.fd != -1:  # CPython hands over to os.ftruncate: retried, no filename in errors
        _libc.retry(_libc.ftruncate, path.fd, length)
        return
    path.check(_libc.truncate(path.narrow, length))


def sync():
    """Force write of everything to disk."""
    _libc.sync()

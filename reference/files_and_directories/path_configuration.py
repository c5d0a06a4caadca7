"""Files and Directories: pathconf and pathconf_names (fpathconf is in fd_operations.metadata)."""
from errno import EINVAL

from .. import _convert, _libc
from .._pathargs import Path

__all__ = ['pathconf', 'pathconf_names']

# <bits/confname.h>: the names CPython's posixmodule.c knows and glibc defines.
pathconf_names = {
    'PC_LINK_MAX': 0, 'PC_MAX_CANON': 1, 'PC_MAX_INPUT': 2, 'PC_NAME_MAX': 3, 'PC_PATH_MAX': 4,
    'PC_PIPE_BUF': 5, 'PC_CHOWN_RESTRICTED': 6, 'PC_NO_TRUNC': 7, 'PC_VDISABLE': 8,
    'PC_SYNC_IO': 9, 'PC_ASYNC_IO': 10, 'PC_PRIO_IO': 11, 'PC_SOCK_MAXBUF': 12,
    'PC_FILESIZEBITS': 13, 'PC_REC_INCR_XFER_SIZE': 14, 'PC_REC_MAX_XFER_SIZE': 15,
    'PC_REC_MIN_XFER_SIZE': 16, 'PC_REC_XFER_ALIGN': 17, 'PC_ALLOC_SIZE_MIN': 18,
    'PC_SYMLINK_MAX': 19,
}


def pathconf(path, name):
    """Return the system configuration value name for the file path (or fd path)."""
    path = Path(path, 'pathconf', allow_fd=True)
    name = _convert.confname(name, pathconf_names)
    # -1 with errno unchanged (0) means "no limit"
    if path.fd != -1:
        limit, err = _libc.call_reporting_errno(_libc.fpathconf, path.fd, name)
    else:
        limit, err = _libc.call_reporting_errno(_libc.pathconf, path.narrow, name)
    if limit == -1 and err:
        if err == EINVAL:
            _libc.raise_oserror(err)  # could be a path or a name problem: CPython names neither
        _libc.raise_oserror(err, path.object)
    return limit

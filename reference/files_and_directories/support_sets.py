"""supports_dir_fd, supports_fd, supports_follow_symlinks, supports_effective_ids.

Built like Lib/os.py's `_add("HAVE_FACCESSAT", "access")` tables, but from what the reference
itself implements: a name is added when the assembled `reference` namespace has it. The sets
are created empty here and filled in place by fill(), which reference/__init__.py calls once
every section is imported (fd_operations.open, listdir, scandir and execve live elsewhere).
"""

__all__ = ['supports_dir_fd', 'supports_fd', 'supports_follow_symlinks', 'supports_effective_ids']

# Names CPython on Linux (glibc, every *at function present) puts in each set.
_DIR_FD = ('access', 'chmod', 'chown', 'link', 'mkdir', 'mkfifo', 'mknod', 'open', 'readlink',
           'rename', 'rmdir', 'stat', 'symlink', 'unlink', 'utime')
_EFFECTIVE_IDS = ('access',)
# chdir: fchdir; chmod: fchmod; chown: fchown; listdir/scandir: fdopendir; execve: fexecve;
# stat: fstat; truncate: ftruncate; utime: futimens; pathconf: fpathconf; statvfs: fstatvfs.
_FD = ('chdir', 'chmod', 'chown', 'execve', 'listdir', 'pathconf', 'scandir', 'stat', 'statvfs',
       'truncate', 'utime')
# chmod is absent on purpose, as in Lib/os.py: fchmodat(AT_SYMLINK_NOFOLLOW) fails for symlinks
# on Linux, and CPython does not build lchmod there.
_FOLLOW_SYMLINKS = ('access', 'chown', 'link', 'stat', 'utime')

supports_dir_fd = set()
supports_effective_ids = set()
supports_fd = set()
supports_follow_symlinks = set()

_TABLES = ((supports_dir_fd, _DIR_FD), (supports_effective_ids, _EFFECTIVE_IDS),
           (supports_fd, _FD), (supports_follow_symlinks, _FOLLOW_SYMLINKS))


def fill(namespace):
    """Add namespace[name] to each set for every table name that namespace defines."""
    for target, names in _TABLES:
        target.clear()
        target.update(namespace[name] for name in names if name in namespace)

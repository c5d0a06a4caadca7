"""Spec section "Files and Directories": walk, fwalk, makedirs, removedirs, renames.

Pure Python over the reference's own primitives, in the shape of CPython's Lib/os.py (3.13):
walk and fwalk are iterative over a stack. The primitives (scandir, stat, mkdir, rmdir, rename,
open, close) are looked up in the reference namespace at call time, as Lib/os.py looks them up in
its globals: the topic modules that define them import this package. Path arithmetic is posixpath
(pure string functions; its exists/isdir/islink would call the real os, so they are redone here).
"""
import sys
from stat import S_ISDIR, S_ISLNK

import posixpath as path  # the module reference.path is; only split/join/samestat are used

from .._version import FWALK_FSPATH_OF_INT, FWALK_NONBLOCK, WALK_AUDIT_EVENTS

__all__ = ['walk', 'fwalk', 'makedirs', 'removedirs', 'renames']

_O_RDONLY, _O_NONBLOCK = 0, 0o4000


def _ns():
    """The reference namespace (the package that assembles every topic module)."""
    return sys.modules[__name__.rsplit('.', 2)[0]]


def _exists(name):
    """genericpath.exists over the reference's stat."""
    try:
        _ns().stat(name)
    except (OSError, ValueError):
        return False
    return True


def _isdir(name):
    """genericpath.isdir over the reference's stat."""
    try:
        st = _ns().stat(name)
    except (OSError, ValueError):
        return False
    return S_ISDIR(st.st_mode)


def _islink(name):
    """posixpath.islink over the reference's lstat."""
    try:
        st = _ns().lstat(name)
    except (OSError, ValueError, AttributeError):
        return False
    return S_ISLNK(st.st_mode)


def makedirs(name, mode=0o777, exist_ok=False):
    """Create directory name and its missing parents; OSError if it exists, unless exist_ok."""
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    if head and tail and not _exists(head):
        try:
            makedirs(head, exist_ok=exist_ok)
        except FileExistsError:
            pass  # another thread created it meanwhile
        cdir = b'.' if isinstance(tail, bytes) else '.'
        if tail == cdir:  # xxx/newdir/. exists if xxx/newdir exists
            return
    try:
        _ns().mkdir(name, mode)
    except OSError:
        # EEXIST cannot be relied on: the OS may report EACCES or EROFS first.
        if not exist_ok or not _isdir(name):
            raise


def removedirs(name):
    """Remove directory name, then each parent until one cannot be removed (that error is ignored)."""
    rmdir = _ns().rmdir
    rmdir(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


def renames(old, new):
    """Rename old to new, creating new's missing parents first, pruning old's emptied parents after."""
    head, tail = path.split(new)
    if head and tail and not _exists(head):
        makedirs(head)
    _ns().rename(old, new)
    head, tail = path.split(old)
    if head and tail:
        try:
            removedirs(head)
        except OSError:
            pass


def walk(top, topdown=True, onerror=None, followlinks=False):
    """Yield (dirpath, dirnames, filenames) per directory under top; topdown callers prune dirnames."""
    if WALK_AUDIT_EVENTS:
        sys.audit('os.walk', top, topdown, onerror, followlinks)
    ns = _ns()
    stack = [ns.fspath(top)]
    while stack:
        top = stack.pop()
        if isinstance(top, tuple):
            yield top
            continue
        listed = _scan_for_walk(ns, top, topdown, onerror, followlinks)
        if listed is None:
            continue
        dirs, nondirs, walk_dirs = listed
        if topdown:
            yield top, dirs, nondirs
            for dirname in reversed(dirs):  # the caller may have pruned or reordered dirs
                new_path = path.join(top, dirname)
                if followlinks or not _islink(new_path):
                    stack.append(new_path)
        else:
            stack.append((top, dirs, nondirs))
            stack.extend(reversed(walk_dirs))


def _scan_for_walk(ns, top, topdown, onerror, followlinks):
    """List top for walk(): (dirs, nondirs, bottom-up subdirectories), or None after onerror."""
    dirs, nondirs, walk_dirs = [], [], []
    try:
        scandir_it = ns.scandir(top)
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return None
    with scandir_it:
        while True:
            try:
                try:
                    entry = next(scandir_it)
                except StopIteration:
                    break
            except OSError as error:
                if onerror is not None:
                    onerror(error)
                return None
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else nondirs).append(entry.name)
            if not topdown and is_dir:
                if followlinks:
                    walk_into = True
                else:
                    try:
                        walk_into = not entry.is_symlink()
                    except OSError:
                        walk_into = True
                if walk_into:
                    walk_dirs.append(entry.path)
    return dirs, nondirs, walk_dirs


# Each item of fwalk's stack is a pair (action, args), as in Lib/os.py.
_FWALK_WALK = 0   # args: (isroot, dirfd, toppath, topname, entry)
_FWALK_YIELD = 1  # args: (toppath, dirnames, filenames, topfd)
_FWALK_CLOSE = 2  # args: dirfd


def fwalk(top='.', topdown=True, onerror=None, *, follow_symlinks=False, dir_fd=None):
    """Like walk() but yield (dirpath, dirnames, filenames, dirfd); dirfd is valid until the next step."""
    if WALK_AUDIT_EVENTS:
        sys.audit('os.fwalk', top, topdown, onerror, follow_symlinks, dir_fd)
    ns = _ns()
    if FWALK_FSPATH_OF_INT or not isinstance(top, int):
        top = ns.fspath(top)
    stack = [(_FWALK_WALK, (True, dir_fd, top, top, None))]
    isbytes = isinstance(top, bytes)
    try:
        while stack:
            yield from _fwalk(ns, stack, isbytes, topdown, onerror, follow_symlinks)
    finally:
        while stack:  # close the descriptors still on the stack
            action, value = stack.pop()
            if action == _FWALK_CLOSE:
                ns.close(value)


def _fwalk(ns, stack, isbytes, topdown, onerror, follow_symlinks):
    """Run one stack action of fwalk: close an fd, yield a bottom-up result, or list a directory."""
    action, value = stack.pop()
    if action == _FWALK_CLOSE:
        ns.close(value)
        return
    if action == _FWALK_YIELD:
        yield value
        return
    isroot, dirfd, toppath, topname, entry = value
    try:
        if not follow_symlinks:
            # The lstat()/open()/fstat() trick guards against symlink races.
            if entry is None:
                orig_st = ns.stat(topname, follow_symlinks=False, dir_fd=dirfd)
            else:
                orig_st = entry.stat(follow_symlinks=False)
        flags = _O_RDONLY | _O_NONBLOCK if FWALK_NONBLOCK else _O_RDONLY
        topfd = ns.open(topname, flags, dir_fd=dirfd)
    except OSError as err:
        if isroot:
            raise
        if onerror is not None:
            onerror(err)
        return
    stack.append((_FWALK_CLOSE, topfd))
    if not follow_symlinks:
        if isroot and not S_ISDIR(orig_st.st_mode):
            return
        if not path.samestat(orig_st, ns.stat(topfd)):
            return

    dirs, nondirs = [], []
    entries = None if topdown or follow_symlinks else []
    for entry in ns.scandir(topfd):
        name = entry.name
        if isbytes:
            name = ns.fsencode(name)
        try:
            if entry.is_dir():
                dirs.append(name)
                if entries is not None:
                    entries.append(entry)
            else:
                nondirs.append(name)
        except OSError:
            try:
                if entry.is_symlink():  # keep dangling symlinks, ignore vanished files
                    nondirs.append(name)
            except OSError:
                pass

    if topdown:
        yield toppath, dirs, nondirs, topfd
    else:
        stack.append((_FWALK_YIELD, (toppath, dirs, nondirs, topfd)))

    toppath = path.join(toppath, toppath[:0])  # add a trailing slash
    if entries is None:
        stack.extend((_FWALK_WALK, (False, topfd, toppath + name, name, None))
                     for name in dirs[::-1])
    else:
        stack.extend((_FWALK_WALK, (False, topfd, toppath + name, name, entry))
                     for name, entry in zip(dirs[::-1], entries[::-1]))

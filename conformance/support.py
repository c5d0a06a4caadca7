"""Helpers for the checks.

Everything here that touches the real `os` is harness-side: it sets up or inspects state
(a file's bytes, an fd's flags) independently of the target, so that a check of `pread` is not
at the mercy of the target's `write`. The target itself is reached only through `target.api`.
"""
import contextlib
import errno as errno_mod
import os
import signal
import threading

import pytest

from conformance import errnos, hostos, oracles
from conformance.hostmods import fcntl, termios  # absent on WebAssembly Pythons
from conformance.targets import TargetLacks

# --- the real world behind the target -----------------------------------------------------


def documented_object(target, sandbox, entry):
    """The target's object for a catalogue entry. The documented scandir methods (close,
    __enter__, __exit__) belong to the iterator scandir() returns, not to the function."""
    if entry.owner == "scandir":
        iterator = target.api.scandir(sandbox.path)
        try:
            return getattr(iterator, entry.member)
        except AttributeError:
            pytest.fail("the scandir() iterator has no %s" % entry.member)
        finally:
            iterator.close()
    return target.lookup(entry.name)


def require(target, capability, why=None):
    """The check needs `capability` of the target's world (targets.CAPABILITIES): it is
    `unavailable` on a target that declares it lacks it."""
    target.require(capability, why)


def write_file(path, data):
    """Harness-side: create (or replace) `path` with `data`."""
    with open(path, "wb") as f:
        f.write(data)
    return path


def file_bytes(path):
    """Harness-side: the bytes in `path` now."""
    with open(path, "rb") as f:
        return f.read()


def is_open(fd):
    """Harness-side: whether `fd` is an open descriptor of this process."""
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno == errno_mod.EBADF:
            return False
        # Pyodide 0.26's fstat of a dup'ed pipe says ENOENT: ask with another call, whose
        # EBADF is the only answer meaning "not open" (a pipe's lseek says ESPIPE).
        try:
            os.lseek(fd, 0, os.SEEK_CUR)
        except OSError as again:
            if again.errno == errno_mod.EBADF:
                return False
            if again.errno != errno_mod.ESPIPE:
                raise exc
    return True


def position(fd):
    """Harness-side: the fd's file offset."""
    return os.lseek(fd, 0, os.SEEK_CUR)


def status_flags(fd):
    """Harness-side: the fd's file status flags (fcntl F_GETFL)."""
    return fcntl.fcntl(fd, fcntl.F_GETFL)


def access_mode(fd):
    return status_flags(fd) & hostos.host.O_ACCMODE  # PyPy's os has no O_ACCMODE


def is_nonblocking(fd):
    return bool(status_flags(fd) & os.O_NONBLOCK)


def set_nonblocking(fd, on):
    """Harness-side: set or clear O_NONBLOCK with fcntl, not with the target."""
    flags = status_flags(fd)
    fcntl.fcntl(fd, fcntl.F_SETFL, (flags | os.O_NONBLOCK) if on else (flags & ~os.O_NONBLOCK))


def is_cloexec(fd):
    """Harness-side: whether FD_CLOEXEC is set, i.e. the fd is NOT inheritable."""
    return bool(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)


def set_cloexec(fd, on):
    flags = fcntl.fcntl(fd, fcntl.F_GETFD)
    fcntl.fcntl(fd, fcntl.F_SETFD, (flags | fcntl.FD_CLOEXEC) if on else (flags & ~fcntl.FD_CLOEXEC))


def same_open_file(fd_a, fd_b):
    """Harness-side: whether two fds share one open file description (same file, and moving
    the offset of one moves the other's)."""
    a, b = os.fstat(fd_a), os.fstat(fd_b)
    if (a.st_dev, a.st_ino) != (b.st_dev, b.st_ino):
        return False
    old = position(fd_a)
    try:
        os.lseek(fd_a, old + 7, os.SEEK_SET)
        return position(fd_b) == old + 7
    finally:
        os.lseek(fd_a, old, os.SEEK_SET)


def refers_to(fd, path):
    """Harness-side: whether `fd` is open on the file at `path`."""
    a, b = os.fstat(fd), os.stat(path)
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def free_fd():
    """Harness-side: a descriptor number not open now (dup then close: the kernel's lowest)."""
    fd = os.dup(0) if is_open(0) else os.open(os.devnull, os.O_RDONLY)
    os.close(fd)
    return fd + 64 if not is_open(fd + 64) else fd


# --- descriptors a check opens ------------------------------------------------------------

class Fds(object):
    """Tracks descriptors for one example: `target(fd)` for those the target opened (closed with
    the target's close), `harness(fd)` for those the harness opened (closed in the target's
    world). Whatever stays open after that is closed harness-side, so a faulty target `close` is
    reported by the close checks alone and not as a leak everywhere else. `open`, `pipe` and the
    inspections (`position`, `access_mode`, ...) are the target world's (Host)."""

    def __init__(self, target):
        self._api = target.api
        self.host = Host(target)
        self._target = []

    def __getattr__(self, name):  # the world's set-up and inspection: fds.position(fd), fds.os
        return getattr(self.host, name)

    def target(self, fd):
        self._target.append(fd)
        return fd

    def harness(self, fd):
        self.host._fds.append(fd)
        return fd

    def close_all(self):
        for fd in self._target:
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0:
                try:
                    self._api.close(fd)
                except Exception:
                    pass
        for fd in self._target:
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0 and self.host.is_open(fd):
                self.host.close(fd)
        self._target = []
        self.host.close_all()


@contextlib.contextmanager
def fds(target):
    """`with fds(target) as f:` — see Fds."""
    tracker = Fds(target)
    try:
        yield tracker
    finally:
        tracker.close_all()


# --- exceptions ---------------------------------------------------------------------------

def assert_raises(strict, exc_type, errno, call, model=None):
    """Assert `call()` raises `exc_type` (exactly that class or a subclass) with `errno` (None:
    any). `errno` may be a tuple of accepted values. Under --os-strict the message must also equal
    the one `model()` (the running stdlib, harness-side) raises for the same input."""
    try:
        result = call()
    except TargetLacks:
        raise  # not the API's error: the target lacks something the check needs
    except BaseException as exc:  # noqa: B902 - the class is what is being checked
        if not isinstance(exc, exc_type):
            raise AssertionError("expected %s, got %s: %s" % (exc_type.__name__, type(exc).__name__, exc))
        if errno is not None:
            accepted = errno if isinstance(errno, tuple) else (errno,)
            assert getattr(exc, "errno", None) in accepted, \
                "expected errno %s, got %s (%s)" % ("/".join(str(errnos.name(e)) for e in accepted),
                                                   errnos.name(getattr(exc, "errno", None)), exc)
        if strict and model is not None:
            try:
                model()
            except BaseException as expected:  # noqa: B902
                assert str(exc) == str(expected), "message %r, CPython says %r" % (str(exc), str(expected))
        return exc
    raise AssertionError("expected %s, but the call returned %r" % (exc_type.__name__, result))


# --- signals for the EINTR checks ---------------------------------------------------------

@contextlib.contextmanager
def interrupting_timer(on_tick, unblock_at=3, interval=0.005):
    """Deliver SIGALRM every `interval` seconds to a handler that does not raise; on the
    `unblock_at`-th tick it calls `on_tick()` (which must unblock the blocked call). Before that,
    the ticks interrupt the blocked system call: an implementation that does not retry raises
    InterruptedError."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be installed from the main thread")
    ticks = [0]

    def handler(signum, frame):
        ticks[0] += 1
        if ticks[0] == unblock_at:
            on_tick()

    if not hasattr(signal, "setitimer"):  # WebAssembly Pythons: no timers, no signals
        from conformance.targets import TargetUnavailable
        raise TargetUnavailable("signals", "this interpreter's signal module has no setitimer")
    old = signal.signal(signal.SIGALRM, handler)
    signal.siginterrupt(signal.SIGALRM, True)  # no SA_RESTART: the kernel returns EINTR
    signal.setitimer(signal.ITIMER_REAL, interval, interval)
    try:
        yield ticks
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, old)


# --- files and directories: the target's world, harness-side ------------------------------
import stat as stat_mod  # noqa: E402 - this block's own import

class _Relying(object):
    """The target world's own os as the harness uses it: every function called is noted
    (oracles.rely), so that a failure says which of the target's results the check relied on."""

    def __init__(self, module, **overrides):
        self._module = module
        self._overrides = overrides

    def __getattr__(self, name):
        obj = self._overrides.get(name) or getattr(self._module, name)
        if not callable(obj) or isinstance(obj, type):
            return obj

        def noted(*args, **kwargs):
            oracles.rely("os." + name)
            return obj(*args, **kwargs)
        return noted


class Host(object):
    """Harness-side access to the world the target works in: the real `os` for targets in the
    kernel's world; for a target with a world of its own (pyfakefs) that world's own objects: its
    FakeFilesystem and open-file table where they can be read directly, else a second
    FakeOsModule over the same file system (noted: a failure names the functions relied on).
    Set-up and inspection go through here, never through `target.api`."""

    def __init__(self, target):
        """`target` None: the real kernel's world, whatever the target."""
        self.fake = target is not None and target.kind == "pyfakefs"
        if self.fake:
            from pyfakefs import fake_os
            fake = fake_os.FakeOsModule(target.filesystem)
            # pyfakefs forwards lchown to the real os (a path there that does not exist): the
            # harness sets a link's owner in the fake world with chown(follow_symlinks=False).
            self.os = _Relying(fake, lchown=lambda path, uid, gid: fake.chown(path, uid, gid, follow_symlinks=False))
            self._fs = target.filesystem
            self.path = self.os.path
        else:
            self.os = hostos.host  # the interpreter's os, with stand-ins for names it lacks
            self.path = os.path
        self._fds = []

    # --- descriptors ---------------------------------------------------------------------

    def _open_file(self, fd):
        return self._fs.get_open_file(fd)

    def pipe(self):
        """A pipe in the target's world: (read end, write end), closed by close_all."""
        r, w = self.os.pipe()
        self._fds.extend([r, w])
        return r, w

    def close(self, fd):
        self.os.close(fd)
        if fd in self._fds:  # closed now: its number may be reused by the next open
            self._fds.remove(fd)

    def nonblocking(self, fd):
        """Make reads of a pipe end fail with BlockingIOError instead of hanging (harness safety:
        a wrong target must not block the check). A fake pipe is a real pipe behind its number."""
        if self.fake:
            fd = getattr(self._open_file(fd), "fd", None)
            if fd is None:
                return
        set_nonblocking(fd, True)

    def position(self, fd):
        """The fd's file offset."""
        if self.fake:
            return self._open_file(fd).tell()
        return os.lseek(fd, 0, os.SEEK_CUR)

    def seek(self, fd, offset):
        """Put the fd's offset at `offset` (from the start)."""
        if self.fake:
            self._open_file(fd).seek(offset)
        else:
            os.lseek(fd, offset, os.SEEK_SET)

    def access_mode(self, fd):
        """O_RDONLY, O_WRONLY or O_RDWR: how the fd was opened."""
        if not self.fake:
            return access_mode(fd)
        modes = self._open_file(fd).open_modes
        if modes.can_read and modes.can_write:
            return os.O_RDWR
        return os.O_WRONLY if modes.can_write else os.O_RDONLY

    def is_append(self, fd):
        if not self.fake:
            return bool(status_flags(fd) & os.O_APPEND)
        return bool(self._open_file(fd).open_modes.append)

    # --- offsets, kinds and permission bits ----------------------------------------------------

    def seek_how(self, fd, pos, how):
        """Move the fd's offset by `pos` from where `how` (SEEK_SET/CUR/END's value) says, as the
        world itself reads `how` (the kernel's lseek; pyfakefs' open-file object, whose seek takes
        the same whence); return the new offset, read back with tell() (pyfakefs before 6 returns
        None from seek)."""
        if not self.fake:
            return os.lseek(fd, pos, how)
        open_file = self._open_file(fd)
        open_file.seek(pos, how)
        return open_file.tell()

    def is_file(self, path):
        """Whether `path` is a regular file (following a link)."""
        if not self.fake:
            return os.path.isfile(path)
        return self._fs.isfile(path)

    def permissions(self, path):
        """The permission bits (S_IMODE) of the file at `path`, not following a link."""
        if not self.fake:
            return stat_mod.S_IMODE(os.lstat(path).st_mode)
        return stat_mod.S_IMODE(self._fs.resolve(path, follow_symlinks=False).st_mode)

    # --- descriptors shared, renumbered; modes and owners --------------------------------------

    def refers_to(self, fd, path):
        """Whether `fd` is open on the file at `path`."""
        if not self.fake:
            return refers_to(fd, path)
        return self._open_file(fd).get_object() is self._fs.resolve(path)

    def same_open_file(self, fd_a, fd_b):
        """Whether two fds share one open file description (moving one's offset moves the other's)."""
        if not self.fake:
            return same_open_file(fd_a, fd_b)
        return self._open_file(fd_a) is self._open_file(fd_b)

    def free_fd(self):
        """A descriptor number not open now in the target's world."""
        if not self.fake:
            return free_fd()
        fd = 64
        while self.is_open(fd):
            fd += 1
        return fd

    def same_file(self, fd_a, fd_b):
        """Whether two fds are open on one file (for a pipe end: the same pipe), whatever their
        offsets: the kernel's (st_dev, st_ino); in the fake world its file object, or for a fake
        pipe the real pipe behind it."""
        if not self.fake:
            a, b = os.fstat(fd_a), os.fstat(fd_b)
            return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)
        a, b = self._open_file(fd_a), self._open_file(fd_b)
        pipe_a, pipe_b = getattr(a, "fd", None), getattr(b, "fd", None)
        if pipe_a is not None or pipe_b is not None:  # FakePipeWrapper: a real pipe end
            if pipe_a is None or pipe_b is None:
                return False
            ra, rb = os.fstat(pipe_a), os.fstat(pipe_b)
            return (ra.st_dev, ra.st_ino) == (rb.st_dev, rb.st_ino)
        return a.get_object() is b.get_object()

    def renumber(self, fd, fd2):
        """Give fd's open file the free number `fd2` instead (fd is no longer open); fd2 is then
        closed by close_all. Fake world: the open-file table entry moves, nothing is closed."""
        if not self.fake:
            os.dup2(fd, fd2)
            os.close(fd)
        else:
            wrapper = self._open_file(fd)
            self._fs.add_open_file(wrapper, fd2)
            wrapper.filedes = fd2
            self._fs.close_open_file(fd)
        self._fds.append(fd2)
        return fd2

    def st_mode(self, path):
        """The st_mode of the file at `path` (following symlinks)."""
        if not self.fake:
            return os.stat(path).st_mode
        return self._fs.resolve(path).st_mode

    def owner(self, path):
        """(st_uid, st_gid) of the file at `path`."""
        if not self.fake:
            st = os.stat(path)
            return st.st_uid, st.st_gid
        obj = self._fs.resolve(path)
        return obj.st_uid, obj.st_gid

    def set_mode(self, path, mode):
        """Set the permission bits (special bits included) of the file at `path`."""
        if not self.fake:
            os.chmod(path, mode)
        else:
            obj = self._fs.resolve(path)
            obj.st_mode = stat_mod.S_IFMT(obj.st_mode) | (mode & 0o7777)

    def set_owner(self, path, uid, gid):
        """Set the owner and group of the file at `path`."""
        if not self.fake:
            os.chown(path, uid, gid)
        else:
            obj = self._fs.resolve(path)
            obj.st_uid, obj.st_gid = uid, gid

    # --- sizes, file objects, sockets ----------------------------------------------------------

    def size(self, fd):
        """The size in bytes of the file `fd` is open on."""
        if not self.fake:
            return os.fstat(fd).st_size
        return self._open_file(fd).get_object().size

    def file_object(self, path, mode="rb"):
        """A Python file object on `path` in the target's world (the builtin open, or pyfakefs'
        FakeFileOpen over its file system); the caller closes it."""
        if not self.fake:
            return open(path, mode)
        from pyfakefs import fake_open
        return fake_open.FakeFileOpen(self._fs)(path, mode)

    def socket(self, directory):
        """A connected socket: (fd to send on, receive), receive() closing the fd and returning
        every byte its peer got: a socketpair of the kernel's (a world without sockets declares
        it lacks the `sockets` capability; pyfakefs' S_IFSOCK file nodes are not sockets)."""
        import socket as socket_mod
        a, b = socket_mod.socketpair()
        fd, peer = a.detach(), b.detach()  # plain fds: close_all closes them
        self._fds.extend([fd, peer])

        def receive():
            if is_open(fd):
                os.close(fd)
            out = b""
            while True:
                chunk = os.read(peer, 65536)
                if not chunk:
                    return out
                out += chunk
        return fd, receive

    # --- files ---------------------------------------------------------------------------

    # --- entries, links, xattrs; other file systems and users ----------------------------------

    def mkdir(self, path, mode=0o777):
        """Create the directory `path` (the fake world's directly: no FakeOsModule call)."""
        if self.fake:
            self._fs.create_dir(path, perm_bits=mode, apply_umask=True)
        else:
            os.mkdir(path, mode)
        return path

    def symlink(self, link_target, path):
        """Create the symlink `path` -> `link_target` (dangling targets allowed)."""
        if self.fake:
            self._fs.create_symlink(path, link_target, create_missing_dirs=False)
        else:
            os.symlink(link_target, path)
        return path

    def remove(self, path):
        """Remove `path` itself: an empty directory, or a file or symlink (never followed)."""
        if not self.fake:
            st = os.lstat(path)
            os.rmdir(path) if stat_mod.S_ISDIR(st.st_mode) else os.unlink(path)
        elif stat_mod.S_ISDIR(self._fs.lresolve(path).st_mode):
            self._fs.rmdir(path)
        else:
            self._fs.remove(path)

    def rename(self, src, dst):
        """Move `src` to `dst` (dst, if it exists, must be of a kind rename may replace)."""
        if self.fake:
            self._fs.rename(src, dst)
        else:
            os.rename(src, dst)

    def lstat_ino_mode(self, path, follow_symlinks=False):
        """(st_ino, st_mode) of `path` itself (follow_symlinks: of what it points to)."""
        if self.fake:
            obj = self._fs.resolve(path) if follow_symlinks else self._fs.lresolve(path)
            return obj.st_ino, obj.st_mode
        st = os.stat(path) if follow_symlinks else os.lstat(path)
        return st.st_ino, st.st_mode

    def xattrs_supported(self, path):
        """None if user.* extended attributes can be set on the file `path`, else why not. The
        fake world keeps them in its FakeFile objects (`xattr`): always."""
        if self.fake:
            return None
        try:
            hostos.host.setxattr(path, "user.probe", b"1")
            hostos.host.removexattr(path, "user.probe")
        except OSError as exc:
            return exc.strerror
        return None

    def xattrs(self, path):
        """{attribute name (str): value (bytes)} of the file at `path` (symlinks followed)."""
        if self.fake:
            return dict(self._fs.resolve(path).xattr)
        return dict((name, hostos.host.getxattr(path, name)) for name in hostos.host.listxattr(path))

    def set_xattr(self, path, name, value):
        """Set the attribute `name` (str) of the file at `path` (symlinks followed) to `value`."""
        if self.fake:
            self._fs.resolve(path).xattr[name] = bytes(value)
        else:
            hostos.host.setxattr(path, name, value)

    def on_another_filesystem(self, directory):
        """A path not yet existing on a file system other than the sandbox's: under /proc in the
        kernel's world (nothing can be created there); pyfakefs' own mount point at `directory`."""
        if not self.fake:
            return "/proc/os-conformance-never-here"
        self._fs.add_mount_point(directory)
        return self.path.join(directory, "never-here")

    def as_user(self, directory, fn, uid=12345, gid=12345):
        """fn()'s result (or exception) as user `uid` (no groups), in `directory`. In the kernel's
        world in a forked child that gives up root for good; in pyfakefs' in this process with its
        own notion of the user (pyfakefs.helpers.set_uid), put back afterwards - so a change
        fn() makes stays visible to the check, as it does in the shared real file system."""
        if not self.fake:
            def child():
                os.chdir(directory)
                drop_to_user(uid, gid)
                return fn()
            return run_in_child(child)
        from pyfakefs import helpers
        old_ids, old_cwd = (helpers.get_uid(), helpers.get_gid()), self.os.getcwd()
        self.os.chdir(directory)
        helpers.set_uid(uid)
        helpers.set_gid(gid)
        try:
            return fn()
        finally:
            helpers.set_uid(old_ids[0])
            helpers.set_gid(old_ids[1])
            self.os.chdir(old_cwd)

    def write(self, path, data=b"", mode=0o644):
        """Create (or replace the bytes of) the regular file `path`."""
        if self.fake:  # straight into the fake file system, not through the target's open/write
            if self._fs.exists(path):
                self._fs.resolve(path).set_contents(data)
            else:
                self._fs.create_file(path, st_mode=stat_mod.S_IFREG | mode, contents=data, apply_umask=True)
            return path
        fd = self.os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            self.os.write(fd, data)
        finally:
            self.os.close(fd)
        return path

    def read(self, path):
        if self.fake:  # pyfakefs' os.open of an existing file resets its mode: read it directly
            return self._fs.resolve(path).byte_contents or b""
        fd = self.os.open(path, os.O_RDONLY)
        try:
            out = b""
            while True:
                chunk = self.os.read(fd, 65536)
                if not chunk:
                    return out
                out += chunk
        finally:
            self.os.close(fd)

    def open(self, path, flags=os.O_RDONLY, mode=0o600):
        """An fd in the target's world (closed by close_all)."""
        if self.fake and not flags & os.O_CREAT and self.lexists(path):
            mode = stat_mod.S_IMODE(self.os.stat(path).st_mode)  # pyfakefs applies mode to existing files
        fd = self.os.open(path, flags, mode)
        self._fds.append(fd)
        return fd

    def close_all(self):
        for fd in self._fds:
            if isinstance(fd, int) and not isinstance(fd, bool) and fd >= 0 and self.is_open(fd):
                try:
                    self.os.close(fd)
                except OSError:
                    pass
        self._fds = []

    def is_open(self, fd):
        if not self.fake:
            return is_open(fd)
        try:
            self._open_file(fd)
        except OSError:
            return False
        return True

    def lexists(self, path):
        try:
            self.os.lstat(path)
        except OSError:
            return False
        return True

    def snapshot(self, root):
        """Everything observable under `root` but times: {relative path: (type, mode, uid, gid,
        size, nlink, bytes or link target or sorted names)}. A rejected call must not change it."""
        out = {}
        stack = [""]
        while stack:
            rel = stack.pop()
            full = self.path.join(root, rel) if rel else root
            st = self.os.lstat(full)
            kind = stat_mod.S_IFMT(st.st_mode)
            if stat_mod.S_ISDIR(st.st_mode):
                names = sorted(self.os.listdir(full))
                stack.extend(self.path.join(rel, n) if rel else n for n in names)
                extra = tuple(names)
            elif stat_mod.S_ISLNK(st.st_mode):
                extra = self.os.readlink(full)
            elif stat_mod.S_ISREG(st.st_mode) and st.st_mode & 0o444:
                extra = self.read(full)
            else:
                extra = None
            out[rel] = (kind, stat_mod.S_IMODE(st.st_mode), st.st_uid, st.st_gid, st.st_size, st.st_nlink, extra)
        return out


@contextlib.contextmanager
def host(target):
    """`with host(target) as h:` — a Host whose fds are closed afterwards."""
    h = Host(target)
    try:
        yield h
    finally:
        h.close_all()


@contextlib.contextmanager
def umask_set(target, mask):
    """Harness-side: set the umask of the target's world for the block, then restore it."""
    h = Host(target)
    old = h.os.umask(mask)
    try:
        yield
    finally:
        h.os.umask(old)


@contextlib.contextmanager
def cwd_set(target, path):
    """Harness-side: chdir in the target's world for the block, then go back."""
    h = Host(target)
    old = h.os.getcwd()
    h.os.chdir(path)
    try:
        yield
    finally:
        h.os.chdir(old)


def drop_to_user(uid=12345, gid=12345):
    """In a forked child only: give up root for good (groups, gid, then uid)."""
    hostos.host.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def run_in_child(fn, timeout=10.0):
    """Run `fn()` in a forked child and return its result (or raise its exception) here; a child
    that does not answer within `timeout` seconds is SIGKILLed (that pid only) and the check fails
    with "timeout". One implementation for the suite: conformance.children.run_in_child."""
    from conformance import children  # the process checks' isolation, shared
    return children.run_in_child(fn, timeout=timeout)


# --- process parameters, system information, fd extras (ptys, costly examples) ------------
import struct as struct_mod  # noqa: E402


def few_examples(divisor=8):
    """Hypothesis settings with the running profile's example count divided by `divisor` (at
    least 2): for checks whose every example forks or starts a process."""
    from hypothesis import settings
    return settings(max_examples=max(2, settings().max_examples // divisor))


def harness_pty(fds_tracker, columns=0, lines=0):
    """Harness-side pseudo-terminal (master, slave) from the stdlib's os.openpty, tracked by an
    Fds tracker; `columns`/`lines` set the window size with TIOCSWINSZ."""
    master, slave = hostos.host.openpty()
    fds_tracker.harness(master)
    fds_tracker.harness(slave)
    set_window_size(slave, columns, lines)
    return master, slave


def set_window_size(fd, columns, lines):
    """Harness-side: a terminal's window size (struct winsize: rows, cols, xpixel, ypixel)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct_mod.pack("HHHH", lines, columns, 0, 0))


def c_environ_snapshot():
    """Harness-side: the C library's environment now, {bytes: bytes}."""
    from conformance.hygiene import c_environ
    return c_environ()


def c_environ_restore(snapshot):
    """Harness-side: make the C environment equal `snapshot` again (setenv/unsetenv via ctypes)."""
    from conformance.hygiene import _libc as libc, c_environ
    now = c_environ()
    for key in set(now) - set(snapshot):
        libc.unsetenv(key)
    for key, value in snapshot.items():
        if now.get(key) != value:
            libc.setenv(key, value, 1)


def target_python(target, code, env_extra, wrapper=(), with_stderr=False, executable=None):
    """Run `code` in a fresh Python process (the running interpreter, without site) in which `T`
    is the target's module, with the current C environment plus `env_extra` ({bytes: bytes});
    return the value of what `code` prints (one Python literal), and with `with_stderr` also the
    process's standard error. `wrapper` goes before the interpreter (e.g. strace and options)."""
    import ast
    import subprocess
    import sys
    target.require("processes", "a second interpreter sees the target's world")
    if target.kind == "stdlib":
        prelude = "import os as T\n"
    else:
        prelude = "import importlib\nT = importlib.import_module(%r)\n" % target.module_name
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environb)
    env[b"PYTHONPATH"] = os.fsencode(os.pathsep.join([root] + [p for p in sys.path if p]))
    env.update(env_extra)
    if executable is not None:  # a copy of the interpreter elsewhere: tell it where its library is
        env[b"PYTHONHOME"] = os.fsencode(sys.base_prefix)
    run = subprocess.run(list(wrapper) + [executable or sys.executable, "-S", "-c", prelude + code], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")[-2000:]
    value = ast.literal_eval(run.stdout.decode("ascii").strip())
    return (value, run.stderr.decode("utf-8", "replace")) if with_stderr else value


def hide_in_private_mount_namespace(path):
    """In a forked child only: enter a private mount namespace and mount an empty read-only tmpfs
    over `path` (e.g. /proc, /dev), so the child sees it missing; the test process is unaffected.
    Skips (pytest.skip travels back through run_in_child) where the kernel refuses."""
    from conformance import sandboxing
    try:
        sandboxing.cover_path(path, fstype="tmpfs", flags=sandboxing.MS_RDONLY)
    except sandboxing.ConfinementRefused as exc:
        pytest.skip("cannot hide %s in a private mount namespace: %s" % (path, exc))

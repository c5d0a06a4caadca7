"""The only home of fork-side confinement: namespaces, mounts, prctl, and the canary.

A check runs a possibly broken target as root. Before it runs, the process that will run it
confines itself:
- a private mount namespace in which every mount is read-only and `nodev` except the writable
  paths (the check sandboxes, hypothesis' example database), so nothing outside them can be
  created, changed or removed, and no device node outside them can be opened;
- a fresh `/dev` holding only the harmless nodes (null, zero, full, random, urandom, tty, a
  private devpts instance for ptys), so `/dev/sda`-like nodes are out of reach;
- where a whole pool worker is confined (`confine_worker`), also PID, UTS and IPC namespaces
  (a signal can reach only the worker's own processes; hostname and SysV IPC changes stay
  inside). Not `no_new_privs`: exec would then ignore set-ID bits, which checks need.
Where the kernel refuses (not root), `Canary` — a small tree beside the sandboxes that no check
may touch — at least detects an escape.

Everything here is ctypes over libc in the harness, never the target under test.
"""
import ctypes
import errno
import hashlib
import os
import shutil
import signal
import sys
import tempfile


# Emscripten and WASI Pythons have os.fork, which fails with ENOSYS: nothing forks there.
CAN_FORK = hasattr(os, "fork") and sys.platform not in ("emscripten", "wasi")


def _bind_libc():
    """libc's confinement calls, or None where ctypes reaches no C library with them
    (WebAssembly Pythons: nothing forks or confines there, only the in-process executor runs)."""
    try:
        lib = ctypes.CDLL(None, use_errno=True)
        lib.unshare.argtypes = (ctypes.c_int,)
        lib.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p)
        lib.umount2.argtypes = (ctypes.c_char_p, ctypes.c_int)
        lib.prctl.argtypes = (ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong)
        lib.syscall.restype = ctypes.c_long
    except (OSError, AttributeError):
        return None
    return lib


libc = _bind_libc()

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID = 0x00020000, 0x04000000, 0x08000000, 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NODEV = 0x1, 0x4
SYS_mount_setattr = 442  # x86_64
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
MNT_DETACH = 2

# The device nodes a confined check may open: (name, mode, major, minor).
SAFE_DEVICES = (("null", 0o666, 1, 3), ("zero", 0o666, 1, 5), ("full", 0o666, 1, 7),
                ("random", 0o666, 1, 8), ("urandom", 0o666, 1, 9), ("tty", 0o666, 5, 0))


class ConfinementRefused(Exception):
    """The kernel refused a step of confinement; the message names the step and errno."""


def _check(result, what):
    if result != 0:
        e = ctypes.get_errno()
        raise ConfinementRefused("%s: %s" % (what, os.strerror(e)))


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _mount_setattr(path, set_=0, clear=0):
    attr = _MountAttr(set_, clear, 0, 0)
    return libc.syscall(ctypes.c_long(SYS_mount_setattr), ctypes.c_int(AT_FDCWD), ctypes.c_char_p(os.fsencode(path)),
                        ctypes.c_uint(AT_RECURSIVE), ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)))


# Python itself starts with these ignored (EPIPE and EFBIG instead of death): a worker keeps them.
PYTHON_IGNORES = frozenset(getattr(signal, n) for n in ("SIGPIPE", "SIGXFSZ") if hasattr(signal, n))


def default_signal_state():
    """A worker starts with the signal state of a Python started from a plain shell, whatever
    the suite itself was started under: `nohup` ignores SIGHUP, some CI runners block or ignore
    others, and SIG_IGN and the mask survive exec, so a program a check spawns would not die of
    the signal the check sends it (PyPy columns once failed spawn*'s "-signal" that way)."""
    for signum in range(1, signal.NSIG):
        if signum in PYTHON_IGNORES:
            continue
        try:
            if signal.getsignal(signum) == signal.SIG_IGN:
                signal.signal(signum, signal.SIG_DFL)
        except (OSError, ValueError, RuntimeError):  # SIGKILL, SIGSTOP, realtime ones glibc keeps
            pass
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_SETMASK, [])


def unshare(flags, what="unshare"):
    _check(libc.unshare(flags), what)


def private_mount_namespace():
    """Enter a mount namespace of this process's own, with no propagation back to the host."""
    unshare(CLONE_NEWNS, "unshare(CLONE_NEWNS)")
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")


def bind(source, target, flags=0):
    _check(libc.mount(os.fsencode(source), os.fsencode(target), None, MS_BIND | flags, None),
           "mount --bind %s %s" % (source, target))


def mount_fs(fstype, target, flags=0, data=None):
    _check(libc.mount(fstype.encode(), os.fsencode(target), fstype.encode(), flags,
                      data.encode() if data else None), "mount -t %s %s" % (fstype, target))


def _minimal_dev():
    """A tmpfs over /dev with only SAFE_DEVICES, a private devpts and the usual symlinks."""
    mount_fs("tmpfs", "/dev", MS_NOSUID | MS_NOEXEC, "mode=755,size=1m")
    for name, mode, major, minor in SAFE_DEVICES:
        os.mknod("/dev/" + name, 0o020000 | mode, os.makedev(major, minor))
        os.chmod("/dev/" + name, mode)
    os.mkdir("/dev/pts")
    mount_fs("devpts", "/dev/pts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
    os.symlink("pts/ptmx", "/dev/ptmx")
    os.mkdir("/dev/shm", 0o1777)
    mount_fs("tmpfs", "/dev/shm", MS_NOSUID | MS_NODEV, "mode=1777,size=16m")
    for name, to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                     ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(to, "/dev/" + name)


def _read_only_except(writable):
    """Every mount read-only and nodev, but `writable` (bind-mounted onto itself) and /dev."""
    for path in writable:
        bind(path, path, MS_REC)
    _check(_mount_setattr("/", set_=MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV), "mount_setattr / ro,nodev")
    for path in writable:
        _check(_mount_setattr(path, clear=MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV), "mount_setattr %s rw" % path)
    _check(_mount_setattr("/dev", clear=MOUNT_ATTR_NODEV), "mount_setattr /dev dev")


def confine(writable):
    """In this (forked) process: a private mount namespace, everything read-only and nodev but
    `writable`, /dev reduced to the harmless nodes. True on success, False where refused."""
    try:
        private_mount_namespace()
        _minimal_dev()
        _read_only_except(writable)
    except (ConfinementRefused, OSError):
        return False
    return True


def no_new_privs():
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")


def die_with_parent(signum=signal.SIGKILL):
    """prctl(PR_SET_PDEATHSIG): the kernel kills this process when its parent dies."""
    libc.prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0)


def enter_worker_namespaces():
    """Step one of a pool worker's confinement, in the process that will fork the namespace's
    init: new mount, UTS, IPC and PID namespaces (the PID namespace applies to its children).
    Returns the namespaces obtained, by name; mount is required, the others best effort."""
    private_mount_namespace()
    got = ["mount"]
    for flag, name in ((CLONE_NEWUTS, "uts"), (CLONE_NEWIPC, "ipc"), (CLONE_NEWPID, "pid")):
        if libc.unshare(flag) == 0:
            got.append(name)
    return got


def confine_worker(writable, namespaces):
    """Step two, in the first process of the new PID namespace (or in the worker itself when
    there is none): its own /proc, a minimal /dev, everything read-only and nodev but
    `writable`. Raises ConfinementRefused."""
    if "pid" in namespaces:
        mount_fs("proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _minimal_dev()
    _read_only_except(writable)
    # No no_new_privs: it makes exec ignore set-user-ID and set-group-ID bits, which the checks of
    # getegid and posix_spawn's resetids need; the suite runs as root, so it would grant nothing.


def open_for_check(path):
    """In a confined worker: make one check's directory writable (a bind mount of it onto
    itself, read-write and dev), for the duration of that check only."""
    bind(path, path)
    _check(_mount_setattr(path, clear=MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV), "mount_setattr %s rw" % path)


def close_after_check(path):
    """Undo open_for_check: the directory is read-only again for this worker."""
    _check(libc.umount2(os.fsencode(path), MNT_DETACH), "umount %s" % path)


class Canary(object):
    """A small tree beside the sandboxes that no check may touch: its digest must not change."""

    def __init__(self, parent):
        self.path = os.path.join(parent, "canary")
        os.makedirs(os.path.join(self.path, "dir"))
        for name, data in (("file", b"canary\n"), ("dir/inner", b"inner\n")):
            with open(os.path.join(self.path, name), "wb") as f:
                f.write(data)
        os.symlink("file", os.path.join(self.path, "link"))
        self.digest = self._digest()

    def _digest(self):
        h = hashlib.sha256()
        for root, dirs, files in os.walk(self.path):
            dirs.sort()
            for name in sorted(dirs + files):
                p = os.path.join(root, name)
                st = os.lstat(p)
                h.update(("%s %o %d\n" % (os.path.relpath(p, self.path), st.st_mode, st.st_size)).encode())
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as f:
                        h.update(f.read())
        return h.hexdigest()

    def intact(self):
        try:
            return self._digest() == self.digest
        except OSError:
            return False


def probe_confinement(root):
    """Does confinement work here, and does it hold? A child confines itself to a fresh directory
    under `root`, then tries to create a file beside it: True only if that is refused."""
    inside = tempfile.mkdtemp(dir=root)
    outside = os.path.join(root, "probe-outside-%d" % os.getpid())
    pid = os.fork()
    if pid == 0:
        ok = False
        try:
            if confine([inside]):
                with open(os.path.join(inside, "in"), "wb"):
                    pass
                try:
                    with open(outside, "wb"):
                        pass
                except OSError as exc:
                    ok = exc.errno == errno.EROFS
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    escaped = os.path.exists(outside)
    shutil.rmtree(inside, ignore_errors=True)
    if escaped:
        os.unlink(outside)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and not escaped


# --- for checks that simulate a machine, in forked children only ----------------------------

def cover_path(path, replacement=None, fstype=None, flags=0):
    """In a forked child only: from now on this process sees `replacement` (bind) or an empty
    file system of `fstype` at `path`, in a mount namespace of its own."""
    private_mount_namespace()
    if replacement is not None:
        bind(replacement, path)
    else:
        mount_fs(fstype, path, flags)

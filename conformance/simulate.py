"""Harness-side simulations of situations a healthy machine never shows: an entropy pool that is
not initialised yet, a /proc/loadavg that cannot be read, a configuration value that is not
defined. Each changes the calling process for good (a mount namespace of its own, a seccomp
filter), so they are called only in forked children (conformance.children.run_in_child), where
the change dies with the child. All of it is ctypes over libc, as root; where the kernel refuses,
the check skips with the reason.
"""
import ctypes
import errno
import os
import struct
import subprocess

import pytest

from . import sandboxing

_libc = sandboxing.libc

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
GETRANDOM_X86_64 = 318
SYSINFO_X86_64 = 99
AUDIT_ARCH_X86_64 = 0xC000003E


def _fail(what):
    e = ctypes.get_errno()
    raise OSError(e, "%s: %s" % (what, os.strerror(e)))


def cover_file(path, replacement):
    """In a forked child only: from now on this process sees the file `replacement` at `path`
    (a bind mount in a mount namespace of its own; nobody else sees it)."""
    try:
        sandboxing.cover_path(path, replacement=replacement)
    except sandboxing.ConfinementRefused as exc:
        pytest.skip("cannot cover %s in a mount namespace of its own (%s)" % (path, exc))


def refuse_syscall(number, err, arg2_bits=None):
    """In a forked child only: a seccomp filter under which system call `number` (x86_64
    numbering) fails with errno `err` — only when its third argument has one of `arg2_bits`
    set, if given. Everything else is allowed. Filters stack: call it once per refusal."""
    if os.uname().machine != "x86_64":
        pytest.skip("the seccomp filter is written for x86_64 system call numbers")
    # struct sock_filter {u16 code; u8 jt; u8 jf; u32 k;}
    ld_abs, jeq, jset, ret = 0x20, 0x15, 0x45, 0x06
    allow, refuse = 0x7FFF0000, 0x00050000 | err
    program = [
        (ld_abs, 0, 0, 4),                    # 0: A = seccomp_data.arch
        (jeq, 0, 5, AUDIT_ARCH_X86_64),       # 1: another ABI: allow
        (ld_abs, 0, 0, 0),                    # 2: A = seccomp_data.nr
        (jeq, 0, 3, number),                  # 3: another call: allow
        (ld_abs, 0, 0, 16 + 2 * 8),           # 4: A = low 32 bits of args[2]
        (jset, 0, 1, arg2_bits) if arg2_bits else (jeq, 0, 0, 0),  # 5: bits not set: allow
        (ret, 0, 0, refuse),                  # 6: refuse
        (ret, 0, 0, allow),                   # 7: allow
    ]
    raw = b"".join(struct.pack("HBBI", *insn) for insn in program)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
    prog = SockFprog(len(program), ctypes.addressof(buf))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        _fail("prctl(PR_SET_NO_NEW_PRIVS)")
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        pytest.skip("the kernel refuses a seccomp filter (%s)" % os.strerror(ctypes.get_errno()))


def getrandom_nonblock_eagain(grnd_nonblock=1):
    """In a forked child only: getrandom(2) called with GRND_NONBLOCK fails with EAGAIN — what
    the kernel answers while the urandom pool is not initialised — and getrandom without it goes
    through (where the real kernel would block until the pool is ready, then return the bytes)."""
    refuse_syscall(GETRANDOM_X86_64, errno.EAGAIN, arg2_bits=grnd_nonblock)


def load_average_unobtainable(empty_file):
    """In a forked child only: no load average to be had — sysinfo(2) (glibc's source since
    2.33) fails with ENOSYS and /proc/loadavg reads empty (covered by `empty_file`), as on a
    kernel without the call and without /proc."""
    cover_file("/proc/loadavg", empty_file)
    refuse_syscall(SYSINFO_X86_64, errno.ENOSYS)


#: A C library shim for LD_PRELOAD: confstr(UNDEFINED_NAME, ...) answers "no value" (0, errno
#: untouched), as POSIX lets confstr do for a name that is valid but has no value; every other
#: name goes to the real confstr.
CONFSTR_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
size_t confstr(int name, char *buf, size_t len) {
    static size_t (*real)(int, char *, size_t);
    if (name == %d) return 0;
    if (!real) real = (size_t (*)(int, char *, size_t))dlsym(RTLD_NEXT, "confstr");
    return real(name, buf, len);
}
"""


def confstr_shim(directory, undefined_number):
    """Harness-side: compile CONFSTR_SHIM for `undefined_number` into `directory`; its path.
    Skips without a C compiler."""
    out = os.path.join(directory, "confstr_shim.so")
    env = dict(os.environ, TMPDIR=directory)
    try:
        run = subprocess.run(["cc", "-shared", "-fPIC", "-o", out, "-x", "c", "-", "-ldl"],
                             input=(CONFSTR_SHIM % undefined_number).encode(), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    except OSError as exc:
        pytest.skip("no C compiler for the confstr shim (%s)" % exc)
    if run.returncode != 0:
        pytest.skip("the confstr shim did not compile: %s" % run.stdout.decode("utf-8", "replace")[-500:])
    return out

"""The C headers' values of the constants `os` exports, read by a small compiled probe.

`values()` compiles one C program (once per pytest process, at collection: `prime()`, into a
temporary directory) that prints every constant of PROBED it can see, and caches the
answer. Without a C compiler it returns None, and the `c_value` fixture of the checks falls back
to the reference implementation's table, or skips with the reason.
"""
import os
import shutil
import subprocess
import tempfile

#: name -> the headers that define it (all are included; _GNU_SOURCE is defined).
PROBED = {}
for _name in ("F_LOCK", "F_TLOCK", "F_ULOCK", "F_TEST"):
    PROBED[_name] = "unistd.h"
for _name in ("POSIX_FADV_NORMAL", "POSIX_FADV_SEQUENTIAL", "POSIX_FADV_RANDOM", "POSIX_FADV_NOREUSE",
              "POSIX_FADV_WILLNEED", "POSIX_FADV_DONTNEED"):
    PROBED[_name] = "fcntl.h"
for _name in ("RWF_NOWAIT", "RWF_HIPRI", "RWF_DSYNC", "RWF_SYNC"):
    PROBED[_name] = "sys/uio.h"
for _name in ("GRND_NONBLOCK", "GRND_RANDOM"):
    PROBED[_name] = "sys/random.h"
for _name in ("PRIO_PROCESS", "PRIO_PGRP", "PRIO_USER"):
    PROBED[_name] = "sys/resource.h"
for _name in ("RTLD_LAZY", "RTLD_NOW", "RTLD_GLOBAL", "RTLD_LOCAL", "RTLD_NODELETE", "RTLD_NOLOAD",
              "RTLD_DEEPBIND"):
    PROBED[_name] = "dlfcn.h"
for _name in ("O_RDONLY", "O_WRONLY", "O_RDWR", "O_APPEND", "O_CREAT", "O_EXCL", "O_TRUNC", "O_DSYNC",
              "O_RSYNC", "O_SYNC", "O_NDELAY", "O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_ASYNC", "O_DIRECT",
              "O_DIRECTORY", "O_NOFOLLOW", "O_NOATIME", "O_PATH", "O_TMPFILE", "O_SHLOCK", "O_EXLOCK",
              "O_BINARY", "O_NOINHERIT", "O_SHORT_LIVED", "O_TEMPORARY", "O_RANDOM", "O_SEQUENTIAL",
              "O_TEXT"):
    PROBED[_name] = "fcntl.h"
for _name in ("F_OK", "R_OK", "W_OK", "X_OK", "SEEK_SET", "SEEK_CUR", "SEEK_END"):
    PROBED[_name] = "unistd.h"
for _name in ("XATTR_CREATE", "XATTR_REPLACE"):
    PROBED[_name] = "sys/xattr.h"
PROBED["XATTR_SIZE_MAX"] = "linux/limits.h"
for _name in ("WEXITED", "WSTOPPED", "WNOWAIT", "WNOHANG", "WCONTINUED", "WUNTRACED", "P_PID", "P_PGID",
              "P_ALL"):
    PROBED[_name] = "sys/wait.h"
for _name in ("CLD_EXITED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_CONTINUED"):
    PROBED[_name] = "signal.h"
for _name in ("SCHED_OTHER", "SCHED_BATCH", "SCHED_IDLE", "SCHED_SPORADIC", "SCHED_FIFO", "SCHED_RR",
              "SCHED_RESET_ON_FORK"):
    PROBED[_name] = "sched.h"
for _name in ("EX_OK", "EX_USAGE", "EX_DATAERR", "EX_NOINPUT", "EX_NOUSER", "EX_NOHOST", "EX_UNAVAILABLE",
              "EX_SOFTWARE", "EX_OSERR", "EX_OSFILE", "EX_CANTCREAT", "EX_IOERR", "EX_TEMPFAIL", "EX_PROTOCOL",
              "EX_NOPERM", "EX_CONFIG", "EX_NOTFOUND"):
    PROBED[_name] = "sysexits.h"
del _name

#: Constants glibc declares as enumerators only (idtype_t), which #ifdef cannot see.
ENUMERATORS = {"P_PID", "P_PGID", "P_ALL"}

_cache = {}


def compiler():
    """The C compiler's path, or None."""
    return shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")


def source(names=None):
    names = sorted(names or PROBED)
    headers = sorted(set(PROBED[n] for n in names))
    lines = ["#define _GNU_SOURCE 1"] + ["#include <%s>" % h for h in headers] + ["#include <stdio.h>",
                                                                                  "int main(void) {"]
    for name in names:
        guard = "#if defined(%s) || defined(__GLIBC__)" if name in ENUMERATORS else "#ifdef %s"
        lines += [guard % name, '  printf("%s %%lld\\n", (long long)(%s));' % (name, name), "#endif"]
    lines += ["  return 0;", "}", ""]
    return "\n".join(lines)


def values(directory=None):
    """{name: C value} for the constants of PROBED the headers define; None without a compiler
    (or when the probe does not build: the reason is in `last_error`). Compiled once per process
    into `directory`, by default a temporary directory removed right after."""
    if "values" not in _cache:
        if directory is not None:
            _cache["values"] = _build(directory)
        else:
            directory = tempfile.mkdtemp(prefix="os-conformance-cprobe-")
            try:
                _cache["values"] = _build(directory)
            finally:
                shutil.rmtree(directory, ignore_errors=True)
    return _cache["values"]


def _build(directory):
    global last_error
    cc = compiler()
    result = None
    if cc is None:
        last_error = "no C compiler (cc) on PATH"
    else:
        src = os.path.join(directory, "os_conformance_probe.c")
        exe = os.path.join(directory, "os_conformance_probe")
        with open(src, "w") as f:
            f.write(source())
        build = subprocess.run([cc, "-o", exe, src], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               universal_newlines=True)
        if build.returncode != 0:
            last_error = "the probe does not compile: %s" % build.stdout.strip()[-300:]
        else:
            out = subprocess.run([exe], stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
            result = {}
            for line in out.splitlines():
                name, value = line.split()
                result[name] = int(value)
    return result


last_error = None


def prime():
    """Build the table now, at collection, in the pytest process: checks run in forked children
    confined to their sandboxes (nothing else writable there), which inherit the cached table."""
    values()


def expected(name, c_table, oracle_target):
    """The value `name` must have: the C headers' (from the probe), else the reference's table;
    pytest.skip with the reason when neither is available."""
    import pytest
    from . import oracles
    if c_table is not None:
        if name not in c_table:
            pytest.skip("the C headers do not define %s" % name)
        oracles.consult(oracles.HARNESS)
        return c_table[name]
    if oracle_target is not None and oracle_target.has(name):
        oracles.consult(oracles.REFERENCE, oracle_target.module)
        return oracle_target.lookup(name)
    pytest.skip("no C probe (%s) and the reference has no %s" % (last_error, name))

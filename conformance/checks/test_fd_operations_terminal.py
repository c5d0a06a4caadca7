"""File Descriptor Operations: terminals — openpty, isatty, ttyname, device_encoding,
tcgetpgrp, tcsetpgrp, get_terminal_size and terminal_size.

The terminals are pseudo-terminals the harness opens with the stdlib's os.openpty (only the
openpty checks use the target's): those checks need the 'terminals' of the target's world. What
is not a terminal (a file, a directory, a pipe, /dev/null) is opened in the target's world
(support.Fds). Nothing here touches the test process's own terminal or fd 0: what needs a
controlling terminal or fd 1 runs in a forked child (support.run_in_child).
"""
import codecs
import errno
import locale
import os
import select

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.hostmods import fcntl, termios, tty  # absent on WebAssembly Pythons
from conformance import support
from conformance.hostos import host

behaviour = pytest.mark.behaviour
NON_TTY_KINDS = st.sampled_from(["file", "pipe-read", "pipe-write", "dir", "devnull"])
window = st.integers(0, 0xFFFF)


def _non_tty(fds, sandbox, kind):
    """A harness-opened descriptor that is not a terminal, in the target's world."""
    base = sandbox.fresh()
    if kind == "file":
        return fds.open(fds.write(os.path.join(base, "f"), b"x"))
    if kind == "dir":
        return fds.open(base, os.O_RDONLY | os.O_DIRECTORY)
    if kind == "devnull":
        return fds.open(os.devnull, os.O_RDWR)
    r, w = fds.pipe()
    return r if kind == "pipe-read" else w


def _stdlib_model(fds, fn, fd):
    """The running stdlib's `fn` for --os-strict: on `fd` in the kernel's world; in a world of its
    own on a kernel pipe, also no terminal (ENOTTY's message names no file)."""
    if not fds.fake:
        return fn(fd)
    r, w = os.pipe()
    try:
        return fn(r)
    finally:
        os.close(r)
        os.close(w)


def _read_exactly(fd, n):
    """Harness-side: read n bytes from a non-blocking-safe terminal, waiting with select."""
    out = b""
    while len(out) < n:
        if not select.select([fd], [], [], 5)[0]:
            break
        out += os.read(fd, n - len(out))
    return out


# --- openpty -----------------------------------------------------------------------------

@behaviour("openpty.returns-master-slave", "openpty.slave-is-tty")
@given(payload=st.binary(min_size=1, max_size=512))
def test_openpty_returns_a_connected_master_and_slave(target, sandbox, payload):
    """openpty.returns-master-slave / slave-is-tty: "Open a new pseudo-terminal pair. Return a pair
    of file descriptors (master, slave) for the pty and the tty." — bytes written to the master
    (raw mode, set harness-side) are read from the slave, a terminal."""
    support.require(target, "terminals")
    with support.fds(target) as fds:
        master, slave = target.api.openpty()
        fds.target(master), fds.target(slave)
        assert type(master) is int and type(slave) is int and master != slave
        assert os.isatty(slave)
        tty.setraw(slave)
        os.write(master, payload)
        assert _read_exactly(slave, len(payload)) == payload


@behaviour("openpty.non-inheritable")
def test_openpty_returns_non_inheritable_fds(target, sandbox):
    """openpty.non-inheritable: "The new file descriptors are non-inheritable." """
    support.require(target, "terminals")
    support.require(target, "fd_flags", "FD_CLOEXEC")
    with support.fds(target) as fds:
        master, slave = target.api.openpty()
        fds.target(master), fds.target(slave)
        assert support.is_cloexec(master) and support.is_cloexec(slave)


# --- isatty ------------------------------------------------------------------------------

@behaviour("isatty.true-for-tty")
@given(end=st.sampled_from(["master", "slave"]))
def test_isatty_is_true_for_a_terminal(target, sandbox, end):
    """isatty.true-for-tty: "Return True if the file descriptor *fd* is open and connected to a
    tty(-like) device" — both ends of a pty are."""
    support.require(target, "terminals")
    with support.fds(target) as fds:
        master, slave = support.harness_pty(fds)
        assert target.api.isatty(slave if end == "slave" else master) is True


@behaviour("isatty.false-for-non-tty")
@given(kind=NON_TTY_KINDS)
def test_isatty_is_false_for_a_non_terminal(target, sandbox, kind):
    """isatty.false-for-non-tty: "... else False." — files, directories, pipes, /dev/null."""
    with support.fds(target) as fds:
        assert target.api.isatty(_non_tty(fds, sandbox, kind)) is False


@behaviour("isatty.false-for-closed-fd")
@given(extra=st.integers(0, 1000))
def test_isatty_is_false_for_a_closed_fd(target, sandbox, extra):
    """isatty.false-for-closed-fd: an fd that is not open is not "open and connected to a tty":
    False, no exception."""
    with support.fds(target) as fds:
        fd = fds.free_fd() + extra
        if fds.is_open(fd):
            fd = fds.free_fd()
        assert target.api.isatty(fd) is False


# --- ttyname -----------------------------------------------------------------------------

@behaviour("ttyname.returns-str")
@given(data=st.data())
def test_ttyname_names_the_terminal_device(target, sandbox, data):
    """ttyname.returns-str: "Return a string which specifies the terminal device associated with
    file descriptor *fd*." — a str path to that very device."""
    support.require(target, "terminals")
    with support.fds(target) as fds:
        master, slave = support.harness_pty(fds)
        fd = data.draw(st.sampled_from([slave, "dup"]))
        fd = fds.harness(os.dup(slave)) if fd == "dup" else fd
        name = target.api.ttyname(fd)
        assert type(name) is str and name.startswith("/dev/")
        assert os.stat(name).st_rdev == os.fstat(slave).st_rdev


@behaviour("ttyname.non-terminal-raises")
@given(kind=NON_TTY_KINDS)
def test_ttyname_of_a_non_terminal_raises_oserror(target, sandbox, kind, strict):
    """ttyname.non-terminal-raises: "If *fd* is not associated with a terminal device, an
    exception is raised." — OSError ENOTTY, as CPython raises."""
    with support.fds(target) as fds:
        fd = _non_tty(fds, sandbox, kind)
        support.assert_raises(strict, OSError, errno.ENOTTY, lambda: target.api.ttyname(fd),
                              model=lambda: _stdlib_model(fds, os.ttyname, fd))


# --- device_encoding ---------------------------------------------------------------------

@behaviour("device_encoding.terminal-returns-str")
@given(end=st.sampled_from(["master", "slave"]))
def test_device_encoding_of_a_terminal_is_the_locale_encoding(target, sandbox, end):
    """device_encoding.terminal-returns-str: "Return a string describing the encoding of the
    device associated with *fd* if it is connected to a terminal" — CPython on Linux returns
    nl_langinfo(CODESET), an encoding Python knows."""
    support.require(target, "terminals")
    with support.fds(target) as fds:
        master, slave = support.harness_pty(fds)
        got = target.api.device_encoding(slave if end == "slave" else master)
        assert type(got) is str and codecs.lookup(got)
        assert got == locale.nl_langinfo(locale.CODESET)


@behaviour("device_encoding.non-terminal-returns-none")
@given(kind=NON_TTY_KINDS)
def test_device_encoding_of_a_non_terminal_is_none(target, sandbox, kind):
    """device_encoding.non-terminal-returns-none: "if not, return None." """
    with support.fds(target) as fds:
        assert target.api.device_encoding(_non_tty(fds, sandbox, kind)) is None


# --- tcgetpgrp, tcsetpgrp ----------------------------------------------------------------

def _controlling_terminal():
    """In a forked child only: a new session whose controlling terminal is a fresh pty slave."""
    os.setsid()
    master, slave = host.openpty()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    return master, slave


@behaviour("tcgetpgrp.returns-pgrp")
@support.few_examples(4)
@given(via=st.sampled_from(["slave", "dup", "reopen"]))
def test_tcgetpgrp_returns_the_foreground_process_group(target, sandbox, via):
    """tcgetpgrp.returns-pgrp: "Return the process group associated with the terminal given by
    *fd* (an open file descriptor as returned by os.open())." — in a new session with the pty as
    controlling terminal, the caller's own group is in the foreground."""
    support.require(target, "terminals")
    support.require(target, "processes", "a child with a terminal of its own")

    def in_child():
        master, slave = _controlling_terminal()
        fd = {"slave": slave, "dup": os.dup(slave), "reopen": os.open(os.ttyname(slave), os.O_RDWR)}[via]
        return target.api.tcgetpgrp(fd), os.getpgrp()
    got, pgrp = support.run_in_child(in_child)
    assert type(got) is int and got == pgrp


@behaviour("tcsetpgrp.sets-pgrp")
@support.few_examples()
@given(via=st.sampled_from(["slave", "dup"]))
def test_tcsetpgrp_makes_a_group_the_foreground(target, sandbox, via):
    """tcsetpgrp.sets-pgrp: "Set the process group associated with the terminal given by *fd* to
    *pg*." — another group of the same session becomes the foreground (tcgetpgrp harness-side)."""
    support.require(target, "terminals")
    support.require(target, "processes", "a child with a terminal of its own")

    def in_child():
        master, slave = _controlling_terminal()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the grandchild: a group of its own, waits for the pipe to close
            try:
                os.close(w)
                os.setpgid(0, 0)
                os.read(r, 1)
            finally:
                os._exit(0)
        os.close(r)
        try:
            os.setpgid(pid, pid)
            fd = slave if via == "slave" else os.dup(slave)
            result = target.api.tcsetpgrp(fd, pid)
            return result, os.tcgetpgrp(slave) == pid
        finally:
            os.close(w)
            os.waitpid(pid, 0)
    assert support.run_in_child(in_child) == (None, True)


# --- get_terminal_size, terminal_size ----------------------------------------------------

@behaviour("get_terminal_size.returns-terminal-size", "get_terminal_size.fd-argument")
@given(columns=window, lines=window, end=st.sampled_from(["master", "slave"]))
def test_get_terminal_size_of_a_pty_is_its_window_size(target, sandbox, columns, lines, end):
    """get_terminal_size.returns-terminal-size / fd-argument: "Return the size of the terminal
    window as (columns, lines) of type terminal_size." — of the terminal *fd* names."""
    support.require(target, "terminals")
    with support.fds(target) as fds:
        master, slave = support.harness_pty(fds, columns, lines)
        got = target.api.get_terminal_size(slave if end == "slave" else master)
        assert isinstance(got, tuple) and type(got).__name__ == "terminal_size"
        assert tuple(got) == (columns, lines) and (got.columns, got.lines) == (columns, lines)


@behaviour("get_terminal_size.default-fd-stdout")
@support.few_examples()
@given(columns=window, lines=window)
def test_get_terminal_size_without_fd_asks_standard_output(target, sandbox, columns, lines):
    """get_terminal_size.default-fd-stdout: "The optional argument fd (default STDOUT_FILENO, or
    standard output) specifies which file descriptor should be queried." — in a child whose fd 1
    is a pty slave."""
    support.require(target, "terminals")
    support.require(target, "processes", "a child with a terminal of its own")

    def in_child():
        master, slave = host.openpty()
        support.set_window_size(slave, columns, lines)
        os.dup2(slave, 1)
        return tuple(target.api.get_terminal_size())
    assert support.run_in_child(in_child) == (columns, lines)


@behaviour("get_terminal_size.non-terminal-raises-oserror")
@given(kind=NON_TTY_KINDS)
def test_get_terminal_size_of_a_non_terminal_raises_oserror(target, sandbox, kind, strict):
    """get_terminal_size.non-terminal-raises-oserror: "If the file descriptor is not connected to
    a terminal, an OSError is raised." (ENOTTY)"""
    with support.fds(target) as fds:
        fd = _non_tty(fds, sandbox, kind)
        support.assert_raises(strict, OSError, errno.ENOTTY, lambda: target.api.get_terminal_size(fd),
                              model=lambda: _stdlib_model(fds, host.get_terminal_size, fd))


@behaviour("terminal_size.tuple-subclass", "terminal_size.holds-columns-lines")
@given(columns=st.integers(0, 2 ** 31), lines=st.integers(0, 2 ** 31))
def test_terminal_size_is_a_columns_lines_tuple(target, columns, lines):
    """terminal_size.tuple-subclass / holds-columns-lines: "A subclass of tuple, holding
    (columns, lines) of the terminal window size." """
    cls = target.api.terminal_size
    assert isinstance(cls, type) and issubclass(cls, tuple)
    size = cls((columns, lines))
    assert tuple(size) == (columns, lines) and len(size) == 2


@pytest.mark.parametrize("attr,index", [
    pytest.param("columns", 0, id="columns", marks=behaviour("terminal_size.columns.width-index-0")),
    pytest.param("lines", 1, id="lines", marks=behaviour("terminal_size.lines.height-index-1"))])
@given(columns=window, lines=window)
def test_terminal_size_attribute_is_its_item(target, attr, index, columns, lines):
    """terminal_size.columns / lines: "Width of the terminal window in characters." / "Height of
    the terminal window in characters." — items 0 and 1."""
    size = target.api.terminal_size((columns, lines))
    assert getattr(size, attr) == (columns, lines)[index] == size[index]

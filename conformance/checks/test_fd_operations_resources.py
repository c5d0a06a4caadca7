"""File Descriptor Operations: openpty when the process is out of descriptors, and write with
data that is not a C-contiguous buffer.

The descriptor limit is lowered (RLIMIT_NOFILE, harness-side) only in a forked child, and
raised back there before the child reports: a check of terminals and of the process's descriptor
table ("terminals", "processes"). The write check sets up and inspects its pipe in the target's
world (support.Fds).
"""
import errno
import os

import pytest

from conformance.hostmods import resource  # absent on WebAssembly Pythons
from conformance import hygiene, support

behaviour = pytest.mark.behaviour


def _open_fds():
    """Harness-side: the numbers of this process's open descriptors."""
    return hygiene.open_fds()


@behaviour("openpty.oserror-when-out-of-descriptors")
@pytest.mark.parametrize("spare", [0, 1], ids=["none-free", "one-free"])
def test_openpty_out_of_descriptors_raises_emfile(target, spare):
    """openpty.oserror-when-out-of-descriptors: with no descriptor free below RLIMIT_NOFILE (or
    just one: the master's, none for the slave), openpty raises OSError EMFILE and leaves no
    new descriptor open; with the limit raised again it works."""
    support.require(target, "terminals")
    support.require(target, "processes", "a forked child with its descriptor limit lowered")
    openpty = target.api.openpty

    def child():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        probe = os.open("/dev/null", os.O_RDONLY)  # the lowest free descriptor
        os.close(probe)
        before = _open_fds()
        resource.setrlimit(resource.RLIMIT_NOFILE, (probe + spare, hard))
        try:
            try:
                outcome = ("returned", openpty())
            except OSError as exc:
                outcome = ("OSError", exc.errno)
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        leaked = sorted(_open_fds() - before)
        master, slave = openpty()
        works = os.isatty(slave)
        os.close(master), os.close(slave)
        return outcome, leaked, works
    outcome, leaked, works = support.run_in_child(child)
    assert outcome == ("OSError", errno.EMFILE)
    assert leaked == []
    assert works


@behaviour("write.rejects-non-contiguous-buffer")
@pytest.mark.parametrize("make", [lambda: memoryview(b"abcdef")[::2],
                                  lambda: memoryview(bytearray(b"abcdefgh"))[::-1]],
                         ids=["strided-bytes", "reversed-bytearray"])
def test_write_of_a_non_contiguous_buffer_raises_buffererror(target, make):
    """write.rejects-non-contiguous-buffer: data that is not C-contiguous raises BufferError and
    nothing reaches the pipe."""
    with support.fds(target) as fds:
        r, w = fds.pipe()
        fds.nonblocking(r)
        data = make()
        assert not data.c_contiguous
        with pytest.raises(BufferError):
            target.api.write(w, data)
        with pytest.raises(BlockingIOError):
            fds.os.read(r, 16)

"""The harness's access to a fake world (conformance.support.Host): what it reads back must not
depend on return values a pyfakefs release does not give (a harness limit is never the target's
failure)."""
import os
from types import SimpleNamespace

import pytest

from conformance import support

fake_filesystem = pytest.importorskip("pyfakefs.fake_filesystem")


class SeekReturnsNone(object):
    """pyfakefs 5's FakeFileWrapper: seek() moves the offset and returns None."""

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def seek(self, offset, whence=0):
        self._wrapped.seek(offset, whence)

    def tell(self):
        return self._wrapped.tell()


@pytest.mark.parametrize("pos, how, expected", [(2, os.SEEK_SET, 2), (1, os.SEEK_CUR, 4), (-1, os.SEEK_END, 5)])
def test_seek_how_reads_the_offset_back_whatever_seek_returns(monkeypatch, pos, how, expected):
    filesystem = fake_filesystem.FakeFilesystem()
    host = support.Host(SimpleNamespace(kind="pyfakefs", filesystem=filesystem))
    filesystem.create_file("/f", contents=b"abcdef")
    fd = host.os.open("/f", os.O_RDONLY)
    real = host._open_file
    monkeypatch.setattr(host, "_open_file", lambda fd: SeekReturnsNone(real(fd)))
    host._open_file(fd).seek(3)
    assert host.seek_how(fd, pos, how) == expected

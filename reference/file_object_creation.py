"""Spec section "File Object Creation": fdopen, a wrapper of the built-in open (io.open) over a
file descriptor, as Lib/os.py defines it."""
import io

from ._version import FDOPEN_TEXT_ENCODING

__all__ = ['fdopen']


if not FDOPEN_TEXT_ENCODING:
    def fdopen(fd, *args, **kwargs):
        """Return an open file object connected to the file descriptor fd (io.open's arguments)."""
        if not isinstance(fd, int):
            raise TypeError("invalid fd type (%s, expected integer)" % type(fd))
        return io.open(fd, *args, **kwargs)
else:
    def fdopen(fd, mode="r", buffering=-1, encoding=None, *args, **kwargs):
        """Return an open file object connected to the file descriptor fd (io.open's arguments)."""
        if not isinstance(fd, int):
            raise TypeError("invalid fd type (%s, expected integer)" % type(fd))
        if "b" not in mode:  # 3.10+: EncodingWarning (-X warn_default_encoding), as Lib/os.py
            encoding = io.text_encoding(encoding)
        return io.open(fd, mode, buffering, encoding, *args, **kwargs)

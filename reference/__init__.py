"""An independent pure-Python implementation of Python's os module over ctypes calls into libc.

`import reference as os` is a drop-in for the names it implements; names not implemented yet do
not exist (there is deliberately no fallback to the real os). Linux x86_64 glibc only.
"""
import sys

from . import _platform  # noqa: F401 -- first: refuse unsupported ABIs with a clear ImportError
from . import fd_operations as _fd_operations
from . import filenames as _filenames
from .fd_operations import *  # noqa: F401,F403 -- the section's names, listed in its __all__
from .files_and_directories import *  # noqa: F401,F403 -- the section's names, in its __all__
from . import files_and_directories as _files_and_directories
from .filenames import PathLike, fsdecode, fsencode, fspath

import posixpath as path  # os.path; it imports the real os internally, which is fine

name = 'posix'
error = OSError

# Like Lib/os.py, make "import reference.path" work.
sys.modules[__name__ + '.path'] = path

__all__ = (['name', 'error', 'path'] + _filenames.__all__ + _fd_operations.__all__
           + _files_and_directories.__all__)
# Further section modules: import their names above and add their __all__ here, one line each.
del sys

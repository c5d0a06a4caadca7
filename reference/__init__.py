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
from .process_parameters import *  # noqa: F401,F403 -- Process Parameters
from . import process_parameters as _process_parameters
from .system_information import *  # noqa: F401,F403 -- Miscellaneous System Information
from . import system_information as _system_information
from .random_numbers import *  # noqa: F401,F403 -- Random numbers
from . import random_numbers as _random_numbers
from .fd_operations_vectored import *  # noqa: F401,F403 -- File Descriptor Operations: vectored I/O, sendfile
from . import fd_operations_vectored as _fd_operations_vectored
from .terminals import *  # noqa: F401,F403 -- File Descriptor Operations: terminals, terminal size
from . import terminals as _terminals
from .xattrs import *  # noqa: F401,F403 -- Linux extended attributes
from . import xattrs as _xattrs
from .process_management import *  # noqa: F401,F403 -- Process Management
from . import process_management as _process_management
from .scheduler import *  # noqa: F401,F403 -- Interface to the scheduler
from . import scheduler as _scheduler

import posixpath as path  # os.path; it imports the real os internally, which is fine

name = 'posix'
error = OSError

# Like Lib/os.py, make "import reference.path" work.
sys.modules[__name__ + '.path'] = path

__all__ = (['name', 'error', 'path'] + _filenames.__all__ + _fd_operations.__all__
           + _files_and_directories.__all__)
# Further section modules: import their names above and add their __all__ here, one line each.
__all__ += _process_parameters.__all__
__all__ += _system_information.__all__
__all__ += _random_numbers.__all__
__all__ += _fd_operations_vectored.__all__ + _terminals.__all__
__all__ += _xattrs.__all__
__all__ += _process_management.__all__ + _scheduler.__all__
# Files and Directories: the supports_* sets hold what this namespace implements (Lib/os.py's _add).
_files_and_directories.fill_support_sets(globals())
del sys

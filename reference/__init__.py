"""An independent pure-Python implementation of Python's os module over ctypes calls into libc.

`import reference as os` is a drop-in for the names it implements; names not implemented yet do
not exist (there is deliberately no fallback to the real os). Linux x86_64 glibc only.

The layout mirrors the spec (the os documentation): one module per section that documents names,
named after its heading, in the spec's order; a section with subsections, or too long for one
module, is a package with one module per subsection (named after the subsection's heading) and
per topic:

    process_parameters/                Process Parameters: parameters, file_names (the file system
                                       encoding of "File Names, Command Line Arguments, and
                                       Environment Variables", a section with no names of its own)
    file_object_creation               File Object Creation
    fd_operations/                     File Descriptor Operations: basic_io, metadata, vectored_io,
                                       terminals,
        querying_the_size_of_a_terminal    Querying the size of a terminal
        inheritance_of_file_descriptors    Inheritance of File Descriptors
    files_and_directories/             Files and Directories: paths, permissions, links, creation,
                                       listing, directory_entries, directory_trees, file_status,
                                       stat_results, filesystem_status, times, path_configuration,
                                       support_sets,
        linux_extended_attributes          Linux extended attributes
    process_management/                Process Management: processes, posix_spawning, waiting
    interface_to_the_scheduler         Interface to the scheduler
    miscellaneous_system_information   Miscellaneous System Information
    random_numbers                     Random numbers

Every module lists its public names in `__all__`; packages re-export their modules' names, and
this package every section's. The modules whose names start with "_" are shared helpers: _libc
(the prototypes), _convert (argument conversion), _structs (C structures), _structseq (the
structseq result types), _platform (the ABI check), _version (the CPython version acted as, and
the named version flags).
"""
import sys

from . import _platform  # noqa: F401 -- first: refuse unsupported ABIs with a clear ImportError
from . import process_parameters as _process_parameters
from . import file_object_creation as _file_object_creation
from . import fd_operations as _fd_operations
from . import files_and_directories as _files_and_directories
from . import process_management as _process_management
from . import interface_to_the_scheduler as _interface_to_the_scheduler
from . import miscellaneous_system_information as _miscellaneous_system_information
from . import random_numbers as _random_numbers
from .process_parameters import *  # noqa: F401,F403 -- each section's names, listed in its __all__
from .file_object_creation import *  # noqa: F401,F403
from .fd_operations import *  # noqa: F401,F403
from .files_and_directories import *  # noqa: F401,F403
from .process_management import *  # noqa: F401,F403
from .interface_to_the_scheduler import *  # noqa: F401,F403
from .miscellaneous_system_information import *  # noqa: F401,F403
from .random_numbers import *  # noqa: F401,F403

import posixpath as path  # os.path; it imports the real os internally, which is fine

name = 'posix'
error = OSError

# Like Lib/os.py, make "import reference.path" work.
sys.modules[__name__ + '.path'] = path

__all__ = ['name', 'error', 'path']
for _section in (_process_parameters, _file_object_creation, _fd_operations,
                 _files_and_directories, _process_management, _interface_to_the_scheduler,
                 _miscellaneous_system_information, _random_numbers):
    __all__ += _section.__all__
# Files and Directories: the supports_* sets hold what this namespace implements (Lib/os.py's _add).
_files_and_directories.fill_support_sets(globals())
del sys, _section

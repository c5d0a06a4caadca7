"""Spec section "File Descriptor Operations": basic_io, metadata, vectored_io and terminals for the
section's own text, and one module per subsection: querying_the_size_of_a_terminal ("Querying the size of a
terminal"), inheritance_of_file_descriptors ("Inheritance of File Descriptors").

Each module lists its public names in `__all__`; this package re-exports them.
"""
from .basic_io import *  # noqa: F401,F403 -- open, read, write, close, lseek, dup, pipe, fstat, O_*, ...
from .basic_io import __all__ as _basic_io_all
from .metadata import *  # noqa: F401,F403 -- fchmod, fchown, fpathconf, fstatvfs
from .metadata import __all__ as _metadata_all
from .inheritance_of_file_descriptors import *  # noqa: F401,F403 -- get_inheritable, set_inheritable
from .inheritance_of_file_descriptors import __all__ as _inheritance_all
from .vectored_io import *  # noqa: F401,F403 -- readv, writev, preadv, pwritev, sendfile, RWF_*
from .vectored_io import __all__ as _vectored_io_all
from .terminals import *  # noqa: F401,F403 -- openpty, tcgetpgrp, tcsetpgrp, ttyname
from .terminals import __all__ as _terminals_all
from .querying_the_size_of_a_terminal import *  # noqa: F401,F403 -- get_terminal_size, terminal_size
from .querying_the_size_of_a_terminal import __all__ as _terminal_size_all

__all__ = _basic_io_all + _metadata_all + _inheritance_all + _vectored_io_all + _terminals_all + _terminal_size_all

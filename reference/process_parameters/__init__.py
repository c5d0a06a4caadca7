"""Spec section "Process Parameters": parameters (the environment, ids, process groups, priority,
umask, uname, ...) and file_names (fsencode, fsdecode, fspath, PathLike: the file system encoding
of the section "File Names, Command Line Arguments, and Environment Variables").

Each module lists its public names in `__all__`; this package re-exports them.
"""
from .file_names import *  # noqa: F401,F403
from .file_names import __all__ as _file_names_all
from .parameters import *  # noqa: F401,F403
from .parameters import __all__ as _parameters_all

__all__ = _file_names_all + _parameters_all

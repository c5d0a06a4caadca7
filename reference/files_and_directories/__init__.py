"""Spec section "Files and Directories", one module per topic, and linux_extended_attributes for
the subsection "Linux extended attributes".

Each module lists its public names in `__all__`; this package re-exports them. No module has the
name of a function it defines (file_status holds stat, directory_entries scandir, directory_trees
walk), so every module stays reachable as an attribute of the package.
"""
from .stat_results import *  # noqa: F401,F403
from .stat_results import __all__ as _stat_results_all
from .stat_results import make_stat_result  # noqa: F401 -- fd_operations.fstat builds results with it

__all__ = list(_stat_results_all)
# Topic modules added later extend this list the same way, one import pair per module.
from .listing import *  # noqa: F401,F403
from .listing import __all__ as _listing_all
__all__ += _listing_all
from .directory_entries import *  # noqa: F401,F403 -- scandir, DirEntry
from .directory_entries import __all__ as _directory_entries_all
__all__ += _directory_entries_all
from .directory_trees import *  # noqa: F401,F403 -- walk, fwalk
from .directory_trees import __all__ as _directory_trees_all
__all__ += _directory_trees_all
# --- paths, permissions, links, creation, stat, statvfs, times, pathconf, xattrs, support sets ---
from .paths import *  # noqa: F401,F403
from .paths import __all__ as _paths_all
__all__ += _paths_all
from .permissions import *  # noqa: F401,F403
from .permissions import __all__ as _permissions_all
__all__ += _permissions_all
from .links import *  # noqa: F401,F403
from .links import __all__ as _links_all
__all__ += _links_all
from .creation import *  # noqa: F401,F403
from .creation import __all__ as _creation_all
__all__ += _creation_all
from .file_status import *  # noqa: F401,F403 -- stat, lstat
from .file_status import __all__ as _file_status_all
__all__ += _file_status_all
from .filesystem_status import *  # noqa: F401,F403 -- statvfs, statvfs_result
from .filesystem_status import __all__ as _filesystem_status_all
__all__ += _filesystem_status_all
from .times import *  # noqa: F401,F403
from .times import __all__ as _times_all
__all__ += _times_all
from .path_configuration import *  # noqa: F401,F403 -- pathconf, pathconf_names
from .path_configuration import __all__ as _path_configuration_all
__all__ += _path_configuration_all
from .linux_extended_attributes import *  # noqa: F401,F403 -- the subsection Linux extended attributes
from .linux_extended_attributes import __all__ as _linux_extended_attributes_all
__all__ += _linux_extended_attributes_all
from .support_sets import *  # noqa: F401,F403 -- filled by reference/__init__.py via fill()
from .support_sets import __all__ as _support_sets_all
from .support_sets import fill as fill_support_sets  # noqa: F401
__all__ += _support_sets_all

"""Spec section "Files and Directories", one module per topic.

Each topic module lists its public names in `__all__`; this package re-exports them.
"""
from .stat_results import *  # noqa: F401,F403
from .stat_results import __all__ as _stat_results_all
from .stat_results import make_stat_result  # noqa: F401 -- fd_operations.fstat builds results with it

__all__ = list(_stat_results_all)
# Topic modules added later extend this list the same way, one import pair per module.
from .listing import *  # noqa: F401,F403
from .listing import __all__ as _listing_all
__all__ += _listing_all
from .scandir import *  # noqa: F401,F403
from .scandir import __all__ as _scandir_all
__all__ += _scandir_all
from .walk import *  # noqa: F401,F403
from .walk import __all__ as _walk_all
__all__ += _walk_all
# --- paths, permissions, links, creation, stat, statvfs, times, pathconf, support sets ---
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
from .stat import *  # noqa: F401,F403 -- rebinds `stat` from the submodule to the function
from .stat import __all__ as _stat_all
__all__ += _stat_all
from .statvfs import *  # noqa: F401,F403 -- rebinds `statvfs` from the submodule to the function
from .statvfs import __all__ as _statvfs_all
__all__ += _statvfs_all
from .times import *  # noqa: F401,F403
from .times import __all__ as _times_all
__all__ += _times_all
from .pathconf import *  # noqa: F401,F403 -- rebinds `pathconf` from the submodule to the function
from .pathconf import __all__ as _pathconf_all
__all__ += _pathconf_all
from .support_sets import *  # noqa: F401,F403 -- filled by reference/__init__.py via fill()
from .support_sets import __all__ as _support_sets_all
from .support_sets import fill as fill_support_sets  # noqa: F401
__all__ += _support_sets_all

"""Spec section "Files and Directories", one module per topic.

Each topic module lists its public names in `__all__`; this package re-exports them.
"""
from .stat_results import *  # noqa: F401,F403
from .stat_results import __all__ as _stat_results_all
from .stat_results import make_stat_result  # noqa: F401 -- fd_operations.fstat builds results with it

__all__ = list(_stat_results_all)
# Topic modules added later extend this list the same way, one import pair per module.

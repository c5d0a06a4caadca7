"""Spec section "Process Management", one module per topic: processes (abort, the exec family,
_exit, EX_*, fork, forkpty, register_at_fork, kill, killpg, nice, popen, the spawn family,
system), posix_spawning (posix_spawn, posix_spawnp, POSIX_SPAWN_*) and waiting (the wait family,
the W* status functions, times, P_*, CLD_*).

Each module lists its public names in `__all__`; this package re-exports them.
"""
from .processes import *  # noqa: F401,F403
from .processes import __all__ as _processes_all
from .posix_spawning import *  # noqa: F401,F403
from .posix_spawning import __all__ as _posix_spawning_all
from .waiting import *  # noqa: F401,F403
from .waiting import __all__ as _waiting_all

__all__ = _processes_all + _posix_spawning_all + _waiting_all

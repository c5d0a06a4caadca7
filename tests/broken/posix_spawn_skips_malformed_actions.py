"""Violates posix_spawn.rejects-malformed-options: file_actions entries that are not well-formed
tuples, and out-of-range signals, are dropped instead of refused; argv items are passed through
str()."""
import os

from tests.broken._base import export

_ARITY = {os.POSIX_SPAWN_OPEN: 5, os.POSIX_SPAWN_CLOSE: 2, os.POSIX_SPAWN_DUP2: 3}


def posix_spawn(path, argv, env, /, **kwargs):
    actions = kwargs.get("file_actions")
    if isinstance(actions, (list, tuple)):
        kwargs["file_actions"] = [a for a in actions if isinstance(a, tuple) and a
                                  and _ARITY.get(a[0]) == len(a)]
    for key in ("setsigmask", "setsigdef"):
        if isinstance(kwargs.get(key), (list, tuple)):
            kwargs[key] = [s for s in kwargs[key] if 0 < s < 65]
    if isinstance(argv, (list, tuple)):
        argv = [a if isinstance(a, (str, bytes)) else str(a) for a in argv]
    return os.posix_spawn(path, argv, env, **kwargs)


export(globals(), posix_spawn=posix_spawn)

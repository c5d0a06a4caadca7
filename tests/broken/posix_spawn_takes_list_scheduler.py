"""Violates posix_spawn.rejects-malformed-options: a scheduler given as a list is accepted (taken
as tuple(scheduler)) where CPython raises SystemError ("argument is not a tuple"); everything
else is the stdlib's."""
import functools
import os

from tests.broken._base import export


@functools.wraps(os.posix_spawn)  # the stdlib's signature: only the scheduler check is to fail
def posix_spawn(path, argv, env, /, **kwargs):
    if isinstance(kwargs.get("scheduler"), list):
        kwargs["scheduler"] = tuple(kwargs["scheduler"])
    return os.posix_spawn(path, argv, env, **kwargs)


export(globals(), posix_spawn=posix_spawn)

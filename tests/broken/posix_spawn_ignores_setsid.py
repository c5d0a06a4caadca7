"""Violates posix_spawn.setsid-new-session: posix_spawn accepts setsid=True but leaves the child
in the caller's session."""
import os

from tests.broken._base import export


def posix_spawn(path, argv, env, **options):
    options.pop("setsid", None)
    return os.posix_spawn(path, argv, env, **options)


export(globals(), posix_spawn=posix_spawn)

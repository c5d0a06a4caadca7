"""Violates get_exec_path.bytes-path-key: only a str 'PATH' key of env is looked at."""
import os

from tests.broken._base import export


def get_exec_path(env=None):
    if env is None:
        env = os.environ
    return env.get("PATH", os.defpath).split(os.pathsep)


export(globals(), get_exec_path=get_exec_path)

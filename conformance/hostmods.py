"""The host modules the harness sets up and inspects with (fcntl, termios, tty, resource, pwd,
grp). WebAssembly Pythons lack them. `from conformance.hostmods import fcntl` gives the module,
or a stand-in that makes the check using it `unavailable`, with the capability the module
serves named: the platform lacks it, the target is not to blame."""
import importlib

from .targets import TargetUnavailable

# module -> the capability (targets.CAPABILITIES) a check loses without it
SERVES = {"fcntl": "fd_flags", "termios": "terminals", "tty": "terminals",
          "resource": "resource_limits", "pwd": "users", "grp": "users"}


class Absent(object):
    """Stands for a host module this interpreter lacks; any use is TargetUnavailable."""

    def __init__(self, name, error):
        self.__name__ = name
        self._error = error

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise TargetUnavailable(SERVES[self.__name__], "this interpreter has no %s module (%s)"
                                % (self.__name__, self._error))

    def __bool__(self):
        return False  # `if pwd:` reads "is the module there"


def _load(name):
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        return Absent(name, exc)


fcntl, termios, tty, resource, pwd, grp = (_load(n) for n in ("fcntl", "termios", "tty", "resource", "pwd", "grp"))

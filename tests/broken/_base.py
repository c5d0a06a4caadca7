"""make_os(**overrides): a module with every attribute of the stdlib os, then the overrides."""
import os
import types


def make_os(**overrides):
    """A namespace module copying the stdlib `os`, with `overrides` applied on top."""
    module = types.ModuleType("broken_os")
    for name in dir(os):
        if not (name.startswith("__") and name.endswith("__")):
            setattr(module, name, getattr(os, name))
    for name, value in overrides.items():
        if not hasattr(os, name):
            raise AttributeError("os has no %s to override" % name)
        setattr(module, name, value)
    return module


def export(module_globals, **overrides):
    """Fill a broken module's namespace: `export(globals(), pread=wrong_pread)`."""
    module_globals.update({k: v for k, v in vars(make_os(**overrides)).items()
                           if not (k.startswith("__") and k.endswith("__"))})

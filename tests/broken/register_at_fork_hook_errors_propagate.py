"""Violates register_at_fork.hook-exception-unraisable: a hook's exception propagates out of
fork (and the hooks after it are skipped)."""
import os

from tests.broken._base import export

_before, _parent, _child = [], [], []


def register_at_fork(*, before=None, after_in_parent=None, after_in_child=None):
    for func, where in ((before, _before), (after_in_parent, _parent), (after_in_child, _child)):
        if func is not None:
            if not callable(func):
                raise TypeError("'%r' must be callable" % (func,))
            where.append(func)


def fork():
    for func in reversed(_before):
        func()
    pid = os.fork()
    for func in (_child if pid == 0 else _parent):
        func()
    return pid


export(globals(), register_at_fork=register_at_fork, fork=fork)

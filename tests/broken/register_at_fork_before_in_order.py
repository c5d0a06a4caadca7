"""Violates register_at_fork.before-reverse-order: `before` hooks run in registration order
instead of reverse order (the after hooks are unchanged)."""
import os

from tests.broken._base import export

_before = []


def _run_before():
    for hook in list(_before):
        hook()


def register_at_fork(*, before=None, after_in_child=None, after_in_parent=None):
    if before is not None:
        if not callable(before):
            raise TypeError("'before' must be callable, not %s" % type(before).__name__)
        if not _before:
            os.register_at_fork(before=_run_before)
        _before.append(before)
    if after_in_child is not None or after_in_parent is not None:
        kwargs = {k: v for k, v in (("after_in_child", after_in_child), ("after_in_parent", after_in_parent))
                  if v is not None}
        os.register_at_fork(**kwargs)
    elif before is None:
        os.register_at_fork()  # the real TypeError: at least one argument is required


export(globals(), register_at_fork=register_at_fork)

"""Process Management: a register_at_fork hook that raises.

CPython calls each hook in turn and reports an exception a hook raises through
sys.unraisablehook (PyErr_WriteUnraisable, the hook as its object); the other hooks still run
and the fork goes ahead. Registrations last for the life of a process, so the check registers
in a forked check child and forks with the target's own fork (as
test_process_management_register_at_fork does).
"""
import ast
import os
import sys

import pytest

from conformance import children

behaviour = pytest.mark.behaviour


@behaviour("register_at_fork.hook-exception-unraisable")
def test_a_raising_hook_is_reported_and_the_fork_goes_on(target, sandbox):
    """Raising hooks (before, after_in_parent, after_in_child) are reported through
    sys.unraisablehook with the hook as the object, in both processes; the other hooks run."""
    def check():
        record, reported = [], []

        def hook(args):
            reported.append((args.exc_type.__name__, str(args.exc_value), getattr(args.object, "__name__", None)))
        sys.unraisablehook = hook

        def failing(tag):
            def fail():
                record.append(tag)
                raise RuntimeError(tag)
            fail.__name__ = "fail_" + tag
            return fail
        api = target.api
        api.register_at_fork(before=lambda: record.append("b1"), after_in_parent=lambda: record.append("p1"),
                             after_in_child=lambda: record.append("c1"))
        api.register_at_fork(before=failing("b2"), after_in_parent=failing("p2"), after_in_child=failing("c2"))
        api.register_at_fork(after_in_parent=lambda: record.append("p3"), after_in_child=lambda: record.append("c3"))
        r, w = os.pipe()
        pid = api.fork()
        if pid == 0:
            try:
                os.write(w, repr((record, reported)).encode())
            finally:
                os._exit(0)
        os.close(w)
        child = b"".join(iter(lambda: os.read(r, 4096), b"")).decode()
        os.close(r)
        os.waitpid(pid, 0)
        return record, reported, child
    record, reported, child = children.run_in_child(check)
    child_record, child_reported = ast.literal_eval(child)
    assert record == ["b2", "b1", "p1", "p2", "p3"]
    assert reported == [("RuntimeError", "b2", "fail_b2"), ("RuntimeError", "p2", "fail_p2")]
    assert child_record == ["b2", "b1", "c1", "c2", "c3"]
    assert child_reported == [("RuntimeError", "b2", "fail_b2"), ("RuntimeError", "c2", "fail_c2")]

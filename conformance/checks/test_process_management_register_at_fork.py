"""Process Management: register_at_fork.

Registrations last for the life of a process, so every check registers in a forked check child.
The hooks are defined for the interpreter's fork: the checks fork with the target's own `fork`
(an implementation's register_at_fork can only hook the fork it provides). The forked process
reports its record through a pipe.
"""
import ast
import os
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import children

behaviour = pytest.mark.behaviour


def fork_with_hooks(target, registrations):
    """In a check child: register `registrations` (a list of dicts of hook names to tags), fork with
    the target's fork; return (parent's record, child's record)."""
    def check():
        record = []
        for reg in registrations:
            target.api.register_at_fork(**{k: (lambda tag=v: record.append(tag)) for k, v in reg.items()})
        r, w = os.pipe()
        pid = target.api.fork()
        if pid == 0:
            try:
                os.write(w, repr(record).encode())
            finally:
                os._exit(0)
        os.close(w)
        child = b"".join(iter(lambda: os.read(r, 4096), b"")).decode()
        os.waitpid(pid, 0)
        return record, child
    parent, child = children.run_in_child(check)
    return parent, ast.literal_eval(child)


hooks = st.sampled_from(["before", "after_in_parent", "after_in_child"])


@behaviour("register_at_fork.before-called-before-fork")
def test_before_runs_in_the_parent_before_fork(target, sandbox):
    """register_at_fork.before-called-before-fork: "before is a function called before forking a child
    process." — so the child's copy of the record already holds it."""
    parent, child = fork_with_hooks(target, [{"before": "b"}])
    assert parent == ["b"] and child == ["b"]


@behaviour("register_at_fork.after-in-parent-called-in-parent")
def test_after_in_parent_runs_in_the_parent(target, sandbox):
    """register_at_fork.after-in-parent-called-in-parent: "after_in_parent is a function called from
    the parent process after forking a child process." """
    parent, child = fork_with_hooks(target, [{"after_in_parent": "p"}])
    assert parent == ["p"] and child == []


@behaviour("register_at_fork.after-in-child-called-in-child")
def test_after_in_child_runs_in_the_child(target, sandbox):
    """register_at_fork.after-in-child-called-in-child: "after_in_child is a function called from the
    child process." """
    parent, child = fork_with_hooks(target, [{"after_in_child": "c"}])
    assert parent == [] and child == ["c"]


@behaviour("register_at_fork.before-reverse-order")
@given(n=st.integers(2, 5))
def test_before_hooks_run_in_reverse_order(target, sandbox, n):
    """register_at_fork.before-reverse-order: "before functions are called in reverse registration
    order" """
    parent, _ = fork_with_hooks(target, [{"before": str(i)} for i in range(n)])
    assert parent == [str(i) for i in reversed(range(n))]


@behaviour("register_at_fork.after-registration-order")
@given(n=st.integers(2, 5))
def test_after_hooks_run_in_registration_order(target, sandbox, n):
    """register_at_fork.after-registration-order: "after_in_child and after_in_parent functions are
    called in registration order" """
    regs = [{"after_in_parent": "p%d" % i, "after_in_child": "c%d" % i} for i in range(n)]
    parent, child = fork_with_hooks(target, regs)
    assert parent == ["p%d" % i for i in range(n)] and child == ["c%d" % i for i in range(n)]


@behaviour("register_at_fork.parameters-optional")
@given(chosen=st.sets(hooks))
def test_each_hook_may_be_omitted(target, sandbox, chosen):
    """register_at_fork.parameters-optional (finding: documentation vague): any of the three may be
    left out, but not all of them: CPython raises TypeError then."""
    def check():
        try:
            return target.api.register_at_fork(**{k: (lambda: None) for k in chosen})
        except TypeError as exc:
            return exc
    got = children.run_in_child(check)
    assert (got is None) if chosen else isinstance(got, TypeError), got


@behaviour("register_at_fork.keyword-only")
@given(count=st.integers(1, 3))
def test_hooks_are_keyword_only(target, sandbox, count):
    """register_at_fork.keyword-only: "register_at_fork(*, before=None, after_in_child=None,
    after_in_parent=None)" — a positional argument is a TypeError."""
    def check():
        try:
            return target.api.register_at_fork(*([lambda: None] * count))
        except TypeError as exc:
            return exc
    assert isinstance(children.run_in_child(check), TypeError)


@behaviour("register_at_fork.not-called-by-subprocess")
def test_subprocess_calls_no_hook(target, sandbox):
    """register_at_fork.not-called-by-subprocess: "These calls are only made if control is expected to
    return to the Python interpreter. A typical subprocess launch will not trigger them" """
    marker = os.path.join(sandbox.fresh(), "hooks")

    def check():
        def mark(tag):
            with open(marker, "a") as f:
                f.write(tag)
        target.api.register_at_fork(before=lambda: mark("b"), after_in_parent=lambda: mark("p"),
                                    after_in_child=lambda: mark("c"))
        return subprocess.run(["/bin/true"]).returncode
    assert children.run_in_child(check) == 0
    assert not os.path.exists(marker)


@behaviour("register_at_fork.no-unregister")
def test_there_is_no_unregister(target, sandbox):
    """register_at_fork.no-unregister: "There is no way to unregister a function." — the module offers
    no unregister counterpart."""
    assert not [n for n in dir(target.module) if "unregister" in n.lower() and "fork" in n.lower()]

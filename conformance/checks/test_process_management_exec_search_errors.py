"""Process Management: how the PATH-searching exec* variants fail.

A bare program name is tried in each PATH directory in turn (execvp(3)); when none can be
executed the error is an OSError (documented: "Errors will be reported as OSError exceptions"),
and which one is CPython's os._execvpe's choice: the first error other than "no such file" /
"not a directory" (e.g. PermissionError for a file without execute permission) wins over the
last such error. The exec runs in a grandchild of the check, as in test_process_management_exec.
"""
import os

import pytest

from conformance import children
from conformance.checks.test_process_management_exec import EXEC, SEARCHING, run_exec, tagged


def _dir_with(sandbox, name, mode):
    """Harness-side: a fresh directory holding a script `name` with the given mode."""
    d = sandbox.fresh()
    with open(os.path.join(d, name), "w") as f:
        f.write("#!/bin/sh\nexit 0\n")
    os.chmod(os.path.join(d, name), mode)
    return d


def _search(target, sandbox, name, path_entries):
    path = os.pathsep.join(path_entries)
    cwd = sandbox.fresh()
    env = dict(os.environ, PATH=path) if EXEC[name][1] else None

    def prepare():
        children.set_path(target, path)
        os.chdir(cwd)
    outcome, _, _, _ = run_exec(target, name, "oscnone", ["oscnone", "a"], env, prepare=prepare)
    assert outcome[0] == "raised", "expected OSError, got %r" % (outcome,)
    return outcome[1]


@pytest.mark.parametrize("name", tagged(SEARCHING, "error-raises-oserror"))
def test_name_found_in_no_path_directory_raises_filenotfounderror(target, sandbox, name):
    """Absent from every PATH directory (one of which does not exist): FileNotFoundError."""
    empty = sandbox.fresh()
    exc = _search(target, sandbox, name, ["/nonexistent-osc", empty])
    assert type(exc) is FileNotFoundError, repr(exc)


@pytest.mark.parametrize("name", tagged(SEARCHING, "error-raises-oserror"))
def test_last_path_entry_not_a_directory_raises_notadirectoryerror(target, sandbox, name):
    """The last PATH entry is a regular file: NotADirectoryError (the last error seen)."""
    d = sandbox.fresh()
    regular = os.path.join(d, "plainfile")
    with open(regular, "w") as f:
        f.write("x")
    exc = _search(target, sandbox, name, [sandbox.fresh(), regular])
    assert type(exc) is NotADirectoryError, repr(exc)


@pytest.mark.parametrize("name", tagged(SEARCHING, "error-raises-oserror"))
def test_non_executable_match_is_reported_over_later_misses(target, sandbox, name):
    """A PATH directory holds the name without execute permission, later ones lack it: the
    PermissionError is raised, not the later FileNotFoundError."""
    noexec = _dir_with(sandbox, "oscnone", 0o644)
    exc = _search(target, sandbox, name, [sandbox.fresh(), noexec, "/nonexistent-osc", sandbox.fresh()])
    assert type(exc) is PermissionError, repr(exc)

"""Introduction: os.error and os.name."""
import errno
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance import support
from conformance.strategies import file_names

behaviour = pytest.mark.behaviour


@behaviour("error.alias-of-oserror")
def test_error_is_oserror(target):
    """error.alias-of-oserror: "An alias for the built-in OSError exception." — the class itself."""
    assert target.api.error is OSError


@behaviour("error.raised-for-rejected-arguments")
@given(name=file_names(), call=st.sampled_from(["stat", "open", "listdir", "close", "fstat", "lseek"]))
def test_rejected_arguments_raise_os_error(target, sandbox, name, call):
    """error.raised-for-rejected-arguments: "All functions in this module raise OSError (or
    subclasses thereof) in the case of invalid or inaccessible file names and paths, or other
    arguments that have the correct type, but are not accepted by the operating system." — a
    missing path or a closed fd; whatever such a call raises is an os.error. (A call that does not
    raise at all is that function's own failure, reported by its own checks, not this one's.)"""
    error = target.api.error
    h = support.Host(target)
    missing = os.path.join(sandbox.fresh(), name)
    fd = h.os.open(sandbox.path, os.O_RDONLY)
    h.os.close(fd)  # harness-side: a closed descriptor
    calls = {"stat": lambda: target.api.stat(missing), "open": lambda: target.api.open(missing, os.O_RDONLY),
             "listdir": lambda: target.api.listdir(missing), "close": lambda: target.api.close(fd),
             "fstat": lambda: target.api.fstat(fd), "lseek": lambda: target.api.lseek(fd, 0, 0)}
    try:
        result = calls[call]()
    except support.TargetLacks:
        raise
    except BaseException as exc:  # noqa: B902 - the class is what is checked
        assert isinstance(exc, error) and isinstance(exc, OSError), "%s raised %r" % (call, exc)
        assert exc.errno in (errno.ENOENT, errno.EBADF)
    else:
        if isinstance(result, int) and not isinstance(result, bool) and result >= 0 and call == "open":
            h.close(result)


@behaviour("name.is-str", "name.registered-value")
def test_name_is_a_registered_str(target):
    """name.is-str / registered-value: "The name of the operating system dependent module
    imported. The following names have currently been registered: 'posix', 'nt', 'java'." — on
    Linux 'posix'."""
    value = target.api.name
    assert type(value) is str and value == "posix"


@behaviour("name.names-imported-module")
def test_name_names_an_imported_module(target):
    """name.names-imported-module: "The name of the operating system dependent module imported."
    — a module of that name is imported."""
    assert target.api.name in sys.modules

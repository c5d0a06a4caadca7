"""Shared helpers for the reference/ unit tests: run one call on reference and on the stdlib os."""
import os
import platform
import sys
import warnings
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parents[2])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import reference  # noqa: E402

# PyPy's os is its own implementation with other messages and a few other exception classes;
# the reference follows CPython, so on PyPy only classes and errno are compared, and cases where
# PyPy's classes differ are skipped by their tests.
ON_PYPY = platform.python_implementation() == 'PyPy'
COMPARE_MESSAGES = not ON_PYPY


def outcome(func, *args, **kwargs):
    """Return a comparable summary of calling func: its value or exception, plus warning classes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            result = ('value', func(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 -- the exception is what is compared
            result = ('raised', type(exc), getattr(exc, 'errno', None), getattr(exc, 'filename', None),
                      getattr(exc, 'filename2', None), str(exc) if COMPARE_MESSAGES else None)
    return result + (tuple(w.category for w in caught),)


def same_outcome(name, *args, **kwargs):
    """Assert reference.<name> and os.<name> behave alike for these arguments; return the outcome."""
    expected = outcome(getattr(os, name), *args, **kwargs)
    actual = outcome(getattr(reference, name), *args, **kwargs)
    assert actual == expected
    return actual


@pytest.fixture
def closed_fd():
    """A descriptor number that is certainly not open right now."""
    fd = os.open(os.devnull, os.O_RDONLY)
    os.close(fd)
    return fd


@pytest.fixture
def scratch_fd(tmp_path):
    """An fd open read-write on a 10-byte file in tmp_path; closed afterwards if still open."""
    target = tmp_path / 'scratch'
    target.write_bytes(b'0123456789')
    fd = os.open(str(target), os.O_RDWR)
    yield fd
    try:
        os.close(fd)
    except OSError:
        pass

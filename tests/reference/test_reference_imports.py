"""reference/ must stay independent of the module it re-implements."""
import ast
import sys
from pathlib import Path

import pytest

REFERENCE_DIR = Path(__file__).resolve().parents[2] / 'reference'
FORBIDDEN = {'os', 'posix', 'subprocess', 'shutil', 'tempfile', 'pathlib', 'glob',
             '_posixsubprocess', 'builtins', 'nt', '_io'}
SOURCES = sorted(REFERENCE_DIR.rglob('*.py'))


def _imported_modules(tree):
    """Yield the top-level name of every module an AST imports, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split('.')[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split('.')[0], node.lineno
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == '__import__'):
            yield '__import__', node.lineno


def test_sources_found():
    assert len(SOURCES) >= 7


@pytest.mark.parametrize('source', SOURCES, ids=lambda p: p.relative_to(REFERENCE_DIR).as_posix())
def test_no_forbidden_imports(source):
    tree = ast.parse(source.read_text(encoding='utf-8'), str(source))
    bad = [(name, line) for name, line in _imported_modules(tree)
           if name in FORBIDDEN or name == '__import__']
    assert bad == []


def _io_opens(tree, allowed_in=('fdopen',)):
    """Line numbers of io.open/io.FileIO/io.open_code outside the functions allowed to use them:
    fdopen may wrap a descriptor it was given (the spec says so); nothing opens a path via io."""
    return sorted(set(
        node.lineno for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
        and node.value.id == 'io' and node.attr in ('open', 'FileIO', 'open_code')
        and not _inside_allowed(tree, node, allowed_in)))


def _inside_allowed(tree, target, allowed_in):
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef) and func.name in allowed_in:
            if any(n is target for n in ast.walk(func)):
                return True
    return False


@pytest.mark.parametrize('source', SOURCES, ids=lambda p: p.relative_to(REFERENCE_DIR).as_posix())
def test_no_path_opening_through_io(source):
    assert _io_opens(ast.parse(source.read_text(encoding='utf-8'), str(source))) == []


def test_io_open_outside_fdopen_is_caught():
    tree = ast.parse("import io\ndef fdopen(fd):\n    return io.open(fd)\ndef sneaky(p):\n    return io.open(p)\n")
    assert _io_opens(tree) == [5]


def test_package_does_not_forward_to_os():
    import os
    import reference
    assert not hasattr(reference, '__getattr__')
    # Every public function and class is the reference's own object, never the stdlib's.
    shared = [name for name in reference.__all__
              if callable(getattr(reference, name)) and name != 'error'
              and getattr(reference, name) is getattr(os, name, object())]
    assert shared == []


def test_unsupported_platform_is_refused(monkeypatch):
    from reference import _platform
    monkeypatch.setattr(sys, 'platform', 'darwin')
    with pytest.raises(ImportError, match='reference supports only Linux x86_64'):
        _platform.check()

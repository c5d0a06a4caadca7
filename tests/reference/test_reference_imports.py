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


@pytest.mark.parametrize('source', SOURCES, ids=lambda p: p.name)
def test_no_forbidden_imports(source):
    tree = ast.parse(source.read_text(encoding='utf-8'), str(source))
    bad = [(name, line) for name, line in _imported_modules(tree)
           if name in FORBIDDEN or name == '__import__']
    assert bad == []


@pytest.mark.parametrize('source', SOURCES, ids=lambda p: p.name)
def test_no_path_opening_through_io(source):
    tree = ast.parse(source.read_text(encoding='utf-8'), str(source))
    bad = [node.lineno for node in ast.walk(tree)
           if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
           and node.value.id == 'io' and node.attr in ('open', 'FileIO', 'open_code')]
    assert bad == []


def test_package_does_not_forward_to_os():
    import reference
    assert not hasattr(reference, '__getattr__')
    assert not hasattr(reference, 'listdir')  # not implemented yet: must be absent


def test_unsupported_platform_is_refused(monkeypatch):
    from reference import _platform
    monkeypatch.setattr(sys, 'platform', 'darwin')
    with pytest.raises(ImportError, match='reference supports only Linux x86_64'):
        _platform.check()

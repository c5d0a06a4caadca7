"""The reference's conversion layer: every path argument goes through _pathargs.Path (path_t), and
Argument Clinic's keyword binding lives in _convert beside the value converters."""
import ast
from pathlib import Path

import reference
from reference import _convert, _structseq

REFERENCE = Path(reference.__file__).parent


def path_converter_callers(source):
    """Lines that call path_converter directly (by attribute or by name)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, 'id', None)
            if name == 'path_converter':
                lines.append(node.lineno)
    return lines


def test_only_path_t_calls_path_converter():
    callers = {str(path.relative_to(REFERENCE)): path_converter_callers(path.read_text(encoding='utf-8'))
               for path in sorted(REFERENCE.rglob('*.py'))}
    assert {name for name, lines in callers.items() if lines} == {'_pathargs.py'}


def test_the_rule_sees_a_direct_call():
    assert path_converter_callers("raw, name = _convert.path_converter(p, 'listdir')") == [1]


def test_keyword_binding_is_the_conversion_layers():
    assert _structseq.unpack_args is _convert.unpack_args
    assert not hasattr(reference, 'unpack_args')

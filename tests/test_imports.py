"""The packages are layered: no module of conformance/ or reference/ imports, directly or
through others, a module that imports it back — lazy imports inside functions included (a lazy
import is how a cycle hides)."""
import ast
import os

import pytest

from tests.helpers import ROOT

PACKAGES = ("conformance", "reference")


def _module_name(path):
    rel = os.path.relpath(path, ROOT)[:-len(".py")].replace(os.sep, ".")
    return rel[:-len(".__init__")] if rel.endswith(".__init__") else rel


def _resolve(module, is_package, level, name):
    """The absolute module an `import`/`from ... import` names (relative imports resolved)."""
    if level == 0:
        return name
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    base = base[:len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def import_graph(packages=PACKAGES):
    modules, graph = {}, {}
    for package in packages:
        for root, _, files in os.walk(os.path.join(ROOT, package)):
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(root, name)
                    modules[_module_name(path)] = path
    for module, path in modules.items():
        is_package = path.endswith("__init__.py")
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        edges = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, is_package, node.level, node.module)
                # `from . import x` names a submodule x when there is one, else a name of base.
                targets = [base + "." + a.name if base + "." + a.name in modules else base
                           for a in node.names]
            else:
                continue
            for target in targets:
                # `import a.b.c` imports a and a.b too; keep the deepest module we own.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != module:
                    edges.add(target)
        graph[module] = edges
    return graph


def find_cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package):
    graph = import_graph()
    own = {m: {t for t in ts if t.split(".")[0] == package and not _is_ancestor(t, m)}
           for m, ts in graph.items() if m.split(".")[0] == package}
    cycles = find_cycles(own)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def _is_ancestor(target, module):
    """`from . import x` inside package p names p: a module always imports its packages first,
    which is no cycle of ours."""
    return module.startswith(target + ".")


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_reference_function_hides_its_own_module():
    """reference/ mirrors the spec's sections as packages of modules; a package that re-exports a
    function named like the module defining it (`stat` from a module `stat`) would rebind the
    package's attribute from the module to the function, so the module could no longer be reached
    as an attribute. Every submodule must stay its package's attribute of that name."""
    import importlib
    import pkgutil
    import sys

    import reference

    hidden = []
    for info in pkgutil.walk_packages(reference.__path__, "reference."):
        module = importlib.import_module(info.name)
        parent_name, _, leaf = info.name.rpartition(".")
        bound = getattr(sys.modules[parent_name], leaf, None)
        if bound is not module:
            hidden.append("%s is %r" % (info.name, bound))
    assert not hidden, hidden


def test_reference_layout_follows_the_spec_headings():
    """Each section and subsection heading of the spec with names of its own has a reference
    module (or package) named after it; the catalogue gives each name its section."""
    import importlib
    import json
    import re

    names = {}
    for entry in os.listdir(os.path.join(ROOT, "fixtures", "catalogue")):
        with open(os.path.join(ROOT, "fixtures", "catalogue", entry), encoding="utf-8") as f:
            catalogue = json.load(f)
        for name, item in catalogue["names"].items():
            names[name] = (catalogue["section"], item.get("subsection"))
    # The introduction's names (name, error) live in reference/__init__.py; three sections keep
    # a short name.
    modules = {"Introduction": "reference",
               "File Descriptor Operations": "reference.fd_operations",
               "Files and Directories": "reference.files_and_directories",
               "Process Management": "reference.process_management"}

    def module_for(heading, parent=None):
        if heading in modules:
            return modules[heading]
        snake = re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")
        return (parent + "." if parent else "reference.") + snake

    wrong = []
    for name, (section, subsection) in sorted(names.items()):
        top = name.split(".")[0]
        module_name = module_for(section)
        if subsection:
            module_name = module_for(subsection, module_name)
        module = importlib.import_module(module_name)
        if top not in getattr(module, "__all__", ()) and module_name != "reference":
            if hasattr(importlib.import_module("reference"), top):
                wrong.append("%s (%s) is not in %s" % (name, subsection or section, module_name))
    assert not wrong, wrong

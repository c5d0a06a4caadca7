"""walk, fwalk, makedirs, removedirs, renames against the stdlib os, over the reference's primitives."""
import os
import pathlib
import stat

import pytest

import reference
from conftest import ON_PYPY, outcome



@pytest.fixture
def tree(tmp_path):
    """tmp_path/
         a/ (b/ (c/ (deep), bf), af), top, link -> a/af, dirlink -> a/b, dangling -> nowhere, loop -> loop
    """
    for d in ('a', 'a/b', 'a/b/c'):
        (tmp_path / d).mkdir()
    for f in ('a/b/c/deep', 'a/b/bf', 'a/af', 'top'):
        (tmp_path / f).write_bytes(b'')
    os.symlink('a/af', str(tmp_path / 'link'))
    os.symlink('a/b', str(tmp_path / 'dirlink'))
    os.symlink('nowhere', str(tmp_path / 'dangling'))
    os.symlink('loop', str(tmp_path / 'loop'))
    return tmp_path


def run_walk(module, *args, **kwargs):
    return outcome(lambda: list(module.walk(*args, **kwargs)))


@pytest.mark.parametrize('topdown', [True, False])
@pytest.mark.parametrize('followlinks', [False, True])
@pytest.mark.parametrize('kind', ['str', 'bytes', 'pathlike', 'trailing_slash'])
def test_walk_matches(tree, topdown, followlinks, kind):
    top = {'str': str(tree), 'bytes': os.fsencode(str(tree)), 'pathlike': pathlib.Path(str(tree)),
           'trailing_slash': str(tree) + '/'}[kind]
    expected = run_walk(os, top, topdown=topdown, followlinks=followlinks)
    assert expected[0] == 'value' and len(expected[1]) == (6 if followlinks else 4)
    assert run_walk(reference, top, topdown=topdown, followlinks=followlinks) == expected


@pytest.mark.parametrize('prune', ['clear', 'remove_b', 'reverse'])
def test_walk_pruning(tree, prune):
    def pruned(module):
        seen = []
        for dirpath, dirnames, filenames in module.walk(str(tree)):
            seen.append((dirpath, list(dirnames), filenames))
            if prune == 'clear':
                dirnames.clear()
            elif prune == 'remove_b' and 'b' in dirnames:
                dirnames.remove('b')
            elif prune == 'reverse':
                dirnames.sort(reverse=True)
        return seen
    assert pruned(reference) == pruned(os)


def test_walk_onerror(tree):
    def errors(module, top):
        found = []
        result = list(module.walk(top, onerror=found.append))
        return result, [(type(e), e.errno) + (() if ON_PYPY else (e.filename,)) for e in found]
    for top in (str(tree / 'missing'), str(tree / 'top'), str(tree / 'loop')):
        assert errors(reference, top) == errors(os, top)
    assert run_walk(reference, str(tree / 'missing')) == ('value', [], ())


@pytest.mark.parametrize('topdown', [True, False])
@pytest.mark.parametrize('follow_symlinks', [False, True])
@pytest.mark.parametrize('kind', ['str', 'bytes', 'dir_fd'])
def test_fwalk_matches(tree, topdown, follow_symlinks, kind):
    parent_fd = os.open(str(tree.parent), os.O_RDONLY)
    try:
        def walked(module):
            if kind == 'dir_fd':
                walker = module.fwalk(tree.name, topdown, dir_fd=parent_fd, follow_symlinks=follow_symlinks)
            else:
                top = os.fsencode(str(tree)) if kind == 'bytes' else str(tree)
                walker = module.fwalk(top, topdown, follow_symlinks=follow_symlinks)
            return [(path, dirs, files, os.fstat(fd).st_ino) for path, dirs, files, fd in walker]
        before = len(os.listdir('/proc/self/fd'))
        assert walked(reference) == walked(os)
        assert len(os.listdir('/proc/self/fd')) == before
    finally:
        os.close(parent_fd)


def test_fwalk_closes_fds_when_abandoned(tree):
    before = len(os.listdir('/proc/self/fd'))
    for topdown in (True, False):
        walker = reference.fwalk(str(tree), topdown)
        next(walker)
        next(walker)
        walker.close()
    assert len(os.listdir('/proc/self/fd')) == before


def test_fwalk_errors(tree):
    def outcomes(module):
        found = []
        results = [outcome(lambda: list(module.fwalk(str(tree / 'missing')))),
                   outcome(lambda: list(module.fwalk(str(tree / 'top')))),
                   outcome(lambda: list(module.fwalk(str(tree / 'link'), follow_symlinks=True))),
                   outcome(lambda: list(module.fwalk(str(tree / 'dirlink')))),
                   outcome(lambda: [t[:3] for t in module.fwalk(str(tree), onerror=found.append)])]
        if ON_PYPY:  # PyPy names paths and fds differently in its OSErrors
            results = [r[:2] if r[0] == 'raised' else r for r in results]  # also errno: None for fds
        return results, [(type(e), e.errno) for e in found]
    assert outcomes(reference) == outcomes(os)


@pytest.mark.skipif(ON_PYPY, reason="PyPy's os words the errors differently")
def test_fwalk_int_top(tree):
    """3.8-3.10 let an int top through to stat() (ValueError); 3.11+ refuse it in fspath()."""
    fd = os.open(str(tree), os.O_RDONLY)
    try:
        for follow in (False, True):
            assert (outcome(lambda: list(reference.fwalk(fd, follow_symlinks=follow)))
                    == outcome(lambda: list(os.fwalk(fd, follow_symlinks=follow))))
    finally:
        os.close(fd)


def snapshot(root):
    """Every path under root with its type and permission bits."""
    found = []
    for dirpath, dirnames, filenames in os.walk(str(root)):
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            found.append((os.path.relpath(full, str(root)), stat.S_IFMT(st.st_mode),
                          stat.S_IMODE(st.st_mode)))
    return sorted(found)


def both(tmp_path, tree_maker, action):
    """Run action(module, root) on two identical trees; return (outcomes, snapshots) per module."""
    results = []
    for module in (os, reference):
        root = tmp_path / module.__name__
        root.mkdir()
        tree_maker(root)
        result = outcome(action, module, root)
        if result[0] == 'raised':  # the filenames name different roots: compare them relatively
            result = result[:3] + tuple(None if f is None else os.path.relpath(os.fsdecode(f), str(root))
                                        for f in result[3:5]) + result[6:]
        results.append((result, snapshot(root)))
    assert results[0] == results[1]
    return results[0]


def _plain(root):
    (root / 'd').mkdir()
    (root / 'd' / 'f').write_bytes(b'')
    (root / 'file').write_bytes(b'')


@pytest.mark.parametrize('leaf,kwargs', [
    ('x/y/z', {}), ('x/y/z/', {}), ('d', {}), ('d', {'exist_ok': True}), ('file', {'exist_ok': True}),
    ('file/x', {}), ('x/./y', {}), ('x/y/.', {}), ('x/../y', {}), ('m', {'mode': 0o700}),
    ('p/q', {'mode': 0o500}), ('d/f/x', {'exist_ok': True}),
])
@pytest.mark.parametrize('kind', ['str', 'bytes', 'pathlike'])
def test_makedirs(tmp_path, leaf, kwargs, kind):
    old = os.umask(0o022)
    try:
        def action(module, root):
            name = os.path.join(str(root), leaf)
            arg = {'str': name, 'bytes': os.fsencode(name), 'pathlike': pathlib.Path(name)}[kind]
            return module.makedirs(arg, **kwargs)
        both(tmp_path, _plain, action)
    finally:
        os.umask(old)


def _chain(root):
    for d in ('a', 'a/b', 'a/b/c', 'k', 'k/l'):
        (root / d).mkdir()
    (root / 'k' / 'keep').write_bytes(b'')
    (root / 'file').write_bytes(b'')


@pytest.mark.parametrize('leaf', ['a/b/c', 'a/b/c/', 'k/l', 'missing/x', 'file', 'a'])
def test_removedirs(tmp_path, leaf):
    both(tmp_path, _chain, lambda module, root: module.removedirs(os.path.join(str(root), leaf)))


@pytest.mark.parametrize('old,new', [('k/keep', 'n/m/moved'), ('a/b/c', 'z/c'), ('file', 'file2'),
                                     ('missing', 'n/x'), ('k/keep', 'file/x')])
def test_renames(tmp_path, old, new):
    both(tmp_path, _chain, lambda module, root: module.renames(os.path.join(str(root), old),
                                                               os.path.join(str(root), new)))

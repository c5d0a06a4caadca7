"""Linux extended attributes against the stdlib os, in tmp_path (skipped where user.* is unsupported)."""
import errno
import os
import pathlib
import sys

import pytest

import reference
from conftest import ON_PYPY, outcome

PYPY_SKIP = pytest.mark.skipif(ON_PYPY, reason="PyPy's os converts and words these differently")


@pytest.fixture
def xdir(tmp_path):
    """tmp_path, after checking that its filesystem stores user.* attributes."""
    probe = tmp_path / 'probe'
    probe.write_bytes(b'')
    try:
        os.setxattr(str(probe), 'user.probe', b'1')
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EPERM):
            pytest.skip('%s does not support user.* extended attributes: %s' % (tmp_path, exc))
        raise
    probe.unlink()
    return tmp_path


def files(root, module):
    """A fresh file and a symlink to it, per module: xattr calls change the files they touch."""
    base = root / module.__name__
    base.mkdir()
    (base / 'f').write_bytes(b'')
    os.symlink('f', str(base / 'link'))
    return base


def normalized(result, base, fd=None):
    """outcome() with paths relative to base (and fd named 'FD'), so the two modules' trees compare."""
    def rel(value):
        if fd is not None and value == fd and type(value) is int:
            return 'FD'
        if isinstance(value, (str, bytes)) and os.fsdecode(value).startswith(str(base)):
            return type(value)(os.path.relpath(os.fsdecode(value), str(base)).encode()
                               if isinstance(value, bytes) else os.path.relpath(value, str(base)))
        if isinstance(value, list):
            return sorted(value)
        return value
    if result[0] == 'raised':
        message = result[5].replace(str(base), '<base>') if result[5] else result[5]
        if message and fd is not None:
            message = message.replace(': %d' % fd, ': FD')
        return result[:3] + (rel(result[3]), rel(result[4]), message) + result[6:]
    return ('value', rel(result[1])) + result[2:]


def differential(xdir, script, fds=()):
    """Run script(module, base) -> list of (func, args, kwargs) calls on both modules; compare each."""
    per_module = []
    for module in (os, reference):
        base = files(xdir, module)
        row = []
        for name, args, kwargs in script(base):
            fd = fds[-1] if fds else None
            row.append(normalized(outcome(getattr(module, name), *args, **kwargs), base, fd))
        row.append(sorted(os.listxattr(str(base / 'f'))))
        per_module.append(row)
    assert per_module[1] == per_module[0]


@pytest.mark.parametrize('kind', ['str', 'bytes', 'pathlike'])
def test_round_trip(xdir, kind):
    def spell(p):
        return {'str': str(p), 'bytes': os.fsencode(str(p)), 'pathlike': pathlib.Path(str(p))}[kind]

    def script(base):
        f = spell(base / 'f')
        return [('setxattr', (f, 'user.a', b'value'), {}),
                ('setxattr', (f, b'user.b', bytearray(b'x' * 300)), {}),  # > 128: ERANGE retry
                ('setxattr', (f, pathlib.Path('user.c'), memoryview(b'')), {}),
                ('getxattr', (f, 'user.a'), {}), ('getxattr', (f, 'user.b'), {}),
                ('getxattr', (f, 'user.c'), {}), ('listxattr', (f,), {}),
                ('removexattr', (f, 'user.a'), {}), ('listxattr', (f,), {}),
                ('getxattr', (f, 'user.a'), {}), ('removexattr', (f, 'user.a'), {})]
    differential(xdir, script)


def test_flags(xdir):
    def script(base):
        f = str(base / 'f')
        return [('setxattr', (f, 'user.a', b'1', reference.XATTR_REPLACE), {}),
                ('setxattr', (f, 'user.a', b'1', reference.XATTR_CREATE), {}),
                ('setxattr', (f, 'user.a', b'2', reference.XATTR_CREATE), {}),
                ('setxattr', (f, 'user.a', b'3', reference.XATTR_REPLACE), {}),
                ('setxattr', (f, 'user.a', b'4', 99), {}),
                ('getxattr', (f, 'user.a'), {})]
    differential(xdir, script)
    assert (reference.XATTR_CREATE, reference.XATTR_REPLACE, reference.XATTR_SIZE_MAX) == (
        os.XATTR_CREATE, os.XATTR_REPLACE, os.XATTR_SIZE_MAX)


def test_many_names_and_big_value(xdir):
    def script(base):
        f = str(base / 'f')
        calls = [('setxattr', (f, 'user.' + 'n%03d' % i * 4, b'v'), {}) for i in range(40)]
        calls += [('setxattr', (f, 'user.big', b'b' * 3000), {}), ('getxattr', (f, 'user.big'), {}),
                  ('listxattr', (f,), {}), ('listxattr', (), {'path': f})]
        return calls
    differential(xdir, script)


def test_symlinks(xdir):
    def script(base):
        link = str(base / 'link')
        return [('setxattr', (link, 'user.a', b'1'), {}),
                ('getxattr', (link, 'user.a'), {}),
                ('getxattr', (link, 'user.a'), {'follow_symlinks': False}),
                ('setxattr', (link, 'user.b', b'1'), {'follow_symlinks': False}),
                ('listxattr', (link,), {'follow_symlinks': False}),
                ('removexattr', (link, 'user.a'), {'follow_symlinks': False}),
                ('removexattr', (link, 'user.a'), {'follow_symlinks': 0})]
    differential(xdir, script)


def test_fds(xdir):
    fds = []

    def script(base):
        fd = os.open(str(base / 'f'), os.O_RDWR)
        fds.append(fd)
        return [('setxattr', (fd, 'user.a', b'1'), {}), ('getxattr', (fd, 'user.a'), {}),
                ('listxattr', (fd,), {}), ('removexattr', (fd, 'user.a'), {}),
                ('getxattr', (fd, 'user.a'), {}),
                ('getxattr', (fd, 'user.a'), {'follow_symlinks': False}),
                ('setxattr', (fd, 'user.a', b'1'), {'follow_symlinks': False}),
                ('removexattr', (fd, 'user.a'), {'follow_symlinks': False}),
                ('listxattr', (fd,), {'follow_symlinks': False})]
    try:
        differential(xdir, script, fds)
    finally:
        for fd in fds:
            os.close(fd)


def test_missing_files_and_closed_fd(xdir, closed_fd):
    def script(base):
        calls = []
        for target in (str(base / 'missing'), os.fsencode(str(base / 'missing')), str(base / 'f/x')):
            calls += [('getxattr', (target, 'user.a'), {}), ('setxattr', (target, 'user.a', b''), {}),
                      ('listxattr', (target,), {}), ('removexattr', (target, 'user.a'), {})]
        if not ON_PYPY:
            calls += [('getxattr', (closed_fd, 'user.a'), {}), ('listxattr', (closed_fd,), {})]
        return calls
    differential(xdir, script)


def test_namespaces(xdir):
    def script(base):
        f = str(base / 'f')
        return [('setxattr', (f, 'nonamespace', b'1'), {}), ('setxattr', (f, 'trusted.t', b'1'), {}),
                ('getxattr', (f, 'trusted.t'), {}), ('setxattr', (f, 'user.' + 'x' * 300, b'1'), {}),
                ('setxattr', (f, 'user.big', b'b' * (reference.XATTR_SIZE_MAX + 1)), {}),
                ('getxattr', (f, ''), {})]
    differential(xdir, script)


def test_default_path_is_cwd(xdir, monkeypatch):
    base = files(xdir, reference)
    os.setxattr(str(base), 'user.here', b'1')
    monkeypatch.chdir(str(base))
    assert reference.listxattr() == os.listxattr('.') == ['user.here']  # PyPy requires the argument
    if not ON_PYPY:  # path_t's "no fd" -1: CPython lists '.', and passes NULL to getxattr (EFAULT)
        assert outcome(reference.listxattr, -1) == outcome(os.listxattr, -1)
        assert outcome(reference.getxattr, -1, 'user.here') == outcome(os.getxattr, -1, 'user.here')


@PYPY_SKIP
def test_bad_arguments(xdir):
    def script(base):
        f = str(base / 'f')
        return [('getxattr', (f, 5), {}), ('getxattr', (5.0, 'user.a'), {}),
                ('getxattr', (f, 'user\0a'), {}), ('setxattr', (f, 'user.a', 'str'), {}),
                ('setxattr', (f, 'user.a', b'', 1.5), {}), ('setxattr', (f, 'user.a', b'', 2 ** 40), {}),
                ('removexattr', (f, None), {}), ('listxattr', ([],), {}),
                ('getxattr', (3, 5), {'follow_symlinks': False}),  # attribute converted before the fd check
                ]  # arity errors: Argument Clinic words them its own way
    differential(xdir, script)


@PYPY_SKIP
def test_audit_events(xdir):
    seen = []
    sys.addaudithook(lambda event, args: seen.append((event, args)) if event.endswith('xattr')
                     and getattr(test_audit_events, 'recording', False) else None)
    base = files(xdir, reference)
    f = str(base / 'f')
    test_audit_events.recording = True
    try:
        for module in (os, reference):
            module.setxattr(f, 'user.a', bytearray(b'1'), 0)
            module.getxattr(f, 'user.a')
            module.listxattr(f)
            module.removexattr(f, 'user.a')
    finally:
        test_audit_events.recording = False
    assert len(seen) == 8 and seen[:4] == seen[4:]

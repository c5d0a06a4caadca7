"""Side-by-side benchmark: the reference implementation, the stdlib os and pyfakefs' fake os.

Every operation is timed for each implementation in the same run, the implementations
interleaved repeat by repeat (a shared machine drifts: compare ratios, not times). For each
operation it prints the time per call (min and median of the repeats) and the ratio of each
implementation to the stdlib, then the geometric mean of the ratios; it writes everything to
reports/bench.json (--json to change). It also measures, each in a fresh subprocess, the peak
memory of walking a 100,000-entry tree with the reference and with the stdlib (tracemalloc peak
and ru_maxrss growth).

pyfakefs (FakeFilesystem + fake_os.FakeOsModule) is measured where it has the operation on its
own fake filesystem; what it forwards to the real os (getpid, environ, urandom) or lacks (pread)
is left out. Its fixture is built in its fake filesystem; its read/write use lseek + a regular
fake file where the real ones use /dev/zero and /dev/null (see the labels).

Timing is timeit with a calibrated number of calls per repeat (pyperf is not used: it spawns a
process per benchmark, and the point here is the three implementations side by side in one run).

    python benchmarks/bench_os.py [--repeat 5] [--min-time 0.02] [--only SUBSTRING] [--no-memory]
"""
import argparse
import gc
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import timeit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
import reference  # noqa: E402
from conformance.provenance import suite_commit  # noqa: E402 -- which commit was measured

try:
    from pyfakefs import fake_filesystem, fake_os
except ImportError:  # measured without it; said in the output
    fake_filesystem = fake_os = None

KIB4, MIB1 = 4096, 1 << 20


def _make_tree(make_dir, make_file, top, dirs, files_per_dir):
    """top/dNNN/fNNNNN: dirs directories of files_per_dir empty files each."""
    make_dir(top)
    for d in range(dirs):
        sub = top + '/d%03d' % d
        make_dir(sub)
        for f in range(files_per_dir):
            make_file(sub + '/f%05d' % f)


def _real_fixture(tmp):
    """The files the stdlib and the reference run on, created with the stdlib."""
    def make_file(name, data=b''):
        with open(name, 'wb') as f:
            f.write(data)
    fx = {'file': tmp + '/file', 'dir1k': tmp + '/dir1k', 'dir10k': tmp + '/dir10k',
          'tree': tmp + '/tree', 'link': tmp + '/link'}
    make_file(fx['file'], b'x' * (2 * MIB1))
    os.symlink(fx['file'], fx['link'])
    for key, count in (('dir1k', 1000), ('dir10k', 10000)):
        os.mkdir(fx[key])
        for i in range(count):
            if i % 10 == 0:
                os.mkdir(fx[key] + '/s%05d' % i)
            else:
                make_file(fx[key] + '/f%05d' % i)
    _make_tree(os.mkdir, make_file, fx['tree'], 100, 100)
    return fx


def _fake_fixture():
    """The same files in a pyfakefs FakeFilesystem; return (fake os, fixture)."""
    fs = fake_filesystem.FakeFilesystem()
    fos = fake_os.FakeOsModule(fs)
    tmp = '/bench'
    fs.create_dir(tmp)
    fx = {'file': tmp + '/file', 'dir1k': tmp + '/dir1k', 'dir10k': tmp + '/dir10k',
          'tree': tmp + '/tree', 'link': tmp + '/link', 'scratch': tmp + '/scratch'}
    fs.create_file(fx['file'], contents=b'x' * (2 * MIB1))
    fs.create_file(fx['scratch'])
    fs.create_symlink(fx['link'], fx['file'])
    for key, count in (('dir1k', 1000), ('dir10k', 10000)):
        fs.create_dir(fx[key])
        for i in range(count):
            if i % 10 == 0:
                fs.create_dir(fx[key] + '/s%05d' % i)
            else:
                fs.create_file(fx[key] + '/f%05d' % i)
    _make_tree(fs.create_dir, fs.create_file, fx['tree'], 100, 100)
    return fos, fx


def _scandir_is_dir(impl, path):
    with impl.scandir(path) as it:
        for entry in it:
            entry.is_dir()


def _walk(impl, top):
    for _ in impl.walk(top):
        pass


def _cases(impl, fx, fds, fake):
    """(label, zero-argument callable) for every operation; fds: open descriptors by role."""
    rfd, zfd, nfd, wfd = fds['file'], fds['zero'], fds['null'], fds['scratch']
    data4k, data1m = b'y' * KIB4, b'y' * MIB1
    path = fx['file']
    cases = [
        ('stat', lambda: impl.stat(path)),
        ('lstat', lambda: impl.lstat(fx['link'])),
        ('fstat', lambda: impl.fstat(rfd)),
        ('open+close', lambda: impl.close(impl.open(path, os.O_RDONLY))),
    ]
    if fake:  # no devices in a fake filesystem: rewind a regular file instead
        def read_at0(n):
            impl.lseek(rfd, 0, 0)
            return impl.read(rfd, n)

        def write_at0(data):
            impl.lseek(wfd, 0, 0)
            return impl.write(wfd, data)
        cases += [
            ('read 4 KiB', lambda: read_at0(KIB4)),
            ('read 1 MiB', lambda: read_at0(MIB1)),
            ('write 4 KiB', lambda: write_at0(data4k)),
            ('write 1 MiB', lambda: write_at0(data1m)),
        ]
    else:
        cases += [
            ('read 4 KiB', lambda: impl.read(zfd, KIB4)),
            ('read 1 MiB', lambda: impl.read(zfd, MIB1)),
            ('write 4 KiB', lambda: impl.write(nfd, data4k)),
            ('write 1 MiB', lambda: impl.write(nfd, data1m)),
            ('pread 4 KiB', lambda: impl.pread(rfd, KIB4, 4096)),
        ]
    cases += [
        ('listdir 1,000', lambda: impl.listdir(fx['dir1k'])),
        ('listdir 10,000', lambda: impl.listdir(fx['dir10k'])),
        ('scandir+is_dir 1,000', lambda: _scandir_is_dir(impl, fx['dir1k'])),
        ('scandir+is_dir 10,000', lambda: _scandir_is_dir(impl, fx['dir10k'])),
        ('walk 10,000 files', lambda: _walk(impl, fx['tree'])),
    ]
    if not fake:  # pyfakefs forwards these to the real os: not its own
        environ = impl.environ
        environ['BENCH_OS_KEY'] = 'value'

        def environ_set():
            environ['BENCH_OS_KEY'] = 'value'
        cases += [
            ('getpid', impl.getpid),
            ('environ get', lambda: environ['BENCH_OS_KEY']),
            ('environ set', environ_set),
            ('urandom(32)', lambda: impl.urandom(32)),
        ]
    return cases


def _floor_cases(fx, fds):
    """The foreign calls alone that the reference's fast path for each operation makes, through
    the same bare ctypes handles (no conversion, no result object): what any implementation over
    ctypes pays on this machine, measured beside the rest. Not for walk (many calls) or environ
    get (no call)."""
    from reference import _libc
    from reference._convert import AT_FDCWD as at_cwd
    from reference._pathargs import AT_SYMLINK_NOFOLLOW as nofollow
    o_rdonly_cloexec = os.O_RDONLY | os.O_CLOEXEC
    rfd, zfd, nfd = fds['file'], fds['zero'], fds['null']
    path, link = os.fsencode(fx['file']), os.fsencode(fx['link'])
    buf, big = bytes(KIB4), bytes(MIB1)  # filled in place: CPython's ctypes passes bytes by pointer
    data4k, data1m = b'y' * KIB4, b'y' * MIB1
    dir_flags = os.O_RDONLY | os.O_NONBLOCK | os.O_DIRECTORY | os.O_CLOEXEC
    chunk = bytes(1 << 16)

    def list_raw(top):
        fd = _libc.bare_openat(at_cwd, top, dir_flags)
        while _libc.bare_getdents64(fd, chunk, len(chunk)) > 0:
            pass
        _libc.bare_close(fd)

    dir1k, dir10k = os.fsencode(fx['dir1k']), os.fsencode(fx['dir10k'])
    return [
        ('stat', lambda: _libc.bare_fstatat(at_cwd, path, buf, 0)),
        ('lstat', lambda: _libc.bare_fstatat(at_cwd, link, buf, nofollow)),
        ('fstat', lambda: _libc.bare_fstat(rfd, buf)),
        ('open+close', lambda: _libc.bare_close(_libc.bare_openat(at_cwd, path, o_rdonly_cloexec))),
        ('read 4 KiB', lambda: _libc.bare_read(zfd, buf, KIB4)),
        ('read 1 MiB', lambda: _libc.bare_read(zfd, big, MIB1)),
        ('write 4 KiB', lambda: _libc.bare_write(nfd, data4k, KIB4)),
        ('write 1 MiB', lambda: _libc.bare_write(nfd, data1m, MIB1)),
        ('pread 4 KiB', lambda: _libc.bare_pread(rfd, buf, KIB4, 4096)),
        ('listdir 1,000', lambda: list_raw(dir1k)),
        ('listdir 10,000', lambda: list_raw(dir10k)),
        ('scandir+is_dir 1,000', lambda: list_raw(dir1k)),
        ('scandir+is_dir 10,000', lambda: list_raw(dir10k)),
        ('getpid', _libc.bare_getpid),
        ('environ set', lambda: _libc.bare_setenv(b'BENCH_OS_KEY', b'value', 1)),
        ('urandom(32)', lambda: _libc.bare_getrandom(buf, 32, 0)),
    ]


# PyPy's ctypes is Python code, fast only once the JIT has compiled the loop that calls it: there
# each call is first warmed up for a few thousand calls (a second at most). Without that the
# calibration of a slow first call picks too few calls for the JIT ever to start, and the run
# times the interpreter (measured: write 4 KiB 262 us in one run, 5.5 us in another).
_JIT_WARMUP_CALLS = 0 if sys.implementation.name == 'cpython' else 3000


def _warm_up(call):
    """Call once (failing early), then, under a JIT, until the JIT has had its chance."""
    call()
    deadline = time.perf_counter() + 1.0
    for _ in range(_JIT_WARMUP_CALLS):
        call()
        if time.perf_counter() > deadline:
            break


def _calibrate(call, min_time):
    """A number of calls per repeat that takes at least min_time seconds."""
    number = 1
    while True:
        elapsed = timeit.timeit(call, number=number)
        if elapsed >= min_time or number >= 10 ** 7:
            return number
        number *= max(2, min(10, int(min_time / max(elapsed, 1e-9)) + 1))


def measure(repeat, min_time, only=None):
    """Return {label: {impl: {'min': s, 'median': s, 'runs': [...]}}}, all impls in one run."""
    tmp = tempfile.mkdtemp(prefix='bench_os.')
    opened = []
    try:
        fx = _real_fixture(tmp)
        with open(tmp + '/scratch', 'wb'):
            pass
        fds = {'file': os.open(fx['file'], os.O_RDONLY), 'zero': os.open('/dev/zero', os.O_RDONLY),
               'null': os.open('/dev/null', os.O_WRONLY),
               'scratch': os.open(tmp + '/scratch', os.O_WRONLY)}
        opened.extend(fds.values())
        impls = [('stdlib', _cases(os, fx, fds, False)),
                 ('reference', _cases(reference, fx, fds, False))]
        if sys.implementation.name == 'cpython':  # the floor fills bytes in place: CPython's ctypes
            impls.append(('ctypes-calls', _floor_cases(fx, fds)))
        if fake_os is not None:
            fos, ffx = _fake_fixture()
            ffds = {'file': fos.open(ffx['file'], os.O_RDONLY), 'zero': None, 'null': None,
                    'scratch': fos.open(ffx['scratch'], os.O_WRONLY)}
            impls.append(('pyfakefs', _cases(fos, ffx, ffds, True)))
        labels = [label for label, _ in impls[0][1] if only is None or only in label]
        results = {}
        for label in labels:
            calls = [(name, dict(cases)[label]) for name, cases in impls if label in dict(cases)]
            numbers = {}
            for name, call in calls:
                _warm_up(call)
                numbers[name] = _calibrate(call, min_time)
            runs = {name: [] for name, _ in calls}
            gc_was = gc.isenabled()
            gc.disable()
            try:
                for _ in range(repeat):
                    for name, call in calls:  # interleaved: drift hits every implementation
                        runs[name].append(timeit.timeit(call, number=numbers[name]) / numbers[name])
            finally:
                if gc_was:
                    gc.enable()
            results[label] = {name: {'min': min(values), 'median': sorted(values)[len(values) // 2],
                                     'number': numbers[name], 'runs': values}
                              for name, values in runs.items()}
        return results
    finally:
        for fd in opened:
            os.close(fd)
        shutil.rmtree(tmp)


_MEMORY_CHILD = r'''
import resource, sys
try:
    import tracemalloc
except ImportError:  # PyPy has none: ru_maxrss alone
    tracemalloc = None
sys.path.insert(0, sys.argv[1])
impl_name, top = sys.argv[2], sys.argv[3]
if impl_name == 'reference':
    import reference as impl
else:
    import os as impl
count = 0
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for _ in impl.walk(top):  # warm: imports, caches, buffers
    break
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if tracemalloc:
    tracemalloc.start()
for dirpath, dirnames, filenames in impl.walk(top):
    count += len(dirnames) + len(filenames)
peak = -1
if tracemalloc:
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
rss_trace = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, peak, rss1, rss_trace)
'''

_RSS_CHILD = r'''
import resource, sys
sys.path.insert(0, sys.argv[1])
impl_name, top = sys.argv[2], sys.argv[3]
if impl_name == 'reference':
    import reference as impl
else:
    import os as impl
for _ in impl.walk(top):
    break
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = 0
for dirpath, dirnames, filenames in impl.walk(top):
    count += len(dirnames) + len(filenames)
print(count, rss1, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
'''


def measure_memory(entries=100000):
    """Peak memory of walking an `entries`-entry tree (100 dirs of entries/100 files), per impl."""
    tmp = tempfile.mkdtemp(prefix='bench_os_mem.')
    try:
        def make_file(name):
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT, 0o644))
        top = tmp + '/tree'
        _make_tree(os.mkdir, make_file, top, 100, entries // 100 - 1)
        result = {}
        for name in ('stdlib', 'reference'):
            out = subprocess.run([sys.executable, '-c', _MEMORY_CHILD, ROOT, name, top],
                                 check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
            count, peak, _, _ = (int(x) for x in out.split())
            out = subprocess.run([sys.executable, '-c', _RSS_CHILD, ROOT, name, top],
                                 check=True, stdout=subprocess.PIPE, universal_newlines=True).stdout
            _, rss_before, rss_after = (int(x) for x in out.split())
            result[name] = {'entries': count, 'tracemalloc_peak_bytes': peak if peak >= 0 else None,
                            'maxrss_before_kib': rss_before, 'maxrss_after_kib': rss_after,
                            'maxrss_growth_kib': rss_after - rss_before}
        return result
    finally:
        shutil.rmtree(tmp)


def _geomean(values):
    values = [v for v in values if v]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def summarize(results):
    """Ratios to the stdlib per impl and their geometric means."""
    ratios = {}
    for label, by_impl in results.items():
        std = by_impl.get('stdlib')
        for name, t in by_impl.items():
            if name == 'stdlib' or std is None:
                continue
            ratios.setdefault(name, {})[label] = {'min': t['min'] / std['min'],
                                                  'median': t['median'] / std['median']}
    geomeans = {name: {'min': _geomean([r['min'] for r in by_label.values()]),
                       'median': _geomean([r['median'] for r in by_label.values()])}
                for name, by_label in ratios.items()}
    return ratios, geomeans


def _fmt_time(seconds):
    return '%.2f' % (seconds * 1e6) if seconds < 1e-2 else '%.0f' % (seconds * 1e6)


def print_table(results, ratios, geomeans, memory, out=sys.stdout, suite=None):
    names = [n for n in ('reference', 'ctypes-calls', 'pyfakefs') if n in ratios]
    print('%s %s (%s) on %s' % (sys.implementation.name, platform.python_version(),
                                sys.executable, sys.platform), file=out)
    if suite and suite.get('commit'):
        print('suite commit %s%s' % (suite['commit'][:12], ' (dirty)' if suite.get('dirty') else ''), file=out)
    header = '%-22s %16s' % ('operation', 'stdlib µs min/med')
    for name in names:
        header += ' %18s %16s' % (name + ' µs min/med', 'ratio min/med')
    print(header, file=out)
    for label, by_impl in results.items():
        std = by_impl['stdlib']
        line = '%-22s %16s' % (label, '%s/%s' % (_fmt_time(std['min']), _fmt_time(std['median'])))
        for name in names:
            if name in by_impl:
                t, r = by_impl[name], ratios[name][label]
                line += ' %18s %16s' % ('%s/%s' % (_fmt_time(t['min']), _fmt_time(t['median'])),
                                        '%.2fx/%.2fx' % (r['min'], r['median']))
            else:
                line += ' %18s %16s' % ('-', '-')
        print(line, file=out)
    for name in names:
        g = geomeans[name]
        print('geometric mean %-12s %.2fx (min)  %.2fx (median) over %d operations'
              % (name, g['min'], g['median'], len(ratios[name])), file=out)
    if 'ctypes-calls' in ratios:
        print('ctypes-calls: the foreign calls alone that the reference makes for the operation '
              '(the least any ctypes implementation pays here)', file=out)
    if memory:
        print('walk of a %d-entry tree, peak memory:' % memory['stdlib']['entries'], file=out)
        for name, m in memory.items():
            peak = m['tracemalloc_peak_bytes']
            print('  %-10s tracemalloc peak %12s   ru_maxrss growth %6d KiB' % (
                name, '%.1f KiB' % (peak / 1024.0) if peak is not None else '(none here)',
                m['maxrss_growth_kib']), file=out)
        if memory['stdlib']['tracemalloc_peak_bytes'] and memory['reference']['tracemalloc_peak_bytes']:
            print('  reference/stdlib tracemalloc peak: %.2fx' % (
                memory['reference']['tracemalloc_peak_bytes']
                / float(memory['stdlib']['tracemalloc_peak_bytes'])), file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--min-time', type=float, default=0.02, help='seconds per repeat and impl')
    parser.add_argument('--only', help='only operations whose label contains this')
    parser.add_argument('--no-memory', action='store_true', help='skip the 100,000-entry walk')
    parser.add_argument('--json', default=os.path.join(ROOT, 'reports', 'bench.json'),
                        help="where to write the results ('' for nowhere)")
    args = parser.parse_args(argv)
    if fake_os is None:
        print('note: pyfakefs not installed: measured without it')
    started = time.time()
    results = measure(args.repeat, args.min_time, args.only)
    ratios, geomeans = summarize(results)
    memory = None if args.no_memory else measure_memory()
    suite = suite_commit()
    print_table(results, ratios, geomeans, memory, suite=suite)
    if args.json:
        report = {'interpreter': {'implementation': sys.implementation.name,
                                  'version': platform.python_version(),
                                  'executable': sys.executable},
                  'suite': suite, 'platform': platform.platform(), 'when': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
                  'repeat': args.repeat, 'min_time': args.min_time,
                  'seconds': round(time.time() - started, 1),
                  'results': results, 'ratios': ratios, 'geometric_mean': geomeans, 'memory': memory}
        directory = os.path.dirname(args.json)
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(args.json, 'w') as f:
            json.dump(report, f, indent=1, sort_keys=True)
        print('wrote %s' % args.json, file=sys.stderr)


if __name__ == '__main__':
    main()

"""Side-by-side call costs: the reference implementation vs the stdlib os.

Prints, per call, the best-of-N time per call for each implementation and the ratio to the
stdlib, all measured in this one run (shared machines are noisy: compare ratios, not times).
No assertions: this is a measurement, not a test.

    python benchmarks/bench_calls.py [--repeat 7] [--number 20000]
"""
import argparse
import os
import sys
import tempfile
import timeit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import reference  # noqa: E402


def _cases(impl, path, fd, rfd):
    """(label, zero-argument callable) for each call the implementation has."""
    cases = [
        ("fstat", lambda: impl.fstat(fd)),
        ("pread 4 KiB", lambda: impl.pread(rfd, 4096, 0)),
        ("lseek", lambda: impl.lseek(fd, 0, 0)),
        ("open+close", lambda: impl.close(impl.open(path, os.O_RDONLY))),
        ("get_inheritable", lambda: impl.get_inheritable(fd)),
        ("stat", lambda: impl.stat(path)),
        ("listdir (100 entries)", lambda: impl.listdir(os.path.dirname(path))),
        ("getpid", lambda: impl.getpid()),
        ("urandom 16", lambda: impl.urandom(16)),
    ]
    return [(label, call) for label, call in cases if _works(call)]


def _works(call):
    try:
        call()
    except AttributeError:
        return False  # the implementation lacks the name
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(100):
            with open(os.path.join(tmp, "f%03d" % i), "wb") as f:
                f.write(b"x" * 8192)
        path = os.path.join(tmp, "f000")
        fd = os.open(path, os.O_RDONLY)
        try:
            impls = [("stdlib", os), ("reference", reference)]
            measured = {}
            for name, impl in impls:
                for label, call in _cases(impl, path, fd, fd):
                    number = max(1, args.number // (50 if "listdir" in label else 1))
                    best = min(timeit.repeat(call, number=number, repeat=args.repeat)) / number
                    measured.setdefault(label, {})[name] = best
        finally:
            os.close(fd)
    print("%s %s on %s" % (sys.implementation.name, sys.version.split()[0], sys.platform))
    print("%-24s %12s %12s %8s" % ("call", "stdlib µs", "reference µs", "ratio"))
    for label, times in measured.items():
        std, ref = times.get("stdlib"), times.get("reference")
        print("%-24s %12s %12s %8s" % (
            label, "%.2f" % (std * 1e6) if std else "-", "%.2f" % (ref * 1e6) if ref else "missing",
            "%.1fx" % (ref / std) if std and ref else "-"))


if __name__ == "__main__":
    main()

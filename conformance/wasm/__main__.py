"""Run a Python snippet inside Pyodide under Node, as the divergence pages' reproducers do:

    python3 -m conformance.wasm [--release 0.28.3] [--fs memfs|nodefs] -c 'import os; print(os.stat("\\udc80"))'
"""
import argparse
import sys

from conformance import wasm


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m conformance.wasm", description=__doc__.split("\n\n")[0])
    parser.add_argument("--release", default="0.28.3", choices=sorted(wasm.RELEASES))
    parser.add_argument("--fs", choices=wasm.FILESYSTEMS, default="memfs")
    parser.add_argument("-c", dest="code", required=True, metavar="CODE")
    args = parser.parse_args(argv)
    try:
        return wasm.run(args.release, args.fs, [], None, code=args.code)
    except wasm.SetupError as exc:
        sys.stderr.write("error: %s\n" % exc)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""The suite's own speed: checks per second under each executor, side by side in one run.

    python3 benchmarks/bench_suite.py                    # the quick profile, stdlib + reference
    python3 benchmarks/bench_suite.py -k test_fd_operations --executors pool fork

Each executor runs the same selection (`os-conformance run --profile quick`, the same targets)
in a subprocess, one after the other; the table gives wall time, checks per second and the ratio
to fork-per-check measured in this run (no absolute threshold anywhere: the machines are shared
and noisy), then the slowest checks of the first executor. Writes reports/bench-suite.json.
"""
import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(executor, keyword, targets, profile, jobs):
    out = tempfile.mkdtemp(prefix="bench-suite-%s-" % executor)
    args = [sys.executable, "-m", "conformance.cli", "run", "--profile", profile, "--quiet",
            "--report-dir", out]
    for t in targets:
        args += ["--target", t]
    if keyword:
        args += ["-k", keyword]
    if jobs:
        args += ["--jobs", jobs]
    args += ["--", "--os-executor", executor]
    started = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time of the run and every process it started (workers, keepers, the deleter), when
    # they were reaped: less sensitive than the wall time to other work on a shared machine.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    records = []
    for path in glob.glob(os.path.join(out, "*.results.jsonl")):
        with open(path, encoding="utf-8") as f:
            records.extend(json.loads(line) for line in f if line.strip())
    statuses = {}
    for r in records:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {"executor": executor, "wall": wall, "cpu": cpu, "checks": len(records), "statuses": statuses,
            "exit": proc.returncode, "records": records, "report_dir": out}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-k", dest="keyword", default=None, help="pytest -k selection")
    parser.add_argument("--executors", nargs="+", default=["pool", "fork", "inprocess"])
    parser.add_argument("--target", action="append", default=[])
    parser.add_argument("--profile", default="quick")
    parser.add_argument("--jobs", default=None, help="pytest-xdist processes (-n)")
    parser.add_argument("--out", default=os.path.join(ROOT, "reports", "bench-suite.json"))
    args = parser.parse_args(argv)
    targets = args.target or ["stdlib", "reference"]
    runs = [run_once(e, args.keyword, targets, args.profile, args.jobs) for e in args.executors]
    base = next((r for r in runs if r["executor"] == "fork"), runs[0])
    base_rate = base["checks"] / base["wall"] if base["wall"] else 0.0
    print("selection: profile %s, -k %s, targets %s, jobs %s" % (
        args.profile, args.keyword or "(all)", ",".join(targets), args.jobs or 1))
    print("%-10s %8s %8s %9s %11s %8s  %s" % ("executor", "checks", "wall s", "checks/s", "vs fork",
                                             "cpu s", "statuses"))
    for r in runs:
        rate = r["checks"] / r["wall"] if r["wall"] else 0.0
        print("%-10s %8d %8.1f %9.1f %10.2fx %8.1f  %s" % (
            r["executor"], r["checks"], r["wall"], rate, rate / base_rate if base_rate else 0.0, r["cpu"],
            " ".join("%s=%d" % kv for kv in sorted(r["statuses"].items()))))
    slowest = sorted(runs[0]["records"], key=lambda r: -r["duration"])[:10]
    print("\nslowest checks (%s):" % runs[0]["executor"])
    for r in slowest:
        print("  %6.2f s  %s" % (r["duration"], r["check"]))
    summary = [{k: v for k, v in r.items() if k != "records"} for r in runs]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"profile": args.profile, "keyword": args.keyword, "targets": targets,
                   "jobs": args.jobs, "runs": summary}, f, indent=2, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The harness survives hostile targets: a crash, a hang, an _exit, fd exhaustion, a write
outside the sandbox, a device node opened, a signal sent outside or a hostname change costs
exactly the checks that met it; every other result is there, and nothing outside the sandbox
changes — on the worker pool (the default) as on fork-per-check."""
import os
import socket
import stat
import subprocess
import sys

import pytest

from tests.helpers import pytest_run, report

# One worker runs this module: its module-scoped run is far too costly to repeat per xdist
# worker (the README runs the tests with --dist loadgroup).
pytestmark = pytest.mark.xdist_group("isolation")

CHECKS = "conformance/checks/test_fd_operations_io.py"
HOSTILE = {
    "segfault_pread": ("crash", "SIGSEGV"),
    "hang_pread": ("timeout", "did not finish within"),
    "exit_pread": ("crash", "exited with status 3"),
}


EXECUTORS = ("pool", "fork")


def _run(tmp_path, *args, **kw):
    out = tmp_path / "out"
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    env_extra = dict(kw.get("env_extra") or {}, TMPDIR=str(env_tmp))
    # TMPDIR puts the session's sandboxes (and anything a target drops beside them) in tmp_path.
    proc = pytest_run(CHECKS, "-k", "pread", "--os-report-dir", str(out), "--os-timeout", "20",  # generous: CI machines are shared
                      *args, env_extra=env_extra)
    return proc, out, env_tmp


@pytest.fixture(scope="module", params=EXECUTORS)
def hostile_run(tmp_path_factory, request):
    tmp_path = tmp_path_factory.mktemp("hostile-" + request.param)
    args = ["--target", "stdlib", "--os-executor", request.param]
    for name in sorted(HOSTILE) + ["fd_exhaustion_pread"]:
        args += ["--target", "module:tests.hostile." + name]
    proc, out, _ = _run(tmp_path, *args)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-2000:]
    return out


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_pread_costs_only_the_pread_checks(hostile_run, name):
    status, words = HOSTILE[name]
    data = report(hostile_run, "module-tests.hostile." + name)
    pread = data["functions"]["pread"]
    assert pread["status"] == status and pread["failures"], pread
    assert all(words in f["message"] for f in pread["failures"]), pread["failures"]
    others = {n: f["status"] for n, f in data["functions"].items()
              if n != "pread" and f["status"] in ("fail", "error", "crash", "timeout")}
    assert not others, others
    # Every other check of the selection still ran and reported.
    assert data["summary"]["checks"].get("pass", 0) > 0


def test_fd_exhaustion_is_flagged_on_its_checks_and_does_not_spill_into_the_next(hostile_run):
    data = report(hostile_run, "module-tests.hostile.fd_exhaustion_pread")
    pread = data["functions"]["pread"]
    assert pread["status"] == "error" and all("leaked file descriptors" in f["message"]
                                              for f in pread["failures"]), pread
    bad = {n: f["status"] for n, f in data["functions"].items()
           if n != "pread" and f["status"] in ("fail", "crash", "timeout", "error")}
    assert not bad, bad  # the hoarded fds died with the check's process


@pytest.mark.parametrize("executor", EXECUTORS)
def test_confinement_keeps_a_hostile_target_inside_its_sandbox(tmp_path, executor):
    proc, out, env_tmp = _run(tmp_path, "--target", "module:tests.hostile.escape_pread",
                              "--os-executor", executor)
    data = report(out, "module-tests.hostile.escape_pread")
    if not data["isolation"]["confined"]:
        pytest.skip("this kernel or user cannot confine checks (no private mount namespace)")
    assert not list(env_tmp.glob("os-conformance-escaped")), "the target wrote beside the session root"
    assert not list(env_tmp.glob("*/os-conformance-escaped")), "the target wrote in the session root"
    assert not list(env_tmp.glob("*/*/os-conformance-escaped")), "the target wrote beside its check"
    assert data["functions"]["pread"]["status"] == "pass"  # its writes were refused; it read correctly


def test_without_confinement_an_escape_is_detected_loudly(tmp_path):
    proc, out, env_tmp = _run(tmp_path, "--target", "module:tests.hostile.escape_pread", "--os-no-confine")
    data = report(out, "module-tests.hostile.escape_pread")
    failures = data["functions"]["pread"]["failures"]
    assert failures and all("ESCAPE" in f["message"] for f in failures), data["functions"]["pread"]


def _confined_or_skip(data):
    if not data["isolation"]["confined"]:
        pytest.skip("this kernel or user cannot confine checks (no private namespaces)")


@pytest.mark.parametrize("executor", EXECUTORS)
def test_no_device_node_outside_the_sandbox_can_be_opened(tmp_path, executor):
    node = tmp_path / "outside-null"
    try:
        os.mknod(str(node), stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null twin
    except PermissionError:
        pytest.skip("making a device node needs root")
    proc, out, _ = _run(tmp_path, "--target", "module:tests.hostile.device_pread", "--os-executor",
                        executor, env_extra={"OS_CONFORMANCE_HOSTILE_DEVICE": str(node)})
    data = report(out, "module-tests.hostile.device_pread")
    _confined_or_skip(data)
    assert data["functions"]["pread"]["status"] == "pass", data["functions"]["pread"]["failures"]


@pytest.mark.parametrize("executor", EXECUTORS)
def test_a_signal_never_reaches_a_process_outside_the_worker(tmp_path, executor):
    received = tmp_path / "received"
    # A process of the test's own, outside the suite: it notes any SIGUSR1 it gets.
    code = ("import signal, sys, time\n"
            "signal.signal(signal.SIGUSR1, lambda *a: open(sys.argv[1], 'a').write('got\\n'))\n"
            "print('ready', flush=True)\n"
            "time.sleep(600)\n")
    bystander = subprocess.Popen([sys.executable, "-c", code, str(received)], stdout=subprocess.PIPE)
    try:
        assert bystander.stdout.readline().strip() == b"ready"
        proc, out, _ = _run(tmp_path, "--target", "module:tests.hostile.signal_pread", "--os-executor",
                            executor, env_extra={"OS_CONFORMANCE_HOSTILE_PID": str(bystander.pid)})
        data = report(out, "module-tests.hostile.signal_pread")
    finally:
        bystander.kill()
        bystander.wait()
    _confined_or_skip(data)
    assert not received.exists(), "the target's SIGUSR1 reached a process outside the suite"
    assert data["functions"]["pread"]["status"] == "pass", data["functions"]["pread"]["failures"]


@pytest.mark.parametrize("executor", EXECUTORS)
def test_a_hostname_change_stays_inside_the_worker(tmp_path, executor):
    before = socket.gethostname()
    proc, out, _ = _run(tmp_path, "--target", "module:tests.hostile.hostname_pread", "--os-executor",
                        executor, env_extra={"OS_CONFORMANCE_HOSTILE_UTS": os.readlink("/proc/self/ns/uts")})
    data = report(out, "module-tests.hostile.hostname_pread")
    assert socket.gethostname() == before
    _confined_or_skip(data)
    assert data["functions"]["pread"]["status"] == "pass", data["functions"]["pread"]["failures"]
    if executor == "pool":  # each renaming check left its worker changed: it was replaced
        assert data["isolation"]["workers_replaced"].get("unclean"), data["isolation"]


@pytest.mark.parametrize("executor", EXECUTORS)
def test_checks_start_with_default_signals_whatever_the_suite_was_started_under(tmp_path, executor):
    """Started under `nohup` (SIGHUP ignored; SIG_IGN survives fork and exec), a program a check
    spawns and kills with SIGHUP must still die of it: the worker starts with default
    dispositions (a PyPy column once failed spawn*, system and popen on SIGHUP that way)."""
    import signal
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "conformance.cli", "run", "--target", "stdlib", "--report-dir", str(out),
         "--behaviour", "spawnl.p-wait-killed-returns-minus-signal", "--behaviour",
         "system.unix-returns-wait-status", "--profile", "ci", "--quiet", "--", "--os-executor", executor],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    assert proc.returncode == 0, proc.stdout[-3000:]
    data = report(out, "stdlib")
    for name in ("spawnl", "system"):
        assert data["functions"][name]["behaviours"][
            {"spawnl": "spawnl.p-wait-killed-returns-minus-signal",
             "system": "system.unix-returns-wait-status"}[name]]["status"] == "pass"

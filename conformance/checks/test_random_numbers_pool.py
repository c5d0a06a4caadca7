"""Random numbers: what getrandom and urandom do while the entropy pool is not initialised.

A machine running the suite has long initialised its pool, so the situation is simulated in a
forked child (conformance.simulate): a seccomp filter makes getrandom(2) with GRND_NONBLOCK fail
with EAGAIN, as the kernel does before the pool is ready, while getrandom without it goes through
(on an uninitialised pool the kernel would block there until the pool is ready, then return the
bytes). For urandom, /dev/urandom is also covered (a private bind mount) by a file of zero bytes,
standing for what that device hands out without waiting on such a pool (before Linux 5.18: bytes
of an uninitialised pool). An implementation that waits for the pool — getrandom without
GRND_NONBLOCK — gets real random bytes; one that asks not to wait gets EAGAIN, and one that reads
/dev/urandom gets the zeros.
"""
import os

import pytest

from conformance import simulate, support
from conformance.hostos import host

behaviour = pytest.mark.behaviour
SIZE = 64  # zero bytes by chance: 2**-512


def _uninitialised_pool(sandbox_dir, cover_urandom):
    """In the check's child: simulate a pool that is not initialised."""
    if cover_urandom:
        zeros = support.write_file(os.path.join(sandbox_dir, "zeros"), bytes(1 << 16))
        simulate.cover_file("/dev/urandom", zeros)
    simulate.getrandom_nonblock_eagain(host.GRND_NONBLOCK)
    try:  # the simulation is in force: the harness's own non-blocking call is refused
        host.getrandom(1, host.GRND_NONBLOCK)
    except BlockingIOError:
        pass
    else:
        raise AssertionError("the simulated pool answered a GRND_NONBLOCK call")


@behaviour("GRND_NONBLOCK.default-blocks")
@pytest.mark.parametrize("flags", ["0", "GRND_RANDOM"])
def test_getrandom_without_grnd_nonblock_waits_for_the_pool(target, sandbox, flags):
    """GRND_NONBLOCK.default-blocks: "By default, when reading from /dev/random, getrandom()
    blocks if no random bytes are available, and when reading from /dev/urandom, it blocks if
    the entropy pool has not yet been initialized." — simulated (see the module): on a pool that
    refuses non-blocking callers, getrandom(SIZE) and getrandom(SIZE, GRND_RANDOM) wait (here:
    go through) and return SIZE random bytes; they do not ask for GRND_NONBLOCK and fail with
    BlockingIOError — which is what the same call with the target's GRND_NONBLOCK added does."""
    support.require(target, "kernel_facts", "an uninitialised entropy pool is simulated in the kernel's getrandom")
    getrandom = target.api.getrandom
    value = 0 if flags == "0" else target.api.GRND_RANDOM
    nonblock = target.api.GRND_NONBLOCK
    base = sandbox.fresh()

    def child():
        _uninitialised_pool(base, cover_urandom=False)
        outcomes = []
        for call in ((lambda: getrandom(SIZE, value)) if value else (lambda: getrandom(SIZE)),
                     lambda: getrandom(SIZE, value | nonblock)):
            try:
                outcomes.append(call())
            except BlockingIOError as exc:
                outcomes.append(exc)
        return outcomes
    got, with_nonblock = support.run_in_child(child)
    assert isinstance(with_nonblock, BlockingIOError), \
        "with GRND_NONBLOCK the simulated pool must refuse: got %r" % (with_nonblock,)
    assert not isinstance(got, BlockingIOError), "getrandom did not wait for the pool: %r" % got
    assert type(got) is bytes and len(got) == SIZE and got != bytes(SIZE)


@behaviour("urandom.blocks-until-pool-initialized")
def test_urandom_waits_for_the_pool(target, sandbox):
    """urandom.blocks-until-pool-initialized: "On Linux, if the getrandom() syscall is available,
    it is used in blocking mode: block until the system urandom entropy pool is initialized
    (128 bits of entropy are collected by the kernel)." — simulated (see the module): urandom
    neither fails with BlockingIOError nor returns early with what /dev/urandom hands out (zeros
    here); it waits in getrandom and returns SIZE random bytes."""
    support.require(target, "kernel_facts", "an uninitialised entropy pool is simulated in the kernel's getrandom")
    urandom = target.api.urandom
    base = sandbox.fresh()

    def child():
        _uninitialised_pool(base, cover_urandom=True)
        with open("/dev/urandom", "rb") as f:  # the cover is in place
            assert f.read(SIZE) == bytes(SIZE)
        try:
            return urandom(SIZE)
        except BlockingIOError as exc:
            return exc
    got = support.run_in_child(child)
    assert not isinstance(got, BlockingIOError), "urandom did not wait for the pool: %r" % got
    assert type(got) is bytes and len(got) == SIZE
    assert got != bytes(SIZE), "urandom returned /dev/urandom's bytes instead of waiting for the pool"

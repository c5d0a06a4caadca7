"""Where a check's expectation came from: its oracle.

A check's expectation comes from the documented text (`spec`, the default: the check itself
derives what must happen), the independent implementation (`reference`), a CPython version's
recorded behaviour (`cpython-3.8`, fixtures/cpython/), the CPython running the suite
(`cpython-3.11 (live)`), or what the harness observes of the host (`harness`: C headers, the
kernel). Code that takes an expectation from somewhere else than the text says so with
`consult(label, module)` while the check runs; the record then names the oracle, and a check
whose expectation came from the very implementation under test is not a verdict: its pass is
reported `baseline` (conformance.record).

One check runs at a time in a process, so the notes are a module-level list that the plugin
clears when a check starts.
"""
SPEC, REFERENCE, HARNESS = "spec", "reference", "harness"

_consulted = []  # (label, module or None) of the check running in this process
_relied = []  # the target-world functions the harness used to set up or inspect (own worlds)


def start_check():
    del _consulted[:]
    del _relied[:]


def rely(name):
    """Note that the running check's set-up or inspection went through the target's own `name`
    (a target with a world of its own offers no other way in): a failure says so."""
    if name not in _relied:
        _relied.append(name)


def relied_on():
    return list(_relied)


def consult(label, module=None):
    """Note that the running check takes its expectation from `label` (the implementation
    `module`, when the expectation is computed by one); returns module, for chaining."""
    if (label, module) not in _consulted:
        _consulted.append((label, module))
    return module


def judged(target_module):
    """(oracle label, whether the target was its own yardstick) for the running check."""
    if not _consulted:
        return SPEC, False
    labels = sorted(set(label for label, _ in _consulted))
    own = any(module is not None and module is target_module for _, module in _consulted)
    return "+".join(labels), own

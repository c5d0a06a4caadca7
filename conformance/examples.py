"""Falsifying examples from Hypothesis' structured observations, not from its printed text.

Hypothesis reports every test case it runs to observability callbacks; after shrinking, it
replays each distinct failure's minimal example once more, observed as `how_generated ==
"minimal failing example"` with the call (or a state machine's steps) in `representation`.
A check's distinct failures are those observations, each paired with its own exception (the
sub-exceptions of Hypothesis' ExceptionGroup), so a report keeps every failure, not only
"Hypothesis found 2 distinct failures".

One check runs at a time in a process: the observations are a module-level list cleared when a
check starts.
"""
import dataclasses
import re

# The final replay of each distinct failure ("minimal failing test case" since Hypothesis 6.16x)
MINIMAL = ("minimal failing example", "minimal failing test case")
_minimal = []  # {"example", "reason"} of the running check's distinct failures
_installed = []

# A fixture's repr in a call (`target=<conformance.targets.Target object at 0x7f...>,`) is noise:
# it says nothing about the failure and differs between runs.
_NOISE = re.compile(r"^\s*\w+=<[^<>\n]* at 0x[0-9a-f]+>,?\s*$")


def install():
    """Register the callback (once per process; forks inherit it)."""
    if _installed:
        return
    from hypothesis.internal import observability
    # Observability would otherwise trace every line for its coverage data: slow, and unused
    # here. (Not through its environment variable: that also writes every observation to
    # .hypothesis/observed/, outside the sandbox.)
    from hypothesis import core
    for module in (observability, core):  # older Hypothesis reads core's copy of the flag
        if hasattr(module, "OBSERVABILITY_COLLECT_COVERAGE"):
            module.OBSERVABILITY_COLLECT_COVERAGE = False
    if hasattr(observability, "add_observability_callback") and _observe_final_only(core, observability):
        pass
    elif hasattr(observability, "add_observability_callback"):
        observability.add_observability_callback(_observe)
    else:  # hypothesis before 6.14x: a plain list of callbacks
        observability.TESTCASE_CALLBACKS.append(_observe)
    _installed.append(True)


_listening = []  # the remover of the callback while it is registered for the running check


def _observe_final_only(core, observability):
    """Observe only Hypothesis' final replays (`execute_once(..., is_final=True)`: the minimal
    failing examples, explicit examples): with a callback registered, Hypothesis builds an
    observation of every test case it runs (its arguments, pretty-printed call, timings), which
    cost a third of the time of a passing property check, for observations of passing test cases
    that are never used here. The callback is registered on the first final replay of a check and
    removed when the next check starts. False where this Hypothesis runs its test cases
    otherwise (the callback is then registered for good, as before)."""
    import functools
    import inspect
    state_class = getattr(core, "StateForActualGivenExecution", None)
    execute_once = getattr(state_class, "execute_once", None)
    try:
        if execute_once is None or "is_final" not in inspect.signature(execute_once).parameters:
            return False
    except (TypeError, ValueError):
        return False

    @functools.wraps(execute_once)
    def execute_once_observed_when_final(self, *args, **kwargs):
        if kwargs.get("is_final") and not _listening:
            observability.add_observability_callback(_observe)
            _listening.append(functools.partial(observability.remove_observability_callback, _observe))
        return execute_once(self, *args, **kwargs)

    state_class.execute_once = execute_once_observed_when_final
    return True


def start_check():
    del _minimal[:]
    while _listening:
        _listening.pop()()


def _observe(observation):
    if dataclasses.is_dataclass(observation):  # read its fields, not a deep copy of it all
        def get(key):
            return getattr(observation, key, None)
    else:
        get = observation.get
    if get("type") == "test_case" and get("status") == "failed" and get("how_generated") in MINIMAL:
        _minimal.append({"example": clean(get("representation") or ""),
                         "reason": get("status_reason") or ""})


def clean(representation):
    return "\n".join(line for line in representation.splitlines() if not _NOISE.match(line))


def _exceptions(exc):
    """The distinct failures' exceptions: a group's members, else the exception itself."""
    members = getattr(exc, "exceptions", None)
    return list(members) if members else [exc]


def distinct_failures(exc, describe):
    """[{example, reason, message}] for the running check's failure `exc`; `describe(e)` gives
    one exception's message. Empty when Hypothesis observed no minimal example (a plain check)."""
    found = list(_minimal)
    if not found:
        return []
    members = _exceptions(exc) if exc is not None else []
    out = []
    for i, failure in enumerate(found):
        # Pair by exception class (`AssertionError at path:line`), else by position.
        kind = failure["reason"].split(" ", 1)[0]
        match = next((e for e in members if type(e).__name__ == kind), None)
        if match is None and i < len(members):
            match = members[i]
        if match is not None:
            members.remove(match)
        out.append(dict(failure, message=describe(match) if match is not None else failure["reason"]))
    return out

"""Hypothesis settings for the three run profiles.

quick: a few examples per check, for development and the default main job.
ci: derandomised and bounded, so CI runs are repeatable and fit CI's time; no example database.
thorough: many examples and long state-machine runs, for nightly use.
"""
PROFILES = ("quick", "ci", "thorough")


def register():
    from hypothesis import HealthCheck, Phase, settings

    # Checks make a fresh sandbox directory per example themselves (Sandbox.fresh()), so a
    # function-scoped fixture shared across examples is intended here.
    common = dict(deadline=None, print_blob=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])
    # The explain phase traces every line a failing example runs: fine in-process, but it cost
    # 80 s per failing check in the forked children checks run in. Only thorough keeps it.
    fast = [p for p in Phase if p.name != "explain"]
    settings.register_profile("os-conformance-quick", max_examples=12,
                              stateful_step_count=15, phases=fast, **common)
    settings.register_profile("os-conformance-ci", max_examples=40, derandomize=True,
                              database=None, stateful_step_count=25, phases=fast, **common)
    settings.register_profile("os-conformance-thorough", max_examples=600,
                              stateful_step_count=80, **common)


def load(profile, shrink=True):
    """Load a profile; without `shrink`, a failing check stops at its first failing example
    (the proofs that checks can fail need the verdict, not the minimal example)."""
    from hypothesis import settings

    register()
    name = "os-conformance-" + profile
    if not shrink:
        settings.register_profile(name + "-noshrink", parent=settings.get_profile(name),
                                  phases=[p for p in settings.get_profile(name).phases
                                          if p.name != "shrink"])
        name += "-noshrink"
    settings.load_profile(name)

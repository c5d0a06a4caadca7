"""Deliberately wrong os implementations, one fault each: proof that the checks can fail.

Each module copies the stdlib `os` namespace (`_base.make_os`) and overrides ONE name wrongly; its
docstring names the behaviour id it violates. Run one as `--target module:tests.broken.<name>`
with the repository root on PYTHONPATH; tests/test_broken_modules.py does that for all of them.
"""

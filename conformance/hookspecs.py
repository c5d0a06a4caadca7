"""Hooks the executors call around each check, for plugins that follow checks into the process
that runs them (coverage of the reference: conformance.refcoverage)."""
import pytest



def pytest_os_check_start(item, check_dir):
    """In the process about to run `item` (a worker, or the pytest process in-process)."""


def pytest_os_check_finished(item, check_dir):
    """In the process that ran `item`, after its teardown, before its directory is removed."""


def pytest_os_check_collected(item, check_dir):
    """In the pytest process, after `item` ran wherever it ran, before `check_dir` is removed."""

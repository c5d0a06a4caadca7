"""A progress display for `os-conformance run` (rich), in place of pytest's terminal output."""
import pytest


class ProgressPlugin(object):
    def __init__(self, enabled=True):
        self.enabled = enabled
        self.reports = []
        self.finished = 0
        self._progress = self._task = None

    def _start(self, total):
        if not self.enabled or self._progress is not None:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("checks"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                                  transient=False)
        self._progress.start()
        self._task = self._progress.add_task("checks", total=total, failed=0)
        self._failed = 0

    def pytest_collection_finish(self, session):
        if session.items:
            self._start(len(session.items))

    @pytest.hookimpl(optionalhook=True)  # only exists when pytest-xdist is installed
    def pytest_xdist_node_collection_finished(self, node, ids):
        self._start(len(ids))

    def pytest_runtest_logreport(self, report):
        if report.when != "teardown":
            if report.failed:
                self._note_failure()
            return
        self.finished += 1
        if self._progress is not None:
            self._progress.advance(self._task)

    def _note_failure(self):
        if self._progress is not None:
            self._failed += 1
            self._progress.update(self._task, failed=self._failed)

    def pytest_collectreport(self, report):
        if report.failed:
            self._note_failure()

    def pytest_unconfigure(self, config):
        if self._progress is not None:
            self._progress.stop()
        state = getattr(config, "_os", None)
        if state is not None:
            self.reports = list(state.reports)

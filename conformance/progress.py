"""Progress for `os-conformance run`, in place of pytest's terminal output.

In a terminal: a rich progress bar with the running check's name, failures and the estimated
time left. Elsewhere (CI logs, pipes): a plain line at least every `LINE_SECONDS`, with checks
done, failures, elapsed time and the estimate, so a long run is never silent.
"""
import sys
import time

import pytest

LINE_SECONDS = 30.0


def _eta(done, total, elapsed):
    if not done or not total or done >= total:
        return None
    return elapsed / done * (total - done)


def _clock(seconds):
    seconds = int(seconds)
    return "%d:%02d" % (seconds // 60, seconds % 60) if seconds < 3600 else "%d:%02d:%02d" % (
        seconds // 3600, seconds // 60 % 60, seconds % 60)


class ProgressPlugin(object):
    def __init__(self, enabled=True, stream=None, line_seconds=LINE_SECONDS):
        self.enabled = enabled
        self.stream = stream or sys.stdout
        self.line_seconds = line_seconds
        self.reports = []
        self.finished = 0
        self.failed = 0
        self.total = None
        self.started = time.monotonic()
        self.last_line = self.started
        self.terminal = enabled and self.stream.isatty()
        self._progress = self._task = None

    def _start(self, total):
        if self.total is not None or not self.enabled:
            return
        self.total = total
        self.started = self.last_line = time.monotonic()
        if not self.terminal:
            self._line("starting: %d checks" % total)
            return
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._progress = Progress(TextColumn("checks"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(),
                                  TextColumn("left"), TimeRemainingColumn(),
                                  TextColumn("[dim]{task.fields[running]}"), transient=False)
        self._progress.start()
        self._task = self._progress.add_task("checks", total=total, failed=0, running="")

    def pytest_collection_finish(self, session):
        if session.items:
            self._start(len(session.items))

    @pytest.hookimpl(optionalhook=True)  # only exists when pytest-xdist is installed
    def pytest_xdist_node_collection_finished(self, node, ids):
        self._start(len(ids))

    def pytest_runtest_logstart(self, nodeid, location):
        if self._progress is not None:
            self._progress.update(self._task, running=nodeid.rpartition("::")[2][:60])

    def pytest_runtest_logreport(self, report):
        if report.when != "teardown":
            if report.failed:
                self._note_failure()
            return
        self.finished += 1
        if self._progress is not None:
            self._progress.advance(self._task)
        elif self.enabled and time.monotonic() - self.last_line >= self.line_seconds:
            self._status_line()

    def _status_line(self):
        elapsed = time.monotonic() - self.started
        eta = _eta(self.finished, self.total, elapsed)
        self._line("%d/%s checks, %d failed, %s elapsed%s" % (
            self.finished, self.total if self.total is not None else "?", self.failed,
            _clock(elapsed), ", about %s left" % _clock(eta) if eta is not None else ""))

    def _line(self, text):
        self.last_line = time.monotonic()
        self.stream.write("os-conformance: %s\n" % text)
        self.stream.flush()

    def _note_failure(self):
        self.failed += 1
        if self._progress is not None:
            self._progress.update(self._task, failed=self.failed)

    def pytest_collectreport(self, report):
        if report.failed:
            self._note_failure()

    def pytest_unconfigure(self, config):
        if self._progress is not None:
            self._progress.stop()
        elif self.enabled and self.total is not None:
            self._status_line()
        state = getattr(config, "_os", None)
        if state is not None:
            self.reports = list(state.reports)

"""Runs an import or export on a worker thread, reporting progress and honouring cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.errors import AnnotatorError, BadInput, Cancelled


class _Runner(QObject):
    """Lives on the worker thread; keeps the outcome for the UI thread to read when the thread has ended."""

    def __init__(self, job: Callable[[Callable[[int, int], bool]], object], progress: Callable[[int, int], bool]):
        super().__init__()
        self._job, self._progress = job, progress
        self.outcome: tuple[str, object] = ("cancelled", None)

    def run(self) -> None:
        try:
            self.outcome = ("succeeded", self._job(self._progress))
        except Cancelled:
            self.outcome = ("cancelled", None)
        except BadInput as exc:
            self.outcome = ("refused", [str(p) for p in exc.problems])
        except AnnotatorError as exc:
            self.outcome = ("refused", [str(exc)])
        except OSError as exc:
            where = exc.filename2 or exc.filename
            self.outcome = ("refused", [f"{where}: {exc.strerror or exc}" if where else str(exc)])
        finally:
            self.thread().quit()


class ExchangeWorker(QObject):
    """Calls `job(progress)` off the UI thread; the job gets a callback that returns False once cancelled.

    Signals arrive on the UI thread: `progressed(done, total)`, then, once the worker thread
    has ended, exactly one of `succeeded(result)`, `refused(list of problem lines)` or
    `cancelled()`. Waiting for the thread from the UI thread therefore never blocks.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    refused = Signal(list)
    cancelled = Signal()

    def __init__(self, job: Callable[[Callable[[int, int], bool]], object]):
        super().__init__()
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(job, self._progress)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._thread.finished.connect(self._finished)  # delivered on the UI thread, after the thread ended

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def _finished(self) -> None:
        kind, value = self._runner.outcome
        if kind == "succeeded":
            self.succeeded.emit(value)
        elif kind == "refused":
            self.refused.emit(value)
        else:
            self.cancelled.emit()

    def wait(self) -> None:
        self._thread.wait()

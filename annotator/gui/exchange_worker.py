"""Runs an import or export on a worker thread, reporting progress and honouring cancel."""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.errors import AnnotatorError, BadInput, Cancelled


class ExchangeWorker(QObject):
    """Calls `job(progress)` off the UI thread; the job gets a callback that returns False once cancelled.

    Signals arrive on the UI thread: `progressed(done, total)`, then exactly one of
    `succeeded(result)`, `refused(list of problem lines)` or `cancelled()`.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    refused = Signal(list)
    cancelled = Signal()

    def __init__(self, job: Callable[[Callable[[int, int], bool]], object]):
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self.thread = QThread()
        self.moveToThread(self.thread)
        self.thread.started.connect(self._run)

    def start(self) -> None:
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self._cancel.is_set()

    def _run(self) -> None:
        try:
            result = self._job(self._progress)
        except Cancelled:
            self.cancelled.emit()
        except BadInput as exc:
            self.refused.emit([str(p) for p in exc.problems])
        except AnnotatorError as exc:
            self.refused.emit([str(exc)])
        except OSError as exc:
            where = exc.filename2 or exc.filename
            self.refused.emit([f"{where}: {exc.strerror or exc}" if where else str(exc)])
        else:
            self.succeeded.emit(result)
        finally:
            self.thread.quit()

    def wait(self) -> None:
        self.thread.wait()

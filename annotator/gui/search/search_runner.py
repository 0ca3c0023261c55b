"""Runs one corpus search at a time off the window's thread: a new search stops the one before, results come back as a signal."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from annotator.core.errors import AnnotatorError
from annotator.services.search import CorpusSearch, Query


class SearchRunner(QObject):
    """Searches in a thread of their own, so the window answers while a regular expression reads 100,000 articles.

    Each search has a number; only the newest one's result is delivered (`finished` with its hits, or `failed`
    with the reason), and starting a search asks the one still running to stop at its next document.
    """

    finished = Signal(int, list)  # search number, hits
    failed = Signal(int, str)  # search number, the reason in one line

    def __init__(self, search: CorpusSearch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._number = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, query: Query) -> int:
        """Start searching for `query` (stopping the search before); returns the number its result will carry."""
        self.stop()
        self._number += 1
        self._stop = threading.Event()
        number, stop = self._number, self._stop
        self._thread = threading.Thread(
            target=self._run, args=(number, query, stop), name="annotator-search", daemon=True
        )
        self._thread.start()
        return number

    def stop(self, wait: bool = False) -> None:
        """Ask the running search to stop (its result is dropped); with `wait`, until it has (before the project closes)."""
        self._stop.set()
        if wait and self._thread is not None:
            self._thread.join()

    def is_current(self, number: int) -> bool:
        return number == self._number and not self._stop.is_set()

    def _run(self, number: int, query: Query, stop: threading.Event) -> None:
        # a Qt signal emitted here is queued to the window's thread, which owns this object
        try:
            hits = self._search.search(query, stop.is_set)
        except AnnotatorError as exc:
            if not stop.is_set():
                self.failed.emit(number, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 (the database gone under a stopped search: nothing to report)
            if not stop.is_set():
                self.failed.emit(number, f"search failed: {exc}")
            return
        if not stop.is_set():
            self.finished.emit(number, hits)

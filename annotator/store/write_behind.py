"""A one-thread queue that runs an import's writes while the caller reads and checks the next chunk.

SQLite releases the GIL while it steps a statement (the inserts, the full-text index's tokenizer,
the indexes), so a second thread that does the writing overlaps most of it with the parsing and
checking of the next chunk in the caller's thread. Only one task runs at a time and at most one
waits, so memory holds no more than three chunks. Whoever touches the connection otherwise must
`drain()` first: the connection is never used by two threads at once.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

_STOP = None


class WriteBehind:
    """Runs submitted tasks in order in one thread; a task's error is raised in the caller by the next call."""

    def __init__(self) -> None:
        self._tasks: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="annotator-import-writer", daemon=True)
        self._thread.start()

    def submit(self, task: Callable[[], None]) -> None:
        """Queue `task` (waiting while one already waits); raises the error of an earlier task, if any."""
        self._raise()
        self._tasks.put(task)

    def drain(self) -> None:
        """Wait until every queued task has run; raises the first error of one of them."""
        self._tasks.join()
        self._raise()

    def close(self) -> None:
        """Let the queued tasks finish and end the thread (an error of theirs is dropped: the caller is failing already)."""
        if self._thread.is_alive():
            self._tasks.put(_STOP)
            self._thread.join()

    def _raise(self) -> None:
        error, self._error = self._error, None
        if error is not None:
            raise error

    def _run(self) -> None:
        while True:
            task = self._tasks.get()
            try:
                if task is _STOP:
                    return
                if self._error is None:  # after an error nothing more is written: the transaction rolls back
                    task()
            except BaseException as exc:  # handed to the caller's thread, which decides
                self._error = exc
            finally:
                self._tasks.task_done()

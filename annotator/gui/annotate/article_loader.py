"""Opens a long article a stretch at a time: the first screens at once, the rest between events."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.core.errors import AnnotatorError
from annotator.core.memory import paused_gc
from annotator.core.stretches import stretch_end

if TYPE_CHECKING:
    from annotator.core.model import Annotation
    from annotator.gui.annotate.document_view import DocumentView
    from annotator.services.project import Project

FIRST_SCREENS = (
    2  # text shown at once, in screens: Qt lays it out before the first paint, ~0.25 ms per 1,000 characters
)
MIN_FIRST_STRETCH = 2_000  # code points shown at once at least (a window not laid out yet has no size)
WHOLE_UP_TO = 20_000  # an article this long or shorter is shown whole at once: a few milliseconds
STRETCH = 50_000  # code points added in each slice of idle time: a few milliseconds of work


class ArticleLoader(QObject):
    """Brings the rest of the article open in `view` after the first stretch has been painted.

    Each slice reads the annotations that start in the next stretch of text (an indexed range
    query) and hands the end of the stretch and its annotations to `take` (the window, which shows
    them), then yields to the event loop, so that opening a 1,000,000-character article costs what
    its first screens cost and the window stays responsive while the rest arrives. Whatever needs
    the whole article calls `finish` first. A stretch that cannot be read is told to `failed`.
    """

    def __init__(
        self,
        view: DocumentView,
        *,
        take: Callable[[int, list[Annotation]], None],
        failed: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view = view
        self._take = take
        self._failed = failed
        # while part of it is to come (how much, the view knows): the document, and the project it is read from
        self._reading: tuple[int, Project] | None = None
        self._armed = False  # a slice will be scheduled at the next turn of the event loop
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.step)
        view.painted.connect(self._after_paint)
        view.whole_needed.connect(self.finish)

    @property
    def loading(self) -> bool:
        """Whether part of the open article is still to come."""
        return self._reading is not None

    def first_stretch(self, text: str) -> int:
        """Where the part of `text` shown at once ends: a little more than fills the view."""
        if len(text) <= WHOLE_UP_TO:
            return len(text)
        return stretch_end(text, 0, max(MIN_FIRST_STRETCH, FIRST_SCREENS * self.view.screenful()))

    def start(self, document_id: int, project: Project) -> None:
        """Bring in the rest of document `document_id` of `project`, which the view shows part of,
        starting after the view's next paint; a window that is not on screen gets it all at once."""
        self._reading = (document_id, project)
        if not self.view.isVisible():
            self.finish()

    def stop(self) -> None:
        self._reading = None
        self._timer.stop()

    def _after_paint(self) -> None:
        # the first stretch is on screen once this paint returns; go on at the next turn of the event
        # loop (two hops: a timer started now could still fire in the turn that delivered the paint)
        if self.loading and not self._timer.isActive() and not self._armed:
            self._armed = True
            QTimer.singleShot(0, self, self._go_on)

    def _go_on(self) -> None:
        self._armed = False
        if self.loading:
            self._timer.start()

    def step(self) -> None:
        """Bring in the next stretch."""
        if self._reading is None:
            return
        document_id, project = self._reading
        document = self.view.current_document
        if document is None:  # the view was emptied meanwhile: nothing is left to bring in
            self.stop()
            return
        start, length = self.view.shown_to, len(document.text)
        end = stretch_end(document.text, start, STRETCH)
        try:
            with paused_gc():
                annotations = project.annotations(document_id, starting=(start, end if end < length else None))
        except AnnotatorError as exc:
            self.stop()
            self._failed(f"Could not read the rest of the article: {exc}")
            return
        if end >= length:
            self.stop()
        with paused_gc():
            self._take(end, annotations)
        if self.loading:
            self._timer.start()

    def finish(self) -> None:
        """Bring in everything still to come, now."""
        while self.loading:
            self.step()

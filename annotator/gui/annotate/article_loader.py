"""Opens a long article a stretch at a time: the first screens at once, the rest between events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from annotator.core.errors import AnnotatorError
from annotator.core.memory import paused_gc
from annotator.core.stretches import stretch_end

if TYPE_CHECKING:
    from annotator.gui.annotate.main_window import MainWindow

FIRST_SCREENS = (
    2  # text shown at once, in screens: Qt lays it out before the first paint, ~0.25 ms per 1,000 characters
)
MIN_FIRST_STRETCH = 2_000  # code points shown at once at least (a window not laid out yet has no size)
WHOLE_UP_TO = 20_000  # an article this long or shorter is shown whole at once: a few milliseconds
STRETCH = 50_000  # code points added in each slice of idle time: a few milliseconds of work


class ArticleLoader(QObject):
    """Brings the rest of the open article into its window after the first stretch has been painted.

    Each slice reads the annotations that start in the next stretch of text (an indexed range
    query) and hands text and annotations to the window, then yields to the event loop, so that
    opening a 1,000,000-character article costs what its first screens cost and the window stays
    responsive while the rest arrives. Whatever needs the whole article calls `finish` first.
    """

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self._document_id: int | None = None  # while part of it is to come; how much, the view knows
        self._armed = False  # a slice will be scheduled at the next turn of the event loop
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.step)
        window.view.painted.connect(self._after_paint)
        window.view.whole_needed.connect(self.finish)

    @property
    def loading(self) -> bool:
        """Whether part of the open article is still to come."""
        return self._document_id is not None

    def first_stretch(self, text: str) -> int:
        """Where the part of `text` shown at once ends: a little more than fills the view."""
        if len(text) <= WHOLE_UP_TO:
            return len(text)
        return stretch_end(text, 0, max(MIN_FIRST_STRETCH, FIRST_SCREENS * self.window.view.screenful()))

    def start(self, document_id: int) -> None:
        """Bring in the rest of document `document_id`, which the view shows part of, starting after
        the view's next paint; a window that is not on screen gets it all at once."""
        self._document_id = document_id
        if not self.window.view.isVisible():
            self.finish()

    def stop(self) -> None:
        self._document_id = None
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
        if not self.loading:
            return
        view = self.window.view
        start, length = view.shown_to, len(view.current_document.text)
        end = stretch_end(view.current_document.text, start, STRETCH)
        try:
            with paused_gc():
                annotations = self.window.project.annotations(
                    self._document_id, starting=(start, end if end < length else None)
                )
        except AnnotatorError as exc:
            self.stop()
            self.window.show_error(f"Could not read the rest of the article: {exc}")
            return
        if end >= length:
            self.stop()
        with paused_gc():
            self.window.take_stretch(end, annotations)
        if self.loading:
            self._timer.start()

    def finish(self) -> None:
        """Bring in everything still to come, now."""
        while self.loading:
            self.step()

"""The find bar of the main window: every hit in the open article counted and marked, Enter for the next
(Shift+Enter the previous), wrapping round, with whole-word and match-case switches; Esc closes it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QToolBar

from annotator.core.occurrences import find_occurrences

if TYPE_CHECKING:
    from annotator.gui.annotate.document_view import DocumentView

TYPING_PAUSE_MS = 120  # hits are counted once typing pauses: a long article is not searched per keystroke


class FindBar(QToolBar):
    """A hidden tool bar: the text to find, its switches, and "3 of 12"."""

    not_found = Signal(str)  # the text looked for, when the article does not hold it

    def __init__(self, view: DocumentView, parent=None):
        super().__init__("Find", parent)
        self.setObjectName("findBar")
        self.view = view
        self.hits: list[tuple[int, int]] = []
        self.current = -1
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous)")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(260)
        self.edit.setMaximumWidth(420)
        self.edit.returnPressed.connect(self.find_next)
        QShortcut(
            QKeySequence("Shift+Return"), self.edit, lambda: self.step(-1), context=Qt.ShortcutContext.WidgetShortcut
        )
        QShortcut(QKeySequence("Esc"), self.edit, self.close_bar, context=Qt.ShortcutContext.WidgetShortcut)
        self.whole_word = QCheckBox("&Whole word")
        self.match_case = QCheckBox("Match &case")
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(90)
        self.addWidget(self.edit)
        self.addWidget(self.whole_word)
        self.addWidget(self.match_case)
        self.addWidget(self.count)
        self.addAction("✕", self.close_bar).setToolTip("Close the find bar (Esc)")
        self._pause = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.edit.textChanged.connect(self._pause.start)
        self.whole_word.toggled.connect(self.refresh)
        self.match_case.toggled.connect(self.refresh)
        self.hide()

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.hide()
        self.hits, self.current = [], -1
        self.view.set_find_hits([])
        self.view.setFocus()

    def refresh(self) -> None:
        """Find every hit of what the field says in the article, mark them all and count them."""
        self._pause.stop()
        document, needle = self.view.current_document, self.edit.text()
        if self.view.shown_to < len(document.text if document else ""):
            self.view.whole_needed.emit()  # a hit may lie in what has not arrived yet
        self.hits = find_occurrences(
            document.text if document else "",
            needle,
            whole_word=self.whole_word.isChecked(),
            match_case=self.match_case.isChecked(),
        )
        self.current = -1
        self.view.set_find_hits(self.hits)
        self._say()

    def find_next(self) -> None:
        self.step(1)

    def step(self, step: int) -> None:
        """Select the next hit after the caret (or the one before it), wrapping round."""
        if self._pause.isActive() or not self.hits and self.edit.text():
            self.refresh()
        if not self.hits:
            if self.edit.text():
                self.not_found.emit(self.edit.text())
            return
        starts = [start for start, _ in self.hits]
        if 0 <= self.current < len(self.hits) and self.view.selected_span() == self.hits[self.current]:
            self.current = (self.current + step) % len(self.hits)
        else:  # from the caret (or the selection's start): the first hit after it, or the last before it
            span = self.view.selected_span()
            caret = span[0] if span else self.view.utf16_map.to_code_point(self.view.textCursor().position())
            after = bisect_right(starts, caret) if span else bisect_left(starts, caret)
            self.current = after % len(self.hits) if step > 0 else (bisect_left(starts, caret) - 1) % len(self.hits)
        hit = self.hits[self.current]
        self.view.select_span(*hit)
        self.view.ensureCursorVisible()
        self.view.set_find_hits(self.hits, hit)
        self._say()

    def _say(self) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif not self.hits:
            self.count.setText("no match")
        elif self.current < 0:
            self.count.setText(f"{len(self.hits)} match{'es' if len(self.hits) != 1 else ''}")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.hits)}")

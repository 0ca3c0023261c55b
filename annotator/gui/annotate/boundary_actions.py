"""Moving the selected annotation's start or end: by a character or a word with keys (Edit → Span
boundaries), or by dragging an edge in the article; each move is one undo step, saved at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu, QStatusBar

from annotator.core.model import Annotation
from annotator.core.word_snap import move_edge, snap_to_words
from annotator.gui.annotate.commands import ErrorHandler, UpdateAnnotationCommand

if TYPE_CHECKING:
    from annotator.gui.annotate.document_view import DocumentView
    from annotator.services.project import Project

# (text, edge, step, by word, keys): Alt moves the start, Alt+Shift the end; with Ctrl, by a word
MOVES = (
    ("Start &left", "start", -1, False, "Alt+Left"),
    ("Start &right", "start", 1, False, "Alt+Right"),
    ("&End left", "end", -1, False, "Alt+Shift+Left"),
    ("End ri&ght", "end", 1, False, "Alt+Shift+Right"),
    ("Start left by a &word", "start", -1, True, "Ctrl+Alt+Left"),
    ("Start right by a w&ord", "start", 1, True, "Ctrl+Alt+Right"),
    ("End left by a wor&d", "end", -1, True, "Ctrl+Alt+Shift+Left"),
    ("End right by a word", "end", 1, True, "Ctrl+Alt+Shift+Right"),
)


class BoundaryHost(Protocol):
    """What moving boundaries needs of the main window."""

    project: Project | None
    selected_id: int | None
    undo_stack: QUndoStack

    @property
    def view(self) -> DocumentView: ...

    def select_annotation(self, annotation_id: int | None) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def command_failed(self, message: str, retry: QUndoCommand | None) -> None: ...


class BoundaryActions(QObject):
    """The eight moves as actions of a submenu; an edge dragged in the article lands here too."""

    def __init__(self, host: BoundaryHost, edit_menu: QMenu) -> None:
        super().__init__(edit_menu)
        self.host = host
        self.on_error: ErrorHandler = host.command_failed
        self.menu = edit_menu.addMenu("Span &boundaries")
        self.menu.setObjectName("boundaryMenu")
        self.actions: dict[tuple[str, int, bool], QAction] = {}
        for number, (text, edge, step, by_word, keys) in enumerate(MOVES):
            if number == 4:
                self.menu.addSeparator()
            action = QAction(text, edit_menu)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, e=edge, s=step, w=by_word: self.move(e, s, by_word=w))
            self.menu.addAction(action)
            self.actions[edge, step, by_word] = action
        host.view.edge_dragged.connect(self.drop_edge)

    def _selected(self) -> tuple[Project, Annotation, str] | None:
        host = self.host
        project, document = host.project, host.view.current_document
        annotation = host.view.shown_annotation(host.selected_id)
        if project is None or document is None or annotation is None:
            host.statusBar().showMessage("Select an annotation first, then move its start or end.", 4000)
            return None
        return project, annotation, document.text

    def move(self, edge: str, step: int, *, by_word: bool = False) -> None:
        """Move the selected annotation's `edge` one character or word left (-1) or right (+1)."""
        selected = self._selected()
        if selected is None:
            return
        _, annotation, text = selected
        span = move_edge(text, annotation.start, annotation.end, edge, step, by_word=by_word)
        if span is None:
            self.host.statusBar().showMessage(f"The {edge} cannot move further that way.", 4000)
            return
        self._apply(annotation, span)

    def drop_edge(self, annotation_id: int, edge: str, offset: int) -> None:
        """An edge of `annotation_id` dragged to `offset` (code points): snapped to a word edge unless the
        view keeps exact characters."""
        selected = self._selected()
        if selected is None or selected[1].id != annotation_id:
            return
        _, annotation, text = selected
        start, end = (offset, annotation.end) if edge == "start" else (annotation.start, offset)
        if start >= end:
            self.host.statusBar().showMessage(f"The {edge} cannot pass the other end of the span.", 4000)
            return
        if self.host.view.snap_to_words:
            snapped = snap_to_words(text, start, end)
            if snapped is None:
                return
            # only the dragged edge snaps: the other stays exactly where it was
            start, end = (snapped[0], end) if edge == "start" else (start, snapped[1])
        self._apply(annotation, (start, end))

    def _apply(self, annotation: Annotation, span: tuple[int, int]) -> None:
        project = self.host.project
        if project is None or span == (annotation.start, annotation.end):
            return
        changes = {"start": span[0], "end": span[1]}
        self.host.undo_stack.push(UpdateAnnotationCommand(project, annotation, changes, self.on_error))
        self.host.select_annotation(annotation.id)

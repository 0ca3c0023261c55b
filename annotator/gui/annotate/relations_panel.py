"""The Relations list under the annotation table: the open document's relations, Delete removes one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.annotate.commands import ErrorHandler
from annotator.gui.annotate.relation_commands import DeleteRelationCommand
from annotator.gui.annotate.relation_table_model import RelationTableModel

if TYPE_CHECKING:
    from annotator.gui.project_events import ProjectEvents
    from annotator.services.project import Change, Project


class RelationsPanel(QWidget):
    """A titled table of relations; refreshed on relation and annotation changes of the shown document."""

    refreshed = Signal()  # the list was read again: the article's arrows follow it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack: QUndoStack | None = None
        self.on_error: ErrorHandler | None = None
        self.document_id: int | None = None
        self._text = ""
        self._ends: set[int] = set()  # ends of every relation listed for this document: their edits refresh the list
        self.title = QLabel("Relations")
        self.title.setStyleSheet("font-weight: bold;")
        self.model = RelationTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("relationTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(0, 96)
        header.resizeSection(3, 64)
        self.delete_action = QAction("Delete relation", self.table)
        self.delete_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def attach(self, project: Project, events: ProjectEvents, undo_stack: QUndoStack, on_error: ErrorHandler) -> None:
        self.project, self.undo_stack, self.on_error = project, undo_stack, on_error
        events.changed.connect(self._on_change)

    def show_document(self, document_id: int | None, text: str) -> None:
        """The relations of `document_id`, whose text is `text`."""
        self.document_id, self._text = document_id, text
        self._ends = set()
        self.refresh()

    def refresh(self) -> None:
        relations = []
        texts: dict[int, str] = {}
        if self.project is not None and self.document_id is not None:
            try:
                relations = self.project.relations(self.document_id)
                ends = sorted({i for r in relations for i in (r.source_id, r.target_id)})
                ends_shown = self.project.annotations_by_id(ends) if ends else []
            except AnnotatorError:
                relations, ends_shown = [], []
            self._ends.update(ends)
            texts = {a.id: self._text[a.start : a.end] for a in ends_shown}
            starts = {a.id: a.start for a in ends_shown}
            relations.sort(key=lambda r: (starts.get(r.source_id, 0), starts.get(r.target_id, 0), r.id))
        self.model.set_relations(relations, texts)
        self.title.setText(f"Relations ({len(relations)})" if relations else "Relations")
        self.refreshed.emit()

    def _on_change(self, change: Change) -> None:
        if change.document_id != self.document_id:
            return
        # an annotation's edit or delete (which takes its relations) matters only if it is, or was, an end
        if change.kind == "relations" or (
            change.kind == "annotations" and (not change.annotation_ids or self._ends & set(change.annotation_ids))
        ):
            self.refresh()

    def delete_current(self) -> None:
        relation = self.model.relation(self.table.currentIndex().row())
        if relation is None or self.project is None or self.undo_stack is None or self.on_error is None:
            return
        self.undo_stack.push(DeleteRelationCommand(self.project, relation.id, self.on_error))

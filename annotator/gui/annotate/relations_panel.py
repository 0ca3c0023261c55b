"""The Relations list under the annotation table: the open document's relations; T changes one's type,
R reverses it, Delete removes it (also from its context menu)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QTableView, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.model import Relation
from annotator.gui.annotate.article_loader import WHOLE_UP_TO
from annotator.gui.annotate.commands import ErrorHandler
from annotator.gui.annotate.relation_commands import DeleteRelationCommand, UpdateRelationCommand
from annotator.gui.annotate.relation_table_model import RelationTableModel

if TYPE_CHECKING:
    from annotator.gui.project_events import ProjectEvents
    from annotator.services.project import Change, Project


class RelationsPanel(QWidget):
    """A titled table of relations; refreshed on relation and annotation changes of the shown document."""

    refused = Signal(str)  # an edit the schema does not allow, and why (for the status bar)
    refreshed = Signal()  # the list was read again: the article's arrows follow it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack: QUndoStack | None = None
        self.on_error: ErrorHandler | None = None
        self.document_id: int | None = None
        self._text = ""
        self._ends: set[int] = set()  # ends of every relation listed for this document: their edits refresh the list
        self._labels: dict[int, str] = {}  # the listed relations' ends: annotation id -> label key
        self._texts: dict[int, str] = {}  # ... and the text each covers
        self._deferred = False  # fill a newly shown document's list after the article's first paint (fill_after)
        self._pending = False  # that fill is still to come
        self._armed = False
        self._fill = QTimer(self, singleShot=True, interval=0)
        self._fill.timeout.connect(self.finish)
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
        self.type_action = self._table_action("Next &type", Qt.Key.Key_T, self.cycle_type)
        self.reverse_action = self._table_action("&Reverse", Qt.Key.Key_R, self.reverse_current)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.menu: QMenu | None = None  # the context menu last shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def _table_action(self, text: str, key: Qt.Key, slot) -> QAction:
        action = QAction(text, self.table)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def attach(self, project: Project, events: ProjectEvents, undo_stack: QUndoStack, on_error: ErrorHandler) -> None:
        self.project, self.undo_stack, self.on_error = project, undo_stack, on_error
        events.changed.connect(self._on_change)

    def fill_after(self, painted: SignalInstance) -> None:
        """From now on, the list of a newly shown long article fills after `painted` (the article's first paint), in
        idle time: its thousands of relations then never delay the article on screen (a short one's fills at once)."""
        self._deferred = True
        painted.connect(self._after_paint)

    def show_document(self, document_id: int | None, text: str) -> None:
        """The relations of `document_id`, whose text is `text`."""
        self.document_id, self._text = document_id, text
        self._ends = set()
        if self._deferred and self.isVisible() and document_id is not None and len(text) > WHOLE_UP_TO:
            # a long article (shown a stretch at a time): its list fills after the article's first paint
            self._pending = True
            self._texts, self._labels = {}, {}
            self.model.set_relations([], {})
            self.title.setText("Relations")
        else:
            self.refresh()

    def _after_paint(self) -> None:
        # two hops, as the article loader: a timer started now could still fire in the turn that delivered the paint
        if self._pending and not self._armed and not self._fill.isActive():
            self._armed = True
            QTimer.singleShot(0, self, self._go_on)

    def _go_on(self) -> None:
        self._armed = False
        if self._pending:
            self._fill.start()

    def finish(self) -> None:
        """Fill the list now if its fill is still to come."""
        if self._pending:
            self.refresh()

    def refresh(self) -> None:
        self._pending = False
        self._fill.stop()
        relations = []
        texts: dict[int, str] = {}
        if self.project is not None and self.document_id is not None:
            try:  # one query: the relations with their ends' labels and offsets (thousands in a long article)
                found = self.project.relations_with_ends(self.document_id)
            except AnnotatorError:
                found = []
            relations = [relation for relation, _, _ in found]
            shown = {  # the ends this session may see: id -> (label, start, end)
                end_id: end
                for relation, source, target in found
                for end_id, end in ((relation.source_id, source), (relation.target_id, target))
                if end is not None
            }
            self._ends.update(i for r in relations for i in (r.source_id, r.target_id))
            texts = {i: self._text[start:end] for i, (_, start, end) in shown.items()}
            self._labels = {i: label for i, (label, _, _) in shown.items()}
            relations.sort(key=lambda r: (shown.get(r.source_id, ("", 0))[1], shown.get(r.target_id, ("", 0))[1], r.id))
        self._texts = texts
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

    # --- the selected relation's type and direction

    def current(self) -> Relation | None:
        return self.model.relation(self.table.currentIndex().row())

    def fitting_types(self, relation: Relation) -> list[str]:
        """The relation types the schema allows between the relation's ends, as they point now."""
        source, target = self._labels.get(relation.source_id), self._labels.get(relation.target_id)
        if self.project is None or source is None or target is None:
            return [relation.type]
        return self.project.schema.fitting_types(source, target) or [relation.type]

    def cycle_type(self) -> None:
        """T: the next type the schema allows for the pair."""
        relation = self.current()
        if relation is None:
            return
        types = self.fitting_types(relation)
        if types == [relation.type]:
            self.refused.emit(f"No other relation type fits this pair; it stays {relation.type}.")
            return
        following = types[(types.index(relation.type) + 1) % len(types)] if relation.type in types else types[0]
        self.set_type(following)

    def set_type(self, type_key: str) -> None:
        relation = self.current()
        if relation is not None and type_key != relation.type:
            self._push(UpdateRelationCommand(self._project(), relation.id, type_key, False, self._on_error()))

    def reverse_current(self) -> None:
        """R: swap the ends, if the schema allows the relation the other way round (else say why, in passing)."""
        relation = self.current()
        if relation is None:
            return
        source, target = self._labels.get(relation.source_id, ""), self._labels.get(relation.target_id, "")
        problem = self._project().schema.relation_problem(relation.type, target, source)
        if problem is not None:
            self.refused.emit(f"Cannot reverse: {problem}.")
            return
        self._push(UpdateRelationCommand(self._project(), relation.id, None, True, self._on_error()))

    def _show_menu(self, position: QPoint) -> None:
        row = self.table.indexAt(position).row()
        relation = self.model.relation(row)
        if relation is None:
            return
        self.table.selectRow(row)
        menu = QMenu(self.table)
        types = menu.addMenu("&Set type")
        for key in self.fitting_types(relation):
            action = types.addAction(key)
            action.triggered.connect(partial(self.set_type, key))
            action.setCheckable(True)
            action.setChecked(key == relation.type)
        types.setEnabled(len(self.fitting_types(relation)) > 1)
        for action in (self.type_action, self.reverse_action, self.delete_action):
            menu.addAction(action)
        self.menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    # --- for the window: the lines of one annotation's relations, and the counts

    def lines_of(self, annotation_id: int | None) -> list[tuple[str, int]]:
        """The listed relations of an annotation, one line each ("speaker → Anders Fogh Rasmussen",
        "← provider: troop deployment"), with the annotation at the other end."""
        lines = []
        for row in range(self.model.rowCount()):
            relation = self.model.relation(row)
            if relation is None or annotation_id not in (relation.source_id, relation.target_id):
                continue
            if relation.source_id == annotation_id:
                other = relation.target_id
                lines.append((f"{relation.type} → {self._short(other)}", other))
            else:
                other = relation.source_id
                lines.append((f"← {relation.type}: {self._short(other)}", other))
        return lines

    def _short(self, annotation_id: int) -> str:
        text = " ".join(self._texts.get(annotation_id, "").split())
        return text if len(text) <= 44 else text[:43] + "…"

    def counts(self, analyst: str) -> tuple[int, int]:
        """How many relations are listed, and how many of them are `analyst`'s."""
        relations = [self.model.relation(row) for row in range(self.model.rowCount())]
        return len(relations), sum(1 for r in relations if r is not None and r.analyst == analyst)

    def _project(self) -> Project:
        if self.project is None:
            raise RuntimeError("the Relations list is not attached to a project")
        return self.project

    def _on_error(self) -> ErrorHandler:
        if self.on_error is None:
            raise RuntimeError("the Relations list is not attached to a project")
        return self.on_error

    def _push(self, command: UpdateRelationCommand) -> None:
        if self.undo_stack is not None:
            self.undo_stack.push(command)

"""The schema editor window: the labels (reordered by dragging or buttons), the selected label's form, relation types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListView,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core import schema_edits
from annotator.core.errors import AnnotatorError
from annotator.core.labels import LabelDef, LabelSchema, RelationTypeDef
from annotator.gui.project_events import ProjectEvents
from annotator.gui.schema.label_form import LabelForm
from annotator.gui.schema.label_list_model import LabelListModel
from annotator.gui.schema.relation_type_model import RelationTypeModel
from annotator.gui.schema.schema_commands import DeleteLabelCommand, SchemaChangeCommand

if TYPE_CHECKING:
    from annotator.services.project import Change, Project


class SchemaWindow(QMainWindow):
    """Every change is saved at once and is one step of this window's undo stack (Ctrl+Z, Ctrl+Shift+Z)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Labels and guidelines")
        self.setObjectName("schemaWindow")
        self.project = project
        self.editor = project.schema_editor
        self.undo_stack = QUndoStack(self)
        self.confirm_delete = self._ask_delete  # replaced in tests: the question a user answers
        self._fresh: set[str] = set()  # labels added here: their key follows their name until annotations use them
        self._build()
        self.events = ProjectEvents(project, self)
        self.events.changed.connect(self._on_change)
        self._refresh()
        self.labels.setCurrentIndex(self.label_model.index(0, 0))
        self.resize(920, 720)

    # --- construction

    def _build(self) -> None:
        tools = QToolBar("Edit", self)
        tools.setObjectName("schemaTools")
        tools.setMovable(False)
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        tools.addAction(self.undo_action)
        tools.addAction(self.redo_action)
        self.addToolBar(tools)

        self.label_model = LabelListModel(self)
        self.labels = QListView()
        self.labels.setObjectName("schemaLabels")
        self.labels.setModel(self.label_model)
        self.labels.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.labels.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.labels.selectionModel().currentChanged.connect(self._label_chosen)
        self.label_model.move_requested.connect(self.move_label)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add")
        self.delete_button = QPushButton("Delete…")
        self.up_button = QPushButton("Up")
        self.down_button = QPushButton("Down")
        for button in (self.add_button, self.delete_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        self.add_button.clicked.connect(lambda: self.add_label())
        self.delete_button.clicked.connect(self.delete_current)
        self.up_button.clicked.connect(lambda: self._step(-1))
        self.down_button.clicked.connect(lambda: self._step(1))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.labels)
        left_layout.addLayout(buttons)

        self.form = LabelForm()
        self.form.edited.connect(self.update_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setSizes([260, 660])

        self.relation_model = RelationTypeModel(self)
        self.relation_model.relations_edited.connect(self.set_relation_types)
        self.relation_model.refused.connect(self._say)
        self.relation_table = QTableView()
        self.relation_table.setObjectName("relationTypes")
        self.relation_table.setModel(self.relation_model)
        self.relation_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.relation_table.verticalHeader().hide()
        add_type, remove_type = QPushButton("Add relation type"), QPushButton("Remove relation type")
        add_type.clicked.connect(self._add_relation_type)
        remove_type.clicked.connect(self._remove_relation_type)
        relation_buttons = QHBoxLayout()
        relation_buttons.addWidget(add_type)
        relation_buttons.addWidget(remove_type)
        relation_buttons.addStretch(1)
        relations_page = QWidget()
        relations_layout = QVBoxLayout(relations_page)
        relations_layout.addWidget(self.relation_table)
        relations_layout.addLayout(relation_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "Labels")
        self.tabs.addTab(relations_page, "Relation types")
        self.setCentralWidget(self.tabs)

    # --- what the user does

    @property
    def schema(self) -> LabelSchema:
        return self.project.schema

    def current_key(self) -> str | None:
        return self.label_model.key(self.labels.currentIndex().row())

    def add_label(self, name: str = "") -> None:
        """A new label with the next free digit as its key; its name can be typed at once."""
        schema = self.schema
        taken = {lb.shortcut for lb in schema}
        shortcut = next((str(d) for d in range(1, 10) if str(d) not in taken), "")
        names = {lb.name.casefold() for lb in schema}
        name = name or next(
            n for n in (f"New label {i}".replace(" 1", "") for i in range(1, 99)) if n.casefold() not in names
        )
        try:
            after, label = schema_edits.add_label(schema, name, shortcut)
        except AnnotatorError as exc:
            self._say(str(exc))
            return
        self._push(f"Add label {label.name}", after)
        self._fresh.add(label.key)
        self._select(label.key)
        self.form.name.setFocus()
        self.form.name.selectAll()

    def update_label(self, label: LabelDef) -> None:
        key = label.key
        try:
            after = schema_edits.update_label(self.schema, label)
            if key in self._fresh and self.editor.usage().label_count(key) == 0:
                after, key = schema_edits.rekey_label(after, key, label.name)
                self._fresh.add(key)
        except AnnotatorError as exc:
            self._say(str(exc))
            self.form.set_label(self.schema.get(label.key))
            return
        self._push(f"Edit label {label.name}", after)
        self._select(key)

    def move_label(self, key: str, row: int) -> None:
        label = self.schema.get(key)
        if label is not None:
            self._push(f"Move label {label.name}", schema_edits.move_label(self.schema, key, row))
            self._select(key)

    def set_relation_types(self, relations: tuple[RelationTypeDef, ...]) -> None:
        try:
            after = schema_edits.set_relation_types(self.schema, relations)
        except AnnotatorError as exc:
            self._say(str(exc))
            return
        self._push("Edit relation types", after)

    def delete_current(self) -> None:
        key = self.current_key()
        label = self.schema.get(key) if key else None
        if label is None:
            return
        count = self.editor.usage().label_count(label.key)
        if not self.confirm_delete(label, count):
            return
        self.undo_stack.push(DeleteLabelCommand(self.editor, label.key, label.name, count, self._say))

    # --- helpers

    def _push(self, text: str, after: LabelSchema) -> None:
        self.undo_stack.push(SchemaChangeCommand(self.editor, text, self.schema, after, self._say))

    def _ask_delete(self, label: LabelDef, count: int) -> bool:
        used = (
            f"{count} annotation{'s' if count != 1 else ''} use it and will be deleted with it"
            if count
            else "No annotation uses it"
        )
        answer = QMessageBox.question(
            self,
            "Delete label",
            f"Delete the label {label.name}?\n\n{used}. Ctrl+Z in this window puts it all back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _step(self, step: int) -> None:
        key = self.current_key()
        row = self.labels.currentIndex().row()
        if key is not None and 0 <= row + step < self.label_model.rowCount():
            self.move_label(key, row + step)

    def _add_relation_type(self) -> None:
        keys = {r.key for r in self.schema.relations}
        key = next(k for k in (f"relation_{i}" for i in range(1, 999)) if k not in keys)
        self.set_relation_types((*self.schema.relations, RelationTypeDef(key)))

    def _remove_relation_type(self) -> None:
        row = self.relation_table.currentIndex().row()
        relations = self.schema.relations
        if 0 <= row < len(relations):
            self.set_relation_types(relations[:row] + relations[row + 1 :])

    def _select(self, key: str) -> None:
        row = self.label_model.row_of(key)
        if row is not None:
            self.labels.setCurrentIndex(self.label_model.index(row, 0))

    def _label_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.label_model.key(current.row())
        self.form.set_label(self.schema.get(key) if key else None)

    def _say(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def _on_change(self, change: Change) -> None:
        if change.kind == "schema":
            self._refresh()

    def _refresh(self) -> None:
        key = self.current_key()
        schema = self.schema
        self.label_model.set_schema(schema)
        self.relation_model.set_schema(schema)
        if key is not None and schema.get(key) is not None:
            self._select(key)
        elif len(schema):
            self.labels.setCurrentIndex(self.label_model.index(0, 0))
        else:
            self.form.set_label(None)
        self.delete_button.setEnabled(len(schema) > 0)

    def closeEvent(self, event) -> None:
        self.form.commit()  # what was typed but not yet left is saved too
        self.events.detach()
        super().closeEvent(event)

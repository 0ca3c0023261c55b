"""The Search dock (Ctrl+Shift+F): text, whole words, regular expressions and span queries across all articles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.search_text import Mode
from annotator.gui.focus_combo import FocusComboBox
from annotator.gui.search.search_results_model import SearchResultsModel
from annotator.gui.search.search_runner import SearchRunner
from annotator.gui.search.tag_results_command import TagResultsCommand
from annotator.services.bulk_tagging import add_annotations
from annotator.services.search import CorpusSearch, Hit, Query, parse_attribute, write_csv

if TYPE_CHECKING:
    from PySide6.QtGui import QUndoStack

    from annotator.gui.annotate.commands import ErrorHandler
    from annotator.services.project import Project

ANY = ""  # the label and analyst boxes' "any" entry


class SearchDock(QDockWidget):
    """Query, options, keyword-in-context results; Enter or a double-click asks for the article at the hit."""

    hit_requested = Signal(int, int, int)  # document id, start, end

    def __init__(self, project: Project, undo_stack: QUndoStack, on_error: ErrorHandler, parent=None) -> None:
        super().__init__("Search", parent)
        self.setObjectName("searchDock")
        self.project, self.undo_stack, self.on_error = project, undo_stack, on_error
        self.search = CorpusSearch(project)
        self.runner = SearchRunner(self.search, self)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self._pending: int | None = None  # the number of the search under way

        self.query_edit = QLineEdit()
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setPlaceholderText("Search all articles (Enter)")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self.run)
        run_button = QPushButton("Search")
        run_button.clicked.connect(self.run)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the search under way; the results shown before stay")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_search)
        self.whole_word = QCheckBox("&Whole word")
        self.regex = QCheckBox("Regular e&xpression")
        self.label_box = FocusComboBox()
        self.label_box.setObjectName("searchLabel")
        self.label_box.setToolTip("Search the spans of this label (the query, if any, inside them)")
        self.attribute_edit = QLineEdit()
        self.attribute_edit.setPlaceholderText("attribute=value")
        self.attribute_edit.setToolTip("Search the spans with this attribute value, e.g. type=membership")
        self.attribute_edit.returnPressed.connect(self.run)
        self.analyst_box = FocusComboBox()
        self.analyst_box.setToolTip("Search the spans of this analyst (in blind mode: only your own)")

        self.model = SearchResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("searchResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._open)  # Enter, and a double-click
        self.table.doubleClicked.connect(self._open)

        self.count_label = QLabel("")
        self.count_label.setObjectName("searchCount")
        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self.export)
        self.tag_box = FocusComboBox()
        self.tag_box.setObjectName("searchTagLabel")
        self.tag_button = QPushButton("Tag all")
        self.tag_button.setToolTip("Tag every hit with the chosen label, in one step (Ctrl+Z undoes it)")
        self.tag_button.clicked.connect(self.tag_all)

        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(run_button)
        top.addWidget(self.stop_button)
        options = QHBoxLayout()
        options.addWidget(self.whole_word)
        options.addWidget(self.regex)
        options.addSpacing(12)
        options.addWidget(QLabel("Label:"))
        options.addWidget(self.label_box)
        options.addWidget(self.attribute_edit)
        options.addWidget(QLabel("Analyst:"))
        options.addWidget(self.analyst_box)
        options.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addSpacing(12)
        bottom.addWidget(QLabel("Tag all as:"))
        bottom.addWidget(self.tag_box)
        bottom.addWidget(self.tag_button)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setWidget(body)
        self._sized = False
        self.open_action = QAction("Search the &corpus…", self)
        self.open_action.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.open_action.triggered.connect(self.open)
        self.refresh_choices()
        self._update_buttons()

    @classmethod
    def install(
        cls, window: QMainWindow, project: Project, undo_stack: QUndoStack, on_error: ErrorHandler
    ) -> SearchDock:
        """A hidden Search dock at the bottom of `window`, opened by Ctrl+Shift+F (also in its Edit menu)."""
        dock = cls(project, undo_stack, on_error, window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.hide()
        dock.open_action.setParent(window)
        window.addAction(dock.open_action)  # the key works wherever the focus is in the window
        for entry in window.menuBar().actions():
            menu = entry.menu()
            if entry.text().replace("&", "") == "Edit" and isinstance(menu, QMenu):
                menu.addAction(dock.open_action)
        return dock

    def open(self) -> None:
        """Show the dock with the query selected, ready to type."""
        self.refresh_choices()
        first = self.isHidden() and not self._sized
        self.show()
        window = self.parentWidget()
        if first and isinstance(window, QMainWindow):  # a third of the window: room for a screen of hits
            window.resizeDocks([self], [max(240, window.height() // 3)], Qt.Orientation.Vertical)
            self._sized = True
        self.raise_()
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def refresh_choices(self) -> None:
        """Labels of the schema and the analysts this session may see."""
        for box, items in (
            (self.label_box, [(label.name, label.key) for label in self.project.schema.labels]),
            (self.analyst_box, [(name, name) for name in self.project.analysts()]),
        ):
            current = box.currentData()
            box.clear()
            box.addItem("any", ANY)
            for text, data in items:
                box.addItem(text, data)
            box.setCurrentIndex(max(0, box.findData(current)))
        current = self.tag_box.currentData()
        self.tag_box.clear()
        for label in self.project.schema.labels:
            self.tag_box.addItem(label.name, label.key)
        self.tag_box.setCurrentIndex(max(0, self.tag_box.findData(current)))

    def query(self) -> Query:
        mode = Mode.REGEX if self.regex.isChecked() else Mode.WORD if self.whole_word.isChecked() else Mode.TEXT
        label, analyst = self.label_box.currentData(), self.analyst_box.currentData()
        attribute = parse_attribute(self.attribute_edit.text()) if self.attribute_edit.text().strip() else None
        return Query(self.query_edit.text(), mode, (label,) if label else (), (analyst,) if analyst else (), attribute)

    @property
    def searching(self) -> bool:
        """Whether a search is under way (its results not shown yet)."""
        return self._pending is not None

    def run(self) -> None:
        """Search now, in the background; the results replace the last ones when they come (a new search stops this one)."""
        try:
            query = self.query()
        except AnnotatorError as exc:  # a malformed attribute=value: said at once
            self._show_failure(str(exc))
            return
        self._pending = self.runner.start(query)
        self.count_label.setText("Searching…")
        self.stop_button.setEnabled(True)
        self._update_buttons()

    def stop_search(self) -> None:
        """Stop the search under way; the results shown before stay."""
        if self._pending is not None:
            self.runner.stop()
            self._pending = None
            self.count_label.setText("Search stopped")
            self.stop_button.setEnabled(False)
            self._update_buttons()

    def close_search(self) -> None:
        """Stop any search and wait for it to let go of the project (before the project closes)."""
        self._pending = None
        self.runner.stop(wait=True)

    def _failed(self, number: int, reason: str) -> None:
        if number == self._pending:
            self._pending = None
            self.stop_button.setEnabled(False)
            self._show_failure(reason)

    def _show_failure(self, reason: str) -> None:
        self.model.set_hits([])
        self.count_label.setText(reason)
        self._update_buttons()

    def _finished(self, number: int, hits: list[Hit]) -> None:
        if number != self._pending:
            return  # a search stopped or replaced since
        self._pending = None
        self.stop_button.setEnabled(False)
        self._show(hits)

    def _show(self, hits: list[Hit]) -> None:
        self.model.set_hits(hits, {label.key: label.name for label in self.project.schema.labels})
        self.table.resizeColumnToContents(SearchResultsModel.DOCUMENT)
        self.table.resizeColumnToContents(SearchResultsModel.NUMBER)
        width = self.table.fontMetrics().horizontalAdvance("m" * 22)
        self.table.setColumnWidth(SearchResultsModel.BEFORE, width)
        self.table.resizeColumnToContents(SearchResultsModel.HIT)
        documents = self.model.document_count()
        self.count_label.setText(
            f"{len(hits)} hit{'' if len(hits) == 1 else 's'} in {documents} document{'' if documents == 1 else 's'}"
        )
        self._update_buttons()
        if hits:
            self.table.selectRow(0)

    def _update_buttons(self) -> None:
        has_hits = bool(self.model.hits) and self._pending is None  # the hits shown are of the last query asked
        self.export_button.setEnabled(has_hits)
        self.tag_button.setEnabled(has_hits and self.project.read_only is None)

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.model.hit(index.row())
            self.hit_requested.emit(hit.document_id, hit.start, hit.end)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the search results", "search.csv", "CSV (*.csv)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        try:
            write_csv(self.model.hits, path)
        except (AnnotatorError, OSError) as exc:
            self.count_label.setText(f"Not exported: {exc}")
            return
        self.count_label.setText(f"Wrote {len(self.model.hits)} hits to {path}")

    def tag_all(self) -> None:
        """Tag every hit with the chosen label, as one undoable step."""
        label = self.tag_box.currentData()
        spans: dict[int, list[tuple[int, int]]] = {}
        for hit in self.model.hits:
            spans.setdefault(hit.document_id, []).append((hit.start, hit.end))
        try:
            added = add_annotations(self.project, spans, label)
        except AnnotatorError as exc:
            self.count_label.setText(f"Not tagged: {exc}")
            return
        if added:
            self.undo_stack.push(TagResultsCommand(self.project, added, self.tag_box.currentText(), self.on_error))
        skipped = len(self.model.hits) - len(added)
        self.count_label.setText(
            f"Tagged {len(added)} as {self.tag_box.currentText()}" + (f" ({skipped} already were)" if skipped else "")
        )

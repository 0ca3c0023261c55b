"""The left side of the main window: the filter bar, the document list and the Article box of the open document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.core.errors import AnnotatorError
from annotator.gui.annotate.article_panel import ArticlePanel
from annotator.gui.annotate.document_filter_bar import DocumentFilterBar
from annotator.gui.annotate.document_list_model import DocumentListModel

if TYPE_CHECKING:
    from annotator.gui.project_events import ProjectEvents
    from annotator.services.project import Change, Project


class DocumentPane(QWidget):
    """Holds the window's document list (a `QTableView` it is given) between the filter bar and the Article box."""

    def __init__(self, document_list: QTableView, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = document_list
        self.filter_bar = DocumentFilterBar()
        self.article = ArticlePanel()
        self.document_id: int | None = None
        self._project: Project | None = None
        self._model: DocumentListModel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.article)

    def attach(self, project: Project, events: ProjectEvents, model: DocumentListModel) -> None:
        """Work on `project`, whose documents `model` lists: sorting by the headers, filtering by the bar."""
        self._project, self._model = project, model
        header = self.list.horizontalHeader()  # its columns exist once the list has a model
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(model.TITLE, QHeaderView.ResizeMode.Stretch)
        width = self.list.fontMetrics().horizontalAdvance
        for column, sample in ((model.DATE, "2023-06-16"), (model.LOCATION, "Kyiv, Ukr"), (model.SPANS, "Spans")):
            header.resizeSection(column, width(sample) + 14)
        header.resizeSection(model.STATUS, max(70, width("in progress") + 12))
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until a header is clicked
        self.list.setSortingEnabled(True)
        model.modelReset.connect(self._reselect)
        self.filter_bar.filters_changed.connect(model.set_filters)
        events.changed.connect(self._on_change)
        self._fill_choices()

    def _fill_choices(self) -> None:
        project = self._project
        if project is None:
            return
        queries = self._queries()
        labels = [(label.key, label.name) for label in project.schema.labels]
        self.filter_bar.set_choices(queries.locations, queries.analysts(), project.analyst, project.reviewer, labels)

    def _queries(self):
        if self._model is None:
            raise RuntimeError("the pane has no project yet")
        return self._model.queries

    def _on_change(self, change: Change) -> None:
        if change.kind in ("documents", "schema"):
            self._fill_choices()
        if change.kind in ("status", "documents") and self.document_id is not None:
            self.show_document(self.document_id)

    def show_document(self, document_id: int) -> None:
        """Show the document's details in the Article box (the window opened it)."""
        self.document_id = document_id
        project = self._project
        if project is None:
            return
        try:
            details = self._queries().details(document_id)
        except AnnotatorError:
            details = None  # the box stays empty; the window says what went wrong with the open
        visible = project.visible_analysts()
        # everyone the session may see, oneself included before any work ("not started")
        everyone = [project.analyst] if visible is not None else [project.analyst, *project.analysts()]
        self.article.show_details(details, [name for name in everyone if name != "gold"])

    def _reselect(self) -> None:
        """After a sort or a filter, keep the open document selected (and in sight) if it is on the first
        page of the list; further down, the list is not read that far just for that (PgDown finds it)."""
        if self._model is None or self.document_id is None:
            return
        row = self._model.loaded_row_of(self.document_id)
        if row is None:
            return
        index = self._model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.list.scrollTo(index)

    def next_unfinished(self) -> int | None:
        """The next document of the list (as sorted and filtered) that this analyst has not marked done."""
        if self._model is None:
            return None
        return self._model.queries.next_unfinished(self._model.query, self.document_id)

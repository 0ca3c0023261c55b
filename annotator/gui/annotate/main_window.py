"""The main window: documents left, article centre, annotations and their editor right, labels on top."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.memory import paused_gc
from annotator.core.model import Annotation
from annotator.gui.annotate.annotation_table_model import AnnotationTableModel
from annotator.gui.annotate.article_loader import ArticleLoader
from annotator.gui.annotate.attribute_editor import AttributeEditor
from annotator.gui.annotate.boundary_actions import BoundaryActions
from annotator.gui.annotate.commands import AddAnnotationCommand, DeleteAnnotationCommand, UpdateAnnotationCommand
from annotator.gui.annotate.document_list_model import DocumentListModel
from annotator.gui.annotate.document_pane import DocumentPane
from annotator.gui.annotate.document_view import DocumentView
from annotator.gui.annotate.file_actions import FileActions
from annotator.gui.annotate.find_bar import FindBar
from annotator.gui.annotate.guidelines_panel import GuidelinesPanel
from annotator.gui.annotate.label_palette import LabelPalette
from annotator.gui.annotate.link_mode import LinkMode
from annotator.gui.annotate.main_menus import build_menus
from annotator.gui.annotate.relations_panel import RelationsPanel
from annotator.gui.annotate.schema_launcher import SchemaLauncher
from annotator.gui.annotate.shown_annotations import ShownAnnotations
from annotator.gui.annotate.tag_all import TagAllOccurrences
from annotator.gui.annotate.window_title import window_title
from annotator.gui.unsaved_bar import UnsavedBar, UnsavedEdit
from annotator.services.user_settings import UserSettings

if TYPE_CHECKING:  # the services (and the database layer under them) load after the window first paints
    from annotator.services.project import Change, Project

WATCH_INTERVAL_MS = 2000


class MainWindow(QMainWindow):
    """The window; built at once, given its project by `attach` (at once too, when passed one).

    On start-up the window is shown before the project is opened, so it appears while the
    database layer loads; the project's actions stay disabled until it is attached.
    """

    def __init__(self, project: Project | None = None, parent=None, *, settings: UserSettings | None = None):
        super().__init__(parent)
        self.project: Project | None = None
        self.settings = project.settings if project is not None else settings or UserSettings()
        self.undo_stack = QUndoStack(self)
        self.document_id: int | None = None
        self.selected_id: int | None = None
        self._build_widgets()
        self.file_actions = FileActions(self)
        menus = build_menus(self, self)
        self._project_actions: list[QAction] = menus.project_actions  # enabled once a project is attached
        self.quit_action, self.undo_action = menus.quit_action, menus.undo_action
        self.redo_action, self.delete_action = menus.redo_action, menus.delete_action
        self.labels_menu, self.review_menu = menus.labels_menu, menus.review_menu
        self.link_mode = LinkMode(self, self.command_failed)  # L, then Tab, Enter, Esc
        self.boundaries = BoundaryActions(self, menus.edit_menu)  # Alt(+Shift)(+Ctrl)+arrows, edges dragged
        self.tag_all = TagAllOccurrences(self, self)  # Shift + a label's key, or the context menu
        self.label_palette.tag_all_triggered.connect(self.tag_all.from_selection)
        self.view.tag_all_requested.connect(self.tag_all.from_selection)
        self.view.tag_all_like_requested.connect(self.tag_all.from_annotation)
        self.view.click_filter = self.link_mode.take_click  # a click on a target while linking links it
        self.view.link_requested.connect(self.link_mode.start_from)
        self.view.link_dragged.connect(self.link_mode.drop)
        self.relations_panel.refreshed.connect(self._update_arrows)
        self.guidelines = GuidelinesPanel(self.view, lambda: self.project.schema if self.project else None, self)  # F1
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.guidelines)
        self.schema_launcher = SchemaLauncher(lambda: self.project, self)  # Labels → Edit labels…
        self._restore_geometry()
        # another window or an import in another process: look on a timer and when the window is activated
        self.watch_timer = QTimer(self, interval=WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self.check_external_changes)
        if project is not None:
            self.attach(project)

    def show_opening(self, location: str) -> None:
        """Say what is being opened, until `attach`."""
        self.view.setPlaceholderText(f"Opening {location}…")
        self.status_label.setText(f"Opening {location}…")

    def attach(self, project: Project) -> None:
        """Show `project`: its documents, labels and the document last open; enable what needs it."""
        from annotator.gui.exchange.exchange_controller import ExchangeController
        from annotator.gui.project_events import ProjectEvents
        from annotator.gui.review.review_actions import ReviewActions

        self.project = project
        self.settings = project.settings
        self.view.snap_to_words = bool(project.settings.get("snap_to_words", True))
        self.events = ProjectEvents(project, self)
        self.events.changed.connect(self._on_change)
        self.document_model = DocumentListModel(project, self)
        self.document_list.setModel(self.document_model)
        self.document_pane.attach(project, self.events, self.document_model)  # sorting, filters, Article box
        self.document_list.selectionModel().currentRowChanged.connect(self._document_row_changed)
        self.exchange = ExchangeController(project, self)
        self.exchange.finished.connect(lambda message: self.statusBar().showMessage(message.splitlines()[0], 8000))
        self.review_actions = ReviewActions(self, self.review_menu)
        from annotator.gui.search.search_dock import SearchDock

        self.search_dock = SearchDock.install(self, project, self.undo_stack, self.command_failed)
        self.search_dock.hit_requested.connect(self.review_actions.open_guarantee)  # opens and selects a span
        self.relations_panel.attach(project, self.events, self.undo_stack, self.command_failed)
        for action in self._project_actions:
            action.setEnabled(True)
        self.view.setPlaceholderText("No documents yet (see: annotator import --help)")
        self._refresh_schema()
        self.setWindowTitle(window_title(project))
        first = project.last_document_id()
        if first is not None:
            self.open_document(first)
        else:
            self.update_status()
        self.view.setFocus()
        self.watch_timer.start()
        from annotator.gui.live_notices import LiveNotices

        self.live_notices = LiveNotices(project, self.check_external_changes, self)  # a server's commits, at once
        if project.read_only is not None:
            self._show_read_only(project.read_only)

    def _attached(self) -> Project:
        """The project, where only an attached one can be meant: what leads here is disabled, empty or
        not yet connected until `attach`."""
        if self.project is None:
            raise RuntimeError("no project is attached to the window yet")
        return self.project

    # --- construction

    def _build_widgets(self) -> None:
        self.setWindowTitle("Annotator")
        self.view = DocumentView()
        self.loader = ArticleLoader(self.view, take=self.take_stretch, failed=self.show_error, parent=self)
        self.view.setObjectName("documentView")
        self.view.annotation_clicked.connect(self.select_annotation)
        self.view.tag_requested.connect(self.tag_selection)
        self.view.delete_requested.connect(self.delete_selected)

        self.document_list = QTableView()  # its model comes with the project (attach)
        self.document_list.setObjectName("documentList")
        self.document_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.document_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.document_list.verticalHeader().hide()
        self.document_list.setShowGrid(False)
        self.document_list.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.document_list.verticalHeader().setDefaultSectionSize(2 * self.document_list.fontMetrics().height() + 8)
        self.document_list.setWordWrap(True)

        self.table_model = AnnotationTableModel(self)
        self.shown = ShownAnnotations(self.view, self.table_model)  # the open article's annotations, in step everywhere
        self.table = QTableView()
        self.table.setObjectName("annotationTable")
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        # fixed widths and row heights: sizing to contents would read every row of a 20,000-row table
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 132), (2, 124), (3, 64)):
            header.resizeSection(column, width)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._annotation_row_changed)

        self.editor = AttributeEditor()
        self.editor.edited.connect(self._edit_selected)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table, 3)
        self.relations_panel = RelationsPanel()
        right_layout.addWidget(self.relations_panel, 1)
        right_layout.addWidget(self.editor, 0)
        self.editor.relation_followed.connect(self.select_annotation)  # a relation line: to its other end
        self.relations_panel.model.modelReset.connect(self._relations_refreshed)
        self.relations_panel.fill_after(self.view.painted)  # a long article's relations come after its first paint
        self.relations_panel.refused.connect(lambda message: self.statusBar().showMessage(message, 8000))

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.document_pane = DocumentPane(self.document_list)  # the filter bar above the list, the Article box below
        self.splitter.addWidget(self.document_pane)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([360, 600, 420])
        self.setCentralWidget(self.splitter)

        self.label_palette = LabelPalette(self.view, self)
        self.label_palette.label_triggered.connect(self.tag_selection)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_palette)

        self.find_bar = FindBar(self.view, self)
        self.find_bar.not_found.connect(
            lambda needle: self.statusBar().showMessage(f"“{needle}” is not in this article.", 3000)
        )
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.find_bar)

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.unsaved = UnsavedBar()
        self.unsaved.changed.connect(self._show_unsaved)
        self.statusBar().insertPermanentWidget(0, self.unsaved)  # permanent: passing messages must not hide it
        self.file_warning = QLabel()  # the project file swapped or its log deleted under the window (_check_file)
        self.file_warning.setObjectName("fileWarning")
        self.file_warning.setStyleSheet("color: #b00020; font-weight: bold;")
        self.file_warning.hide()
        self.statusBar().insertPermanentWidget(0, self.file_warning)
        self._retrying = self._retry_failed = False
        self._refreshing = False

    def _restore_geometry(self) -> None:
        saved = self.settings.get("window_geometry")
        if isinstance(saved, str):
            self.restoreGeometry(QByteArray.fromHex(saved.encode()))
        else:
            self.resize(1380, 860)
        zoom = self.settings.get("zoom", 0)
        if isinstance(zoom, int) and zoom:
            self.view.zoom(zoom)

    # --- documents

    def open_document(self, document_id: int) -> None:
        with paused_gc():  # tens of thousands of new objects: no collections walking the heap meanwhile
            self._open_document(document_id)

    def _open_document(self, document_id: int) -> None:
        self.loader.stop()
        project = self._attached()
        try:
            document = project.document(document_id)
            # a long article: its first screens now, with the annotations starting there; the rest
            # comes in slices after they are painted (ArticleLoader)
            shown_to = self.loader.first_stretch(document.text)
            partial = shown_to < len(document.text)
            annotations = project.annotations(document_id, starting=(0, shown_to) if partial else None)
        except AnnotatorError as exc:
            self.show_error(str(exc))
            return
        self.document_id = document_id
        self.selected_id = None
        self.shown.show(document, annotations, project.schema, project.analyst, shown_to=shown_to)
        if partial:
            self.loader.start(document_id, project)
        self.editor.set_annotation(None, None)
        self.relations_panel.show_document(document_id, document.text)
        self.document_pane.show_document(document_id)
        row = self.document_model.row_of(document_id)
        if row is not None and self.document_list.currentIndex().row() != row:
            self.document_list.selectionModel().setCurrentIndex(
                self.document_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.setWindowTitle(window_title(project, document.title or document.external_id))
        self.update_status()
        self.review_actions.update()
        try:
            project.remember_document(document_id)
        except AnnotatorError:
            pass  # remembering the place is a convenience; never block reading on it

    def take_stretch(self, shown_to: int, annotations: list[Annotation]) -> None:
        """The next stretch of the open article, from ArticleLoader."""
        self.shown.extend(shown_to, annotations, self._attached().analyst)
        self.update_status()

    def _document_row_changed(self, current, _previous) -> None:
        document_id = self.document_model.document_id(current.row())
        if document_id is not None and document_id != self.document_id:
            self.open_document(document_id)

    def step_document(self, step: int) -> None:
        if self.document_id is None:
            return
        row = self.document_model.row_of(self.document_id)
        if row is None:
            return
        target = row + step
        if target >= self.document_model.rowCount() and self.document_model.canFetchMore():
            self.document_model.fetchMore()
        document_id = self.document_model.document_id(target)
        if document_id is not None:
            self.open_document(document_id)
            self.view.setFocus()

    def next_unfinished(self) -> None:
        target = self.document_pane.next_unfinished()
        if target is None:
            self.statusBar().showMessage("Every document in the list is marked done.", 4000)
        else:
            self.open_document(target)
            self.view.setFocus()

    # --- annotations

    def tag_selection(self, label: str) -> None:
        span = self.view.selected_span()
        if self.document_id is None or span is None:
            self.statusBar().showMessage("Select some text first, then press a label key.", 4000)
            return
        cursor = self.view.textCursor()
        cursor.clearSelection()  # a second key press must not tag the same text again
        self.view.setTextCursor(cursor)
        self._add(self.document_id, label, span)

    def _add(self, document_id: int, label: str, span: tuple[int, int], *, retrying: bool = False) -> bool:
        """Store a new annotation; if the database refuses, keep it on screen as unsaved with a retry."""
        project = self._attached()
        try:
            annotation = project.add_annotation(document_id, label, *span, initiator=self)
        except StoreError as exc:
            if not retrying:
                definition = project.schema.get(label)
                name = definition.name if definition else label
                self.unsaved.add(
                    UnsavedEdit(
                        f"tag as {name}",
                        str(exc),
                        lambda: self._add(document_id, label, span, retrying=True),
                        (span[0], span[1], label) if document_id == self.document_id else None,
                    )
                )
            return False
        except AnnotatorError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return not retrying  # a refused request cannot succeed by retrying: drop it
        self.undo_stack.push(AddAnnotationCommand(project, annotation, self.command_failed))
        if document_id == self.document_id:
            self.select_annotation(annotation.id)
        return True

    def command_failed(self, message: str, retry: QUndoCommand | None) -> None:
        """An undo command could not reach the database: offer a retry where one makes sense."""
        if self._attached().read_only is not None:  # retrying cannot help: the reason, in passing
            self.statusBar().showMessage(message, 8000)
            return
        if self._retrying:
            self._retry_failed = True
        elif retry is not None:
            self.unsaved.add(UnsavedEdit(retry.text().lower(), message, lambda: self._push_retry(retry)))
        else:
            self.show_error(message)

    def _push_retry(self, command: QUndoCommand) -> bool:
        self._retrying, self._retry_failed = True, False
        try:
            self.undo_stack.push(command)
        finally:
            self._retrying = False
        return not self._retry_failed

    def _show_unsaved(self) -> None:
        self.view.set_pending([e.span for e in self.unsaved.edits if e.span is not None])
        if self.unsaved.edits and self.project is not None:
            self._check_file()  # a refused edit may be the first sign that the file was swapped

    def delete_selected(self) -> None:
        if self.selected_id is None:
            self.statusBar().showMessage("Select an annotation to delete.", 3000)
            return
        self.undo_stack.push(DeleteAnnotationCommand(self._attached(), self.selected_id, self.command_failed))

    def _edit_selected(self, annotation_id: int, changes: dict) -> None:
        """An edit from the editor, on the annotation it was made on (not necessarily the selected one:
        a note is saved as the editor moves on to another annotation, or another document)."""
        project = self._attached()
        current = self._annotation(annotation_id)
        if current is None:
            try:
                current = project.annotation(annotation_id)
            except AnnotatorError as exc:
                self.show_error(str(exc))  # deleted meanwhile (by another window): say the edit went nowhere
                return
        if "label" in changes:
            definition = project.schema.get(changes["label"])
            allowed = {a.name for a in definition.attributes} if definition else set()
            kept = {k: v for k, v in current.attributes.items() if k in allowed}
            if kept != dict(current.attributes):
                changes = {**changes, "attributes": kept}
        self.undo_stack.push(UpdateAnnotationCommand(project, current, changes, self.command_failed))

    @property
    def annotations(self) -> list[Annotation]:
        """The current document's annotations that this session shows, in text order (all of them:
        what is still to come of a long article is brought in first)."""
        self.loader.finish()
        return self.shown.in_text_order()

    def _annotation(self, annotation_id: int | None) -> Annotation | None:
        return self.shown.get(annotation_id)

    def select_annotation(self, annotation_id: int | None) -> None:
        self.selected_id = annotation_id if self._annotation(annotation_id) else None
        annotation = self._annotation(self.selected_id)
        self.view.set_selected_annotation(self.selected_id)
        self._update_arrows()
        document = self.view.current_document
        covered = document.text[annotation.start : annotation.end] if annotation and document else ""
        # (no project yet, as while the window opens: no annotation either, and the editor shows its hint)
        self.editor.set_annotation(annotation, self.project.schema if self.project is not None else None, covered)
        self.editor.set_relations(self.relations_panel.lines_of(self.selected_id))
        self.guidelines.show_annotation(annotation)
        row = self.table_model.row_of(annotation.id, annotation) if annotation is not None else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clear()  # the current row too: clicking that row again must select it again
        elif selection.currentIndex().row() != row:
            selection.setCurrentIndex(
                self.table_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.table_model.index(row, 0))
        self.update_status()

    def _update_arrows(self) -> None:
        """Draw the selected annotation's relations (those listed, so blind mode holds) as arrows."""
        selected = self.selected_id
        self.view.set_arrows(
            [
                (r.type, r.source_id, r.target_id)
                for r in self.relations_panel.model.relations()
                if selected is not None and selected in (r.source_id, r.target_id)
            ]
        )

    def _relations_refreshed(self) -> None:
        """The Relations list was read again: the editor's relation lines and the counts follow it."""
        self.editor.set_relations(self.relations_panel.lines_of(self.selected_id))
        self.update_status()

    def _annotation_row_changed(self, current, _previous) -> None:
        if self._refreshing:
            return  # rows moved under the table's current row by a refresh, not a click: the selection stays
        annotation = self.table_model.annotation(current.row())
        if annotation is not None and annotation.id != self.selected_id:
            self.select_annotation(annotation.id)

    def _on_change(self, change: Change) -> None:
        if change.kind == "schema":
            self._refresh_schema()
        if change.kind == "status":
            self.document_model.refresh_counts()
            self.review_actions.update()
            return
        if change.kind == "documents":
            self.document_model.reload()
            if self.document_id is None:
                first = self._attached().last_document_id()
                if first is not None:
                    self.open_document(first)
            return
        if change.kind == "annotations" and self.document_id is not None and change.document_id == self.document_id:
            if change.annotation_ids:
                self._apply_changes(change.annotation_ids)
            else:
                self._reload_annotations()
            # the view holds every annotation the list counts (the same analysts): count them here
            self.document_model.refresh_document(self.document_id, None if self.loader.loading else len(self.shown))
            if isinstance(change.initiator, (AddAnnotationCommand, DeleteAnnotationCommand)) and change.annotation_ids:
                # undo/redo of a tag: select what came back, or nothing if it went away
                target = change.annotation_ids[0]
                self.select_annotation(target if self._annotation(target) else None)
            else:
                self.select_annotation(self.selected_id)

    def _reload_annotations(self) -> None:
        """Re-read the current document's annotations into the view and the table."""
        if self.document_id is None:
            return  # no article open: nothing to re-read
        project = self._attached()
        self.loader.finish()  # the whole text first: the annotations read now are all of them
        annotations = project.annotations(self.document_id)
        with self._refreshing_rows():
            self.shown.replace_all(annotations, project.schema, project.analyst)

    def _apply_changes(self, annotation_ids: Sequence[int]) -> None:
        """Bring a few changed annotations up to date; the cost does not grow with the document's size."""
        project = self._attached()
        fresh = [a for a in project.annotations_by_id(annotation_ids) if a.document_id == self.document_id]
        present = {a.id for a in fresh}
        with self._refreshing_rows():
            self.shown.apply(fresh, [i for i in annotation_ids if i not in present], project.analyst)

    @contextmanager
    def _refreshing_rows(self) -> Iterator[None]:
        """While the table's rows change under it: its current row may move, the selection must not."""
        self._refreshing = True
        try:
            yield
        finally:
            self._refreshing = False

    def _refresh_schema(self) -> None:
        schema = self._attached().schema
        self.label_palette.set_schema(schema)
        self.labels_menu.clear()
        for action in self.label_palette.label_actions.values():
            self.labels_menu.addAction(action)
        self.labels_menu.addSeparator()
        menu = self.labels_menu  # rebuilt at each schema change: fresh entries for the panel and the editor
        menu.addActions([self.guidelines.menu_action(menu), self.schema_launcher.menu_action(menu)])
        self.guidelines.refresh()

    def check_external_changes(self) -> bool:
        """Refresh the views if another process changed the project; returns whether it did."""
        if self.project is None:
            return False
        self._check_file()
        try:
            changed = self.project.changed_elsewhere()
        except AnnotatorError:
            return False
        if not changed:
            return False
        self._refresh_schema()
        self.document_model.reload()
        if self.document_id is not None:
            try:
                self._reload_annotations()
            except AnnotatorError:
                return True
            self.select_annotation(self.selected_id)
            self.review_actions.update()
        elif (first := self.project.last_document_id()) is not None:
            self.open_document(first)
        self.statusBar().showMessage("Updated with changes made in another window or process.", 4000)
        return True

    def _show_read_only(self, reason: str) -> None:
        """Say for as long as the window is open that nothing can be changed here, and why."""
        badge = QLabel(f"Read-only: {reason}; edits are refused")
        badge.setObjectName("readOnlyNotice")
        badge.setStyleSheet("font-weight: bold;")
        self.statusBar().insertPermanentWidget(0, badge)

    def _check_file(self) -> None:
        """Say so, at once and until the window closes, if the project file or its log was swapped or deleted under us."""
        problem = self._attached().file_problem()
        if problem is None or self.file_warning.isVisible():
            return
        self.file_warning.setText(
            "⚠ Edits are NOT being saved: the project file was changed by another program — reopen it"
        )
        self.file_warning.setToolTip(problem)
        self.file_warning.show()
        self.show_error(problem)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_external_changes()

    # --- view

    def zoom(self, steps: int | None) -> None:
        if steps is None:
            self.view.reset_zoom()
        else:
            self.view.zoom(steps)
        self.settings.set("zoom", self.view.zoom_steps)

    def update_status(self) -> None:
        project = self.project
        if project is None:
            return  # what is being opened stays said (show_opening) until `attach`
        text = self.shown.counts.text(
            project.schema,
            project.analyst,
            project.location,
            self.document_id is not None,
            relations=self.relations_panel.counts(project.analyst),
        )
        if self.loader.loading:
            text += "   ·   reading the rest of the article…"
        self.status_label.setText(text)

    # --- dialogs

    def show_error(self, message: str) -> None:
        """A window-modal warning that does not block the event loop (work in other windows goes on)."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Annotator", message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = message

    def closeEvent(self, event) -> None:
        self.watch_timer.stop()  # the project closes after the window: nothing is left to watch
        if self.project is not None:
            self.live_notices.stop()
            worker = self.exchange.worker
            if worker is not None:  # an import or export is running (exchange.busy)
                # an import is one transaction: cancelling rolls it back, so nothing half-done is left
                worker.cancel()
                self.exchange.wait()
            self.search_dock.close_search()  # a search under way lets go of the project first
            self.events.detach()
        self.loader.stop()
        self.settings.set("window_geometry", bytes(self.saveGeometry().toHex().data()).decode())
        super().closeEvent(event)

"""Tag all occurrences: Shift + a label's key (or the context menu) on a selection, or the context menu on
an annotation (its label and attributes copied), asks where with a count first, then tags in one undo step."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QStatusBar, QWidget

from annotator.core.errors import AnnotatorError
from annotator.core.offsets import trim_span
from annotator.gui.annotate.commands import ErrorHandler
from annotator.gui.annotate.tag_all_dialog import TagAllDialog

if TYPE_CHECKING:  # the services (and the database layer under them) load after the window first paints
    from annotator.gui.annotate.document_view import DocumentView
    from annotator.services.project import Project
    from annotator.services.tag_all import Preview


class TagAllHost(Protocol):
    """What tagging all occurrences needs of the main window."""

    project: Project | None
    document_id: int | None
    selected_id: int | None
    undo_stack: QUndoStack

    @property
    def view(self) -> DocumentView: ...

    def statusBar(self) -> QStatusBar: ...

    def command_failed(self, message: str, retry: QUndoCommand | None) -> None: ...


class TagAllOccurrences(QObject):
    """The two ways in, and the tagging once the preview is accepted."""

    def __init__(self, host: TagAllHost, parent: QWidget) -> None:
        super().__init__(parent)
        self.host, self.parent_widget = host, parent
        self.on_error: ErrorHandler = host.command_failed
        self.last_dialog: TagAllDialog | None = None

    def from_selection(self, label: str) -> None:
        """The selected text, as a whole word, wherever it occurs, tagged with `label`."""
        view, document = self.host.view, self.host.view.current_document
        span = view.selected_span()
        trimmed = trim_span(document.text, *span) if span and document else None
        if document is None or trimmed is None:
            self.host.statusBar().showMessage("Select a word or phrase first, then Shift + a label's key.", 5000)
            return
        self._ask(document.text[trimmed[0] : trimmed[1]], label, {})

    def from_annotation(self) -> None:
        """The selected annotation's text, wherever it occurs, tagged like it (label and attributes)."""
        view = self.host.view
        annotation, document = view.shown_annotation(self.host.selected_id), view.current_document
        if annotation is None or document is None:
            self.host.statusBar().showMessage("Select an annotation first.", 4000)
            return
        self._ask(document.text[annotation.start : annotation.end], annotation.label, annotation.attributes)

    def _ask(self, needle: str, label: str, attributes: Mapping[str, str]) -> None:
        from annotator.gui.search.tag_results_command import TagResultsCommand
        from annotator.services.bulk_tagging import add_annotations
        from annotator.services.tag_all import occurrences, preview

        project, document_id = self.host.project, self.host.document_id
        definition = project.schema.get(label) if project is not None else None
        if project is None or document_id is None or definition is None:
            return

        def count(corpus: bool, match_case: bool) -> Preview:
            places = occurrences(project, needle, match_case=match_case, document_id=None if corpus else document_id)
            return preview(project, places, label)

        dialog = self.last_dialog = TagAllDialog(needle, definition.name, count, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.preview is None:
            return
        try:
            added = add_annotations(project, dialog.preview.places, label, attributes)
        except AnnotatorError as exc:
            self.on_error(f"Not tagged: {exc}", None)
            return
        if added:
            what = f"Tag {len(added)} occurrences of “{needle}” as {definition.name}"
            self.host.undo_stack.push(TagResultsCommand(project, added, definition.name, self.on_error, text=what))
        articles = len({a.document_id for a in added})
        self.host.statusBar().showMessage(
            f"Tagged {len(added)} occurrences of “{needle}” as {definition.name}"
            + (f" in {articles} articles." if articles > 1 else "."),
            8000,
        )

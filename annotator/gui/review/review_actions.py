"""The Review menu of the main window: document status, compare, agreement, claims, decision log, blind mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD
from annotator.services.blind_note import blind_mode_note

if TYPE_CHECKING:  # for annotations only: the review windows load when first opened
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.gui.claims.claims_window import ClaimsWindow
    from annotator.gui.review.agreement_dialog import AgreementDialog
    from annotator.gui.review.compare_window import CompareWindow
    from annotator.services import Project


class ReviewActions(QObject):
    """Builds the Review menu on `window` (a MainWindow) and opens the review windows."""

    def __init__(self, window: MainWindow, menu: QMenu):
        super().__init__(window)
        if window.project is None:
            raise ValueError("the Review menu is built once the window has its project")
        self.window = window
        self.project: Project = window.project
        self.compare_window: CompareWindow | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.claims_window: ClaimsWindow | None = None
        self.done_action = self._add(menu, "Mark document &done", self.toggle_done, "Ctrl+D")
        self.done_action.setCheckable(True)
        menu.addSeparator()
        # the review keys work from the compare window too (an action acts in every window it is added to)
        self.review_keys = [
            self._add(menu, "&Compare analysts…", lambda: self.show_compare(), "Ctrl+Shift+C"),
            self._add(menu, "&Agreement…", self.show_agreement, "Ctrl+Shift+A"),
        ]
        self._add(menu, "Clai&ms…", self.show_claims, "Ctrl+Shift+L")
        self._add(menu, "Export decision &log…", self.export_decisions)
        menu.addSeparator()
        self.blind_action = self._add(menu, "&Blind mode (analysts see only their own work)", self.toggle_blind)
        self.blind_action.setCheckable(True)
        self.blind_action.setStatusTip(blind_mode_note(self.project.location))
        self.blind_notice: QMessageBox | None = None

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _own_status(self) -> str:
        document_id = self.window.document_id
        if document_id is None:
            return "not_started"
        return self.project.review.statuses([document_id]).get((document_id, self.project.analyst), "not_started")

    def update(self) -> None:
        self.done_action.setChecked(self._own_status() == "done")
        self.blind_action.setChecked(self.project.blind)
        self.blind_action.setEnabled(self.project.reviewer)

    def toggle_done(self) -> None:
        document_id = self.window.document_id
        if document_id is None:
            return
        status = "in_progress" if self._own_status() == "done" else "done"
        try:
            self.project.review.set_status(document_id, status)
        except AnnotatorError as exc:
            self.window.show_error(str(exc))
        self.update()
        self.window.statusBar().showMessage("Marked done." if status == "done" else "Marked in progress again.", 3000)

    def toggle_blind(self) -> None:
        try:
            self.project.set_blind(self.blind_action.isChecked())
        except AnnotatorError as exc:
            self.window.show_error(str(exc))
        self.update()
        if self.project.blind:  # say what it protects: on a project file, nothing the file's holder cannot undo
            from annotator.gui.review.blind_notice import BlindModeNotice

            self.blind_notice = BlindModeNotice(self.window, blind_mode_note(self.project.location))
            self.blind_notice.open()  # window-modal, without blocking the caller

    def _may_compare(self) -> bool:
        try:
            self.project.require_all_visible()
        except AnnotatorError as exc:
            self.window.show_error(str(exc))
            return False
        if len([a for a in self.project.analysts() if a != GOLD]) < 2:
            self.window.show_error(
                "Comparing needs annotations by two analysts. Import a colleague's work first (File → Import)."
            )
            return False
        return True

    def show_compare(
        self, document_id: int | None = None, a: str | None = None, b: str | None = None
    ) -> CompareWindow | None:
        from annotator.gui.review.compare_window import CompareWindow

        if not self._may_compare():
            return None
        shown = self.compare_window if self.compare_window is not None and self.compare_window.isVisible() else None
        if shown is not None and a in (None, shown.analyst_a) and b in (None, shown.analyst_b):
            # the window open already (its undo history with it), on the document asked for; from the
            # compare window itself, Ctrl+Shift+C keeps its document
            if document_id is None and not shown.isActiveWindow():
                document_id = self.window.document_id
            if document_id is not None and document_id != shown.document_id:
                shown.open_document(document_id)
            shown.raise_()
            shown.activateWindow()
            return shown
        self.compare_window = CompareWindow(
            self.project, document_id or self.window.document_id, a, b, parent=self.window
        )
        self.compare_window.setWindowFlag(Qt.WindowType.Window)
        self.compare_window.addActions(self.review_keys)
        self.compare_window.show()
        return self.compare_window

    def show_agreement(self) -> AgreementDialog | None:
        from annotator.gui.review.agreement_dialog import AgreementDialog

        if not self._may_compare():
            return None
        self.agreement_dialog = AgreementDialog(self.project, parent=self.window)
        self.agreement_dialog.comparison_requested.connect(self.show_compare)
        self.agreement_dialog.show()
        return self.agreement_dialog

    def show_claims(self) -> ClaimsWindow:
        from annotator.gui.claims.claims_window import ClaimsWindow

        if self.claims_window is None:
            self.claims_window = ClaimsWindow(self.project, self.window.events, parent=self.window)
            self.claims_window.guarantee_requested.connect(self.open_guarantee)
        else:
            self.claims_window.refresh()  # blind mode may have changed the sets one sees
        self.claims_window.show()
        self.claims_window.raise_()
        self.claims_window.activateWindow()
        return self.claims_window

    def open_guarantee(self, document_id: int, start: int, end: int) -> None:
        """Open the article in the main window with the guarantee selected."""
        if document_id != self.window.document_id:
            self.window.open_document(document_id)
        if end > self.window.view.shown_to:
            self.window.loader.finish()  # a long article: the rest of it, up to the guarantee and beyond
        self.window.view.select_span(start, end)
        self.window.raise_()
        self.window.activateWindow()

    def export_decisions(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Export the decision log", "decisions.csv", "CSV (*.csv)")
        if not path:
            return
        try:
            count = self.project.review.export_decisions(Path(path))
        except (AnnotatorError, OSError) as exc:
            self.window.show_error(str(exc))
            return
        self.window.statusBar().showMessage(f"Wrote {count} decisions to {path}.", 5000)

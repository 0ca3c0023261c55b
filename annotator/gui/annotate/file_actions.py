"""The main window's Preferences and Restore from backup: the dialogs and what follows them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from annotator.core.errors import AnnotatorError
from annotator.gui.preferences_dialog import PreferencesDialog


class FileActions(QObject):
    """Handlers for `window` (a MainWindow) that change who works on the project or what it holds."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def show_preferences(self) -> None:
        window, project = self.window, self.window.project
        dialog = PreferencesDialog(project.analyst, project.reviewer, window, snap_to_words=window.view.snap_to_words)
        if dialog.exec() and dialog.analyst:
            project.settings.set("snap_to_words", dialog.snap_to_words)
            window.view.snap_to_words = dialog.snap_to_words
            project.settings.set("analyst", dialog.analyst)
            project.settings.set("reviewer", dialog.reviewer)
            project.analyst = dialog.analyst
            project.reviewer = dialog.reviewer
            # what this session may see can change with the name and the role
            window.document_model.reload()
            if window.document_id is not None:
                window.open_document(window.document_id)
            window.update_status()
            window.review_actions.update()

    def open_server_project(self) -> None:
        """File → Open server project…: once the dialog has opened it, the project takes this window's place."""
        from PySide6.QtWidgets import QApplication

        from annotator.gui.server.open_server_dialog import OpenServerDialog

        window = self.window
        dialog = OpenServerDialog(window.settings, window)
        if not dialog.exec() or dialog.project is None:
            return
        project = dialog.project
        self.opened = type(window)(project)  # a window built for it, as `annotator --db URL` builds one
        self.opened.restoreGeometry(window.saveGeometry())
        self.opened.show()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(project.close)
        window.close()

    def show_restore(self) -> None:
        from annotator.gui.exchange.restore_dialog import RestoreDialog
        from annotator.services import backups

        location = self.window.project.location
        if "://" in location:
            self.window.show_error("This project lives on a database server; restore it with the server's own tools.")
            return
        dialog = RestoreDialog(backups.list_backups(Path(location)), self.window)
        if dialog.exec() and dialog.chosen is not None:
            self.restore(dialog.chosen.path)

    def restore(self, backup: Path) -> None:
        """Replace the project with a backup (the current state is backed up first) and show the result."""
        from annotator.services import backups

        window, project = self.window, self.window.project
        try:
            backups.restore_backup(Path(project.location), backup)
        except (AnnotatorError, OSError) as exc:
            window.show_error(f"Could not restore {backup}: {exc}")
            return
        window.undo_stack.clear()  # the undo history speaks of the state that was replaced
        project.reload_schema()
        window.document_model.reload()
        first = project.last_document_id()
        if first is not None:
            window.open_document(first)
        window.statusBar().showMessage(f"Restored the backup of {backup.stem}.", 6000)

"""Start the desktop application: open the project, show the main window, run the event loop."""

from __future__ import annotations

import sys
from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.gui.main_window import MainWindow
from annotator.services import Project


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("annotator")
    icon = resources.files("annotator.resources").joinpath("icon.svg")
    with resources.as_file(icon) as path:
        app.setWindowIcon(QIcon(str(path)))
    return app


def _backup_on_open(project: Project) -> None:
    """A rotating backup each time the app opens a changed project file (never blocks start-up on failure)."""
    from pathlib import Path

    from annotator.services.backups import make_backup

    if "://" in project.location:
        return
    try:
        make_backup(Path(project.location), only_if_changed=True)
    except (AnnotatorError, OSError) as exc:
        print(f"annotator: warning: no backup made: {exc}", file=sys.stderr)


def run(db: str | None = None, analyst: str | None = None, reviewer: bool | None = None) -> int:
    app = application()
    try:
        project = Project.open(db, analyst=analyst, reviewer=reviewer)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Annotator", f"Cannot open the project:\n{exc}")
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    _backup_on_open(project)
    window = MainWindow(project)
    window.show()
    try:
        return app.exec()
    finally:
        project.close()

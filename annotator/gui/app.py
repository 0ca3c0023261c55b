"""Start the desktop application: open the project, show the main window, run the event loop."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.core.shipped import resource
from annotator.gui.annotate.main_window import MainWindow
from annotator.services.first_run import remembered_project, should_greet
from annotator.services.user_settings import UserSettings

if TYPE_CHECKING:
    from annotator.services.project import Project


def application() -> QApplication:
    existing = QApplication.instance()  # one made before (by a test, say) is used as it is
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.example.Annotator")  # packaging/linux/: its icon and name on Wayland
    app.setWindowIcon(QIcon(str(resource("icon.svg"))))
    return app


def _backup_on_open(project: Project) -> threading.Thread | None:
    """A rotating backup each time the app opens a changed project file, made on a thread while
    the window is already in use (copying a large project takes a while); never blocks or fails start-up."""
    from pathlib import Path

    from annotator.services.backups import make_backup

    if "://" in project.location or project.read_only is not None:  # a read-only project cannot change here
        return None

    def backup() -> None:
        try:
            make_backup(Path(project.location), only_if_changed=True)
        except (AnnotatorError, OSError) as exc:
            print(f"annotator: warning: no backup made: {exc}", file=sys.stderr)

    thread = threading.Thread(target=backup, name="backup on open", daemon=True)
    thread.start()
    return thread


def open_in(
    window: MainWindow,
    db: str | None,
    *,
    analyst: str | None,
    settings: UserSettings,
    reviewer: bool | None,
) -> tuple[Project, threading.Thread | None]:
    """Open the project in a shown window as the app does: attach it, then back it up on a thread."""
    from annotator.services.project import Project

    project = Project.open(db, analyst=analyst, settings=settings, reviewer=reviewer)
    window.attach(project)
    return project, _backup_on_open(project)


def run(
    db: str | None = None, analyst: str | None = None, reviewer: bool | None = None, first_run: bool = False
) -> int:
    app = application()
    settings = UserSettings()
    if should_greet(db, settings, forced=first_run):  # the bundled app's first start, or --first-run
        from annotator.gui.first_run.first_run_dialog import ask_at_first_run

        started, db = ask_at_first_run(settings, analyst)
        if not started:
            return 0
    elif db is None:
        db = remembered_project(settings)  # the project chosen at the first start, if one was
    window = MainWindow(settings=settings)
    window.show_opening(str(db) if db else "your project")
    window.show()
    # paint the window now: opening the project loads the database layer, which takes longer
    # than everything before it, and a window that is already there shows that work is under way
    app.processEvents()
    try:
        project, backup = open_in(window, db, analyst=analyst, settings=settings, reviewer=reviewer)
    except AnnotatorError as exc:
        QMessageBox.critical(window, "Annotator", f"Cannot open the project:\n{exc}")
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    try:
        return app.exec()
    finally:
        if backup is not None:
            backup.join()  # a backup under way is finished, not cut short, when the window closes early
        project.close()

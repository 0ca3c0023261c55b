"""Starting the application as `annotator --db FILE` does: the window first, then the project in it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.gui import app as app_module
from annotator.gui.annotate.main_window import MainWindow
from annotator.services import Project, backups
from annotator.services.user_settings import UserSettings


def test_the_window_shows_before_the_project_opens_then_the_article_and_a_backup(tmp_path, monkeypatch, qapp):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = tmp_path / "project.sqlite"
    project = Project.open(db, analyst="olena", settings=UserSettings(tmp_path / "other.json"))
    project.import_seeds()
    project.close()
    seen = {}
    shown, attach = MainWindow.show, MainWindow.attach

    def show(window):
        seen["at show"] = (
            window.project,
            window.view.placeholderText(),
            [a.isEnabled() for a in window._project_actions],
        )
        shown(window)

    def attached(window, project):
        attach(window, project)

        def look_then_close():
            seen["window"] = window
            seen["running"] = (window.project.location, window.view.current_document.title, window.windowTitle())
            seen["enabled"] = [action.isEnabled() for action in window._project_actions]
            window.close()  # as the user ends the application (QApplication.quit would upset later tests' event loops)

        QTimer.singleShot(0, look_then_close)  # runs once the event loop does

    monkeypatch.setattr(MainWindow, "show", show)
    monkeypatch.setattr(MainWindow, "attach", attached)
    for leftover in QApplication.topLevelWidgets():  # run() ends when its window, the last one shown, closes
        leftover.hide()
    assert app_module.run(str(db), analyst="olena") == 0
    project_then, placeholder, enabled = seen["at show"]
    assert project_then is None and placeholder == f"Opening {db}…" and not any(enabled)
    location, title, window_title = seen["running"]
    assert location == str(db) and title.startswith("Some NATO member countries") and window_title.startswith(title)
    assert seen["enabled"] and all(seen["enabled"])
    assert len(backups.list_backups(db)) == 1  # made on opening, on its thread, finished before run() returned


def test_a_project_that_cannot_be_opened_is_said_so_and_nothing_starts(tmp_path, monkeypatch, qapp, capsys):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    not_a_project = tmp_path / "notes.sqlite"
    not_a_project.write_text("just some notes, not a database\n" * 100, encoding="utf-8")
    messages = []
    monkeypatch.setattr(app_module.QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert app_module.run(str(not_a_project), analyst="olena") == 1
    assert messages and "Cannot open the project" in messages[0]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("annotator: error:") and "notes.sqlite" in err[0]
    assert not_a_project.read_text(encoding="utf-8").startswith("just some notes")

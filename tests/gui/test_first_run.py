"""The bundled app's first start: the analyst name once, then the sample article, a project or a new one."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.gui import app as app_module
from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.first_run import first_run_dialog
from annotator.gui.first_run.first_run_dialog import FirstRunDialog
from annotator.services.user_settings import UserSettings, login_name


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


def test_the_name_is_prefilled_with_the_login_name_and_the_sample_is_the_default(qtbot):
    dialog = FirstRunDialog(login_name())
    qtbot.addWidget(dialog)
    assert dialog.name_edit.text() == login_name()
    assert dialog.sample_button.isDefault()
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted and dialog.project is None


def test_a_blank_name_is_refused_with_the_reason_and_the_dialog_stays(qtbot):
    dialog = FirstRunDialog("olena")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("   ")
    qtbot.mouseClick(dialog.sample_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != FirstRunDialog.DialogCode.Accepted
    assert dialog.problem.isVisible() and "blank" in dialog.problem.text()


def test_opening_a_project_takes_the_chosen_file_and_cancelling_the_chooser_keeps_the_choices(qtbot, tmp_path):
    answers = ["", str(tmp_path / "corpus.sqlite")]
    dialog = FirstRunDialog("olena", choose_open=lambda parent: answers.pop(0))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.project is None  # cancelled: still asking
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert dialog.project == str(tmp_path / "corpus.sqlite")


def start(monkeypatch, answer, **run_args):
    """Run the app as `annotator` does; `answer(dialog)` acts on the greeting if it appears.
    Returns (exit status, whether the greeting appeared, the opened project's location, title, analyst)."""
    seen: dict = {"greeted": False}
    attach = MainWindow.attach

    def attached(window, project):
        attach(window, project)
        seen["opened"] = (project.location, window.windowTitle(), project.analyst)
        QTimer.singleShot(0, window.close)

    def answer_when_shown():
        if "opened" in seen:
            return  # the window is open: no greeting came, stop looking
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, FirstRunDialog):
            seen["greeted"] = True
            answer(dialog)
        else:
            QTimer.singleShot(10, answer_when_shown)

    monkeypatch.setattr(MainWindow, "attach", attached)
    for leftover in QApplication.topLevelWidgets():
        leftover.hide()
    QTimer.singleShot(0, answer_when_shown)
    status = app_module.run(**run_args)
    return status, seen["greeted"], seen.get("opened")


def test_the_bundled_apps_first_start_asks_once_then_opens_the_sample_article(home, monkeypatch, qapp):
    monkeypatch.setattr(sys, "frozen", True, raising=False)

    def sample_as_ostap(dialog):
        dialog.name_edit.setText("Остап")
        dialog.sample_button.click()

    status, greeted, (location, title, analyst) = start(monkeypatch, sample_as_ostap)
    assert status == 0 and greeted
    assert location.endswith("annotator.sqlite") and title.startswith("Some NATO member countries")
    assert analyst == "Остап"
    # the next start remembers the name and asks nothing
    status, greeted, (location_again, _, analyst) = start(monkeypatch, lambda dialog: dialog.reject())
    assert status == 0 and not greeted and location_again == location and analyst == "Остап"


def test_creating_a_project_at_the_first_start_opens_it_now_and_later(home, monkeypatch, qapp):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    created = home / "my corpus.sqlite"
    monkeypatch.setattr(first_run_dialog, "_new_file", lambda parent: str(created))
    status, greeted, (location, title, _) = start(monkeypatch, lambda dialog: dialog.create_button.click())
    assert status == 0 and greeted and location == str(created) and created.exists()
    assert title == "my corpus.sqlite — Annotator"  # a new project is empty: no sample article
    _, greeted, (location_again, _, _) = start(monkeypatch, lambda dialog: dialog.reject())
    assert not greeted and location_again == str(created)


def test_closing_the_greeting_starts_nothing_and_asks_again_next_time(home, monkeypatch, qapp):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    status, greeted, opened = start(monkeypatch, lambda dialog: dialog.reject())
    assert status == 0 and greeted and opened is None
    assert not UserSettings().path.exists()


def test_a_python_install_starts_as_before_without_asking(home, monkeypatch, qapp):
    monkeypatch.delattr(sys, "frozen", raising=False)  # scripts/start.sh: not a bundle
    status, greeted, (location, title, analyst) = start(monkeypatch, lambda dialog: dialog.reject())
    assert status == 0 and not greeted
    assert location.endswith("annotator.sqlite") and title.startswith("Some NATO member countries")
    assert analyst == login_name()


def test_first_run_asks_even_from_a_python_install(home, monkeypatch, qapp):
    monkeypatch.delattr(sys, "frozen", raising=False)
    status, greeted, (_, _, analyst) = start(
        monkeypatch, lambda dialog: dialog.sample_button.click(), analyst="mykola", first_run=True
    )
    assert status == 0 and greeted and analyst == "mykola"  # prefilled with --analyst, kept

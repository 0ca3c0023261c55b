"""Turning blind mode on says what it protects: on a project file, an agreement rather than access control."""

from __future__ import annotations

from annotator.services import Project
from annotator.services.blind_note import LOCAL_BLIND_NOTE, SERVER_BLIND_NOTE, blind_mode_note
from tests.gui.conftest import shown_window


def test_blind_mode_on_a_project_file_is_called_an_agreement_and_points_to_the_server(qtbot, db_path, settings):
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    reviewer.import_seeds()
    window = shown_window(qtbot, reviewer)
    actions = window.review_actions
    assert "not access control" in actions.blind_action.statusTip()
    actions.blind_action.trigger()
    assert reviewer.blind  # stored before the note is shown
    notice = actions.blind_notice
    assert notice is not None
    qtbot.waitUntil(notice.isVisible)
    assert "working agreement, not access control" in notice.informativeText()
    assert "PostgreSQL server" in notice.informativeText()
    notice.grab().save("/tmp/blind_notice.png")
    notice.accept()
    actions.blind_action.trigger()  # turning it off needs no note
    assert not reviewer.blind and not notice.isVisible()
    reviewer.close()


def test_on_a_server_the_note_says_the_database_enforces_it():
    assert blind_mode_note("postgresql+psycopg://rita@db.example/news") == SERVER_BLIND_NOTE
    assert blind_mode_note("/home/rita/news.sqlite") == LOCAL_BLIND_NOTE
    assert "not access control" not in SERVER_BLIND_NOTE

"""An edit the database refuses (here: another process holds the write lock) stays visible as unsaved, with Retry."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from annotator.services import Project
from tests.gui.conftest import shown_window, stored


@pytest.fixture
def locked_window(qtbot, db_path, settings, monkeypatch):
    from annotator.store import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 150)  # give up on a held lock quickly
    project = Project.open(db_path, analyst="olena", settings=settings)
    project.import_seeds()
    window = shown_window(qtbot, project)
    blocker = sqlite3.connect(db_path, timeout=0.1)
    yield window, blocker
    blocker.close()
    project.close()


def test_a_refused_tag_stays_on_screen_as_unsaved_and_retry_saves_it(locked_window, db_path, settings, qtbot):
    window, blocker = locked_window
    text = window.view.current_document.text
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the project
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    assert window.unsaved.isVisible()
    assert "NOT saved" in window.unsaved.label.text() and "busy" in window.unsaved.label.text()
    assert window.view._pending == [(text.index("Poland"), text.index("Poland") + 6, "actor")]
    assert window.table_model.rowCount() == 0  # never shown as done
    blocker.rollback()
    assert stored(db_path, settings) == []
    qtbot.mouseClick(window.unsaved.retry_button, Qt.MouseButton.LeftButton)
    [annotation] = stored(db_path, settings)
    assert text[annotation.start : annotation.end] == "Poland"
    assert not window.unsaved.isVisible() and window.view._pending == []
    assert window.table_model.rowCount() == 1
    window.undo_stack.undo()  # the retried edit is an ordinary undoable one
    assert stored(db_path, settings) == []


def test_a_refused_attribute_change_can_be_retried(locked_window, db_path, settings):
    window, blocker = locked_window
    text = window.view.current_document.text
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    blocker.execute("BEGIN IMMEDIATE")
    box = window.editor.attribute_box("kind")
    box.setCurrentIndex(box.findData("state"))
    assert window.unsaved.isVisible()
    blocker.rollback()
    [annotation] = stored(db_path, settings)
    assert annotation.attributes == {}
    window.unsaved.retry()
    [annotation] = stored(db_path, settings)
    assert annotation.attributes == {"kind": "state"}
    assert not window.unsaved.isVisible()


def test_retry_while_still_locked_keeps_the_edit(locked_window, db_path, settings):
    window, blocker = locked_window
    text = window.view.current_document.text
    blocker.execute("BEGIN IMMEDIATE")
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    window.unsaved.retry()
    assert len(window.unsaved.edits) == 1 and window.unsaved.isVisible()
    blocker.rollback()
    window.unsaved.retry()
    assert len(stored(db_path, settings)) == 1

"""Tagging with the keyboard and the palette, trimming, undo/redo, and what reaches the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.gui.conftest import stored


def text_of(window):
    return window.view.current_document.text


def select(window, phrase, occurrence=0):
    text = text_of(window)
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    window.view.select_span(start, start + len(phrase))
    return start


def test_sample_article_is_open_with_the_text_focused(window):
    assert text_of(window).startswith("Some NATO member countries")
    assert window.view.hasFocus()
    assert window.document_list.model().rowCount() == 1


def test_keyboard_only_selection_and_number_key_tags_trimmed_span(window, db_path, settings, qtbot):
    view = window.view
    view.moveCursor(QTextCursor.MoveOperation.Start)
    for _ in range(len("Some NATO ")):  # the selection ends in a space, which must be trimmed
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_3)
    [annotation] = stored(db_path, settings)
    assert (annotation.label, annotation.start, annotation.end) == ("actor", 0, len("Some NATO"))
    assert annotation.analyst == "olena"
    assert window.table_model.rowCount() == 1
    assert window.table_model.data(window.table_model.index(0, 1)) == "Some NATO"


def test_palette_button_tags_selection(window, db_path, settings):
    start = select(window, "Anders Fogh Rasmussen")
    window.label_palette.label_actions["actor"].trigger()
    [annotation] = stored(db_path, settings)
    assert (annotation.start, annotation.end, annotation.label) == (
        start,
        start + len("Anders Fogh Rasmussen"),
        "actor",
    )


def test_number_key_without_selection_tags_nothing_and_says_why(window, db_path, settings, qtbot):
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert stored(db_path, settings) == []
    assert "Select some text" in window.statusBar().currentMessage()


def test_undo_and_redo_reach_the_database(window, db_path, settings, qtbot):
    select(window, "Poland")
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    [first] = stored(db_path, settings)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path, settings) == []
    assert window.table_model.rowCount() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [again] = stored(db_path, settings)
    assert again.id == first.id and (again.start, again.end) == (first.start, first.end)
    assert window.selected_id == first.id


def test_delete_key_removes_selected_annotation_and_undo_restores_it(window, db_path, settings, qtbot):
    select(window, "Jens Stoltenberg")
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    [annotation] = stored(db_path, settings)
    assert window.selected_id == annotation.id
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(db_path, settings) == []
    window.undo_stack.undo()
    [back] = stored(db_path, settings)
    assert back.id == annotation.id


def test_typing_digits_in_the_note_does_not_tag(window, db_path, settings, qtbot):
    select(window, "Poland")
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    note = window.editor.note_edit
    note.setFocus()
    qtbot.keyClicks(note, "Article 5")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    [annotation] = stored(db_path, settings)
    assert annotation.note == "Article 5"
    assert annotation.label == "actor"


def test_overlapping_spans_get_separate_lanes_and_all_show_at_a_point(window):
    select(window, "Some NATO member countries")
    window.tag_selection("actor")
    select(window, "NATO")
    window.tag_selection("actor")
    select(window, "Some NATO member countries may consider sending troops to Ukraine")
    window.tag_selection("quote")
    view = window.view
    lanes = set(view.lanes.values())
    assert len(lanes) == 3
    offset = text_of(window).index("NATO")
    assert [a.label for a in view.annotations_at(offset)] == ["actor", "actor", "quote"]
    assert [a.end - a.start for a in view.annotations_at(offset)] == sorted(
        a.end - a.start for a in view.annotations_at(offset)
    )


def test_context_menu_label_tags_selection(window, db_path, settings):
    select(window, "Vilnius")
    window.view.tag_requested.emit("condition")
    [annotation] = stored(db_path, settings)
    assert annotation.label == "condition"

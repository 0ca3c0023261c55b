"""An edit in the annotation editor lands on the annotation it was made on, and the selection stays put."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import shown_window, stored
from tests.gui.test_editing import tag

ANDERS, STOLTENBERG = "Anders Fogh Rasmussen", "Stoltenberg"


def click_in_text(window, qtbot, phrase):
    """A left click on the middle of `phrase` in the article, as the user clicks an annotation."""
    view = window.view
    offset = view.current_document.text.index(phrase) + len(phrase) // 2
    cursor = view.textCursor()
    cursor.setPosition(view._map.to_utf16(offset))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())


def select_in_table(window, annotation_id):
    row = next(r for r in range(window.table_model.rowCount()) if window.table_model.annotation(r).id == annotation_id)
    window.table.selectRow(row)


def select(window, qtbot, how, phrase, annotation_id):
    if how == "view":
        click_in_text(window, qtbot, phrase)
    else:
        select_in_table(window, annotation_id)
    assert window.selected_id == annotation_id


def rows(db_path, settings):
    """id -> (attributes, note), read from the file through a fresh Project.open, as another process would."""
    return {a.id: (dict(a.attributes), a.note) for a in stored(db_path, settings)}


def wheel(widget, steps=-1):
    """A mouse-wheel turn over `widget` (negative: towards the user, the next item of a combo box)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def focus(qtbot, widget):
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=2000)


@pytest.fixture
def two_actors(qtbot, project):
    window = shown_window(qtbot, project)
    anders, stoltenberg = tag(window, ANDERS, "actor"), tag(window, STOLTENBERG, "actor")
    window.select_annotation(None)
    return window, anders, stoltenberg


@pytest.mark.parametrize("how", ["view", "table"])
@pytest.mark.parametrize("change", ["index", "wheel"])
def test_kind_and_note_land_on_the_annotation_shown_and_the_selection_stays(
    two_actors, qtbot, db_path, settings, how, change
):
    window, anders, stoltenberg = two_actors
    before = rows(db_path, settings)[anders]
    select(window, qtbot, how, ANDERS, anders)
    select(window, qtbot, how, STOLTENBERG, stoltenberg)
    box = window.editor.attribute_box("kind")
    if change == "index":
        box.setCurrentIndex(box.findData("person"))  # what picking from the dropdown does
    else:
        focus(qtbot, box)
        wheel(box)  # from "—" to the first value, "person"
    assert box.currentData() == "person"
    assert window.selected_id == stoltenberg
    assert window.table_model.annotation(window.table.currentIndex().row()).id == stoltenberg
    assert window.editor.label_box is not None and STOLTENBERG in window.editor._span.text()

    note = window.editor.note_edit
    focus(qtbot, note)
    qtbot.keyClicks(note, "Secretary General")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    stored = rows(db_path, settings)
    assert stored[stoltenberg] == ({"kind": "person"}, "Secretary General")
    assert stored[anders] == before
    assert window.selected_id == stoltenberg
    assert window.table_model.annotation(window.table.currentIndex().row()).id == stoltenberg


def test_the_wheel_changes_a_combo_box_only_when_it_has_focus(two_actors, qtbot, db_path, settings):
    window, anders, stoltenberg = two_actors
    select(window, qtbot, "table", STOLTENBERG, stoltenberg)
    box = window.editor.attribute_box("kind")
    assert box.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel turn does not give it focus either
    focus(qtbot, window.view)
    wheel(box)
    assert box.currentData() == ""  # still unset: scrolling past the editor changes nothing
    assert rows(db_path, settings)[stoltenberg] == ({}, "")
    assert window.selected_id == stoltenberg


@pytest.mark.parametrize("how", ["view", "table"])
def test_a_note_typed_on_one_annotation_stays_there_when_another_is_clicked(two_actors, qtbot, db_path, settings, how):
    window, anders, stoltenberg = two_actors
    before = rows(db_path, settings)[stoltenberg]
    select(window, qtbot, how, ANDERS, anders)
    note = window.editor.note_edit
    focus(qtbot, note)
    qtbot.keyClicks(note, "former Secretary General")  # no Enter: still being typed
    select(window, qtbot, how, STOLTENBERG, stoltenberg)
    stored = rows(db_path, settings)
    assert stored[anders][1] == "former Secretary General"
    assert stored[stoltenberg] == before
    assert window.editor.note_edit.text() == ""  # Stoltenberg's own (empty) note is shown
    window.undo_stack.undo()
    assert rows(db_path, settings)[anders][1] == ""


def test_a_note_being_typed_is_kept_when_the_same_annotation_is_refreshed(two_actors, qtbot, db_path, settings):
    window, anders, stoltenberg = two_actors
    select(window, qtbot, "table", STOLTENBERG, stoltenberg)
    note = window.editor.note_edit
    focus(qtbot, note)
    qtbot.keyClicks(note, "Jens")
    window.select_annotation(stoltenberg)  # a refresh, as after a change made in another window
    assert note.text() == "Jens"
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert rows(db_path, settings)[stoltenberg][1] == "Jens"


def test_an_edit_that_moves_the_row_keeps_the_selection(two_actors, qtbot, project):
    window, anders, stoltenberg = two_actors
    select(window, qtbot, "table", STOLTENBERG, stoltenberg)
    start = window.view.current_document.text.index("Jens Stoltenberg")
    project.update_annotation(stoltenberg, start=start)  # its row goes elsewhere: the table's current row with it
    assert window.selected_id == stoltenberg
    assert window.table_model.annotation(window.table.currentIndex().row()).id == stoltenberg
    assert window.editor.note_edit is not None and "Jens Stoltenberg" in window.editor._span.text()


def test_a_changed_annotation_keeps_its_row_in_the_table(two_actors, qtbot):
    window, anders, stoltenberg = two_actors
    select(window, qtbot, "table", STOLTENBERG, stoltenberg)
    moves = []
    window.table_model.rowsRemoved.connect(lambda *args: moves.append(args))
    window.editor.attribute_box("kind").setCurrentIndex(1)
    assert moves == []  # changed in place: nothing for the table's current row to follow
    assert "kind=person" in window.table_model.data(window.table_model.index(1, 2))


def test_a_note_being_typed_is_saved_when_another_document_opens(
    two_actors, qtbot, project, db_path, settings, tmp_path
):
    window, anders, stoltenberg = two_actors
    second = tmp_path / "second.txt"
    second.write_text("A second article about Article 5 guarantees.\n", encoding="utf-8")
    project.import_paths([second])
    select(window, qtbot, "table", ANDERS, anders)
    note = window.editor.note_edit
    focus(qtbot, note)
    qtbot.keyClicks(note, "interview")
    window.step_document(1)  # PgDown
    assert window.view.current_document.text.startswith("A second article")
    assert rows(db_path, settings)[anders][1] == "interview"


def test_the_gold_edit_boxes_ignore_a_wheel_that_passes_over_them(qtbot, project):
    """The same rule where a reviewer edits the gold span: its label and attributes change only once clicked."""
    from annotator.gui.review.gold_edit_dialog import GoldEditDialog

    text = "Poland offers joint training."
    dialog = GoldEditDialog(text, project.schema, "guarantee_type", 14, 28, {"type": "joint_training"})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_box = dialog._attribute_boxes["type"]
    for box in (dialog.label_box, type_box):
        before = box.currentIndex()
        wheel(box)
        assert box.currentIndex() == before
    for box, value in ((dialog.start_box, 14), (dialog.end_box, 28)):
        wheel(box)
        assert box.value() == value  # the gold span's edges move only when the reviewer is in the box
    focus(qtbot, type_box)
    wheel(type_box)
    assert type_box.currentText() != "joint_training"

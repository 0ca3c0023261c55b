"""Moving the selected annotation's start or end with keys and by dragging its edges; each move one undo step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.gui.conftest import stored

NAME = "Anders Fogh Rasmussen"


def _tag(window, project, words: str):
    text = window.view.current_document.text
    start = text.index(words)
    annotation = project.add_annotation(window.document_id, "actor", start, start + len(words))
    window.select_annotation(annotation.id)
    window.view.setFocus()
    return annotation


def _span(db_path, settings, annotation_id) -> tuple[int, int]:
    [a] = [a for a in stored(db_path, settings) if a.id == annotation_id]
    return a.start, a.end


def _text(window, span) -> str:
    return window.view.current_document.text[span[0] : span[1]]


def test_keys_move_the_end_and_start_by_words_and_characters_each_one_undo_step(
    window, project, qtbot, db_path, settings
):
    annotation = _tag(window, project, "Fogh")
    view = window.view
    alt, shift, ctrl = (
        Qt.KeyboardModifier.AltModifier,
        Qt.KeyboardModifier.ShiftModifier,
        Qt.KeyboardModifier.ControlModifier,
    )
    qtbot.keyClick(view, Qt.Key.Key_Right, ctrl | alt | shift)  # end right by a word
    assert _text(window, _span(db_path, settings, annotation.id)) == "Fogh Rasmussen"
    qtbot.keyClick(view, Qt.Key.Key_Left, ctrl | alt)  # start left by a word
    assert _text(window, _span(db_path, settings, annotation.id)) == NAME
    qtbot.keyClick(view, Qt.Key.Key_Left, alt | shift)  # end left by a character
    assert _text(window, _span(db_path, settings, annotation.id)) == NAME[:-1]
    qtbot.keyClick(view, Qt.Key.Key_Right, alt)  # start right by a character
    assert _text(window, _span(db_path, settings, annotation.id)) == NAME[1:-1]
    assert window.selected_id == annotation.id  # the annotation stays selected through its moves
    for expected in (NAME[:-1], NAME, "Fogh Rasmussen", "Fogh"):  # one undo step a move
        window.undo_stack.undo()
        assert _text(window, _span(db_path, settings, annotation.id)) == expected
    window.undo_stack.redo()
    assert _text(window, _span(db_path, settings, annotation.id)) == "Fogh Rasmussen"


def test_a_move_that_would_empty_the_span_changes_nothing_and_says_so(window, project, qtbot, db_path, settings):
    annotation = _tag(window, project, "Fogh")
    alt, shift, ctrl = (
        Qt.KeyboardModifier.AltModifier,
        Qt.KeyboardModifier.ShiftModifier,
        Qt.KeyboardModifier.ControlModifier,
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Left, ctrl | alt | shift)
    assert _text(window, _span(db_path, settings, annotation.id)) == "Fogh"
    assert "cannot move" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 0


def test_the_moves_are_in_the_edit_menu_with_their_keys(window):
    menu = window.boundaries.menu
    entries = {a.text(): a.shortcut().toString() for a in menu.actions() if a.text()}
    assert entries["End ri&ght"] == "Alt+Shift+Right"
    assert entries["Start left by a &word"] == "Ctrl+Alt+Left"
    assert menu.menuAction() in window.boundaries.parent().actions()  # a submenu of Edit


def _edge_point(window, annotation, edge: str) -> QPoint:
    """A viewport point on the selected annotation's start or end edge."""
    view = window.view
    view.prepare_highlights()
    rects = view.span_rects(annotation)
    rect = rects[0] if edge == "start" else rects[-1]
    x = rect.left() if edge == "start" else rect.right()
    return QPoint(round(x), round(rect.center().y())) - QPoint(
        view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    )


def _point_in(window, offset: int) -> QPoint:
    view = window.view
    cursor = view.textCursor()
    cursor.setPosition(view.utf16_map.to_utf16(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def test_dragging_the_end_edge_to_the_middle_of_a_word_snaps_to_that_word(window, project, qtbot, db_path, settings):
    annotation = _tag(window, project, "Anders")
    window.view.ensureCursorVisible()
    viewport = window.view.viewport()
    grip = _edge_point(window, annotation, "end")
    text = window.view.current_document.text
    target = _point_in(window, text.index("Rasmussen") + 4)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grip)
    qtbot.mouseMove(viewport, target)
    assert window.view.gestures.edge_preview is not None  # a dashed outline shows where the span will go
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert _text(window, _span(db_path, settings, annotation.id)) == NAME
    assert not window.view.textCursor().hasSelection()  # the drag moved the edge, it selected no text
    window.undo_stack.undo()
    assert _text(window, _span(db_path, settings, annotation.id)) == "Anders"


def test_dragging_the_start_edge_leftwards(window, project, qtbot, db_path, settings):
    annotation = _tag(window, project, "Rasmussen")
    window.view.ensureCursorVisible()
    viewport = window.view.viewport()
    grip = _edge_point(window, annotation, "start")
    text = window.view.current_document.text
    target = _point_in(window, text.index("Fogh") + 1)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grip)
    qtbot.mouseMove(viewport, target)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert _text(window, _span(db_path, settings, annotation.id)) == "Fogh Rasmussen"

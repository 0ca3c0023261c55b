"""A sloppy mouse drag tags whole words; Alt or the Preferences switch keep exact characters."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.gui.preferences_dialog import PreferencesDialog
from tests.gui.conftest import shown_window, stored

NAME = "Anders Fogh Rasmussen"


def _point(view, offset: int) -> QPoint:
    """A viewport point just inside the character at `offset` (code points), scrolled into view."""
    view.select_span(offset, offset)
    view.ensureCursorVisible()
    cursor = view.textCursor()
    cursor.setPosition(view.utf16_map.to_utf16(offset))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def _drag(qtbot, view, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    first, last = _point(view, start), _point(view, end)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, first)
    qtbot.mouseMove(viewport, last)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, last)


def _selected(view) -> str:
    span = view.selected_span()
    return view.current_document.text[span[0] : span[1]] if span else ""


def test_a_sloppy_drag_over_a_name_tags_exactly_the_name(window, qtbot, db_path, settings):
    view = window.view
    text = view.current_document.text
    name = text.index(NAME)
    _drag(qtbot, view, name + 2, name + len(NAME) - 3)  # from "de" in Anders to "Rasmus|sen"
    assert _selected(view) == NAME
    qtbot.keyClick(view, Qt.Key.Key_3)  # actor
    tagged = [a for a in stored(db_path, settings) if a.label == "actor"]
    assert [(a.start, a.end) for a in tagged] == [(name, name + len(NAME))]


def test_a_drag_right_to_left_snaps_too(window, qtbot):
    view = window.view
    name = view.current_document.text.index(NAME)
    _drag(qtbot, view, name + len(NAME) - 2, name + 3)
    assert _selected(view) == NAME


def test_alt_drag_on_plain_text_selects_exact_characters(window, qtbot):
    view = window.view
    name = view.current_document.text.index(NAME)
    _drag(qtbot, view, name + 2, name + 9, Qt.KeyboardModifier.AltModifier)
    assert _selected(view) == NAME[2:9]


def test_snapping_switched_off_in_preferences_holds_now_and_next_time(window, qtbot, project, settings, tmp_path):
    def untick_and_accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog) and dialog.snap_box.isChecked()
        assert dialog.grab().save(str(tmp_path / "preferences.png"))
        dialog.snap_box.setChecked(False)
        dialog.accept()

    QTimer.singleShot(0, untick_and_accept)
    window.file_actions.show_preferences()
    assert settings.get("snap_to_words") is False
    name = window.view.current_document.text.index(NAME)
    _drag(qtbot, window.view, name + 2, name + 9)
    assert _selected(window.view) == NAME[2:9]
    again = shown_window(qtbot, project)  # a new window reads the setting
    _drag(qtbot, again.view, name + 2, name + 9)
    assert _selected(again.view) == NAME[2:9]

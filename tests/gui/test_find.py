"""Find in the article: Ctrl+F, Enter for the next occurrence, round from the end, and a word when there is none."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_find_walks_the_occurrences_wraps_round_and_says_when_there_is_none(window, qtbot):
    view, bar = window.view, window.find_bar
    text = view.current_document.text
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.edit.hasFocus()
    bar.edit.setText("Vilnius")
    places = [i for i in range(len(text)) if text.startswith("Vilnius", i)]
    assert len(places) >= 2
    found = []
    for _ in range(len(places) + 1):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
        found.append(view.selected_span())
    assert found == [(p, p + len("Vilnius")) for p in places] + [(places[0], places[0] + len("Vilnius"))]
    bar.edit.setText("Reykjavik")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == "“Reykjavik” is not in this article."

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


def _find(qtbot, window, needle):
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    window.find_bar.edit.setText(needle)
    window.find_bar.refresh()  # as when typing pauses


def _yellowish(view) -> int:
    """How many sampled pixels of the article are the find bar's yellow (nothing else in the article is)."""
    from PySide6.QtGui import QColor

    picture = view.viewport().grab().toImage()
    colours = (QColor(picture.pixel(x, y)) for x in range(0, picture.width(), 2) for y in range(0, picture.height(), 2))
    return sum(1 for c in colours if c.red() > 240 and 200 < c.green() < 250 and c.blue() < 200)


def test_the_bar_counts_the_hits_marks_them_all_and_says_which_one_is_selected(window, qtbot, tmp_path):
    view, bar = window.view, window.find_bar
    text = view.current_document.text
    total = text.count("NATO")
    assert _yellowish(view) == 0
    _find(qtbot, window, "NATO")
    assert bar.count.text() == f"{total} matches"
    view.verticalScrollBar().setValue(0)
    assert _yellowish(view) > 0  # the hits on screen are marked
    view.viewport().grab().save(str(tmp_path / "find.png"))
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"1 of {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # back round to the last
    assert bar.count.text() == f"{total} of {total}"
    assert view.selected_span() == (text.rindex("NATO"), text.rindex("NATO") + 4)


def test_whole_word_and_match_case_switches(window, qtbot):
    view, bar = window.view, window.find_bar
    text = view.current_document.text
    _find(qtbot, window, "nato")
    assert bar.count.text() == f"{text.lower().count('nato')} matches"  # any case, unless asked
    bar.match_case.setChecked(True)
    assert bar.count.text() == "no match"
    _find(qtbot, window, "member")
    some = len(bar.hits)
    bar.whole_word.setChecked(True)
    assert 0 < len(bar.hits) < some  # "members" no longer counts
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    start, end = view.selected_span()
    assert text[start:end] == "member" and not text[end].isalpha()


def test_escape_closes_the_bar_and_unmarks_the_hits(window, qtbot):
    _find(qtbot, window, "NATO")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()
    assert _yellowish(window.view) == 0

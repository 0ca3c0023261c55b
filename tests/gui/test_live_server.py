"""Two windows on one server project: what one saves appears in the other within a second, caret and scroll kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annotator.gui.annotate.main_window import MainWindow
from annotator.services import Project

# a long article (so the viewer can scroll), with an emoji and a combining mark before the tagged words
LINES = [f"Line {n}: the bridge 🌉 at Cafe\u0301 {n} was opened by the mayor." for n in range(400)]


@pytest.fixture
def two_windows(qtbot, postgres_db: str, tmp_path: Path, settings):
    article = tmp_path / "long.txt"
    article.write_text("\n".join(LINES), encoding="utf-8")
    setup = Project.open(postgres_db, analyst="olena", settings=settings)
    setup.import_paths([article], format_name="txt")
    setup.close()
    windows, projects = [], []
    for analyst in ("olena", "taras"):
        project = Project.open(postgres_db, analyst=analyst, settings=settings)
        window = MainWindow(project)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        projects.append(project)
    yield windows
    for window in windows:
        window.close()
    for project in projects:
        project.close()


def test_an_edit_in_one_window_appears_in_the_other_within_a_second_keeping_caret_selection_and_scroll(
    qtbot, two_windows
) -> None:
    editor, viewer = two_windows
    viewer.watch_timer.stop()  # only the server's notice may bring the change, not the window's slow look
    text = viewer.view.current_document.text
    # the viewer reads far down and has some words selected there
    far = text.index("Line 200:")
    viewer.view.select_span(far, far + len("Line 200"))
    bar = viewer.view.verticalScrollBar()
    bar.setValue(bar.value() + 40)  # and has scrolled a little past it
    scrolled = bar.value()
    assert scrolled > 0
    caret = viewer.view.textCursor()
    selected = (caret.selectionStart(), caret.selectionEnd(), caret.position())

    start = text.index("the mayor")  # on line 0, after the emoji and the combining mark
    editor.view.select_span(start, start + len("the mayor"))
    editor.tag_selection("actor")
    began = time.monotonic()
    qtbot.waitUntil(lambda: any(a.start == start for a in viewer.annotations), timeout=1000)
    assert time.monotonic() - began < 1.0
    shown = [a for a in viewer.annotations if a.start == start][0]
    assert (shown.end, shown.label, shown.analyst) == (start + len("the mayor"), "actor", "olena")
    cursor = viewer.view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd(), cursor.position()) == selected
    assert bar.value() == scrolled
    assert viewer.live_notices.listening


def test_the_viewers_own_edit_does_not_make_it_refresh(qtbot, two_windows) -> None:
    editor, viewer = two_windows
    text = viewer.view.current_document.text
    start = text.index("the bridge")
    viewer.view.select_span(start, start + len("the bridge"))
    viewer.tag_selection("actor")
    viewer.statusBar().clearMessage()
    qtbot.wait(400)
    assert "another window" not in viewer.statusBar().currentMessage()
    # the editor, though, heard of it
    qtbot.waitUntil(lambda: any(a.start == start for a in editor.annotations), timeout=1000)

"""The Search dock: Ctrl+Shift+F, keyword-in-context hits of the whole corpus, opening a hit, CSV export, tag all."""

from __future__ import annotations

import csv
import re

import pytest
from PySide6.QtCore import Qt

from annotator.gui.search.search_results_model import BATCH, SearchResultsModel
from annotator.services.search import Hit
from tests.gui.conftest import shown_window, stored


def open_dock(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dock = window.search_dock
    qtbot.waitUntil(dock.isVisible)
    return dock


def search_for(qtbot, dock, text: str) -> None:
    dock.query_edit.clear()
    qtbot.keyClicks(dock.query_edit, text)
    qtbot.keyClick(dock.query_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dock.searching)  # the search runs in the background


def rows(dock) -> list[list[str]]:
    model = dock.model
    while model.canFetchMore():
        model.fetchMore()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_guarantee_on_the_sample_lists_every_hit_with_context(qtbot, window, project):
    dock = open_dock(qtbot, window)
    assert dock.query_edit.hasFocus()
    search_for(qtbot, dock, "guarantee")
    text = project.document(project.document_ids()[0]).text
    starts = [m.start() for m in re.finditer(r"(?i)\bguarantee", text)]
    shown = rows(dock)
    assert len(shown) == len(starts) == 10
    assert dock.count_label.text() == "10 hits in 1 document"
    for (_document, number, before, hit, after), start, n in zip(shown, starts, range(1, 11), strict=True):
        assert number == f"{n}/10"
        assert hit.lower() == "guarantee"
        assert before == text[max(0, start - 40) : start].replace("\n", " ")
        assert after == text[start + 9 : start + 49].replace("\n", " ")
    window.grab().save(str(window.project.location) + ".search.png")


def test_enter_on_a_hit_opens_the_article_with_the_hit_selected(qtbot, window, project):
    dock = open_dock(qtbot, window)
    search_for(qtbot, dock, "NATO")
    assert dock.model.rowCount() > 3
    dock.table.setFocus()
    dock.table.selectRow(3)
    qtbot.keyClick(dock.table, Qt.Key.Key_Return)
    hit = dock.model.hit(3)
    assert window.document_id == hit.document_id
    assert window.view.selected_span() == (hit.start, hit.end)
    assert window.view.current_document.text[hit.start : hit.end] == "NATO"


def test_a_bad_regular_expression_is_said_in_the_dock(qtbot, window):
    dock = open_dock(qtbot, window)
    dock.regex.setChecked(True)
    search_for(qtbot, dock, "(NATO")
    assert dock.count_label.text().startswith("not a regular expression")
    assert dock.model.rowCount() == 0 and not dock.tag_button.isEnabled()


def test_span_query_by_label(qtbot, window, project):
    document = project.document_ids()[0]
    text = project.document(document).text
    start = text.index("NATO")
    project.add_annotation(document, "actor", start, start + 4)
    dock = open_dock(qtbot, window)
    dock.label_box.setCurrentIndex(dock.label_box.findData("actor"))
    search_for(qtbot, dock, "")
    assert rows(dock) == [
        [
            project.document(document).external_id,
            "1/1",
            text[max(0, start - 40) : start].replace("\n", " "),
            "NATO",
            text[start + 4 : start + 44].replace("\n", " "),
            "Actor",
            "olena",
        ]
    ]


def test_export_writes_every_hit_as_safe_csv(qtbot, window, tmp_path):
    dock = open_dock(qtbot, window)
    search_for(qtbot, dock, "guarantee")
    hits = list(dock.model.hits)
    dock.model.set_hits([Hit(1, "=cmd|calc", 0, 1, "-2+3", "@x", "+y"), *hits])
    out = tmp_path / "hits.csv"
    dock.export_to(out)
    with open(out, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["document", "start", "end", "before", "text", "after", "label", "analyst"]
    assert table[1][:6] == ["'=cmd|calc", "0", "1", "'@x", "'-2+3", "'+y"]
    assert len(table) == 1 + 1 + 10
    assert dock.count_label.text() == f"Wrote 11 hits to {out}"


def test_tag_all_is_one_undo_step(qtbot, window, db_path, settings):
    dock = open_dock(qtbot, window)
    dock.whole_word.setChecked(True)
    search_for(qtbot, dock, "NATO")
    count = dock.model.rowCount()
    assert count > 3
    before = len(stored(db_path, settings))
    steps = window.undo_stack.count()
    dock.tag_box.setCurrentIndex(dock.tag_box.findData("actor"))
    qtbot.mouseClick(dock.tag_button, Qt.MouseButton.LeftButton)
    assert len(stored(db_path, settings)) == before + count  # saved before the dock says so
    assert dock.count_label.text() == f"Tagged {count} as Actor"
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == f"Tag {count} search results as Actor"
    window.undo_stack.undo()
    assert len(stored(db_path, settings)) == before
    window.undo_stack.redo()
    assert len(stored(db_path, settings)) == before + count
    qtbot.mouseClick(dock.tag_button, Qt.MouseButton.LeftButton)  # all tagged already: nothing new, no step
    assert dock.count_label.text() == f"Tagged 0 as Actor ({count} already were)"
    assert window.undo_stack.count() == steps + 1


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_the_model_passes_the_model_tester_and_shows_rows_a_batch_at_a_time(qtbot, qtmodeltester, force_py):
    model = SearchResultsModel()
    qtmodeltester.check(model, force_py=force_py)
    model.set_hits([Hit(i // 7, f"doc{i // 7}", i, i + 1, "x", "before\n", "after") for i in range(BATCH * 2 + 5)])
    assert model.rowCount() == BATCH and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == BATCH * 2 + 5 and not model.canFetchMore()
    assert model.index(8, SearchResultsModel.NUMBER).data() == "2/7"
    assert model.index(0, SearchResultsModel.BEFORE).data() == "before "
    model.set_hits([])
    assert model.rowCount() == 0


def test_the_sample_window_with_the_dock_open(qtbot, project, tmp_path):
    window = shown_window(qtbot, project)
    window.resize(1280, 860)
    window.search_dock.open_action.trigger()  # as Ctrl+Shift+F does (the other tests press it)
    dock = window.search_dock
    search_for(qtbot, dock, "guarantee")
    assert dock.height() > 240  # room for the hits, not a squeezed strip
    assert dock.table.rowAt(dock.table.viewport().height() - 2) >= 5  # several hits show at once
    window.grab().save(str(tmp_path / "search.png"))


def test_a_search_runs_in_the_background_and_can_be_stopped_or_replaced(qtbot, window, monkeypatch):
    """The window answers while a search reads the corpus; Stop keeps what was shown; a new search replaces a running one."""
    import threading

    from annotator.services.search import CorpusSearch

    dock = open_dock(qtbot, window)
    search_for(qtbot, dock, "Poland")
    shown = rows(dock)
    assert shown and dock.count_label.text().endswith("in 1 document")
    release = threading.Event()
    real = CorpusSearch.search

    def slow(self, query, cancelled=None):  # a search that takes as long as the test wants
        while not release.is_set() and not (cancelled and cancelled()):
            release.wait(0.01)
        return real(self, query, cancelled)

    monkeypatch.setattr(CorpusSearch, "search", slow)
    dock.query_edit.clear()
    qtbot.keyClicks(dock.query_edit, "NATO")
    qtbot.keyClick(dock.query_edit, Qt.Key.Key_Return)
    assert dock.searching and dock.count_label.text() == "Searching…" and dock.stop_button.isEnabled()
    assert not dock.tag_button.isEnabled()  # the hits shown are no longer those of the query asked
    qtbot.keyClicks(dock.query_edit, " summit")  # the window still takes keys while the search runs
    assert dock.query_edit.text() == "NATO summit"
    qtbot.mouseClick(dock.stop_button, Qt.MouseButton.LeftButton)
    assert not dock.searching and dock.count_label.text() == "Search stopped"
    assert rows(dock) == shown and dock.tag_button.isEnabled()  # the results before stay, to use again
    dock.query_edit.setText("guarantee")
    dock.run()  # replaced at once by the next one: only the last one's hits are shown
    dock.query_edit.setText("Vilnius")
    dock.run()
    release.set()
    qtbot.waitUntil(lambda: not dock.searching)
    qtbot.wait(50)  # a late result of the replaced search would land now
    assert {row[3].lower() for row in rows(dock)} == {"vilnius"}

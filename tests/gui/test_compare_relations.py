"""The compare window's Relations tab: relation differences of A and B, decided into gold with the review keys."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from annotator.gui.review.compare_window import CompareWindow
from annotator.services import Project
from tests.gui.test_compare import answer_dialog

GUARANTEE, NATO, KYIV = "sending troops", "Some NATO member countries", "Kyiv"
CONDITION, GUARDIAN = "fails to provide real security guarantees", "The Guardian"


def tag(project, doc, phrase, label):
    start = project.document(doc).text.index(phrase)
    return project.add_annotation(doc, label, start, start + len(phrase)).id


@pytest.fixture
def reviewed(db_path, settings):
    """Olena and mykola tagged the sample article and linked the guarantee; a reviewer opens it."""
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_seeds()
    doc = olena.document_ids()[0]
    olena.close()
    drawn = {
        "olena": [
            ("provider", GUARANTEE, NATO),
            ("recipient", GUARANTEE, KYIV),
            ("condition_of", CONDITION, GUARANTEE),
        ],
        "mykola": [("provider", GUARANTEE, NATO), ("provider", GUARANTEE, KYIV), ("recipient", GUARANTEE, GUARDIAN)],
    }
    for analyst, relations in drawn.items():
        project = Project.open(db_path, analyst=analyst, settings=settings)
        spans = [(GUARANTEE, "guarantee_type"), (NATO, "actor"), (KYIV, "actor"), (CONDITION, "condition")]
        spans.append((GUARDIAN, "actor") if analyst == "mykola" else ("Anders Fogh Rasmussen", "actor"))
        ids = {phrase: tag(project, doc, phrase, label) for phrase, label in spans}
        for type_, source, target in relations:
            project.add_relation(doc, type_, ids[source], ids[target])
        project.close()
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    yield reviewer, doc
    reviewer.close()


@pytest.fixture
def compare(qtbot, reviewed):
    project, doc = reviewed
    window = CompareWindow(project, doc, "olena", "mykola")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.lists.setCurrentWidget(window.relation_pane)
    window.relation_pane.table.setFocus()
    return window


def seen(window) -> list[tuple[str, ...]]:
    """The Relations tab as the reviewer reads it, row by row."""
    model = window.relation_pane.model
    return [
        tuple(str(model.index(row, column).data()) for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def gold_in_file(db_path) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The gold set as stored in the project file: span texts and (type, source text, target text)."""
    with sqlite3.connect(db_path) as conn:
        (text,) = conn.execute("SELECT text FROM documents").fetchone()
        spans = conn.execute(
            "SELECT a.start_offset, a.end_offset FROM annotations a JOIN analysts n ON n.id = a.analyst_id"
            " WHERE n.name = 'gold'"
        ).fetchall()
        links = conn.execute(
            "SELECT r.type, s.start_offset, s.end_offset, t.start_offset, t.end_offset FROM relations r"
            " JOIN analysts n ON n.id = r.analyst_id JOIN annotations s ON s.id = r.source_id"
            " JOIN annotations t ON t.id = r.target_id WHERE n.name = 'gold'"
        ).fetchall()
    conn.close()
    return sorted(text[s:e] for s, e in spans), sorted((k, text[a:b], text[c:d]) for k, a, b, c, d in links)


def row_of(window, kind_name: str) -> int:
    return next(i for i, row in enumerate(seen(window)) if row[0] == kind_name)


def test_the_relations_tab_lists_the_differences(compare):
    assert compare.lists.tabText(2) == "Relations (3)"
    assert seen(compare) == [
        ("type differs", "recipient", "provider", f"“{GUARANTEE}” → “{KYIV}”", ""),
        ("only B", "—", "recipient", f"“{GUARANTEE}” → “{GUARDIAN}”", ""),
        ("only A", "condition_of", "—", f"“{CONDITION[:39]}…” → “{GUARANTEE}”", ""),
    ]
    compare.show_agreements.setChecked(True)
    assert compare.lists.tabText(2) == "Relations (4)"
    assert ("agree", "provider", "provider", f"“{GUARANTEE}” → “{NATO}”", "") in seen(compare)


def test_b_takes_bs_relation_with_its_ends_and_undo_takes_it_back(compare, reviewed, db_path, qtbot):
    table = compare.relation_pane.table
    compare.relation_pane.select(row_of(compare, "type differs"))
    qtbot.keyClick(table, Qt.Key.Key_B)
    assert gold_in_file(db_path) == ([KYIV, GUARANTEE], [("provider", GUARANTEE, KYIV)])
    assert seen(compare)[0][4] == "took B"
    assert table.currentIndex().row() == 1  # on to the next difference
    assert "provider" in compare.statusBar().currentMessage()
    assert compare.header_gold.text() == "Gold — adjudicated (2)"
    log = compare.log_model
    assert [log.index(row, 3).data() for row in range(log.rowCount())] == [  # newest first
        "relation provider",
        f"Actor: “{KYIV}”",
        f"Guarantee type: “{GUARANTEE}”",
    ]
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert gold_in_file(db_path) == ([], [])
    assert seen(compare)[0][4] == ""


def test_enter_on_a_type_difference_chooses_the_type(compare, db_path, qtbot, monkeypatch):
    offered: list[list[str]] = []

    def choose(parent, title, label, items, current, editable):
        offered.append(list(items))
        return "recipient", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    compare.relation_pane.select(row_of(compare, "type differs"))
    qtbot.keyClick(compare.relation_pane.table, Qt.Key.Key_Return)
    assert offered == [["recipient", "provider"]]  # A's, B's, and no other type fits guarantee → actor
    assert gold_in_file(db_path)[1] == [("recipient", GUARANTEE, KYIV)]
    assert seen(compare)[0][4] == "edited"


def test_x_rejects_and_leaves_gold_alone_and_a_takes_only_as(compare, reviewed, db_path, qtbot):
    project, doc = reviewed
    table = compare.relation_pane.table
    compare.relation_pane.select(row_of(compare, "only B"))
    qtbot.keyClick(table, Qt.Key.Key_X)
    assert gold_in_file(db_path) == ([], [])
    assert seen(compare)[row_of(compare, "only B")][4] == "rejected"
    assert [d.action for d in project.review.decisions(doc)] == ["reject"]
    compare.relation_pane.select(row_of(compare, "only A"))
    qtbot.keyClick(table, Qt.Key.Key_B)  # B drew nothing here
    assert "has no relation here" in compare.statusBar().currentMessage()
    qtbot.keyClick(table, Qt.Key.Key_A)
    assert gold_in_file(db_path) == (sorted([CONDITION, GUARANTEE]), [("condition_of", CONDITION, GUARANTEE)])


def test_accept_all_agreements_includes_relations_both_drew(compare, db_path):
    compare.accept_all()
    spans, links = gold_in_file(db_path)
    assert spans == sorted([GUARANTEE, NATO, KYIV, CONDITION])
    assert links == [("provider", GUARANTEE, NATO)]
    compare.undo_stack.undo()
    assert gold_in_file(db_path) == ([], [])
    compare.undo_stack.redo()
    assert gold_in_file(db_path)[1] == [("provider", GUARANTEE, NATO)]


def test_choosing_a_relation_shows_its_source_in_the_panes(compare):
    compare.relation_pane.select(row_of(compare, "only A"))
    text = compare.view_a.current_document.text
    assert compare.view_a.textCursor().position() == text.index(CONDITION)
    assert compare.view_gold.textCursor().position() == text.index(CONDITION)


def test_a_type_difference_is_drawn_as_each_sides_arrow(compare):
    compare.relation_pane.select(row_of(compare, "type differs"))
    for view in (compare.view_a, compare.view_b):
        view.viewport().repaint()
    assert [label for label, _ in compare.view_a.arrow_tags] == ["recipient"]
    assert [label for label, _ in compare.view_b.arrow_tags] == ["provider"]
    compare.relation_pane.select(row_of(compare, "only A"))
    compare.view_b.viewport().repaint()
    assert compare.view_b.arrow_tags == []  # B drew nothing there


def test_a_decided_row_shows_the_gold_relation_it_made_in_the_gold_pane(compare, qtbot):
    table = compare.relation_pane.table
    compare.relation_pane.select(row_of(compare, "type differs"))
    compare.view_gold.viewport().repaint()
    assert compare.view_gold.arrow_tags == []  # nothing in gold yet
    qtbot.keyClick(table, Qt.Key.Key_B)  # B's provider into gold; the table moves on
    qtbot.keyClick(table, Qt.Key.Key_P)  # back to it
    compare.view_gold.viewport().repaint()
    assert [label for label, _ in compare.view_gold.arrow_tags] == ["provider"]
    qtbot.keyClick(table, Qt.Key.Key_N)  # an undecided row: no gold arrow
    compare.view_gold.viewport().repaint()
    assert compare.view_gold.arrow_tags == []


def test_the_relation_model_passes_the_model_tester(compare, qtmodeltester):
    qtmodeltester.check(compare.relation_pane.model)


def test_screenshot_of_the_relations_tab(compare, qtbot):
    compare.resize(1400, 820)
    compare.show_agreements.setChecked(True)
    compare.relation_pane.select(1)
    qtbot.keyClick(compare.relation_pane.table, Qt.Key.Key_A)
    qtbot.keyClick(compare.relation_pane.table, Qt.Key.Key_P)  # back to the decided row: its gold arrow shows
    qtbot.wait(50)
    assert compare.grab().save("/tmp/compare_relations.png")


def read_relation_decisions(db_path) -> list[tuple[str, str, str]]:
    """(action, type, rationale) of each decision on relations, as stored in the project file."""
    with sqlite3.connect(db_path) as conn:
        found = conn.execute("SELECT action, label, rationale, relation_sources FROM decisions ORDER BY id").fetchall()
    conn.close()
    return [row[:3] for row in found if json.loads(row[3] or "null")]  # span decisions have no relation sources


def test_the_relations_tab_shows_its_keys(compare):
    compare.lists.setCurrentIndex(0)
    assert "E edit gold" in compare.statusBar().currentMessage()
    compare.lists.setCurrentWidget(compare.relation_pane)
    assert compare.statusBar().currentMessage().startswith("Relations:")
    assert "R rationale" in compare.statusBar().currentMessage()


def test_r_explains_the_relation_decision_just_made(compare, db_path, qtbot):
    table = compare.relation_pane.table
    compare.relation_pane.select(row_of(compare, "only B"))
    qtbot.keyClick(table, Qt.Key.Key_B)  # took B's recipient; the table moves on to the next difference
    assert "R adds a rationale" in compare.statusBar().currentMessage()
    asked = answer_dialog(qtbot, "the article names the guardian as recipient")
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert asked and "took B" in asked[0] and "recipient" in asked[0]
    assert read_relation_decisions(db_path) == [("take_b", "recipient", "the article names the guardian as recipient")]
    log = compare.log_model
    assert "the article names the guardian as recipient" in [
        log.index(row, column).data() for row in range(log.rowCount()) for column in range(log.columnCount())
    ]


def test_r_before_any_relation_decision_says_to_decide_first(compare, qtbot):
    asked = answer_dialog(qtbot, "ignored")
    qtbot.keyClick(compare.relation_pane.table, Qt.Key.Key_R)
    assert asked == [] and "Decide first" in compare.statusBar().currentMessage()


def test_r_after_an_undo_does_not_explain_the_undone_relation_decision(compare, db_path, qtbot):
    table = compare.relation_pane.table
    qtbot.keyClick(table, Qt.Key.Key_X)
    compare.undo_stack.undo()
    asked = answer_dialog(qtbot, "ignored")
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert asked == [] and read_relation_decisions(db_path) == []


def test_a_relation_rationale_survives_undo_and_redo(compare, db_path, qtbot):
    table = compare.relation_pane.table
    compare.relation_pane.select(row_of(compare, "only B"))
    qtbot.keyClick(table, Qt.Key.Key_B)
    answer_dialog(qtbot, "named as recipient")
    qtbot.keyClick(table, Qt.Key.Key_R)
    compare.undo_stack.undo()
    assert read_relation_decisions(db_path) == []
    compare.undo_stack.redo()
    assert read_relation_decisions(db_path) == [("take_b", "recipient", "named as recipient")]

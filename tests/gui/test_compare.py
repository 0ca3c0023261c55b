"""Review → Compare: two analysts side by side, keys to adjudicate into gold, undo, and the decision log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.review.compare_window import CompareWindow
from annotator.services import Project


def tag(project, document_id, phrase, label, occurrence=0, **attributes):
    text = project.document(document_id).text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    return project.add_annotation(document_id, label, start, start + len(phrase), attributes=attributes)


@pytest.fixture
def reviewed(db_path, settings):
    """The sample article annotated by olena and mykola, opened by a reviewer."""
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_seeds()
    doc = olena.document_ids()[0]
    tag(olena, doc, "Anders Fogh Rasmussen", "actor")  # both agree
    tag(olena, doc, "Poland", "actor")  # label differs
    tag(olena, doc, "sending troops to Ukraine", "guarantee_type")  # boundaries differ
    tag(olena, doc, "Jens Stoltenberg", "actor")  # only A
    olena.close()
    mykola = Project.open(db_path, analyst="mykola", settings=settings)
    tag(mykola, doc, "Anders Fogh Rasmussen", "actor")
    tag(mykola, doc, "Poland", "quote")
    tag(mykola, doc, "troops to Ukraine", "guarantee_type")
    tag(mykola, doc, "Vilnius", "actor")  # only B
    mykola.close()
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
    window.pair_table.setFocus()
    return window


def kinds(window):
    return [p.kind for p in window.pair_model.pairs]


def gold(project, doc):
    text = project.document(doc).text
    return sorted((a.label, text[a.start : a.end]) for a in project.review.gold(doc))


def test_disagreements_listed_in_text_order(compare):
    assert sorted(kinds(compare)) == sorted(["boundary", "label", "only_a", "only_b"])
    compare.show_agreements.setChecked(True)
    assert "match" in kinds(compare)
    assert compare.view_a.current_document.text == compare.view_b.current_document.text


def test_keys_take_a_take_b_and_reject_build_gold_with_a_log(compare, reviewed, qtbot):
    project, doc = reviewed
    order = kinds(compare)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)  # first difference: take A's version
    first = compare.pair_model.pairs[0]
    assert compare.pair_table.currentIndex().row() == 1  # moved on to the next difference
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_B)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)
    decisions = project.review.decisions(doc)
    assert [d.action for d in decisions] == ["take_a", "take_b", "reject"]
    assert all(d.reviewer == "rev" and d.decided_at is not None for d in decisions)
    assert decisions[0].sources == tuple(x.id for x in (first.a, first.b) if x is not None)
    assert len(project.review.gold(doc)) == 2 - (order[0] == "only_b") - (order[1] == "only_a")


def test_undo_and_redo_of_a_decision(compare, reviewed, qtbot):
    project, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    before = project.review.gold(doc)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.review.gold(doc) == [] and project.review.decisions(doc) == []
    qtbot.keyClick(
        compare.pair_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [a.id for a in project.review.gold(doc)] == [a.id for a in before]


def test_accept_all_agreements_is_one_undoable_step(compare, reviewed):
    project, doc = reviewed
    compare.accept_all()
    assert gold(project, doc) == [("actor", "Anders Fogh Rasmussen")]
    assert [d.action for d in project.review.decisions(doc)] == ["accept_all"]
    compare.undo_stack.undo()
    assert gold(project, doc) == []


def test_enter_accepts_only_where_the_analysts_agree(compare, reviewed, qtbot):
    project, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_Return)  # the first row is a disagreement
    assert project.review.decisions(doc) == []
    assert "do not agree" in compare.statusBar().currentMessage()
    compare.show_agreements.setChecked(True)
    row = kinds(compare).index("match")
    compare._select(row)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_Return)
    assert gold(project, doc) == [("actor", "Anders Fogh Rasmussen")]


def test_next_and_previous_move_through_differences(compare, qtbot):
    assert compare.pair_table.currentIndex().row() == 0
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_N)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_N)
    assert compare.pair_table.currentIndex().row() == 2
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_P)
    assert compare.pair_table.currentIndex().row() == 1


def test_panes_scroll_together(compare, qtbot):
    compare.resize(900, 400)
    qtbot.wait(10)
    bar = compare.view_a.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert compare.view_b.verticalScrollBar().value() == bar.value()
    assert compare.view_gold.verticalScrollBar().value() == bar.value()


def test_rationale_is_recorded(compare, reviewed, qtbot, monkeypatch):
    project, doc = reviewed
    from annotator.gui.review import compare_window

    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    compare._select(0)
    monkeypatch.setattr(
        compare_window.QInputDialog, "getText", lambda *a, **k: ("A's reading matches the source", True)
    )
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert project.review.decisions(doc)[0].rationale == "A's reading matches the source"
    assert "✎" in compare.pair_model.data(compare.pair_model.index(0, 3))


def test_a_non_reviewer_cannot_decide(qtbot, reviewed, db_path, settings):
    _, doc = reviewed
    analyst = Project.open(db_path, analyst="olena", settings=settings)
    window = CompareWindow(analyst, doc, "olena", "mykola")
    qtbot.addWidget(window)
    window.decide("take_a")
    assert analyst.review.decisions(doc) == []
    assert "reviewer" in window.statusBar().currentMessage()
    analyst.close()


def test_decision_log_lists_every_decision_newest_first(compare, reviewed, qtbot, qtmodeltester):
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)
    model = compare.log_model
    assert model.rowCount() == 2
    assert [model.data(model.index(r, 2)) for r in range(2)] == ["rejected", "took A"]
    assert model.data(model.index(0, 1)) == "rev"
    assert compare.lists.tabText(1) == "Decision log (2)"
    qtmodeltester.check(model)
    qtmodeltester.check(compare.pair_model)


def test_a_decision_and_its_undo_update_the_gold_pane_and_the_counts(compare, reviewed, qtbot):
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    assert compare.header_gold.text() == "Gold — adjudicated (1)" and "1 decided" in compare.status.text()
    assert len(compare.view_gold.lanes) == 1
    compare.undo_stack.undo()
    assert compare.header_gold.text() == "Gold — adjudicated (0)" and "0 decided" in compare.status.text()
    assert len(compare.view_gold.lanes) == 0
    compare.accept_all()
    assert compare.header_gold.text() == "Gold — adjudicated (1)"
    compare.undo_stack.undo()  # all the agreements at once
    assert compare.header_gold.text() == "Gold — adjudicated (0)" and len(compare.view_gold.lanes) == 0


def test_a_change_to_an_analysts_annotation_is_compared_again(compare, reviewed):
    project, doc = reviewed
    assert "only_b" in kinds(compare)
    only_b = next(p.b for p in compare.pair_model.pairs if p.kind == "only_b")
    project.delete_annotation(only_b.id)  # not a gold annotation: A and B must be aligned again
    assert "only_b" not in kinds(compare)
    assert compare.header_b.text() == "B — mykola (3)"


def test_the_panes_open_at_the_top_with_the_first_difference_in_view(compare):
    first = compare.current_pair()
    assert first is not None
    for view in compare.views:
        assert view.verticalScrollBar().value() == 0  # the article's top margin shows, not a line cut in half
        assert view.viewport().rect().contains(view.cursorRect().center()), "the first difference is out of view"


# --- reviewing without surprises


def answer_dialog(qtbot, typed: str, *, key=Qt.Key.Key_Return):
    """Type into the next modal dialog (as a reviewer would, key by key) and close it with `key`;
    returns a list that gets the dialog's label text, empty if no dialog opened."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

    seen: list[str] = []

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        field = dialog.findChild(QLineEdit)
        field.selectAll()
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, key)

    QTimer.singleShot(0, answer)
    return seen


def read_decisions(db_path, settings, doc):
    """The decision log as another process reads it from the file."""
    other = Project.open(db_path, analyst="rev2", settings=settings, reviewer=True)
    try:
        return [(d.action, d.sources, d.rationale) for d in other.review.decisions(doc)]
    finally:
        other.close()


def test_r_explains_the_decision_just_made_not_the_next_difference(compare, reviewed, qtbot, db_path, settings):
    _, doc = reviewed
    first = compare.current_pair()
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)  # took A; the window moves on to the next difference
    assert compare.pair_table.currentIndex().row() == 1
    seen = answer_dialog(qtbot, "A names the speaker")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert seen and "took A" in seen[0]  # the dialog says which decision it explains
    sources = tuple(x.id for x in (first.a, first.b) if x is not None)
    assert read_decisions(db_path, settings, doc) == [("take_a", sources, "A names the speaker")]
    assert compare.pair_table.currentIndex().row() == 1  # still on the next difference, nothing else decided


def test_r_explains_the_selected_decision_once_the_reviewer_moved_there(compare, reviewed, qtbot, db_path, settings):
    _, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    second = compare.current_pair()
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)  # rejected the second; now on the third
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_P)  # back to the rejected one, by the reviewer's choice
    seen = answer_dialog(qtbot, "not a guarantee")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert seen and "rejected" in seen[0]
    logged = read_decisions(db_path, settings, doc)
    assert [x[0] for x in logged] == ["take_a", "reject"]
    assert logged[1] == ("reject", tuple(x.id for x in (second.a, second.b) if x is not None), "not a guarantee")
    assert logged[0][2] == ""


def test_r_after_an_undo_does_not_explain_the_undone_decision(compare, reviewed, qtbot):
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    compare.undo_stack.undo()
    seen = answer_dialog(qtbot, "ignored")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert seen == [] and "Decide first" in compare.statusBar().currentMessage()


def test_letters_typed_into_a_box_of_the_window_never_decide(compare, reviewed, qtbot, db_path, settings):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _, doc = reviewed
    opened = []

    def close_any_dialog():  # E would open the gold edit dialog: close it, and remember it did
        if QApplication.activeModalWidget() is not None:
            opened.append(QApplication.activeModalWidget().windowTitle())
            QApplication.activeModalWidget().reject()

    closer = QTimer(compare, interval=20, timeout=close_any_dialog)
    closer.start()
    for box in (compare.a_box, compare.b_box, compare.document_box):
        box.setFocus()
        for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_X, Qt.Key.Key_E, Qt.Key.Key_Return):
            qtbot.keyClick(box, key)
    closer.stop()
    assert read_decisions(db_path, settings, doc) == [] and opened == []
    assert compare.pair_table.currentIndex().row() == 0  # and nothing moved on
    compare.pair_table.setFocus()  # the list of differences keeps its keys
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)
    assert [x[0] for x in read_decisions(db_path, settings, doc)] == ["reject"]


def test_a_rationale_typed_with_the_review_letters_stays_text(compare, reviewed, qtbot, db_path, settings):
    _, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    answer_dialog(qtbot, "A stands; B and X are wrong")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    logged = read_decisions(db_path, settings, doc)
    assert [(action, rationale) for action, _, rationale in logged] == [("take_a", "A stands; B and X are wrong")]


def test_letters_typed_into_the_gold_edit_dialog_stay_there(compare, reviewed, qtbot, db_path, settings):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _, doc = reviewed
    pair = compare.current_pair()

    def type_into_dialog():
        dialog = QApplication.activeModalWidget()
        dialog.start_box.setFocus()
        qtbot.keyClicks(dialog.start_box, "abx")  # not numbers: the spin box refuses them, nothing else happens
        dialog.rationale_edit.setFocus()
        qtbot.keyClicks(dialog.rationale_edit, "B and A both miss a word")
        qtbot.keyClick(dialog.rationale_edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_into_dialog)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_E)
    logged = read_decisions(db_path, settings, doc)
    assert logged == [("edit", tuple(x.id for x in (pair.a, pair.b) if x is not None), "B and A both miss a word")]


def test_changing_an_earlier_decision_says_what_it_replaces_and_undoes_in_one_step(
    compare, reviewed, qtbot, db_path, settings
):
    project, doc = reviewed
    first = compare.current_pair()
    action = "take_a" if first.a is not None else "take_b"
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A if first.a is not None else Qt.Key.Key_B)
    answer_dialog(qtbot, "as the source says")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    compare.activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(compare.isActiveWindow)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)  # another pair, so the log has more than the one changed
    before = (project.review.gold(doc), read_decisions(db_path, settings, doc))
    assert "replaces" not in compare.statusBar().currentMessage()

    compare._select(0)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)  # the reviewer changes their mind: reject the first pair
    took = {"take_a": "took A", "take_b": "took B"}[action]
    assert f"replaces: {took}" in compare.statusBar().currentMessage()
    assert compare.undo_stack.undoText() == f"Reject (replaces: {took})"
    changed = read_decisions(db_path, settings, doc)
    assert [x[0] for x in changed] == [action, "reject", "reject"] and len(project.review.gold(doc)) == len(
        before[0]
    ) - 1
    assert compare.pair_model.data(compare.pair_model.index(0, 3)) == "rejected"

    compare.undo_stack.undo()  # one step: the earlier decision is back exactly, its gold span and rationale too
    assert (project.review.gold(doc), read_decisions(db_path, settings, doc)) == before
    assert compare.pair_model.data(compare.pair_model.index(0, 3)) == f"{took} ✎"
    compare.undo_stack.redo()
    assert read_decisions(db_path, settings, doc) == changed


def test_an_attributes_differ_row_shows_both_values(qtbot, db_path, settings):
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_seeds()
    doc = olena.document_ids()[0]
    tag(olena, doc, "sending troops to Ukraine", "guarantee_type", type="collective_defence")
    olena.close()
    mykola = Project.open(db_path, analyst="mykola", settings=settings)
    tag(mykola, doc, "sending troops to Ukraine", "guarantee_type", type="membership")
    mykola.close()
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    window = CompareWindow(reviewer, doc, "olena", "mykola")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.pair_model
    assert [model.data(model.index(0, c)) for c in range(3)] == [
        "attributes differ",
        "type: collective_defence · Guarantee type: “sending troops to Ukraine”",
        "type: membership · Guarantee type: “sending troops to Ukraine”",
    ]
    reviewer.close()


def test_escape_closes_the_rationale_and_gold_edit_dialogs_and_changes_nothing(
    compare, reviewed, qtbot, db_path, settings
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    seen = answer_dialog(qtbot, "half a thought", key=Qt.Key.Key_Escape)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert seen and QApplication.activeModalWidget() is None
    assert [x[2] for x in read_decisions(db_path, settings, doc)] == [""]

    for name in ("start_box", "label_box", "rationale_edit"):  # E opens the gold edit dialog; Escape from each field
        closed = []

        def escape(name=name, closed=closed):
            dialog = QApplication.activeModalWidget()
            field = getattr(dialog, name)
            field.setFocus()
            qtbot.keyClick(field, Qt.Key.Key_Escape)
            closed.append(not dialog.isVisible())
            dialog.reject()  # a dialog Escape left open must not hang the test

        compare.activateWindow()
        qtbot.waitUntil(compare.isActiveWindow)
        QTimer.singleShot(0, escape)
        qtbot.keyClick(compare.pair_table, Qt.Key.Key_E)
        assert closed == [True], name
    assert len(read_decisions(db_path, settings, doc)) == 1


@pytest.mark.parametrize("available", [None, (0, 32, 1024, 568), (0, 0, 800, 480)])
def test_the_window_opens_no_larger_than_the_screen(qtbot, reviewed, monkeypatch, available):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    project, doc = reviewed
    if available is not None:  # a laptop's screen less its panel
        monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(*available))
    window = CompareWindow(project, doc, "olena", "mykola")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    area = window.screen().availableGeometry()
    assert area.contains(window.frameGeometry()), (area, window.frameGeometry())
    assert window.pair_model.rowCount() and window.pair_table.isVisible() and window.view_gold.isVisible()


def test_a_rationale_survives_undo_and_redo_of_its_decision(compare, reviewed, qtbot, db_path, settings):
    _, doc = reviewed
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A)
    answer_dialog(qtbot, "A names the speaker")
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_R)
    assert [x[2] for x in read_decisions(db_path, settings, doc)] == ["A names the speaker"]
    compare.undo_stack.undo()
    assert read_decisions(db_path, settings, doc) == []
    compare.undo_stack.redo()
    assert [x[2] for x in read_decisions(db_path, settings, doc)] == ["A names the speaker"]

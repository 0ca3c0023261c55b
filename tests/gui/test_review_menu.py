"""The Review menu: marking documents done, blind mode as an analyst sees it, opening the compare window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.services import Project
from tests.gui.conftest import shown_window


def two_analysts(db_path, settings):
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_seeds()
    doc = olena.document_ids()[0]
    text = olena.document(doc).text
    olena.add_annotation(doc, "actor", text.index("Poland"), text.index("Poland") + 6)
    olena.close()
    mykola = Project.open(db_path, analyst="mykola", settings=settings)
    mykola.add_annotation(doc, "actor", text.index("Vilnius"), text.index("Vilnius") + 7)
    mykola.add_annotation(doc, "quote", 0, 26)
    mykola.close()
    return doc


def test_ctrl_d_marks_the_document_done_and_the_list_shows_it(window, qtbot, project):
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    doc = window.document_id
    assert project.review.statuses([doc])[(doc, "olena")] == "done"
    assert window.document_model.data(window.document_model.index(0, window.document_model.STATUS)) == "done ✓"
    assert window.review_actions.done_action.isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert project.review.statuses([doc])[(doc, "olena")] == "in_progress"


def test_first_annotation_puts_the_document_in_progress(window, project):
    text = window.view.current_document.text
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    assert window.document_model.data(window.document_model.index(0, window.document_model.STATUS)) == "in progress"


def test_blind_mode_shows_an_analyst_only_their_own_work(qtbot, db_path, settings):
    two_analysts(db_path, settings)
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()
    olena = Project.open(db_path, analyst="olena", settings=settings)
    window = shown_window(qtbot, olena)
    assert [a.analyst for a in window.annotations] == ["olena"]
    assert window.table_model.rowCount() == 1
    assert (
        window.document_model.data(window.document_model.index(0, window.document_model.SPANS)) == 1
    )  # the count is hers alone
    assert "(1 yours)" in window.status_label.text() and "1 annotation " in window.status_label.text()
    assert not window.review_actions.blind_action.isEnabled()
    assert window.review_actions.show_compare() is None  # refused, with a message
    assert "blind mode" in window.last_error
    olena.close()


def test_reviewer_sees_everyone_and_opens_the_comparison(qtbot, db_path, settings, monkeypatch):
    doc = two_analysts(db_path, settings)
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    window = shown_window(qtbot, reviewer)
    assert sorted(a.analyst for a in window.annotations) == ["mykola", "mykola", "olena"]
    compare = window.review_actions.show_compare()
    assert compare is not None and compare.document_id == doc
    assert {compare.analyst_a, compare.analyst_b} == {"olena", "mykola"}
    compare.close()
    reviewer.close()


def test_comparing_needs_two_analysts(window):
    assert window.review_actions.show_compare() is None
    assert "two analysts" in window.last_error


def test_changes_from_another_process_appear(window, db_path, settings):
    assert window.check_external_changes() is False  # nothing new yet
    other = Project.open(db_path, analyst="mykola", settings=settings)
    doc = window.document_id
    text = other.document(doc).text
    other.add_annotation(doc, "actor", text.index("Poland"), text.index("Poland") + 6)
    other.close()
    assert window.check_external_changes() is True
    assert [a.analyst for a in window.annotations] == ["mykola"]
    assert window.table_model.rowCount() == 1
    # our own edits are not mistaken for someone else's
    window.view.select_span(0, 4)
    window.tag_selection("actor")
    assert window.check_external_changes() is False


def test_restore_from_backup_brings_back_the_earlier_state(window, db_path):
    from annotator.services import backups

    text = window.view.current_document.text
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    earlier = backups.make_backup(db_path)
    window.view.select_span(text.index("Vilnius"), text.index("Vilnius") + 7)
    window.tag_selection("actor")
    assert len(window.annotations) == 2
    window.file_actions.restore(earlier.path)
    assert [text[a.start : a.end] for a in window.annotations] == ["Poland"]
    assert len(backups.list_backups(db_path)) == 2  # the state before restoring was kept too
    assert window.undo_stack.count() == 0


def test_review_keys_work_from_the_compare_window(qtbot, db_path, settings):
    from annotator.gui.review.compare_window import CompareWindow

    doc = two_analysts(db_path, settings)
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    window = shown_window(qtbot, reviewer)
    compare = window.review_actions.show_compare()
    qtbot.waitExposed(compare)
    compare.activateWindow()
    qtbot.waitUntil(compare.isActiveWindow)
    compare.pair_table.setFocus()
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_X)  # a decision, to see that the same window stays
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

    qtbot.keyClick(compare.pair_table, Qt.Key.Key_A, shift_ctrl)
    dialog = window.review_actions.agreement_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.wait()
    dialog.close()

    compare.activateWindow()
    qtbot.waitUntil(compare.isActiveWindow)
    qtbot.keyClick(compare.pair_table, Qt.Key.Key_C, shift_ctrl)  # the open comparison, not a second one
    assert window.review_actions.compare_window is compare and compare.document_id == doc
    assert len(window.findChildren(CompareWindow)) == 1 and compare.undo_stack.count() == 1
    assert [d.action for d in reviewer.review.decisions(doc)] == ["reject"]
    compare.close()
    reviewer.close()

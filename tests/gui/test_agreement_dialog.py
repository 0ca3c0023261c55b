"""Review → Agreement: the dialog computes off the UI thread and shows numbers that can be checked by hand.

The sample article is annotated by olena (the `project` fixture's analyst) and by mykola
(a second session on the same file), as two analysts on two machines would after an import:

    span                                   olena              mykola
    "Anders Fogh Rasmussen"                actor kind=person  actor kind=person    exact match
    "The Guardian" / "Guardian"            actor              actor                same label, overlapping
    "if the Alliance's … for Kyiv"         condition          quote                label confusion

So for actor: A 2, B 2, 1 exact match -> F1 exact 2·1/(2+2) = 0.500; 2 overlap matches -> 1.000.
Overall: 3 and 3, 1 exact match -> 0.333; 2 overlap matches -> 0.667.
Two more documents: "nato" (nobody annotated it: its F1 is n/a) and "poland" (both tag the
whole text as actor: F1 1.000 there, and over that document alone κ chars is undefined).
"""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import QPersistentModelIndex, QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from annotator.gui.review.agreement_dialog import AgreementDialog
from annotator.gui.review.agreement_models import (
    SORT_ROLE,
    AttributeAgreementModel,
    ConfusionModel,
    DocumentAgreementModel,
    LabelAgreementModel,
)
from annotator.services import Project

CONDITION = "if the Alliance's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv"


def span(text: str, words: str, within: str | None = None) -> tuple[int, int]:
    start = text.index(within or words)
    start += (within or words).index(words)
    return start, start + len(words)


@pytest.fixture
def corpus(project, db_path, settings, tmp_path):
    """The sample article and two small documents, annotated by olena and mykola; returns their ids."""
    seed = project.document_ids()[0]
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "nato.txt").write_text("NATO summit in Vilnius.\n", encoding="utf-8")
    (folder / "poland.txt").write_text("Poland\n", encoding="utf-8")
    project.import_paths([folder], format_name="txt")
    ids = {s.external_id: s.id for s in project.document_summaries()}
    text = project.document(seed).text
    poland_text = project.document(ids["poland"]).text

    project.add_annotation(seed, "actor", *span(text, "Anders Fogh Rasmussen"), attributes={"kind": "person"})
    project.add_annotation(seed, "actor", *span(text, "The Guardian"))
    project.add_annotation(seed, "condition", *span(text, CONDITION))
    project.add_annotation(ids["poland"], "actor", 0, len(poland_text))
    other = Project.open(db_path, analyst="mykola", settings=settings)
    try:
        other.add_annotation(seed, "actor", *span(text, "Anders Fogh Rasmussen"), attributes={"kind": "person"})
        other.add_annotation(seed, "actor", *span(text, "Guardian", within="The Guardian"))
        other.add_annotation(seed, "quote", *span(text, CONDITION))
        other.add_annotation(ids["poland"], "actor", 0, len(poland_text))
    finally:
        other.close()
    return {"seed": seed, "nato": ids["nato"], "poland": ids["poland"], "text": text}


def open_dialog(qtbot, project, **kwargs) -> AgreementDialog:
    """Show the dialog (which computes at once) and wait for its results."""
    dialog = AgreementDialog(project, **kwargs)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.computed, timeout=20000):
        dialog.show()
    return dialog


def recompute(qtbot, dialog: AgreementDialog) -> None:
    with qtbot.waitSignal(dialog.computed, timeout=20000):
        assert dialog.compute()


def row_texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def rows_by_name(model) -> dict[str, list[str]]:
    return {model.index(r, 0).data(): row_texts(model, r) for r in range(model.rowCount())}


# --------------------------------------------------------------------------- numbers


def test_per_label_table_shows_the_hand_computed_numbers(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    assert dialog.windowTitle() == "Agreement"
    assert not dialog.isModal()
    assert (dialog.analyst_a, dialog.analyst_b) == ("mykola", "olena")
    assert dialog.selected_documents.isChecked() and dialog.document_ids == [corpus["seed"]]
    rows = rows_by_name(dialog.label_model)
    assert list(rows) == ["Actor", "Condition", "Quote", "overall"]  # display names from the schema, overall last
    #                      label     A    B   exact  F1 exact  F1 overlap
    assert rows["Actor"][:6] == ["Actor", "2", "2", "1", "0.500", "1.000"]
    assert rows["overall"][:6] == ["overall", "3", "3", "1", "0.333", "0.667"]
    # Each of condition and quote was used by one analyst only: p_o = p_e, so kappa is 0 (defined).
    assert rows["Condition"][1:4] == ["0", "1", "0"] and rows["Condition"][6] == "0.000"
    assert rows["Quote"][1:4] == ["1", "0", "0"] and rows["Quote"][6] == "0.000"
    # Actor, κ over characters: A covers 21 + 12 characters, B 21 + 8, all of B's inside A's.
    n, a, b, both = len(corpus["text"]), 33, 29, 29
    p_o = (n - (a - both) - (b - both)) / n
    p_e = (a * b + (n - a) * (n - b)) / n**2
    assert rows["Actor"][6] == f"{(p_o - p_e) / (1 - p_e):.3f}"
    assert dialog.label_model.index(0, 4).data(SORT_ROLE) == pytest.approx(0.5)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert all(dialog.label_model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) == right for c in range(1, 8))
    assert "overall F1 exact 0.333" in dialog.summary.text() and "A = mykola" in dialog.summary.text()


def test_undefined_statistics_read_n_a(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    # One matched pair, both "person": the kappa of the attribute is undefined (p_e = 1), agreement 100 %.
    attributes = [row_texts(dialog.attribute_model, r) for r in range(dialog.attribute_model.rowCount())]
    assert attributes[0] == ["Actor.kind", "exact", "1", "1", "100.0 %", "n/a"]
    # On overlap-matched pairs the Guardian pair adds ("", ""): two categories, both agreeing, so κ = 1.
    assert attributes[1] == ["Actor.kind", "overlap", "2", "2", "100.0 %", "1.000"]
    # Over the "poland" document alone both analysts cover every character: κ chars is undefined.
    dialog.set_document_ids([corpus["poland"]])
    recompute(qtbot, dialog)
    rows = rows_by_name(dialog.label_model)
    assert rows["Actor"][1:6] == ["1", "1", "1", "1.000", "1.000"]
    assert rows["Actor"][6] == "n/a" and rows["overall"][6] == "n/a"
    assert dialog.label_model.index(0, 6).data(SORT_ROLE) is None


def test_confusion_matrix_and_attributes_tab(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    model = dialog.confusion_model
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert columns == rows == ["Actor", "Condition", "Quote", "(no span)"]
    matrix = [row_texts(model, r) for r in range(model.rowCount())]
    assert matrix == [
        ["2", "0", "0", "0"],  # actor: both overlap pairs matched
        ["0", "0", "0", "0"],
        ["0", "1", "0", "0"],  # A (mykola) said quote where B (olena) said condition
        ["0", "0", "0", ""],
    ]
    assert "A says Quote, B says Condition" in model.index(2, 1).data(Qt.ItemDataRole.ToolTipRole)


def test_all_documents_and_the_per_document_table_sorts_by_f1_with_n_a_last(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project)
    assert dialog.all_documents.isChecked() and not dialog.selected_documents.isEnabled()
    model, view = dialog.document_model, dialog.document_view
    names = lambda: [model.index(r, 0).data() for r in range(model.rowCount())]  # noqa: E731
    seed_name = next(s.external_id for s in project.document_summaries() if s.id == corpus["seed"])
    assert names() == [seed_name, "nato", "poland"]
    assert row_texts(model, 1)[1:6] == ["23", "0", "0", "n/a", "n/a"]  # the final newline is not stored
    assert row_texts(model, 0)[2:6] == ["3", "3", "0.333", "0.667"]

    view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert names() == [seed_name, "poland", "nato"]
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert names() == ["poland", seed_name, "nato"]  # n/a stays last either way
    # Clicking a header sorts too.
    header = view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(1) + 10, 5)
    )
    assert header.sortIndicatorSection() == 1
    lengths = [int(model.index(r, 1).data().replace(",", "")) for r in range(model.rowCount())]
    assert lengths == sorted(lengths, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    # The order survives a recomputation.
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    recompute(qtbot, dialog)
    assert names() == ["poland", seed_name, "nato"]


def test_double_click_on_a_document_requests_the_comparison(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project)
    dialog.tabs.setCurrentIndex(2)
    view = dialog.document_view
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # "poland" first, so the row is not the id order
    rect = view.visualRect(dialog.document_model.index(0, 2))
    with qtbot.waitSignal(dialog.comparison_requested, timeout=2000) as requested:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert requested.args == [corpus["poland"], "mykola", "olena"]
    # Enter on the current row does the same (and does not press the dialog's default button).
    view.setCurrentIndex(dialog.document_model.index(1, 0))
    view.setFocus()
    with qtbot.waitSignal(dialog.comparison_requested, timeout=2000) as requested:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert requested.args == [corpus["seed"], "mykola", "olena"]
    assert not dialog.busy_computing


def test_analysts_can_be_swapped_and_must_differ(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    dialog.set_analysts("olena", "olena")
    assert not dialog.compute_button.isEnabled() and "two different analysts" in dialog.summary.text()
    dialog.set_analysts("olena", "mykola")
    recompute(qtbot, dialog)
    rows = rows_by_name(dialog.label_model)
    assert rows["Condition"][1:3] == ["1", "0"]  # A is olena now
    assert dialog.analysts == ("olena", "mykola")


def test_results_are_marked_stale_after_an_edit_and_the_dialog_stops_listening_when_hidden(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    text = corpus["text"]
    project.add_annotation(corpus["seed"], "actor", *span(text, "Poland"))
    assert "changed since" in dialog.summary.text()
    recompute(qtbot, dialog)
    assert "changed since" not in dialog.summary.text()
    assert rows_by_name(dialog.label_model)["Actor"][2] == "3"  # B (olena) has a third actor now
    dialog.hide()
    project.add_annotation(corpus["seed"], "actor", *span(text, "Jens Stoltenberg"))
    assert "changed since" not in dialog.summary.text()
    with qtbot.waitSignal(dialog.computed, timeout=20000):
        dialog.show()  # shown again: computed afresh
    assert rows_by_name(dialog.label_model)["Actor"][2] == "4"


def test_computing_runs_off_the_ui_thread(qtbot, project, corpus):
    dialog = AgreementDialog(project)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.computed, timeout=20000):
        assert dialog.compute()
        assert dialog.busy_computing and not dialog.compute_button.isEnabled()
        assert not dialog.compute()  # one computation at a time
    assert not dialog.busy_computing and dialog.compute_button.isEnabled()


# --------------------------------------------------------------------------- exports


def test_exports_write_csv_and_html(qtbot, project, corpus, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, project)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "report"), "")))
    qtbot.mouseClick(dialog.export_csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader((tmp_path / "report.csv").open(encoding="utf-8")))
    assert rows[0][:2] == ["scope", "label"]
    actor = next(r for r in rows if r[:2] == ["label", "actor"])
    assert actor[2:5] == ["3", "3", "2"]  # over all three documents: the "poland" match counts too
    assert any(r[:2] == ["document", "nato"] for r in rows)  # external ids, not database ids

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "report.html"), ""))
    )
    qtbot.mouseClick(dialog.export_html_button, Qt.MouseButton.LeftButton)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<th>Actor</th>" in page and "<svg" in page and "nato" in page
    assert "mykola" in page and "olena" in page
    assert str(tmp_path / "report.html") in dialog.summary.text()


def test_cancelled_file_choice_writes_nothing(qtbot, project, corpus, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, project)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert dialog.export_csv() is None and dialog.export_html() is None
    assert not list(tmp_path.glob("*.csv"))


# --------------------------------------------------------------------------- too few analysts


def test_fewer_than_two_analysts_shows_a_message_instead_of_tables(qtbot, project):
    dialog = AgreementDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.stack.currentWidget() is dialog.message
    assert "nobody has annotated" in dialog.message.text()
    assert not dialog.compute_button.isEnabled() and not dialog.export_csv_button.isEnabled()
    assert not dialog.compute() and not dialog.busy_computing

    seed = project.document_ids()[0]
    text = project.document(seed).text
    project.add_annotation(seed, "actor", *span(text, "Poland"))
    dialog.refresh_analysts()
    assert dialog.stack.currentWidget() is dialog.message
    assert "only olena has annotated" in dialog.message.text()


def test_blind_analyst_is_told_to_ask_a_reviewer(qtbot, project, corpus, db_path, settings):
    reviewer = Project.open(db_path, analyst="rita", settings=settings, reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()
    blind = Project.open(db_path, analyst="olena", settings=settings)
    try:
        dialog = AgreementDialog(blind)
        qtbot.addWidget(dialog)
        assert dialog.stack.currentWidget() is dialog.message
        assert "--reviewer" in dialog.message.text()
    finally:
        blind.close()


# --------------------------------------------------------------------------- models


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports failures as warnings
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
@pytest.mark.parametrize("kind", [LabelAgreementModel, DocumentAgreementModel, ConfusionModel, AttributeAgreementModel])
def test_item_models_pass_the_model_tester(qtbot, project, corpus, qtmodeltester, kind, force_py):
    report = project.review.agreement("mykola", "olena")
    extra = {s.id: s for s in project.document_summaries()} if kind is DocumentAgreementModel else project.schema
    model = kind()
    qtmodeltester.check(model, force_py=force_py)  # empty, then rechecked on every change below
    model.set_report(report, extra)
    assert model.rowCount() > 0
    model.sort(4 if model.columnCount() > 4 else 1, Qt.SortOrder.DescendingOrder)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    model.set_report(None, extra)
    model.set_report(report, extra)


def test_sorting_keeps_persistent_indexes_on_their_rows(project, corpus):
    report = project.review.agreement("mykola", "olena")
    model = DocumentAgreementModel()
    model.set_report(report, {s.id: s for s in project.document_summaries()})
    held = QPersistentModelIndex(model.index(model.row_of(corpus["nato"]), 3))
    model.sort(4, Qt.SortOrder.AscendingOrder)
    assert held.row() == 2 and held.column() == 3 and model.document_id(held.row()) == corpus["nato"]
    model.sort(-1)
    assert model.document_id(held.row()) == corpus["nato"]


def test_escape_closes_the_dialog_wherever_the_focus_is(qtbot, project, corpus):
    dialog = open_dialog(qtbot, project, document_ids=[corpus["seed"]])
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.setCurrentWidget(dialog.document_view.parentWidget())
    for widget in (dialog.analyst_a_box, dialog.document_view):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        with qtbot.waitSignal(dialog.computed, timeout=20000):
            dialog.show()

"""Review → Agreement, Relations tab: exact and lenient F1 per relation type, as computed by hand.

The data are those of tests/cli/test_cli_relation_agreement.py: olena draws 4 relations,
taras 3; speaker agrees exactly, provider only leniently (1 match of 1 + 2 relations: 0.667),
recipient and condition_of only olena has. Overall: 4 and 3, 1 exact (0.286), 2 lenient (0.571).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.gui.review.agreement_dialog import AgreementDialog
from annotator.gui.review.agreement_models import RelationAgreementModel
from tests.cli.helpers import write_jsonl
from tests.cli.test_cli_relation_agreement import documents


@pytest.fixture
def linked(project, tmp_path):
    project.import_paths([write_jsonl(tmp_path / "linked.jsonl", documents())])
    return project


def open_dialog(qtbot, project) -> AgreementDialog:
    dialog = AgreementDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_analysts("olena", "taras")
    with qtbot.waitSignal(dialog.computed, timeout=20000):
        dialog.show()
    dialog.wait()
    if dialog.analysts != ("olena", "taras"):  # the dialog computed for its first choice: ask again
        with qtbot.waitSignal(dialog.computed, timeout=20000):
            dialog.compute()
    return dialog


def rows_of(model: RelationAgreementModel) -> dict[str, list[str]]:
    return {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, model.columnCount())]
        for r in range(model.rowCount())
    }


def test_relations_tab_shows_the_hand_computed_numbers(qtbot, linked, tmp_path):
    dialog = open_dialog(qtbot, linked)
    assert dialog.analysts == ("olena", "taras")
    rows = rows_of(dialog.relation_model)
    assert list(rows)[-1] == "overall"
    assert rows["speaker"] == ["1", "1", "1", "1", "1.000", "1.000"]
    assert rows["provider"] == ["1", "2", "0", "1", "0.000", "0.667"]
    assert rows["overall"] == ["4", "3", "1", "2", "0.286", "0.571"]
    dialog.relation_model.sort(6, Qt.SortOrder.DescendingOrder)
    assert list(rows_of(dialog.relation_model)) == ["speaker", "provider", "condition_of", "recipient", "overall"]
    [index] = [i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "&Relations"]
    dialog.tabs.setCurrentIndex(index)
    assert dialog.relation_view.isVisible()
    dialog.resize(900, 420)
    qtbot.wait(50)
    dialog.grab().save(str(tmp_path / "relations_tab.png"))


def test_without_relations_the_tab_reads_n_a(qtbot, project, tmp_path):
    plain = documents()
    plain[0]["relations"] = []
    project.import_paths([write_jsonl(tmp_path / "plain.jsonl", plain)])
    dialog = open_dialog(qtbot, project)
    assert rows_of(dialog.relation_model) == {"overall": ["0", "0", "0", "0", "n/a", "n/a"]}


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports failures as warnings
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_relation_model_passes_the_model_tester(linked, qtmodeltester, force_py):
    report = linked.review.agreement("olena", "taras")
    model = RelationAgreementModel()
    qtmodeltester.check(model, force_py=force_py)  # empty, then rechecked on every change below
    model.set_report(report)
    assert model.rowCount() == 5
    model.sort(5, Qt.SortOrder.AscendingOrder)
    model.sort(-1)
    model.set_report(None)
    assert model.rowCount() == 0

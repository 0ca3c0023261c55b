"""The claims window (Review → Claims…): the claims of one set in a table, filtered, charted, and opened in the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.claims.claims_model import ClaimsTableModel
from annotator.services import Project
from annotator.services.claims import claims_set, iter_claims
from tests.gui.conftest import shown_window

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "claims_sample.jsonl"
TROOPS = "the deployment of their troops in Ukraine"
CONDITION = (
    "if the Alliance countries, including the United States, do not provide significant "
    "security guarantees to Kiev at the summit in Vilnius"
)


@pytest.fixture
def sample(db_path, settings, tmp_path):
    """A project holding the tagged sample (olena's claims) and an article without any."""
    other = tmp_path / "other.txt"
    other.write_text("Talks in Geneva\n\nThe ministers met in Geneva and agreed on nothing.\n", encoding="utf-8")
    p = Project.open(db_path, analyst="olena", settings=settings)
    p.import_paths([SAMPLE])
    p.import_paths([other], format_name="txt")
    yield p
    p.close()


def open_claims(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # a shortcut acts in the active window
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    claims = window.review_actions.claims_window
    assert claims is not None and claims.isVisible()
    qtbot.waitExposed(claims)
    return claims


def shown_rows(claims):
    """The table as the user reads it: one dict of header → cell per row, in the order shown."""
    model = claims.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [{h: model.index(r, c).data() for c, h in enumerate(headers)} for r in range(model.rowCount())]


def test_the_table_shows_each_claim_with_who_gives_it_to_whom_on_what_condition(qtbot, sample, tmp_path):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    rows = shown_rows(claims)
    assert len(rows) == 3 and claims.count_label.text() == "3 claims"
    troops = next(r for r in rows if r["Guarantee"] == TROOPS)
    assert troops["Guarantee type"] == "troop deployment"  # as the annotation editor names it
    assert troops["Providers"] == "a group of NATO member countries"
    assert troops["Recipients"] == "Ukraine"
    assert troops["Conditions"] == CONDITION
    assert troops["Speaker"] == "The former head of NATO"
    assert troops["Quote"].startswith("a group of NATO member countries may turn")
    assert troops["Date"] == "2023-06-16" and troops["Location"] == "Kyiv, Ukraine"
    assert troops["Analyst"] == "olena" and troops["Document"].startswith("Some NATO member countries")
    assert claims.chart.counts() == [("troop_deployment", 2), ("membership", 1)]
    claims.grab().save(str(tmp_path / "claims.png"))


def test_filtering_by_type_and_by_text(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    assert [claims.type_box.itemText(i) for i in range(claims.type_box.count())] == [
        "All types",
        "membership",
        "troop deployment",
    ]
    claims.type_box.setCurrentIndex(claims.type_box.findText("membership"))
    assert [r["Guarantee"] for r in shown_rows(claims)] == ["Ukraine's membership in NATO"]
    assert claims.count_label.text() == "1 of 3 claims"
    claims.type_box.setCurrentIndex(claims.type_box.findText("troop deployment"))
    assert {r["Guarantee type"] for r in shown_rows(claims)} == {"troop deployment"} and len(shown_rows(claims)) == 2
    qtbot.keyClicks(claims.filter_edit, "former head")  # the speaker column, any case
    assert [r["Guarantee"] for r in shown_rows(claims)] == [TROOPS]
    assert claims.provider_chart.counts() == [("a group of NATO member countries", 1)]
    assert claims.chart.counts() == [("troop_deployment", 1)]  # the chart counts what the text filter leaves
    claims.type_box.setCurrentIndex(0)
    claims.filter_edit.clear()
    assert len(shown_rows(claims)) == 3


def test_a_second_chart_counts_the_claims_by_provider_and_follows_the_filters(qtbot, sample, tmp_path):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    # one claim names its provider; the two others have none linked ("" is drawn as "(no provider)")
    assert claims.provider_chart.counts() == [("", 2), ("a group of NATO member countries", 1)]
    chart = claims.provider_chart
    assert chart.height() >= chart.sizeHint().height()  # every bar shown
    assert claims.chart.height() >= claims.chart.sizeHint().height()
    assert "Claims by provider" == chart.title
    claims.type_box.setCurrentIndex(claims.type_box.findText("membership"))
    assert claims.provider_chart.counts() == [("", 1)]  # the providers of the claims shown
    assert claims.chart.counts() == [("troop_deployment", 2), ("membership", 1)]  # the type chart keeps every type
    claims.type_box.setCurrentIndex(0)
    assert claims.grab().save(str(tmp_path / "claims_charts.png"))
    claims.grab().save("/tmp/claims_charts.png")


def test_sorting_by_a_column(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    claims.table.sortByColumn(ClaimsTableModel.TYPE_COLUMN, Qt.SortOrder.AscendingOrder)
    assert [r["Guarantee type"] for r in shown_rows(claims)] == ["membership", "troop deployment", "troop deployment"]


@pytest.mark.qt_log_level_fail("WARNING")  # the C++ tester reports failures as warnings
@pytest.mark.parametrize("force_py", [False, True], ids=["qt-tester", "py-tester"])
def test_the_model_passes_the_model_tester(qtbot, sample, qtmodeltester, force_py):
    model = ClaimsTableModel()
    qtmodeltester.check(model, force_py=force_py)  # empty, then rechecked on every change below
    model.set_claims(iter_claims(sample, claims_set(sample, None)))
    assert model.rowCount() == 3
    model.set_claims([])
    assert model.rowCount() == 0


def test_double_click_opens_the_article_with_the_guarantee_selected(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    row = next(i for i, r in enumerate(shown_rows(claims)) if r["Guarantee"] == TROOPS)
    others = [
        d
        for d in sample.document_ids()
        if d != claims.table.model().index(row, 0).data(ClaimsTableModel.ROLE).document_id
    ]
    window.open_document(others[0])  # another article is open: the double-click changes it
    assert "Geneva" in window.view.current_document.text
    index = claims.table.model().index(row, 5)
    rect = claims.table.visualRect(index)
    qtbot.mouseClick(claims.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(claims.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    document = window.view.current_document
    assert document.title.startswith("Some NATO member countries")
    start, end = window.view.selected_span()
    assert document.text[start:end] == TROOPS


def test_blind_mode_shows_an_analyst_only_her_own_claims(qtbot, db_path, settings):
    olena = Project.open(db_path, analyst="olena", settings=settings)
    olena.import_paths([SAMPLE])
    doc = olena.document_ids()[0]
    text = olena.document(doc).text
    olena.close()
    mykola = Project.open(db_path, analyst="mykola", settings=settings)
    start = text.index("security guarantees")
    mykola.add_annotation(doc, "guarantee_type", start, start + 19, attributes={"type": "membership"})
    mykola.close()
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()
    olena = Project.open(db_path, analyst="olena", settings=settings)
    window = shown_window(qtbot, olena)
    claims = open_claims(qtbot, window)
    assert [claims.set_box.itemText(i) for i in range(claims.set_box.count())] == ["olena"]
    assert {r["Analyst"] for r in shown_rows(claims)} == {"olena"} and len(shown_rows(claims)) == 3
    olena.close()


def test_the_table_follows_edits(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    doc = next(iter({r.document_id for r in iter_claims(sample, "olena")}))
    text = sample.document(doc).text
    start = text.index("full-fledged security guarantees")
    sample.add_annotation(doc, "guarantee_type", start, start + 32, attributes={"type": "collective_defence"})
    qtbot.waitUntil(lambda: len(shown_rows(claims)) == 4)
    assert claims.type_box.findText("collective defence") > 0


def test_a_chart_of_thousands_of_providers_draws_the_largest_and_sums_the_rest_in_one_bar(qtbot):
    from annotator.gui.claims.type_chart import NO_PROVIDER, TypeChart

    chart = TypeChart("Claims by provider", NO_PROVIDER)
    qtbot.addWidget(chart)
    chart.set_counts([(f"provider {i:04}", 5000 - i) for i in range(3000)])
    assert len(chart.counts()) == 3000  # every count is kept
    bars = chart.toolTip().split("\n\n")[0].splitlines()  # then a line on clicking a bar
    assert len(bars) == TypeChart.MOST_BARS and bars[0] == "provider 0000: 5000"
    assert bars[-1] == f"(2981 others): {sum(5000 - i for i in range(19, 3000))}"
    assert chart.sizeHint().height() < 1000  # the window stays on the screen
    chart.resize(400, chart.sizeHint().height())
    chart.grab()  # and paints


def test_a_large_set_shows_its_first_claims_at_once_and_the_rest_as_they_are_read(qtbot, sample, monkeypatch):
    from annotator.gui.claims import claims_window
    from annotator.gui.claims.claims_window import ClaimsWindow

    monkeypatch.setattr(claims_window, "FIRST_CLAIMS", 2)  # the sample's 3 claims as a large set
    monkeypatch.setattr(claims_window, "MORE_CLAIMS", 2)
    claims = ClaimsWindow(sample)
    qtbot.addWidget(claims)
    assert claims.model.rowCount() == 2 and claims.reading
    assert claims.count_label.text() == "2 claims so far, reading…"
    claims.show()
    qtbot.waitUntil(lambda: not claims.reading)  # the rest arrives without anything asked
    assert len(shown_rows(claims)) == 3 and claims.count_label.text() == "3 claims"
    assert claims.chart.counts() == [("troop_deployment", 2), ("membership", 1)]
    assert [claims.type_box.itemText(i) for i in range(claims.type_box.count())] == [
        "All types",
        "membership",
        "troop deployment",
    ]


def click_bar(qtbot, chart, value):
    """Click the bar of `value` in a chart, as a reader would."""
    from PySide6.QtCore import QPoint

    names = [line.rsplit(":", 1)[0] for line in chart.toolTip().split("\n\n")[0].splitlines()]
    line = names.index(value) + 1  # the title takes the first line
    y = chart.GAP + line * (chart.BAR_HEIGHT + chart.GAP) + chart.BAR_HEIGHT // 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPoint(chart.width() // 2, y))


def test_a_click_on_a_provider_shows_only_the_claims_it_gives_and_a_second_click_all(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    click_bar(qtbot, claims.provider_chart, "a group of NATO member countries")
    assert [r["Guarantee"] for r in shown_rows(claims)] == [TROOPS]
    assert claims.count_label.text() == "1 of 3 claims"
    assert claims.provider_button.isVisible() and "a group of NATO member countries" in claims.provider_button.text()
    assert claims.chart.counts() == [("troop_deployment", 1)]  # the type chart counts that provider's claims
    assert sorted(claims.provider_chart.counts()) == [("", 2), ("a group of NATO member countries", 1)]  # all stay
    click_bar(qtbot, claims.provider_chart, "(no provider)")  # another provider: the claims with none
    assert len(shown_rows(claims)) == 2 and all(r["Providers"] == "" for r in shown_rows(claims))
    qtbot.mouseClick(claims.provider_button, Qt.MouseButton.LeftButton)  # its ✕: every provider again
    assert len(shown_rows(claims)) == 3 and not claims.provider_button.isVisible()


def test_a_click_on_a_type_bar_picks_that_type_and_a_second_click_every_type(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    click_bar(qtbot, claims.chart, "membership")
    assert claims.type_box.currentText() == "membership"
    assert [r["Guarantee"] for r in shown_rows(claims)] == ["Ukraine's membership in NATO"]
    click_bar(qtbot, claims.chart, "membership")
    assert claims.type_box.currentText() == "All types" and len(shown_rows(claims)) == 3


def test_a_date_range_keeps_the_claims_of_articles_dated_within_it(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    assert {r["Date"] for r in shown_rows(claims)} == {"2023-06-16"}
    claims.date_from.setText("2023-06-17")
    claims.date_from.editingFinished.emit()
    assert shown_rows(claims) == [] and claims.count_label.text() == "0 of 3 claims"
    claims.date_to.setText("2023-0")  # a day not typed in full yet narrows nothing more
    claims.date_to.editingFinished.emit()
    claims.date_from.setText("2023-06-16")
    claims.date_from.editingFinished.emit()
    assert len(shown_rows(claims)) == 3
    claims.date_to.setText("2023-06-15")
    claims.date_to.editingFinished.emit()
    assert shown_rows(claims) == []
    claims.date_to.clear()  # the clear button: the range opens again at once
    claims.date_from.clear()
    assert len(shown_rows(claims)) == 3


def test_export_writes_the_claims_shown_in_the_order_shown(qtbot, sample, tmp_path, monkeypatch):
    import csv
    import json

    from PySide6.QtWidgets import QFileDialog

    from annotator.services.claims import COLUMNS

    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    claims.show_type("troop_deployment")
    claims.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # by the guarantee's text, Z to A
    shown = [r["Guarantee"] for r in shown_rows(claims)]
    assert len(shown) == 2
    out = tmp_path / "troops.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    qtbot.mouseClick(claims.export_button, Qt.MouseButton.LeftButton)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [row[COLUMNS.index("guarantee_text")] for row in rows[1:]] == shown  # only those shown, in that order
    assert claims.exported.text() == "Wrote 2 claims to troops.csv"

    out = tmp_path / "troops.jsonl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "JSON Lines (*.jsonl)"))
    qtbot.mouseClick(claims.export_button, Qt.MouseButton.LeftButton)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["guarantee_text"] for line in lines] == shown


def test_export_never_overwrites_the_project_and_says_why(qtbot, sample, db_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    before = db_path.read_bytes()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(db_path), "CSV (*.csv)"))
    qtbot.mouseClick(claims.export_button, Qt.MouseButton.LeftButton)
    assert claims.message.isVisible() and claims.message.text().startswith("Nothing exported:")
    assert claims.exported.text() == ""
    assert db_path.read_bytes()[:16] == before[:16] == b"SQLite format 3\x00"


def test_a_click_on_a_recipient_shows_only_the_claims_given_to_it(qtbot, sample):
    window = shown_window(qtbot, sample)
    claims = open_claims(qtbot, window)
    assert sorted(claims.recipient_chart.counts()) == [("", 2), ("Ukraine", 1)]
    click_bar(qtbot, claims.recipient_chart, "Ukraine")
    assert [r["Recipients"] for r in shown_rows(claims)] == ["Ukraine"]
    assert claims.recipient_button.isVisible() and claims.recipient_button.text().startswith("Recipient: Ukraine")
    qtbot.mouseClick(claims.recipient_button, Qt.MouseButton.LeftButton)
    assert len(shown_rows(claims)) == 3 and not claims.recipient_button.isVisible()

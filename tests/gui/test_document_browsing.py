"""The document list sorted by its headers and filtered by its bar, the Article box, and Go → Next unfinished."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.gui.annotate.document_list_model import DocumentListModel

SAMPLE = "000_846610f6cf9f79d3"
MORE = [
    {
        "id": "vilnius",
        "text": "Allies meet in Vilnius to discuss guarantees.",
        "meta": {
            "date": "2023-07-11",
            "time": "18:05",
            "location": "Vilnius, Lithuania",
            "source": "Reuters",
            "url": "https://example.org/vilnius",
        },
        "annotations": [{"label": "actor", "start": 0, "end": 6, "analyst": "olena"}],
    },
    {"id": "bonn", "text": "Bonn talks end without a statement.", "meta": {"date": "2022-03-01", "location": "Bonn"}},
    {"id": "undated", "text": "An article without a date line.", "meta": {"url": "javascript:alert(1)"}},
]


@pytest.fixture
def browsing(window, project, tmp_path):
    source = tmp_path / "more.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in MORE), encoding="utf-8")
    project.import_paths([source])
    return window


def ids(project):
    return {s.external_id: s.id for s in project.document_summaries()}


def listed(window):
    model = window.document_model
    return [
        model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole).split("\n")[-1].split(" ·")[0]
        for row in range(model.rowCount())
    ]


def shown(window, row, column):
    return window.document_model.data(window.document_model.index(row, column))


def test_the_sample_shows_its_date_and_location_in_the_list_and_the_article_box(window):
    model = window.document_model
    assert (shown(window, 0, model.DATE), shown(window, 0, model.LOCATION)) == ("2023-06-16", "Kyiv, Ukraine")
    article = window.document_pane.article
    assert article.isVisible()
    assert article.text("Date") == "2023-06-16" and article.text("Time") == "09:52"
    assert article.text("Location") == "Kyiv, Ukraine"
    assert article.text("Title").startswith("Some NATO member countries")
    assert article.text("Imported")[:2] == "20"  # a time, in the user's zone
    assert article.text("Status") == "olena: not started"
    assert article.values["Source"].text() == "—"  # the header line holds no source


def test_the_article_box_follows_the_open_document_and_its_status(browsing, project):
    browsing.open_document(ids(project)["vilnius"])
    article = browsing.document_pane.article
    assert article.text("Source") == "Reuters" and article.text("Time") == "18:05"
    url = article.values["URL"]
    assert url.openExternalLinks() and 'href="https://example.org/vilnius"' in url.text()
    project.review.set_status(ids(project)["vilnius"], "done")
    assert article.text("Status") == "olena: done"
    browsing.open_document(ids(project)["undated"])
    assert "href" not in article.values["URL"].text()  # not a web link: shown, never clickable
    assert article.text("Date") == "" and article.values["Date"].text() == "—"
    article.toggle.click()
    assert not article.body.isVisible()


def test_clicking_headers_sorts_the_list(browsing, qtbot):
    header = browsing.document_list.horizontalHeader()
    model = browsing.document_model
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, model.DATE))
    assert listed(browsing) == ["bonn", SAMPLE, "vilnius", "undated"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_centre(header, model.DATE))
    assert listed(browsing) == ["vilnius", SAMPLE, "bonn", "undated"]  # reversed; no date stays last
    browsing.document_list.sortByColumn(model.LOCATION, Qt.SortOrder.AscendingOrder)
    assert listed(browsing) == ["bonn", SAMPLE, "vilnius", "undated"]
    browsing.document_list.sortByColumn(model.SPANS, Qt.SortOrder.DescendingOrder)
    assert listed(browsing)[0] == "vilnius"
    browsing.document_list.sortByColumn(model.TITLE, Qt.SortOrder.AscendingOrder)
    assert listed(browsing) == ["vilnius", "undated", "bonn", SAMPLE]  # Allies…, An article…, Bonn…, Some…
    row = model.row_of(browsing.document_id)
    assert browsing.document_list.currentIndex().row() == row  # the open document stays selected


def _centre(header, column):
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_the_filter_bar_narrows_the_list(browsing, project, qtbot):
    bar = browsing.document_pane.filter_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.date_from, "2023-01-01")
    bar.date_from.editingFinished.emit()
    assert listed(browsing) == [SAMPLE, "vilnius"]
    bar.date_from.clear()
    assert len(listed(browsing)) == 4
    bar.location.setEditText("vilnius")
    bar.location.lineEdit().editingFinished.emit()
    assert listed(browsing) == ["vilnius"]
    assert bar.location.count() == 0  # every location is read only once the box is used
    qtbot.mouseClick(bar.location, Qt.MouseButton.LeftButton)
    assert "Vilnius, Lithuania" in [bar.location.itemText(i) for i in range(bar.location.count())]
    bar.location.hidePopup()
    bar.clear()
    project.review.set_status(ids(project)["bonn"], "done")
    bar.status.setCurrentIndex(bar.status.findData("done"))
    bar.status.activated.emit(bar.status.currentIndex())
    assert listed(browsing) == ["bonn"]
    bar.clear()
    bar.label.setCurrentIndex(bar.label.findData("actor"))
    bar.label.activated.emit(bar.label.currentIndex())
    bar.min_spans.setValue(1)
    assert listed(browsing) == ["vilnius"]
    bar.clear()
    assert len(listed(browsing)) == 4


def test_next_unfinished_skips_documents_marked_done(browsing, project, qtbot):
    known = ids(project)
    project.review.set_status(known["vilnius"], "done")
    action = next(a for a in browsing.findChildren(type(browsing.quit_action)) if "unfinished" in a.text())
    assert action.shortcut() == QKeySequence("Ctrl+Shift+PgDown")
    browsing.open_document(known[SAMPLE])
    qtbot.keyClick(
        browsing.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert browsing.document_id == known["bonn"]
    browsing.next_unfinished()
    assert browsing.document_id == known["undated"]
    browsing.next_unfinished()
    assert browsing.document_id == known[SAMPLE]  # round to the top
    for name in (SAMPLE, "bonn", "undated"):
        project.review.set_status(known[name], "done")
    browsing.next_unfinished()
    assert browsing.document_id == known[SAMPLE]
    assert "marked done" in browsing.statusBar().currentMessage()


def test_the_sorted_filtered_model_passes_the_model_tester(browsing, project, qtmodeltester):
    from annotator.core.listing import ListingQuery

    model = DocumentListModel(project)
    model.set_query(ListingQuery(sort="date", descending=True, location="i"))
    qtmodeltester.check(model)

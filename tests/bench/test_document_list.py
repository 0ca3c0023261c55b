"""Benchmarks of the document list on 10,000 articles: sorting by a header and filtering, done by the database.

Rows (each against the same step on the 10-article project, in the same run):
- sort the list by date, newest first, and paint it (≤ 100 ms; the ratio for information);
- filter it by a location and "not started", and paint it (≤ 100 ms);
- Go → Next unfinished document in the date-sorted list (≤ 100 ms).
"""

from __future__ import annotations

import pytest

from tests.bench import corpus
from tests.bench.conftest import compare, copy_database, record

pytestmark = pytest.mark.bench

ROUNDS = 7
INSTANT = 0.1  # seconds: a click on a header must feel immediate


@pytest.fixture(scope="module")
def windows(bench, qapp, none_guard, big_project, small_project):
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "document-list"
    settings = UserSettings(folder / "settings.json")
    opened = {}
    for name, db in (("10k", big_project.db), ("10", small_project)):
        project = Project.open(copy_database(db, folder / f"{name}.sqlite"), analyst=corpus.ANALYST, settings=settings)
        window = MainWindow(project)
        window.show()
        qapp.processEvents()
        opened[name] = window
    yield opened
    for window in opened.values():
        project = window.project
        window.close()
        project.close()
    qapp.processEvents()


def _run(benchmark, qapp, windows, row: str, step, reset) -> None:
    def on(name):
        def run():
            step(windows[name])
            windows[name].document_list.viewport().repaint()
            qapp.processEvents()

        return run

    subject, baseline = compare(
        benchmark,
        on("10k"),
        on("10"),
        before_subject=lambda: reset(windows["10k"]),
        before_baseline=lambda: reset(windows["10"]),
        rounds=ROUNDS,
        warmup=1,
    )
    big = windows["10k"].document_model
    invalid = None if big.rowCount() > 0 else "the 10k list came out empty"
    record(
        benchmark,
        row,
        subject,
        baseline,
        baseline_name="the same on 10 articles",
        max_subject=INSTANT,
        invalid=invalid,
        rows_loaded=big.rowCount(),
    )
    assert invalid is None, invalid


def _unsorted(window) -> None:
    from annotator.core.listing import ListingQuery

    window.document_model.set_query(ListingQuery())


@pytest.mark.timeout(600)
def test_sort_by_date(benchmark, qapp, windows):
    from PySide6.QtCore import Qt

    def step(window):
        window.document_list.sortByColumn(window.document_model.DATE, Qt.SortOrder.DescendingOrder)

    _run(benchmark, qapp, windows, "GUI: sort the 10k-article list by date", step, _unsorted)


@pytest.mark.timeout(600)
def test_filter_by_location_and_status(benchmark, qapp, windows):
    from annotator.core.listing import ListingQuery

    def step(window):
        window.document_model.set_filters(ListingQuery(location="vilnius", status="not_started"))

    _run(benchmark, qapp, windows, "GUI: filter the 10k-article list by location and status", step, _unsorted)


@pytest.mark.timeout(600)
def test_next_unfinished(benchmark, qapp, windows):
    from annotator.core.listing import ListingQuery

    def reset(window):
        window.document_model.set_query(ListingQuery(sort="date", descending=True))
        window.open_document(window.document_model.document_id(0))

    _run(
        benchmark,
        qapp,
        windows,
        "GUI: next unfinished document in the date-sorted 10k list",
        lambda w: w.next_unfinished(),
        reset,
    )

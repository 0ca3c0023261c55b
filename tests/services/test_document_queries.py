"""The document list sorted and filtered by the database: metadata, status, analyst and span counts."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.listing import ListingQuery
from annotator.services import Project
from annotator.services.document_queries import DocumentQueries
from annotator.services.user_settings import UserSettings
from tests.services.helpers import ann, write_jsonl

TEXT = "NATO said Kyiv will get guarantees. Rasmussen agreed."


def _doc(ident, title, meta, spans=()):
    text = f"{title}\n\n{TEXT}"
    annotations = [ann(text, needle, label, analyst=analyst) for needle, label, analyst in spans]
    return {"id": ident, "text": text, "meta": meta, "annotations": annotations}


@pytest.fixture
def project(tmp_path, project_db):
    source = write_jsonl(
        tmp_path / "docs.jsonl",
        _doc("a", "Alpha", {"date": "2023-06-16", "time": "09:52", "location": "Kyiv, Ukraine"}),
        _doc(
            "b",
            "bravo",
            {"date": "2023-05-01", "location": "Vilnius", "source": "Reuters", "url": "https://example.org/b"},
            [("NATO", "actor", "olena"), ("Kyiv", "actor", "olena")],
        ),
        _doc("c", "Charlie", {}, [("Rasmussen", "actor", "taras")]),
        _doc("d", "Delta", {"date": "2024-01-02", "location": "київ"}, [("agreed", "quote", "olena")]),
    )
    p = Project.open(project_db, analyst="olena", settings=UserSettings(tmp_path / "s.json"))
    p.import_paths([source])
    yield p
    p.close()


def ids(project):
    return {project.document(i).external_id: i for i in project.document_ids()}


def listed(project, **query):
    return [row.external_id for row in DocumentQueries(project).page(ListingQuery(**query))]


def test_rows_carry_date_time_and_location(project):
    rows = {row.external_id: row for row in DocumentQueries(project).page(ListingQuery())}
    assert (rows["a"].date, rows["a"].time, rows["a"].location) == ("2023-06-16", "09:52", "Kyiv, Ukraine")
    assert (rows["c"].date, rows["c"].location) == ("", "")
    assert rows["b"].annotation_count == 2


def test_sorting_by_each_column(project):
    assert listed(project, sort="title") == ["a", "b", "c", "d"]  # "bravo" among capitals: case ignored
    assert listed(project, sort="title", descending=True) == ["d", "c", "b", "a"]
    assert listed(project, sort="date") == ["b", "a", "d", "c"]  # without a date: last
    assert listed(project, sort="date", descending=True) == ["d", "a", "b", "c"]
    assert listed(project, sort="location") == ["a", "b", "d", "c"]
    assert listed(project, sort="spans", descending=True) == ["b", "d", "c", "a"]  # ties: by import, reversed too


def test_sorting_by_status_puts_done_last(project):
    project.review.set_status(ids(project)["a"], "done")
    project.review.set_status(ids(project)["c"], "in_progress")
    assert listed(project, sort="status") == ["b", "d", "c", "a"]


def test_filters_by_date_range_and_location(project):
    assert listed(project, date_from="2023-06-01") == ["a", "d"]
    assert listed(project, date_from="2023-01-01", date_to="2023-12-31") == ["a", "b"]
    assert listed(project, location="kyiv") == ["a"]
    assert listed(project, location="київ") == ["d"]
    assert listed(project, location="%") == []  # a wildcard character is matched as itself


def test_filters_by_status_of_an_analyst(project):
    project.review.set_status(ids(project)["b"], "done")
    assert listed(project, status="done") == ["b"]
    assert listed(project, status="not_started") == ["a", "c", "d"]
    assert listed(project, status="done", analyst="taras") == []


def test_filters_by_label_counts_of_an_analyst(project):
    assert listed(project, label="actor", min_spans=1) == ["b"]  # olena's spans, by default
    assert listed(project, label="actor", min_spans=1, analyst="taras") == ["c"]
    assert listed(project, max_spans=0) == ["a", "c"]
    assert listed(project, min_spans=2) == ["b"]


def test_next_unfinished_follows_the_list_order_and_wraps(project):
    known = ids(project)
    queries = DocumentQueries(project)
    project.review.set_status(known["b"], "done")
    assert queries.next_unfinished(ListingQuery(), known["a"]) == known["c"]
    assert queries.next_unfinished(ListingQuery(sort="date"), known["b"]) == known["a"]
    assert queries.next_unfinished(ListingQuery(), known["d"]) == known["a"]  # past the end: from the top
    for name in ("a", "c", "d"):
        project.review.set_status(known[name], "done")
    assert queries.next_unfinished(ListingQuery(), known["a"]) is None


def test_details_hold_metadata_import_time_and_statuses(project):
    known = ids(project)
    project.review.set_status(known["b"], "in_progress")
    details = DocumentQueries(project).details(known["b"])
    assert details is not None
    assert details.field("source") == "Reuters" and details.field("url") == "https://example.org/b"
    assert details.imported_at is not None and details.imported_at.tzinfo is not None
    assert details.statuses == {"olena": "in_progress"}
    assert DocumentQueries(project).details(10_000) is None


def test_blind_analyst_cannot_filter_by_another_analyst(project, tmp_path, project_db):
    reviewer = Project.open(project_db, analyst="rita", reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()
    project.changed_elsewhere()
    assert project.blind
    with pytest.raises(AnnotatorError, match="blind mode"):
        DocumentQueries(project).page(ListingQuery(analyst="taras"))
    assert DocumentQueries(project).analysts() == ["olena"]


def test_unknown_sort_key_or_status_is_refused():
    with pytest.raises(ValueError, match="sort key"):
        ListingQuery(sort="colour")
    with pytest.raises(ValueError, match="status"):
        ListingQuery(status="finished")


def test_position_of_a_document_in_the_sorted_filtered_list(project):
    known = ids(project)
    queries = DocumentQueries(project)
    assert queries.position(ListingQuery(sort="date"), known["c"]) == 3
    assert queries.position(ListingQuery(sort="date", descending=True), known["d"]) == 0
    assert queries.position(ListingQuery(location="vilnius"), known["a"]) is None

"""The bulk paths: an import written in chunks (straight to SQLite's driver or through SQLAlchemy) and the export read."""

from __future__ import annotations

import hashlib

import pytest

from annotator.store import open_store
from annotator.store.bulk import ImportBatchItem, ImportWriter, NewDocument, NewRelation, new_annotation

TEXT = "Rasmussen said Poland may send troops if Vilnius gives no guarantees."


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def document(external_id: str, text: str = TEXT) -> NewDocument:
    return NewDocument(
        external_id, external_id.title(), text, hashlib.sha256(text.encode()).hexdigest(), {"date": "2023-06-16"}
    )


def chunks() -> list[list[ImportBatchItem]]:
    first = ImportBatchItem(
        document("one"),
        None,
        [
            new_annotation("olena", "actor", *span("Rasmussen"), {"kind": "person"}, key="a"),
            new_annotation(
                "olena", "actor", *span("Rasmussen"), {"kind": "person"}, key="a-again"
            ),  # the same span twice
            new_annotation("taras", "quote", *span("Poland may send troops"), {}, "a note", key="q"),
        ],
        [
            NewRelation("taras", "speaker", "q", "a-again"),  # to the copy: lands on the one stored
            NewRelation("taras", "speaker", "q", "a"),  # the same relation again: stored once
        ],
        {"olena": "in_progress"},
    )
    second = ImportBatchItem(
        document("two", "Kyiv asked for guarantees."), None, [new_annotation("olena", "actor", 0, 4, key="k")], []
    )
    return [[first], [second]]


def rows(repo) -> list:
    found = []
    for document_id in repo.document_ids():
        doc = repo.document(document_id)
        by_id = {a.id: (a.analyst, a.label, a.start, a.end) for a in repo.annotations(document_id)}
        found.append(
            (
                doc.external_id,
                doc.title,
                doc.meta,
                doc.imported_at is not None,
                sorted(
                    (a.analyst, a.label, a.start, a.end, dict(a.attributes), a.note, a.created_at is not None)
                    for a in repo.annotations(document_id)
                ),
                sorted(
                    (r.analyst, r.type, by_id[r.source_id], by_id[r.target_id]) for r in repo.relations(document_id)
                ),
            )
        )
    return found


@pytest.fixture
def repo(project_db):
    """A project holding the two chunks above, imported through the repository."""
    repo = open_store(project_db)
    for items in chunks():
        repo.import_batch(items)
    yield repo
    repo.close()


@pytest.mark.parametrize("direct", [True, False])
def test_chunks_written_directly_or_through_sqlalchemy_store_the_same(tmp_path, direct):
    repo = open_store(tmp_path / f"{direct}.sqlite")
    try:
        with repo._session(write=True) as s:
            writer = ImportWriter(s, direct=direct)
            try:
                for items in chunks():
                    writer.write(items)
                counts = writer.counts
            finally:
                writer.close()  # its writing thread, as Repository.bulk_import ends it
        assert (
            counts.documents_added,
            counts.annotations_added,
            counts.annotations_skipped,
            counts.relations_added,
        ) == (2, 3, 1, 1)
        assert rows(repo) == [
            (
                "one",
                "One",
                {"date": "2023-06-16"},
                True,
                [
                    ("olena", "actor", 0, 9, {"kind": "person"}, "", True),
                    ("taras", "quote", *span("Poland may send troops"), {}, "a note", True),
                ],
                [("taras", "speaker", ("taras", "quote", *span("Poland may send troops")), ("olena", "actor", 0, 9))],
            ),
            ("two", "Two", {"date": "2023-06-16"}, True, [("olena", "actor", 0, 4, {}, "", True)], []),
        ]
        assert repo.review.statuses() == {(repo.document_ids()[0], "olena"): "in_progress"}
    finally:
        repo.close()


def test_a_later_import_adds_only_what_is_new(repo):
    one = repo.document_ids()[0]
    again = ImportBatchItem(
        None,
        one,
        [
            new_annotation("olena", "actor", *span("Rasmussen"), key="a"),  # stored already
            new_annotation("olena", "actor", *span("Vilnius"), key="v"),
        ],
        [NewRelation("olena", "speaker", "a", "v")],
        {"olena": "done"},
    )
    counts = repo.import_batch([again])
    assert (counts.documents_matched, counts.annotations_added, counts.annotations_skipped, counts.relations_added) == (
        1,
        1,
        1,
        1,
    )
    assert len(repo.relations(one)) == 2
    assert repo.review.statuses([one]) == {(one, "olena"): "done"}


def test_export_reads_records_with_string_ids_and_covered_text(repo):
    exported = list(repo.iter_export())
    assert [document_id for document_id, _ in exported] == repo.document_ids()
    record = exported[0][1]
    assert (record.external_id, record.title, record.text, record.meta) == ("one", "One", TEXT, {"date": "2023-06-16"})
    assert [(a.analyst, a.label, a.text, a.attributes, a.note) for a in record.annotations] == [
        ("olena", "actor", "Rasmussen", {"kind": "person"}, ""),
        ("taras", "quote", "Poland may send troops", {}, "a note"),
    ]
    assert all(isinstance(a.id, str) for a in record.annotations)
    [relation] = record.relations
    assert (relation.source, relation.target) == (record.annotations[1].id, record.annotations[0].id)
    only_taras = [r for _, r in repo.iter_export(["taras"])]
    assert [[a.analyst for a in r.annotations] for r in only_taras] == [["taras"], []]
    assert record.annotations[0].attributes is not exported[1][1].annotations[0].attributes  # no shared mutable values

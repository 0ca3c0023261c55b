"""The repository: edits keep ids stable for undo/redo, and imports land whole or not at all."""

from __future__ import annotations

import hashlib

import pytest

from annotator.core.errors import NotFound, StoreError
from annotator.core.model import Annotation
from annotator.store import open_store
from annotator.store.bulk import ImportBatchItem, NewDocument, NewRelation, new_annotation

TEXT = "Rasmussen said Poland may send troops if Vilnius gives no guarantees."


def new_document(external_id: str, text: str = TEXT) -> NewDocument:
    return NewDocument(
        external_id, external_id.title(), text, hashlib.sha256(text.encode()).hexdigest(), {"date": "2023-06-16"}
    )


def span(word: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.fixture
def repo(project_db):
    repository = open_store(project_db)
    yield repository
    repository.close()


@pytest.fixture
def linked(repo):
    """One document: actor "Rasmussen", quote, condition; relations speaker (quote->actor), condition_of (condition->quote)."""
    repo.import_batch(
        [
            ImportBatchItem(
                new_document("doc"),
                None,
                [
                    new_annotation("olena", "actor", *span("Rasmussen"), {"kind": "person"}, key="actor"),
                    new_annotation(
                        "olena",
                        "quote",
                        *span("Poland may send troops"),
                        {"mode": "reported"},
                        "paraphrase",
                        key="quote",
                    ),
                    new_annotation("olena", "condition", *span("if Vilnius gives no guarantees"), key="cond"),
                ],
                [
                    NewRelation("olena", "speaker", "quote", "actor"),
                    NewRelation("olena", "condition_of", "cond", "quote"),
                ],
            ),
        ]
    )
    (document_id,) = repo.document_ids()
    by_label = {a.label: a for a in repo.annotations(document_id)}
    return document_id, by_label


def all_rows(repo):
    return [
        (
            repo.document(i).external_id,
            sorted((a.analyst, a.label, a.start, a.end) for a in repo.annotations(i)),
            len(repo.relations(i)),
        )
        for i in repo.document_ids()
    ]


def test_add_then_update_keeps_the_id(repo, linked):
    document_id, _ = linked
    added = repo.add_annotation(
        Annotation(0, document_id, "taras", "actor", *span("Poland"), {"kind": "state"}, "a state")
    )
    assert repo.annotation(added.id) == added  # what add returns is what a later read gives (times included)
    assert "taras" in repo.analysts()

    updated = repo.update_annotation(
        added.id, label="guarantee_type", start=0, end=9, attributes={"type": "other"}, note="changed"
    )
    assert updated.id == added.id
    again = repo.annotation(added.id)
    assert (again.label, again.start, again.end, dict(again.attributes), again.note) == (
        "guarantee_type",
        0,
        9,
        {"type": "other"},
        "changed",
    )
    assert again.analyst == "taras"
    with pytest.raises(ValueError):
        repo.update_annotation(added.id, document_id=12)


def test_redo_after_undo_of_add_restores_the_same_id(repo, linked):
    document_id, _ = linked
    added = repo.add_annotation(Annotation(0, document_id, "olena", "actor", *span("Poland")))
    repo.delete_annotation(added.id)
    with pytest.raises(NotFound):
        repo.annotation(added.id)
    redone = repo.add_annotation(added, keep_id=True)
    assert redone.id == added.id
    assert (redone.label, redone.start, redone.end) == ("actor", *span("Poland"))


def test_delete_removes_touching_relations_and_restore_puts_them_back(repo, linked):
    document_id, by_label = linked
    quote = by_label["quote"]
    relations_before = repo.relations(document_id)
    assert len(relations_before) == 2

    deleted, removed = repo.delete_annotation(quote.id)
    assert deleted == quote
    assert sorted(r.type for r in removed) == ["condition_of", "speaker"]  # as source and as target
    assert repo.relations(document_id) == []
    assert quote.id not in {a.id for a in repo.annotations(document_id)}
    assert {a.label for a in repo.annotations(document_id)} == {"actor", "condition"}

    restored = repo.restore_annotation(deleted, removed)
    assert restored.id == quote.id
    assert repo.annotation(quote.id) == quote  # label, span, attributes, note and times as before
    assert repo.relations(document_id) == relations_before  # same ids, types and ends


def test_delete_of_a_missing_annotation_says_so(repo, linked):
    with pytest.raises(NotFound):
        repo.delete_annotation(10_000)


def test_import_batch_is_all_or_nothing(repo, linked):
    before = all_rows(repo)
    analysts_before = repo.analysts()
    items = [
        ImportBatchItem(
            new_document("fresh", "A brand new article about Kyiv."),
            None,
            [new_annotation("taras", "actor", 26, 30, key="k")],
            [],
        ),
        ImportBatchItem(
            new_document("doc", "Another text under an id already taken."),
            None,  # duplicate external_id
            [new_annotation("taras", "quote", 0, 7)],
            [],
        ),
    ]
    with pytest.raises(StoreError):
        repo.import_batch(items, settings={"schema": {"labels": []}})

    assert all_rows(repo) == before
    assert repo.document_by_external_id("fresh") is None
    assert repo.analysts() == analysts_before
    assert repo.setting("schema") is None


def test_import_batch_skips_annotations_already_present(repo, linked):
    document_id, by_label = linked
    again = ImportBatchItem(
        None,
        document_id,
        [
            new_annotation("olena", "actor", *span("Rasmussen"), {"kind": "person"}),  # already there
            new_annotation(
                "olena", "quote", *span("Poland may send troops"), note="different note, same span"
            ),  # already there
            new_annotation("taras", "actor", *span("Rasmussen")),  # other analyst: new
            new_annotation("olena", "quote", *span("Rasmussen")),  # other label: new
            new_annotation("olena", "actor", *span("Poland")),  # other span: new
        ],
        [],
    )
    counts = repo.import_batch([again])

    assert (counts.documents_added, counts.documents_matched) == (0, 1)
    assert (counts.annotations_added, counts.annotations_skipped) == (3, 2)
    annotations = repo.annotations(document_id)
    assert len(annotations) == 6
    assert repo.annotation(by_label["quote"].id).note == "paraphrase"  # the existing one is untouched


def test_the_id_of_a_deleted_newest_annotation_is_never_given_again(repo, linked, project_db):
    document_id = next(iter(repo.document_ids()))
    first = repo.add_annotation(Annotation(0, document_id, "olena", "actor", *span("Poland")))
    deleted, relations = repo.delete_annotation(first.id)
    second = repo.add_annotation(Annotation(0, document_id, "mykola", "actor", *span("Poland")))
    assert second.id > first.id  # SQLite alone would have numbered it first.id again
    restored = repo.restore_annotation(deleted, relations)  # the undo of the delete, under its old id
    assert restored.id == first.id
    repo.delete_annotation(second.id)
    repo.import_batch(
        [ImportBatchItem(None, document_id, [new_annotation("taras", "condition", *span("if Vilnius"))], [])]
    )
    taras = [a for a in repo.annotations(document_id) if a.analyst == "taras"]
    assert [a.id > second.id for a in taras] == [True]  # an import too numbers above every id ever given
    reopened = open_store(project_db)  # kept in the project database, not in this process
    try:
        third = reopened.add_annotation(Annotation(0, document_id, "olena", "quote", *span("troops")))
        assert third.id > taras[0].id
    finally:
        reopened.close()


@pytest.mark.sqlite_only(reason="reads SQLite's EXPLAIN QUERY PLAN")
def test_annotations_read_by_where_they_start_use_the_index(repo, linked):
    document_id, by_label = linked
    said = TEXT.index("said")
    assert [a.label for a in repo.annotations(document_id, starting=(0, said))] == ["actor"]
    assert [a.label for a in repo.annotations(document_id, starting=(said, None))] == ["quote", "condition"]
    assert repo.annotations(document_id, starting=(said, by_label["quote"].start)) == []
    # a stretch read of a long article must not scan the document's every annotation
    plan = " ".join(
        str(row[-1])
        for row in repo.engine.connect().exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM annotations WHERE document_id = 1 AND start_offset >= 10 AND start_offset < 20"
        )
    )
    assert "ix_annotations_document_start" in plan

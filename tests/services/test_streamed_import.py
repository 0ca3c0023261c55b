"""Imports are read and written a chunk at a time in one transaction: still all or nothing, every problem reported."""

from __future__ import annotations

import pytest

from annotator.core.errors import BadInput
from annotator.services import Project, importer
from annotator.services.exchange import read_all

from .helpers import project_state, write_jsonl


def article(n: int, text: str | None = None, **extra) -> dict:
    text = text or f"Article {n}: Poland and Ukraine discussed guarantees in Vilnius."
    spans = [
        {
            "id": "p",
            "label": "actor",
            "start": text.index("Poland"),
            "end": text.index("Poland") + 6,
            "analyst": "olena",
        },
        {
            "id": "u",
            "label": "actor",
            "start": text.index("Ukraine"),
            "end": text.index("Ukraine") + 7,
            "analyst": "olena",
        },
    ]
    # a relation type of the file's own: added to the schema, with any labels at its ends
    relations = [{"id": "r", "type": "ally_of", "from": "p", "to": "u", "analyst": "olena"}]
    return {"id": f"doc-{n}", "text": text, "annotations": spans, "relations": relations, **extra}


@pytest.fixture
def project(tmp_path, monkeypatch, project_db):
    monkeypatch.setattr(importer, "CHUNK_DOCUMENTS", 3)  # many chunks from a few documents
    p = Project.open(project_db, analyst="olena")
    yield p
    p.close()


def test_many_chunks_import_everything(tmp_path, project):
    path = write_jsonl(tmp_path / "corpus.jsonl", *(article(n) for n in range(20)))
    report = project.import_paths([path])
    assert (report.files, report.documents_added, report.annotations_added, report.relations_added) == (1, 20, 40, 20)
    state = project_state(project)
    assert len(state) == 20
    assert all(len(doc["relations"]) == 1 for doc in state.values())


def test_a_bad_last_line_after_chunks_were_written_stores_nothing(tmp_path, project):
    lines = [article(n) for n in range(10)]
    path = write_jsonl(tmp_path / "corpus.jsonl", *lines)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "text": \n')
    with pytest.raises(BadInput) as refused:
        project.import_paths([path])
    assert [(p.path, p.line) for p in refused.value.problems] == [(str(path), 11)]
    assert str(refused.value).startswith(f"{path}:11: line is not valid JSON")
    assert project.document_count() == 0
    assert project.analysts() == []


def test_problems_of_every_file_are_reported_together(tmp_path, project):
    first = write_jsonl(tmp_path / "first.jsonl", *(article(n) for n in range(7)))
    with open(first, "a", encoding="utf-8") as handle:
        handle.write("[1, 2]\n")
    good = write_jsonl(tmp_path / "good.jsonl", article(50))
    second = tmp_path / "second.jsonl"
    second.write_text('{"text": 5}\n{"text": "fine"}\n{not json\n', encoding="utf-8")
    with pytest.raises(BadInput) as refused:
        project.import_paths([first, good, second])
    assert [(p.path, p.line) for p in refused.value.problems] == [(str(first), 8), (str(second), 1), (str(second), 3)]
    assert project.document_count() == 0


def test_span_problems_in_late_chunks_are_all_reported_and_nothing_is_stored(tmp_path, project):
    docs = [article(n) for n in range(12)]
    docs[4]["annotations"][0]["end"] = 500
    docs[10]["annotations"][1]["text"] = "not what it covers"
    path = write_jsonl(tmp_path / "corpus.jsonl", *docs)
    with pytest.raises(BadInput) as refused:
        project.import_paths([path])
    problems = refused.value.problems
    assert [p.line for p in problems] == [5, 5, 11, 11]  # each refused span, then the relation that needed it
    assert "beyond the text" in problems[0].message and "the file says 'not what it covers'" in problems[2].message
    assert all("refers to an annotation that is not in the document" in problems[i].message for i in (1, 3))
    assert project.document_count() == 0


def test_the_same_text_in_a_later_chunk_is_one_document(tmp_path, project):
    first = article(1)
    again = dict(article(1), id="doc-1-again")
    vilnius = first["text"].index("Vilnius")
    again["annotations"] = first["annotations"] + [
        {"id": "v", "label": "actor", "start": vilnius, "end": vilnius + 7, "analyst": "olena"}
    ]
    again["relations"] = [{"type": "ally_of", "from": "u", "to": "v", "analyst": "olena"}]  # from a span stored earlier
    path = write_jsonl(tmp_path / "corpus.jsonl", first, *(article(n) for n in range(2, 9)), again)
    report = project.import_paths([path])
    assert (report.documents_added, report.documents_matched) == (8, 0)
    assert (report.annotations_added, report.annotations_skipped, report.relations_added) == (17, 2, 9)
    state = project_state(project)["doc-1"]
    text = state["text"]
    assert [text[s:e] for _, _, s, e, _, _ in state["annotations"]] == ["Poland", "Ukraine", "Vilnius"]
    assert sorted((text[a[2] : a[3]], text[b[2] : b[3]]) for _, _, a, b in state["relations"]) == [
        ("Poland", "Ukraine"),
        ("Ukraine", "Vilnius"),
    ]


def test_an_id_taken_in_an_earlier_chunk_by_another_text_is_renamed(tmp_path, project):
    first = write_jsonl(tmp_path / "first.jsonl", *(article(n) for n in range(5)))
    second = write_jsonl(tmp_path / "second.jsonl", article(0, "Another article about Poland and Ukraine."))
    report = project.import_paths([first, second])
    assert report.documents_added == 6
    assert any("'doc-0' taken by another text; imported as 'doc-0-2'" in w for w in report.warnings)
    assert "doc-0-2" in project_state(project)


def test_the_same_id_for_two_texts_in_one_file_is_refused_across_chunks(tmp_path, project):
    path = write_jsonl(
        tmp_path / "corpus.jsonl",
        *(article(n) for n in range(6)),
        article(0, "A different text about Poland and Ukraine."),
    )
    with pytest.raises(BadInput, match="names two different texts in this file"):
        project.import_paths([path])
    assert project.document_count() == 0


def test_files_are_read_only_as_the_import_asks_for_records(tmp_path):
    long = "Poland and Ukraine. " * 200  # 4 KB a line: progress counts KiB
    path = write_jsonl(tmp_path / "corpus.jsonl", article(1, long), article(2, long + "Again."))
    stream = read_all([path], None, None)
    assert stream.done == 0 and stream.paths == set()
    records = iter(stream)
    first = next(records)
    assert first.external_id == "doc-1" and stream.paths == {str(path)}
    assert 0 < stream.done < stream.total  # the first line read, not the second
    assert [r.external_id for r in records] == ["doc-2"]
    assert stream.done == stream.total


def test_a_relation_linking_another_analysts_annotations_is_refused(tmp_path, project):
    doc = article(1)
    doc["relations"][0]["analyst"] = "taras"  # taras's relation between olena's two annotations
    path = write_jsonl(tmp_path / "corpus.jsonl", article(0), doc)
    with pytest.raises(BadInput) as refused:
        project.import_paths([path])
    assert [(p.path, p.line) for p in refused.value.problems] == [(str(path), 2)]
    assert "relation 'r' of taras links annotations of olena" in str(refused.value)
    assert project.document_count() == 0


def test_a_relation_naming_no_analyst_belongs_to_its_annotations_analyst(tmp_path, project):
    doc = article(0)
    for span in doc["annotations"]:
        span["analyst"] = "taras"
    del doc["relations"][0]["analyst"]
    project.import_paths([write_jsonl(tmp_path / "corpus.jsonl", doc)])
    [relation] = project.relations(project.document_ids()[0])
    assert relation.analyst == "taras"


def test_an_export_of_one_analyst_leaves_out_a_stored_relation_to_another_analysts_annotation(tmp_path, project):
    from annotator.store.bulk import ImportBatchItem, NewDocument, NewRelation, new_annotation

    # as an import before relations were checked could store it: olena's relation to taras's span
    text = "Poland said it would train Ukrainian troops."
    project.repository.import_batch(
        [
            ImportBatchItem(
                NewDocument("d", "D", text, "0" * 64, {}),
                None,
                [
                    new_annotation("olena", "actor", 0, 6, key="a"),
                    new_annotation("olena", "quote", 12, 43, key="q"),
                    new_annotation("taras", "actor", 27, 43, key="t"),
                ],
                [NewRelation("olena", "speaker", "q", "a"), NewRelation("olena", "speaker", "q", "t")],
            )
        ]
    )
    out = tmp_path / "olena.jsonl"
    project.export("jsonl", out, analysts=["olena"])
    [record] = list(read_all([out], None, None))
    ids = {a.label: a.id for a in record.annotations}
    assert [(r.source, r.target) for r in record.relations] == [(ids["quote"], ids["actor"])]
    project.export("jsonl", tmp_path / "all.jsonl")  # with every analyst, both relations stay
    [whole] = list(read_all([tmp_path / "all.jsonl"], None, None))
    assert len(whole.relations) == 2
    again = Project.open(tmp_path / "again.sqlite", analyst="olena")
    try:
        assert again.import_paths([out]).relations_added == 1  # the export reads back whole
    finally:
        again.close()

"""Importing and exporting through the project: no duplicates, whole imports or none, lossless JSONL."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import BadInput
from annotator.services import Project

from .helpers import ann, project_state, write_jsonl

ARTICLE = (
    " date 2023-06-16 09:52 08 June Kyiv, Ukraine\n\n"
    "Some NATO member countries may consider sending troops to Ukraine.\n\n"
    "Rasmussen said so in an interview.\n"
)
RASMUSSEN = 'Rasmussen said: "Poland may send troops if Vilnius gives no guarantees."'
STOLTENBERG = "Stoltenberg said guarantees will be discussed in Vilnius."


@pytest.fixture
def project(tmp_path, project_db):
    p = Project.open(project_db, analyst="olena")
    yield p
    p.close()


def test_importing_the_same_article_twice_keeps_one_document(tmp_path, project):
    (tmp_path / "a").mkdir()
    first = tmp_path / "a" / "kyiv.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    copy = tmp_path / "kyiv-copy.txt"  # the same article saved again under another name
    copy.write_text(ARTICLE, encoding="utf-8")

    report = project.import_paths([first])
    assert (report.documents_added, project.document_count()) == (1, 1)
    again = project.import_paths([first])
    assert (again.documents_added, again.documents_matched) == (0, 1)
    project.import_paths([copy])
    assert project.document_count() == 1
    (document_id,) = project.document_ids()
    assert project.document(document_id).meta["location"] == "Kyiv, Ukraine"


def test_crlf_text_is_normalised_and_spans_cover_the_same_characters(tmp_path, project):
    text = 'Kyiv, 16 June\r\nRasmussen said:\r\n"Poland may act."\r\n'
    path = write_jsonl(
        tmp_path / "crlf.jsonl",
        {
            "id": "crlf",
            "text": text,
            "annotations": [
                ann(text, '"Poland may act."', "quote"),  # after two CRLFs: shifted by two
                ann(text, 'Rasmussen said:\r\n"Poland', "condition"),  # spans a CRLF: one character shorter
            ],
        },
    )
    project.import_paths([path])

    (document_id,) = project.document_ids()
    stored = project.document(document_id).text
    assert "\r" not in stored
    assert stored == text.replace("\r\n", "\n")
    covered = {a.label: stored[a.start : a.end] for a in project.annotations(document_id)}
    assert covered == {"quote": '"Poland may act."', "condition": 'Rasmussen said:\n"Poland'}


def test_one_bad_file_refuses_the_whole_import(tmp_path, project):
    write_jsonl(
        tmp_path / "before.jsonl",
        {"id": "before", "text": STOLTENBERG, "annotations": [ann(STOLTENBERG, "Stoltenberg", "actor")]},
    )
    project.import_paths([tmp_path / "before.jsonl"])
    state = project_state(project)

    good = write_jsonl(
        tmp_path / "good.jsonl",
        {"id": "good", "text": RASMUSSEN, "annotations": [ann(RASMUSSEN, "Rasmussen", "actor")]},
    )
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        {"id": "fine", "text": "A fine line."},
        {"id": "broken", "text": "Short text.", "annotations": [{"label": "actor", "start": 0, "end": 500}]},
    )
    # an annotation of an existing document too: it must not land either
    before_again = write_jsonl(
        tmp_path / "more.jsonl",
        {"id": "before", "text": STOLTENBERG, "annotations": [ann(STOLTENBERG, "Vilnius", "actor")]},
    )

    with pytest.raises(BadInput) as info:
        project.import_paths([good, before_again, bad])
    problems = info.value.problems
    assert [(p.path, p.line) for p in problems] == [(str(bad), 2)]
    assert "beyond the text" in problems[0].message
    assert str(info.value).startswith(f"{bad}:2: ")
    assert project_state(project) == state
    assert project.document_count() == 1


def test_unknown_labels_join_the_schema_and_stay(tmp_path, project):
    path = write_jsonl(
        tmp_path / "labels.jsonl",
        {
            "id": "labels",
            "text": RASMUSSEN,
            "annotations": [
                ann(RASMUSSEN, "Rasmussen", "Threat"),  # unknown: added
                ann(RASMUSSEN, "Poland", "Guarantee type"),  # the display name of guarantee_type: not added
                ann(RASMUSSEN, "Vilnius", "ACTOR"),  # a key in another case: not added
            ],
        },
    )
    report = project.import_paths([path])

    assert report.added_labels == ["Threat"]  # spelt as in the file
    assert "Threat" in project.schema.keys
    assert report.warnings == ["label ACTOR taken as actor"]  # "Guarantee type" is the schema's own spelling
    (document_id,) = project.document_ids()
    assert {RASMUSSEN[a.start : a.end]: a.label for a in project.annotations(document_id)} == {
        "Rasmussen": "Threat",
        "Poland": "guarantee_type",
        "Vilnius": "actor",
    }
    project.close()

    reopened = Project.open(project.location, analyst="olena")
    try:
        assert reopened.schema.keys == ["quote", "condition", "actor", "guarantee_type", "Threat"]
        added = reopened.add_annotation(document_id, "Threat", 0, 9)  # usable for new work
        assert added.label == "Threat"
    finally:
        reopened.close()


def test_jsonl_export_then_import_reproduces_the_project(tmp_path, project):
    source = write_jsonl(
        tmp_path / "source.jsonl",
        {
            "id": "rasmussen",
            "title": "Rasmussen on Vilnius",
            "text": RASMUSSEN,
            "meta": {"date": "2023-06-16", "location": "Kyiv, Ukraine"},
            "annotations": [
                ann(RASMUSSEN, "Rasmussen", "actor", id="a1", analyst="taras", attributes={"kind": "person"}),
                ann(
                    RASMUSSEN,
                    '"Poland may send troops if Vilnius gives no guarantees."',
                    "quote",
                    id="a2",
                    analyst="taras",
                    attributes={"mode": "direct"},
                    note="check the translation",
                ),
                ann(RASMUSSEN, "if Vilnius gives no guarantees", "condition", id="a3", analyst="taras"),
            ],
            "relations": [
                {"id": "r1", "analyst": "taras", "type": "speaker", "from": "a2", "to": "a1"},
                {"id": "r2", "analyst": "taras", "type": "condition_of", "from": "a3", "to": "a2"},
            ],
        },
        {"id": "stoltenberg", "text": STOLTENBERG, "meta": {"date": "2023-06-17"}},
    )
    project.import_paths([source])
    stoltenberg = project.repository.document_by_external_id("stoltenberg").id
    actor = project.add_annotation(stoltenberg, "actor", 0, len("Stoltenberg"), attributes={"kind": "person"})
    project.update_annotation(actor.id, note="NATO Secretary General")
    expected = project_state(project)
    assert len(expected["rasmussen"]["relations"]) == 2

    out = tmp_path / "export.jsonl"
    report = project.export("jsonl", out)
    assert (report.documents, report.annotations, report.lost) == (2, 4, {})
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    json.loads(out.read_text(encoding="utf-8").splitlines()[0])  # plain JSON a user can read

    fresh = Project.open(tmp_path / "fresh.sqlite", analyst="someone-else")
    try:
        imported = fresh.import_paths([out])
        assert (imported.documents_added, imported.annotations_added, imported.relations_added) == (2, 4, 2)
        assert project_state(fresh) == expected
        assert sorted(fresh.analysts()) == ["olena", "taras"]
    finally:
        fresh.close()


def test_a_relation_added_later_between_spans_already_imported_arrives(tmp_path, project_db):
    import json

    from annotator.services import Project

    text = "Poland said it would train Ukrainian troops."
    first = tmp_path / "first.jsonl"
    first.write_text(
        json.dumps(
            {
                "id": "d",
                "text": text,
                "annotations": [
                    {"id": "a", "label": "actor", "start": 0, "end": 6, "analyst": "olena"},
                    {"id": "q", "label": "quote", "start": 12, "end": 43, "analyst": "olena"},
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    later = tmp_path / "later.jsonl"
    later.write_text(
        json.dumps(
            {
                "id": "d",
                "text": text,
                "annotations": [
                    {"id": "a", "label": "actor", "start": 0, "end": 6, "analyst": "olena"},
                    {"id": "q", "label": "quote", "start": 12, "end": 43, "analyst": "olena"},
                ],
                "relations": [{"id": "r", "type": "speaker", "from": "q", "to": "a", "analyst": "olena"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    project = Project.open(project_db, analyst="olena")
    project.import_paths([first])
    report = project.import_paths([later])
    assert (report.annotations_added, report.annotations_skipped, report.relations_added) == (0, 2, 1)
    [relation] = project.relations(project.document_ids()[0])
    annotations = {a.id: a.label for a in project.annotations(project.document_ids()[0])}
    assert (relation.type, annotations[relation.source_id], annotations[relation.target_id]) == (
        "speaker",
        "quote",
        "actor",
    )
    again = project.import_paths([later])
    assert again.relations_added == 0  # the same work twice adds nothing
    project.close()


def test_a_document_with_a_nul_character_is_refused(tmp_path, project_db):
    import json

    import pytest

    from annotator.core.errors import BadInput
    from annotator.services import Project

    source = tmp_path / "nul.jsonl"
    source.write_text(json.dumps({"id": "d", "text": "before\u0000after"}) + "\n", encoding="utf-8")
    project = Project.open(project_db, analyst="olena")
    with pytest.raises(BadInput) as refused:
        project.import_paths([source])
    assert f"{source}:1: document text holds a NUL character" in str(refused.value)
    assert project.document_count() == 0
    project.close()

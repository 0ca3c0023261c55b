"""Schema edits through the Project: saved at once, announced, refused when they would orphan annotations."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.core.errors import BadInput
from annotator.core.schema_edits import SchemaError, remove_label
from annotator.services import Project

from .helpers import ann, write_jsonl

TEXT = "Rasmussen 😀 said NATO\u0301 may send troops to Ukraine if the summit fails."


@pytest.fixture
def db(tmp_path, project_db):
    path = project_db
    source = write_jsonl(
        tmp_path / "a.jsonl",
        {
            "id": "a",
            "text": TEXT,
            "annotations": [
                ann(TEXT, "Rasmussen", "actor", id="r", analyst="olena", attributes={"kind": "person"}),
                ann(TEXT, "Ukraine", "actor", id="u", analyst="mykola", attributes={"kind": "state"}),
                ann(TEXT, "NATO\u0301 may send troops", "quote", id="q", analyst="olena"),
                ann(TEXT, "if the summit fails", "condition", id="c", analyst="olena"),
            ],
            "relations": [{"id": "s", "type": "speaker", "from": "q", "to": "r", "analyst": "olena"}],
        },
    )
    setup = Project.open(path, analyst="olena")
    setup.import_paths([source])
    setup.close()
    return path


@pytest.fixture
def project(db):
    opened = Project.open(db, analyst="olena")
    yield opened
    opened.close()


def test_a_new_label_is_saved_at_once_and_announced(db, project):
    heard = []
    project.subscribe(heard.append)
    label = project.schema_editor.add_label("Timeline", "5", initiator="me")
    assert [(c.kind, c.initiator) for c in heard] == [("schema", "me")]
    other = Project.open(db, analyst="mykola")
    try:
        assert other.schema.get("timeline") == label
        assert other.schema.by_shortcut("5").name == "Timeline"
    finally:
        other.close()


def test_usage_counts_every_analysts_annotations_values_and_relations(project):
    usage = project.schema_editor.usage()
    assert usage.labels == {"actor": 2, "quote": 1, "condition": 1}
    assert usage.values[("actor", "kind", "state")] == 1
    assert usage.relations == {("speaker", "quote", "actor"): 1}


def test_an_edit_that_would_orphan_a_value_in_use_is_refused_and_nothing_saved(db, project):
    actor = project.schema.get("actor")
    attribute = actor.attribute("kind")
    narrowed = replace(actor, attributes=(replace(attribute, values=("person", "organisation")),))
    with pytest.raises(SchemaError, match="drops value 'state' of actor.kind, used by 1 annotation"):
        project.schema_editor.update_label(narrowed)
    assert Project.open(db).schema.get("actor").attribute("kind").values == attribute.values


def test_deleting_a_label_needs_the_count_and_undo_puts_its_annotations_back(project):
    editor = project.schema_editor
    document = project.document_ids()[0]
    before = {(a.id, a.label, a.start, a.end, a.analyst) for a in project.annotations(document)}
    with pytest.raises(SchemaError, match="used by 2 annotations, not 1"):
        editor.delete_label("actor", confirmed_count=1)
    deleted = editor.delete_label("actor", confirmed_count=2)
    assert project.schema.get("actor") is None
    assert {a.label for a in project.annotations(document)} == {"quote", "condition"}
    assert project.relations(document) == []
    editor.undelete_label(deleted)
    assert project.schema.get("actor") is not None
    assert {(a.id, a.label, a.start, a.end, a.analyst) for a in project.annotations(document)} == before
    assert [r.type for r in project.relations(document)] == ["speaker"]


def test_a_schema_file_that_would_orphan_is_refused_with_every_reason(tmp_path, project):
    path = tmp_path / "team.json"
    schema = project.schema
    smaller = remove_label(remove_label(schema, "actor"), "condition")
    path.write_text(smaller.to_json(), encoding="utf-8")
    with pytest.raises(BadInput) as caught:
        project.schema_editor.import_file(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: refused: the schema drops label 'actor', used by 2 annotations",
        f"{path}: refused: the schema drops label 'condition', used by 1 annotation",
        f"{path}: refused: the schema drops relation type 'speaker', used by 1 relation",
    ]
    assert project.schema == schema

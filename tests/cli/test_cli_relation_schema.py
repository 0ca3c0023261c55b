"""Imported relations must fit the label schema: a known type with the wrong ends is refused with file and line."""

from __future__ import annotations

import json

from tests.cli.helpers import write_jsonl

TEXT = "Rasmussen said NATO must act."


def article(doc_id: str, relation_type: str, source: str, target: str) -> dict:
    return {
        "id": doc_id,
        "text": TEXT,
        "annotations": [
            {"id": "a", "analyst": "olena", "label": "actor", "start": 0, "end": 9},
            {"id": "q", "analyst": "olena", "label": "quote", "start": 15, "end": 28},
        ],
        "relations": [{"id": "r1", "analyst": "olena", "type": relation_type, "from": source, "to": target}],
    }


def exported_relations(cli, db, tmp_path) -> list[dict]:
    out = tmp_path / "out.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    return [r for line in out.read_text(encoding="utf-8").splitlines() for r in json.loads(line).get("relations", [])]


def test_a_relation_whose_ends_do_not_fit_its_type_is_refused_with_file_and_line(cli, tmp_path, project_db):
    db = project_db
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [article("fine", "speaker", "q", "a"), article("reversed", "speaker", "a", "q")],
    )
    result = cli("import", path, "--db", db)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.err_lines == [
        f"annotator: error: {path}:2: relation 'r1': a speaker relation starts at a Quote, not at an Actor"
    ]
    assert cli.documents(db) == []  # the fitting first line was not imported either


def test_a_relation_type_of_the_files_own_is_added_to_the_schema_and_kept(cli, tmp_path, project_db):
    db = project_db
    path = write_jsonl(tmp_path / "own.jsonl", [article("own", "said_by", "q", "a")])
    result = cli.ok("import", path, "--db", db)
    assert "annotator: warning: relation type said_by added to the label schema" in result.err_lines
    assert [r["type"] for r in exported_relations(cli, db, tmp_path)] == ["said_by"]
    # the type is now the project's, with any labels at its ends: the other way round fits too
    cli.ok("import", write_jsonl(tmp_path / "again.jsonl", [article("again", "said_by", "a", "q")]), "--db", db)
    assert len(exported_relations(cli, db, tmp_path)) == 2


def test_a_known_type_spelt_differently_is_stored_under_the_schemas_key(cli, tmp_path, project_db):
    db = project_db
    result = cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [article("a", "Speaker", "q", "a")]), "--db", db)
    assert "annotator: warning: relation type Speaker taken as speaker" in result.err_lines
    assert [r["type"] for r in exported_relations(cli, db, tmp_path)] == ["speaker"]

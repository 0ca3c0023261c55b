"""`annotator schema --out/--in`: a label schema shared across a team, refused when it would orphan annotations."""

from __future__ import annotations

import json

from tests.cli.helpers import write_jsonl

EMPTY_GUIDELINE = {"definition": "", "include": [], "exclude": [], "examples": []}


def test_schema_round_trips_through_a_file_and_reports_what_changed(populated, tmp_path):
    cli = populated.cli
    db = tmp_path / "other.sqlite"
    cli.ok("import", populated.jsonl, "--db", db)
    out = tmp_path / "team.json"
    result = cli.ok("schema", "--out", out, "--db", populated.db)
    assert result.stdout.strip() == f"exported the label schema to {out}"
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [lb["key"] for lb in data["labels"]] == ["quote", "condition", "actor", "guarantee_type"]
    data["labels"].append({"key": "timeline", "name": "Timeline ⏳", "colour": "#0072B2", "shortcut": "5"})
    data["labels"][2]["guideline"]["definition"] = "Who acts."
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    result = cli.ok("schema", "--in", out, "--db", db)
    assert result.stdout.splitlines() == [
        "actor: guideline changed",
        "added label timeline (Timeline ⏳, key 5)",
        f"schema replaced from {out}: 2 changes",
    ]
    again = tmp_path / "again.json"
    cli.ok("schema", "--out", again, "--db", db)
    shared = json.loads(again.read_text(encoding="utf-8"))
    assert shared["labels"][:4] == data["labels"][:4]
    assert shared["labels"][4] == {**data["labels"][4], "guideline": EMPTY_GUIDELINE, "attributes": []}
    assert cli.ok("schema", "--in", again, "--db", db).stdout.strip() == f"schema replaced from {again}: 0 changes"


def test_a_schema_that_would_orphan_annotations_is_refused_with_one_line_per_reason(populated, tmp_path):
    cli = populated.cli
    db = tmp_path / "copy.sqlite"
    cli.ok("import", populated.jsonl, "--db", db)
    out = tmp_path / "team.json"
    cli.ok("schema", "--out", out, "--db", db)
    data = json.loads(out.read_text(encoding="utf-8"))
    data["labels"] = [lb for lb in data["labels"] if lb["key"] != "actor"]
    data["relations"] = [r for r in data["relations"] if "actor" not in r["to"]]
    quote = data["labels"][0]
    quote["attributes"][0]["values"] = ["direct"]
    out.write_text(json.dumps(data), encoding="utf-8")

    result = cli("schema", "--in", out, "--db", db)
    assert result.returncode == 1
    assert result.err_lines == [
        f"annotator: error: {out}: refused: the schema drops label 'actor', used by 1 annotation",
        f"annotator: error: {out}: refused: the schema drops value 'reported' of quote.mode, used by 1 annotation",
        f"annotator: error: {out}: refused: the schema drops relation type 'speaker', used by 1 relation",
    ]
    assert cli.ok("schema", "--out", tmp_path / "after.json", "--db", db)
    assert json.loads((tmp_path / "after.json").read_text(encoding="utf-8"))["labels"][2]["key"] == "actor"


def test_a_file_that_is_no_schema_is_refused_with_its_line(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "text": "Hi"}]), "--db", db)
    bad = tmp_path / "bad.json"
    bad.write_text('{"labels": [\n  {"key": "a",}\n]}', encoding="utf-8")
    result = cli("schema", "--in", bad, "--db", db)
    assert result.returncode == 1
    assert result.err_lines[0].startswith(f"annotator: error: {bad}:2: not JSON")
    clash = tmp_path / "clash.json"
    clash.write_text(
        json.dumps({"labels": [{"key": "a", "shortcut": "1"}, {"key": "b", "shortcut": "1"}]}), encoding="utf-8"
    )
    result = cli("schema", "--in", clash, "--db", db)
    assert result.err_lines == [
        f"annotator: error: {clash}: label a: key 1 already tags b",
        f"annotator: error: {clash}: label b: key 1 already tags a",
    ]

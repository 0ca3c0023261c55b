"""`annotator claims` on the tagged sample article: one row per guarantee with who, to whom, if what, said by whom."""

from __future__ import annotations

import csv
import json

import pytest

from tests.claims_sample import (
    CONDITION,
    FILE,
    FIRST_GUARANTEE,
    GUARANTEE,
    MEMBERSHIP,
    PROVIDER,
    QUOTE,
    SPEAKER,
    sample_document,
    sample_jsonl,
)
from tests.cli.helpers import write_jsonl

SAMPLE_ID = "000_846610f6cf9f79d3"


def project(cli, tmp_path, db, *extra: dict):
    cli.ok("import", FILE, "--db", db)
    if extra:
        cli.ok("import", write_jsonl(tmp_path / "extra.jsonl", list(extra)), "--db", db)
    return db


def as_analyst(name: str, keep_relations: bool = True) -> dict:
    """The sample tagged again by another analyst (same spans), with or without the links."""
    doc = sample_document()
    for a in doc["annotations"]:
        a["analyst"], a["id"] = name, f"{name}-{a['id']}"
    doc["relations"] = [
        {**r, "analyst": name, "from": f"{name}-{r['from']}", "to": f"{name}-{r['to']}"} for r in doc["relations"]
    ]
    if not keep_relations:
        doc["relations"] = []
    return doc


def test_the_sample_file_is_the_seed_article_tagged_at_the_offsets_of_its_words():
    assert FILE.read_text(encoding="utf-8") == sample_jsonl()  # regenerate: python -m tests.claims_sample
    doc = json.loads(FILE.read_text(encoding="utf-8"))
    assert all(doc["text"][a["start"] : a["end"]] == a["text"] for a in doc["annotations"])


def test_claims_csv_of_the_sample_shows_the_troop_deployment_offered_to_ukraine_under_the_vilnius_condition(
    cli, tmp_path, project_db
):
    db = project(cli, tmp_path, project_db)
    out = tmp_path / "claims.csv"
    result = cli.ok("claims", "--out", out, "--db", db)
    assert result.stdout == f"wrote 3 claims of olena to {out}\n"

    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["guarantee_text"] for r in rows] == [FIRST_GUARANTEE, GUARANTEE, MEMBERSHIP]
    troops = rows[1]
    text = sample_document()["text"]
    assert troops["document_id"] == SAMPLE_ID
    assert troops["document_date"] == "2023-06-16" and troops["document_location"] == "Kyiv, Ukraine"
    assert troops["document_title"].startswith("Some NATO member countries")
    assert troops["analyst"] == "olena" and troops["guarantee_type"] == "troop_deployment"
    assert text[int(troops["guarantee_start"]) : int(troops["guarantee_end"])] == GUARANTEE
    assert troops["providers"] == PROVIDER == "a group of NATO member countries"
    assert troops["recipients"] == "Ukraine"
    assert troops["conditions"] == CONDITION and "summit in Vilnius" in CONDITION
    assert troops["quote_text"] == QUOTE
    assert text[int(troops["quote_start"]) : int(troops["quote_end"])] == QUOTE
    assert troops["speakers"] == SPEAKER == "The former head of NATO"
    # the unlinked guarantees are claims too, with nothing guessed
    for unlinked in (rows[0], rows[2]):
        parts = ("providers", "recipients", "conditions", "quote_text", "quote_start", "speakers")
        assert [unlinked[k] for k in parts] == [""] * len(parts)
    assert rows[2]["guarantee_type"] == "membership"


def test_claims_jsonl_to_standard_output_lists_each_part_with_its_offsets(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db)
    result = cli.ok("claims", "--out", "-", "--format", "jsonl", "--db", db)
    assert result.stderr == "wrote 3 claims of olena to standard output\n"
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    text = sample_document()["text"]
    troops = rows[1]
    start = text.index(PROVIDER)
    assert troops["providers"] == [{"text": PROVIDER, "start": start, "end": start + len(PROVIDER)}]
    (recipient,) = troops["recipients"]
    assert recipient["text"] == "Ukraine" and text.index(GUARANTEE) < recipient["start"]
    (condition,) = troops["conditions"]
    assert text[condition["start"] : condition["end"]] == CONDITION
    assert (troops["quote_text"], troops["quote_start"]) == (QUOTE, text.index(QUOTE))
    assert [s["text"] for s in troops["speakers"]] == [SPEAKER]
    assert rows[0]["providers"] == [] and rows[0]["quote_text"] is None


def test_a_file_named_jsonl_gets_jsonl(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db)
    out = tmp_path / "claims.jsonl"
    cli.ok("claims", "--out", out, "--db", db)
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[1])["guarantee_text"] == GUARANTEE


def test_with_several_analysts_claims_ask_for_one_and_show_only_that_ones_links(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db, as_analyst("ivan", keep_relations=False))
    out = tmp_path / "claims.csv"
    result = cli("claims", "--out", out, "--db", db)
    assert result.returncode == 1
    assert result.stderr == (
        "annotator: error: claims come from one annotation set and this project has 2 (ivan, olena): "
        "choose one with --analyst NAME or --gold\n"
    )
    assert not out.exists()

    cli.ok("claims", "--out", out, "--analyst", "ivan", "--db", db)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["analyst"] for r in rows} == {"ivan"} and rows[1]["guarantee_text"] == GUARANTEE
    assert rows[1]["providers"] == rows[1]["speakers"] == ""  # ivan tagged the spans but linked nothing
    assert rows[1]["quote_text"] == QUOTE  # the quote holding the guarantee needs no link

    cli.ok("claims", "--out", out, "--analyst", "olena", "--db", db)
    assert [r["providers"] for r in csv.DictReader(out.open(encoding="utf-8", newline=""))][1] == PROVIDER


def test_gold_claims_come_from_the_gold_set(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db, as_analyst("gold"))
    out = tmp_path / "claims.csv"
    result = cli.ok("claims", "--out", out, "--gold", "--db", db)
    assert result.stdout == f"wrote 3 claims of gold to {out}\n"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert {r["analyst"] for r in rows} == {"gold"} and rows[1]["providers"] == PROVIDER


def test_formula_like_texts_are_neutralised_in_the_csv(cli, tmp_path, project_db):
    text = "=HYPERLINK(1) will send tanks to -Kyiv."
    doc = {
        "id": "formula",
        "text": text,
        "annotations": [
            {"id": "g", "analyst": "olena", "label": "guarantee_type", "start": 0, "end": 13},
            {"id": "k", "analyst": "olena", "label": "actor", "start": 33, "end": 38},
        ],
        "relations": [{"analyst": "olena", "type": "recipient", "from": "g", "to": "k"}],
    }
    db = project_db
    cli.ok("import", write_jsonl(tmp_path / "f.jsonl", [doc]), "--db", db)
    out = tmp_path / "claims.csv"
    cli.ok("claims", "--out", out, "--db", db)
    (row,) = csv.DictReader(out.open(encoding="utf-8", newline=""))
    assert row["guarantee_text"] == "'=HYPERLINK(1)"
    assert row["recipients"] == "'-Kyiv"
    assert row["guarantee_start"] == "0"


@pytest.mark.sqlite_only(reason="the project file itself as --out")
def test_claims_never_overwrite_the_project_and_refuse_an_unknown_extension(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db)
    before = db.read_bytes()
    result = cli("claims", "--out", db, "--format", "csv", "--db", db)
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: error: {db}: is the project file;")
    assert db.read_bytes() == before
    result = cli("claims", "--out", tmp_path / "claims.txt", "--db", db)
    assert result.returncode == 1 and "choose one with --format" in result.stderr
    assert not (tmp_path / "claims.txt").exists()


def test_in_blind_mode_an_analyst_gets_only_their_own_claims(cli, tmp_path, project_db):
    db = project(cli, tmp_path, project_db, as_analyst("ivan"))
    cli.ok("blind", "on", "--reviewer", "--db", db)
    out = tmp_path / "claims.csv"
    result = cli.ok("claims", "--out", out, "--analyst", "ivan", "--db", db)
    assert "annotator: warning: blind mode: only ivan's claims were written" in result.stderr
    assert {r["analyst"] for r in csv.DictReader(out.open(encoding="utf-8", newline=""))} == {"ivan"}

    refused = cli("claims", "--out", out, "--gold", "--analyst", "ivan", "--db", db)
    assert refused.returncode == 1
    assert refused.stderr == "annotator: error: blind mode: ivan cannot see the annotations of gold\n"


@pytest.mark.sqlite_only(reason="a project file is read with plain sqlite3; a server through SQLAlchemy")
def test_claims_of_a_project_file_are_read_without_loading_the_database_layer(cli, tmp_path, project_db):
    """A project of this version is read with plain sqlite3: the export does not wait for SQLAlchemy to load."""
    db = project(cli, tmp_path, project_db)
    out = tmp_path / "claims.csv"
    result = cli("claims", "--out", out, "--db", db, python_flags=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.err_lines if line.startswith("import time:")}
    assert "annotator.store.claims_file" in imported  # the import log is really there
    heavy = sorted(name for name in imported if name.split(".")[0] in {"sqlalchemy", "alembic"})
    assert heavy == [], f"`annotator claims` imported {heavy}"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["guarantee_text"] for r in rows] == [FIRST_GUARANTEE, GUARANTEE, MEMBERSHIP]


def test_claims_of_a_database_of_another_program_are_refused_in_one_line(cli, tmp_path):
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.close()
    before = other.read_bytes()
    result = cli("claims", "--out", tmp_path / "claims.csv", "--db", other)
    assert result.returncode == 1
    assert result.stderr == f"annotator: error: {other}: not an Annotator database (it has tables of another program)\n"
    assert other.read_bytes() == before and not (tmp_path / "claims.csv").exists()

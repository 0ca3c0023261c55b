"""`annotator agreement` on relations: exact and lenient F1 per type and overall, in JSON, text, CSV and HTML."""

from __future__ import annotations

import csv
import json

import pytest

from tests.cli.helpers import span, write_jsonl

TEXT = (
    "Anders Fogh Rasmussen said that a group of NATO member countries might send troops to Ukraine "
    "if the Vilnius summit fails to provide security guarantees.\n"
)
QUOTE = "a group of NATO member countries might send troops to Ukraine if the Vilnius summit fails"


def annotation(ident: str, analyst: str, label: str, part: str) -> dict:
    start, end = span(TEXT, part)
    return {"id": ident, "analyst": analyst, "label": label, "start": start, "end": end}


def relation(ident: str, analyst: str, type_: str, source: str, target: str) -> dict:
    return {"id": ident, "analyst": analyst, "type": type_, "from": source, "to": target}


def documents() -> list[dict]:
    """Olena draws 4 relations, Taras 3.

    speaker: the same quote and speaker (exact); provider: Taras's provider is "NATO member countries"
    inside Olena's "a group of NATO member countries" (lenient only); Olena's recipient Ukraine is a
    provider for Taras (type differs); only Olena links the condition to the guarantee.
    """
    return [
        {
            "id": "vilnius",
            "text": TEXT,
            "annotations": [
                annotation("o1", "olena", "actor", "Anders Fogh Rasmussen"),
                annotation("o2", "olena", "quote", QUOTE),
                annotation("o3", "olena", "actor", "a group of NATO member countries"),
                annotation("o4", "olena", "guarantee_type", "send troops"),
                annotation("o5", "olena", "actor", "Ukraine"),
                annotation("o6", "olena", "condition", "if the Vilnius summit fails"),
                annotation("t1", "taras", "actor", "Anders Fogh Rasmussen"),
                annotation("t2", "taras", "quote", QUOTE),
                annotation("t3", "taras", "actor", "NATO member countries"),
                annotation("t4", "taras", "guarantee_type", "send troops"),
                annotation("t5", "taras", "actor", "Ukraine"),
            ],
            "relations": [
                relation("r1", "olena", "speaker", "o2", "o1"),
                relation("r2", "olena", "provider", "o4", "o3"),
                relation("r3", "olena", "recipient", "o4", "o5"),
                relation("r4", "olena", "condition_of", "o6", "o4"),
                relation("s1", "taras", "speaker", "t2", "t1"),
                relation("s2", "taras", "provider", "t4", "t3"),
                relation("s3", "taras", "provider", "t4", "t5"),
            ],
        }
    ]


@pytest.fixture
def project(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", write_jsonl(tmp_path / "work.jsonl", documents()), "--db", db)
    return db


def test_json_shows_relation_f1_per_type_and_overall(cli, project):
    out = cli.ok("agreement", "--analysts", "olena", "taras", "--json", "--reviewer", "--db", project).stdout
    relations = json.loads(out)["relations"]
    types = relations["types"]
    assert set(types) == {"speaker", "provider", "recipient", "condition_of"}
    assert (types["speaker"]["f1_exact"], types["speaker"]["f1_lenient"]) == (1.0, 1.0)
    assert types["provider"]["f1_exact"] == 0.0
    assert types["provider"]["f1_lenient"] == pytest.approx(2 / 3)  # 1 match of 1 + 2
    assert types["recipient"]["f1_lenient"] == 0.0 and types["recipient"]["precision_exact"] is None
    overall = relations["overall"]
    assert (overall["count_a"], overall["count_b"], overall["matches_exact"], overall["matches_lenient"]) == (
        4,
        3,
        1,
        2,
    )
    assert overall["f1_exact"] == pytest.approx(2 / 7)
    assert overall["f1_lenient"] == pytest.approx(4 / 7)


def test_text_csv_and_html_show_relation_rows(cli, project, tmp_path):
    page, table = tmp_path / "report.html", tmp_path / "report.csv"
    out = cli.ok(
        "agreement", "--analysts", "olena", "taras", "--reviewer", "--db", project, "--html", page, "--csv", table
    ).stdout
    lines = out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("Relations")))
    rows = {line.split()[0]: line.split()[1:] for line in lines[start + 3 :] if line.strip()}
    # A, B, exact, lenient, F1 exact, F1 lenient
    assert rows["provider"] == ["1", "2", "0", "1", "0.000", "0.667"]
    assert rows["overall"] == ["4", "3", "1", "2", "0.286", "0.571"]

    with open(table, encoding="utf-8", newline="") as handle:
        found = list(csv.reader(handle))
    header = next(row for row in found if row[:2] == ["scope", "relation"])
    by_type = {row[1]: dict(zip(header, row, strict=True)) for row in found if row and row[0].startswith("relation")}
    assert set(by_type) == {"speaker", "provider", "recipient", "condition_of", "overall"}
    assert float(by_type["overall"]["f1_lenient"]) == pytest.approx(4 / 7)
    assert by_type["recipient"]["precision_exact"] == ""  # undefined: Taras drew no recipient

    html = page.read_text(encoding="utf-8")
    assert "<h2>Relations</h2>" in html
    assert "<tr><th>condition_of</th><td>1</td><td>0</td><td>0</td><td>0</td><td>0.000</td><td>0.000</td></tr>" in html


def test_without_relations_the_relation_f1_is_na(cli, tmp_path):
    db = tmp_path / "plain.sqlite"
    plain = documents()
    plain[0]["relations"] = []
    cli.ok("import", write_jsonl(tmp_path / "plain.jsonl", plain), "--db", db)
    out = cli.ok("agreement", "--analysts", "olena", "taras", "--reviewer", "--db", db).stdout
    lines = out.splitlines()
    relation_overall = [line for line in lines[lines.index(next(x for x in lines if x.startswith("Relations"))) :]]
    assert [line.split() for line in relation_overall if line.startswith("overall")] == [
        ["overall", "0", "0", "0", "0", "n/a", "n/a"]
    ]

"""Review through the command line: agreement reports, the decision log, gold export and blind mode."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from annotator.services import Project
from tests.cli.helpers import Cli, write_jsonl
from tests.server_fixtures import create_database, drop_database

# Two short articles. olena and mykola agree on Rasmussen and on the quote, and each tagged
# one actor the other did not; petro's work is a copy of olena's.
FIRST = "Rasmussen and Stoltenberg met in Vilnius."
SECOND = "He said troops may come next year."
TOTAL = len(FIRST) + len(SECOND)


def span(text: str, part: str, label: str, analyst: str, **extra) -> dict:
    start = text.index(part)
    return {"label": label, "start": start, "end": start + len(part), "text": part, "analyst": analyst, **extra}


def team_documents() -> list[dict]:
    first, second = [], []
    for analyst, actors in (
        ("olena", ["Rasmussen", "Stoltenberg"]),
        ("mykola", ["Rasmussen", "Vilnius"]),
        ("petro", ["Rasmussen", "Stoltenberg"]),
    ):
        first += [span(FIRST, name, "actor", analyst) for name in actors]
        second.append(span(SECOND, "troops may come", "quote", analyst, attributes={"mode": "reported"}))
    return [
        {"id": "meeting", "text": FIRST, "annotations": first},
        {"id": "troops", "text": SECOND, "annotations": second},
    ]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team(request, tmp_path_factory):
    """The team's project, in a SQLite file and on the test server (read only: tests that change it work on a copy)."""
    root = tmp_path_factory.mktemp("team")
    cli = Cli(root)
    db: Path | str = root / "team.sqlite"
    if request.param == "postgresql":
        db = create_database(request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template"))
    cli.ok("import", write_jsonl(root / "work.jsonl", team_documents()), "--db", db)
    yield db
    if isinstance(db, str):
        drop_database(request.getfixturevalue("postgres_server"), db)


@pytest.fixture
def copy(request, team, tmp_path):
    if isinstance(team, str):  # a server copies a database as the template of a new one
        server = request.getfixturevalue("postgres_server")
        url = create_database(server, make_url(team).database)
        yield url
        drop_database(server, url)
        return
    path = tmp_path / "copy.sqlite"
    shutil.copy(team, path)
    yield path


def kappa(total: int, a: int, b: int, both: int) -> float:
    """Cohen's kappa of a 2×2 table of characters, written out from its definition."""
    p_o = (both + (total - a - b + both)) / total
    p_e = (a / total) * (b / total) + ((total - a) / total) * ((total - b) / total)
    return (p_o - p_e) / (1 - p_e)


STATISTICS = ("f1_exact", "f1_overlap", "kappa_char", "alpha_u", "count_a", "count_b")


# --- agreement


def test_agreement_json_has_the_numbers_computed_by_hand(team, cli):
    out = cli.ok("agreement", "--analysts", "olena", "mykola", "--json", "--reviewer", "--db", team).stdout
    report = json.loads(out)
    assert report["analysts"] == {"a": "olena", "b": "mykola"}
    assert set(report["labels"]) == {"actor", "quote"}
    for scores in (report["overall"], *report["labels"].values()):
        assert set(STATISTICS) <= set(scores)

    overall, actor, quote = report["overall"], report["labels"]["actor"], report["labels"]["quote"]
    # 2 exact matches (Rasmussen, the quote) out of 3 + 3 spans, micro over both documents
    assert (overall["count_a"], overall["count_b"], overall["matches_exact"]) == (3, 3, 2)
    assert overall["f1_exact"] == pytest.approx(2 * 2 / 6) and round(overall["f1_exact"], 3) == 0.667
    assert overall["f1_overlap"] == pytest.approx(2 * 2 / 6)  # Stoltenberg and Vilnius do not overlap
    assert (actor["count_a"], actor["count_b"], actor["f1_exact"], actor["f1_overlap"]) == (2, 2, 0.5, 0.5)
    assert (quote["count_a"], quote["count_b"], quote["f1_exact"], quote["f1_overlap"]) == (1, 1, 1.0, 1.0)

    # characters: olena's actors cover 9 + 11, mykola's 9 + 7, both 9 (Rasmussen), of all characters of both articles
    assert actor["chars"] == {"total": TOTAL, "a": 20, "b": 16, "both": 9}
    assert actor["kappa_char"] == pytest.approx(kappa(TOTAL, 20, 16, 9))
    assert quote["kappa_char"] == pytest.approx(1.0)
    # overall pools the (character, label) tables: actor's plus quote's 15 shared characters
    assert overall["kappa_char"] == pytest.approx(kappa(2 * TOTAL, 20 + 15, 16 + 15, 9 + 15))
    assert quote["alpha_u"] == pytest.approx(1.0)
    assert 0 < actor["alpha_u"] < 1
    assert actor["alpha_u"] < overall["alpha_u"] < 1

    by_document = {d["document_id"]: d for d in report["documents"]}
    assert sorted((d["count_a"], d["count_b"], d["matches_exact"]) for d in by_document.values()) == [
        (1, 1, 1),
        (2, 2, 1),
    ]


def test_identical_sets_agree_perfectly(team, cli):
    report = json.loads(
        cli.ok("agreement", "--analysts", "olena", "petro", "--json", "--reviewer", "--db", team).stdout
    )
    for scores in (report["overall"], *report["labels"].values()):
        assert [scores[key] for key in ("f1_exact", "f1_overlap", "kappa_char", "alpha_u")] == pytest.approx([1.0] * 4)
    assert (report["overall"]["count_a"], report["overall"]["count_b"]) == (3, 3)


def test_agreement_table_html_and_csv(team, cli, tmp_path):
    page, table = tmp_path / "report.html", tmp_path / "report.csv"
    out = cli.ok(
        "agreement", "--analysts", "olena", "mykola", "--reviewer", "--db", team, "--html", page, "--csv", table
    ).stdout
    assert out.startswith("Agreement of A = olena and B = mykola over 2 documents")
    overall_line = next(line for line in out.splitlines() if line.startswith("overall"))  # the spans' table
    assert overall_line.split()[1:5] == ["3", "3", "2", "0.667"]

    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    # self-contained: nothing is loaded from anywhere (the SVG namespace name is an identifier, never fetched)
    for loader in ("<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"):
        assert loader not in html.lower()
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}
    # a bar chart for each label and for the overall row
    assert html.count("<svg") == 3 and html.count("</svg>") == 3
    for name in ("Actor", "Quote", "overall", "0.667"):
        assert name in html

    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    assert header[:2] == ["scope", "label"] and "f1_exact" in header and "kappa_char" in header
    by_label = {
        row[1]: dict(zip(header, row, strict=True)) for row in rows[1:] if row and row[0] in ("label", "overall")
    }
    assert set(by_label) == {"actor", "quote", "overall"}
    assert by_label["overall"]["scope"] == "overall"
    assert float(by_label["overall"]["f1_exact"]) == pytest.approx(2 / 3)
    assert float(by_label["actor"]["kappa_char"]) == pytest.approx(kappa(TOTAL, 20, 16, 9))
    documents = [row for row in rows if row and row[0] == "document"]
    assert sorted(row[1] for row in documents) == ["meeting", "troops"]


def test_agreement_for_selected_documents(team, cli):
    report = json.loads(
        cli.ok("agreement", "--analysts", "olena", "mykola", "--documents", "troops", "--json", "--db", team).stdout
    )
    assert set(report["labels"]) == {"quote"}
    assert report["overall"]["f1_exact"] == 1.0


def test_unknown_analyst_or_document_is_one_line(team, cli):
    result = cli("agreement", "--analysts", "olena", "nobody", "--reviewer", "--db", team)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        "annotator: error: no annotations by nobody in this project (analysts: mykola, olena, petro)"
    ]
    result = cli("agreement", "--analysts", "olena", "mykola", "--documents", "missing", "--db", team)
    assert result.returncode == 1
    assert result.err_lines == ["annotator: error: no document with id missing in this project"]


# --- decisions and gold


def test_decision_log_and_gold_export(copy, cli, tmp_path):
    reviewer = Project.open(copy, analyst="rita", reviewer=True)
    try:
        meeting = reviewer.repository.document_by_external_id("meeting").id
        troops = reviewer.repository.document_by_external_id("troops").id
        reviewer.review.accept_all(meeting, "olena", "mykola")
        reviewer.review.accept_all(troops, "olena", "mykola")
        only_a = next(p for p in reviewer.review.compare(meeting, "olena", "mykola") if p.kind == "only_a")
        reviewer.review.decide(meeting, only_a, "accept", rationale="Stoltenberg attended, says the article")
    finally:
        reviewer.close()

    log = tmp_path / "log.csv"
    result = cli.ok("decisions", "--out", log, "--db", copy)
    assert result.stdout == f"wrote 3 decisions to {log}\n"
    with open(log, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["document_id"], r["action"], r["label"], r["reviewer"]) for r in rows] == [
        ("meeting", "accept_all", "actor", "rita"),
        ("troops", "accept_all", "quote", "rita"),
        ("meeting", "accept", "actor", "rita"),
    ]
    assert rows[2]["rationale"] == "Stoltenberg attended, says the article"

    out = tmp_path / "gold.jsonl"
    result = cli.ok("export", "--gold", "--format", "jsonl", "--out", out, "--db", copy)
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    docs = {d["id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert sorted((a["analyst"], a["text"]) for a in docs["meeting"]["annotations"]) == [
        ("gold", "Rasmussen"),
        ("gold", "Stoltenberg"),
    ]
    assert [(a["analyst"], a["text"], a["attributes"]) for a in docs["troops"]["annotations"]] == [
        ("gold", "troops may come", {"mode": "reported"})
    ]


# --- blind mode from the command line


def as_analyst(cli: Cli, name: str) -> Cli:
    """The analyst's own machine: their name is the saved setting, not given on the command line."""
    folder = cli.config / "annotator"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps({"analyst": name}), encoding="utf-8")
    return cli


def is_blind(db) -> bool:
    project = Project.open(db, analyst="rita")
    try:
        return project.blind
    finally:
        project.close()


def test_blind_mode_is_switched_by_the_reviewer_only(copy, cli):
    result = cli("blind", "on", "--db", copy)
    assert result.returncode == 1
    assert result.err_lines == ["annotator: error: only a reviewer can do this (start Annotator with --reviewer)"]
    assert not is_blind(copy)
    assert cli.ok("blind", "on", "--reviewer", "--db", copy).stdout == "blind mode is on\n"
    assert is_blind(copy)
    assert cli.ok("blind", "off", "--reviewer", "--db", copy).stdout == "blind mode is off\n"
    assert not is_blind(copy)


def test_blind_analyst_sees_counts_and_exports_only_own_work(copy, cli, tmp_path):
    project = Project.open(copy, analyst="rita", reviewer=True)
    project.set_blind(True)
    project.close()
    olena = as_analyst(cli, "olena")

    counts = {row[1]: row[2] for row in olena.documents(copy)}
    assert counts == {"meeting": "2", "troops": "1"}  # olena's spans only
    everyone = olena.ok("documents", "--reviewer", "--db", copy).stdout.splitlines()[1:]
    assert {line.split("\t")[1]: line.split("\t")[2] for line in everyone} == {"meeting": "6", "troops": "3"}

    out = tmp_path / "mine.jsonl"
    assert (
        olena.ok("export", "--format", "jsonl", "--out", out, "--db", copy).stdout
        == f"exported 2 documents and 3 annotations to {out}\n"
    )
    content = out.read_text(encoding="utf-8")
    assert "mykola" not in content and "petro" not in content and 'Vilnius"' not in content
    spans = [
        (a["analyst"], a["text"]) for line in content.splitlines() for a in json.loads(line).get("annotations", [])
    ]
    assert sorted(spans) == [("olena", "Rasmussen"), ("olena", "Stoltenberg"), ("olena", "troops may come")]

    refused = olena("export", "--gold", "--format", "jsonl", "--out", tmp_path / "gold.jsonl", "--db", copy)
    assert refused.returncode == 1 and not (tmp_path / "gold.jsonl").exists()
    assert refused.err_lines == ["annotator: error: blind mode: olena cannot see the annotations of gold"]

    result = olena("agreement", "--analysts", "olena", "mykola", "--json", "--db", copy)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        "annotator: error: blind mode: only a reviewer can compare analysts (start Annotator with --reviewer)"
    ]
    report = json.loads(
        olena.ok("agreement", "--analysts", "olena", "mykola", "--json", "--reviewer", "--db", copy).stdout
    )
    assert report["overall"]["count_b"] == 3

    log = olena("decisions", "--out", tmp_path / "log.csv", "--db", copy)
    assert log.returncode == 1 and "reviewer" in log.stderr


def test_a_blind_analysts_export_says_it_holds_only_their_own_work(copy, cli, tmp_path):
    project = Project.open(copy, analyst="rita", reviewer=True)
    project.set_blind(True)
    project.close()

    out = tmp_path / "mine.jsonl"
    result = as_analyst(cli, "olena").ok("export", "--format", "jsonl", "--out", out, "--db", copy)
    assert result.stdout == f"exported 2 documents and 3 annotations to {out}\n"
    assert result.err_lines == ["annotator: warning: blind mode: only olena's annotations were exported"]

    # a newcomer with nothing tagged yet: not a silent "0 annotations"
    result = as_analyst(cli, "taras").ok("export", "--format", "jsonl", "--out", out, "--db", copy)
    assert result.stdout == f"exported 2 documents and 0 annotations to {out}\n"
    assert result.err_lines == [
        "annotator: warning: blind mode: only taras's annotations were exported, and taras has none yet"
    ]


# --- names that have no annotations


def test_export_of_an_analyst_without_annotations_is_refused_naming_those_there_are(team, cli, tmp_path):
    out = tmp_path / "olna.jsonl"
    result = cli("export", "--format", "jsonl", "--out", out, "--analyst", "olna", "--db", team)
    assert result.returncode == 1 and result.stdout == ""
    assert result.err_lines == [
        "annotator: error: no annotations by olna in this project (analysts: mykola, olena, petro)"
    ]
    assert not out.exists()

    gold = cli(
        "export", "--gold", "--format", "brat", "--out", tmp_path / "gold", "--db", team
    )  # nothing adjudicated yet
    assert gold.err_lines == [
        "annotator: error: no annotations by gold in this project (analysts: mykola, olena, petro)"
    ]
    assert gold.returncode == 1 and not (tmp_path / "gold").exists()

    result = cli("agreement", "--analysts", "olena", "olna", "--db", team)  # the same words as agreement's
    assert result.err_lines == [
        "annotator: error: no annotations by olna in this project (analysts: mykola, olena, petro)"
    ]

"""`annotator search`: every hit of the corpus, one per line or as JSON, text, whole words, regular expressions, spans."""

from __future__ import annotations

import json
import re

from tests.cli.helpers import SAMPLE, write_jsonl

TEXT = "NATO guarantees 🇺🇦 for Україна.\r\nThe guarantee\tholds; שלום NATO."


def sample_text(cli, db) -> str:
    """The sample article's stored text (the header line is metadata), through the native export."""
    out = cli.root / "sample.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
    return json.loads(out.read_text(encoding="utf-8").splitlines()[0])["text"]


def test_guarantee_on_the_sample_lists_every_hit_with_context(cli, project_db):
    db = project_db
    cli.ok("import", SAMPLE, "--db", db)
    text = sample_text(cli, db)
    lines = cli.ok("search", "guarantee", "--db", db).stdout.splitlines()
    expected = [m.start() for m in re.finditer(r"(?i)\bguarantee", text)]
    assert len(lines) == len(expected) == 10
    for line, start in zip(lines, expected, strict=True):
        document, first, last, context = line.split("\t")
        assert (int(first), int(last)) == (start, start + len("guarantee"))
        before = text[max(0, start - 40) : start].replace("\n", " ")
        assert context.startswith(f"{before}[{text[start : start + 9]}]")


def test_json_hits_are_code_points_of_the_stored_text(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [{"id": "one", "text": TEXT}]), "--db", db)
    stored = TEXT.replace("\r\n", "\n")
    hits = [json.loads(line) for line in cli.ok("search", "guarantee", "--json", "--db", db).stdout.splitlines()]
    assert [(h["document"], h["text"]) for h in hits] == [("one", "guarantee"), ("one", "guarantee")]
    second = hits[1]
    assert second["start"] == stored.index("guarantee\t") and second["end"] == second["start"] + 9
    assert second["before"] == stored[: second["start"]] and second["after"] == "\tholds; שלום NATO."
    assert hits[0]["after"].startswith("s 🇺🇦 for Україна.\nThe")


def test_whole_word_regex_and_plain_lines(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [{"id": "one", "text": TEXT}]), "--db", db)
    assert cli.ok("search", "guarantee", "--whole-word", "--db", db).stdout.splitlines() == [
        "one\t36\t45\tNATO guarantees 🇺🇦 for Україна. The [guarantee] holds; שלום NATO."
    ]
    assert [line.split("\t")[3] for line in cli.ok("search", r"Укр\w+", "--regex", "--db", db).stdout.splitlines()] == [
        "NATO guarantees 🇺🇦 for [Україна]. The guarantee holds; שלום NATO."
    ]


def test_span_queries_by_label_attribute_and_analyst(populated):
    cli, db = populated.cli, populated.db
    lines = cli.ok("search", "--label", "Guarantee type", "--db", db).stdout.splitlines()
    assert [line.split("\t")[4:] for line in lines] == [["guarantee_type", "olena"]]
    assert cli.ok("search", "Rasm", "--label", "actor", "--db", db).stdout.count("[Rasmussen]") == 1
    assert cli.ok("search", "--analyst", "nobody", "--db", db).stdout == ""
    assert len(cli.ok("search", "--analyst", "olena", "--json", "--db", db).stdout.splitlines()) == 3


def test_errors_are_one_line(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [{"id": "one", "text": TEXT}]), "--db", db)
    for args, message in (
        (("(open", "--regex"), "annotator: error: not a regular expression: missing ), unterminated subpattern"),
        (("--label", "speech"), "annotator: error: no label 'speech' in this project's schema"),
        ((), "annotator: error: an empty search: give some text to look for"),
        (("--attribute", "membership"), "annotator: error: an attribute filter is NAME=VALUE"),
    ):
        result = cli("search", *args, "--db", db)
        assert result.returncode == 1 and len(result.err_lines) == 1
        assert result.err_lines[0].startswith(message), result.stderr

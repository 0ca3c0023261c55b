"""Safe text: names and labels are plain text, whatever a terminal prints is escaped, blind mode travels with a project."""

from __future__ import annotations

import re

from tests.cli.helpers import Cli, write_jsonl

ESC_CLEAR = "\x1b[2J"
TEXT = "Rasmussen said NATO must act now."


def span(analyst: str, label: str = "actor") -> dict:
    return {"analyst": analyst, "label": label, "start": 0, "end": 9}


def test_import_refuses_names_and_labels_with_control_characters_or_blank_names(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    bad = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"id": "d1", "text": TEXT, "annotations": [span("olena")]},
            {"id": "d2", "text": TEXT + " 2", "annotations": [span(f"ol{ESC_CLEAR}ena")]},
            {"id": "d3", "text": TEXT + " 3", "annotations": [span("olena", "act\x1b]0;pwned\x07or")]},
            {"id": "d4", "text": TEXT + " 4", "annotations": [span("   ")]},
            {"id": "d5", "text": TEXT + " 5", "annotations": [span("olena", "actor\u202e")]},
        ],
    )
    result = cli("import", bad, "--db", db)
    assert result.returncode == 1
    assert result.err_lines == [
        rf"annotator: error: {bad}:2: analyst name 'ol\x1b[2Jena' holds a control character; names are plain text",
        rf"annotator: error: {bad}:3: label 'act\x1b]0;pwned\x07or' holds a control character; names are plain text",
        f"annotator: error: {bad}:4: analyst name is blank",
        rf"annotator: error: {bad}:5: label 'actor\u202e' holds a control character; names are plain text",
    ]
    assert "\x1b" not in result.stderr
    assert cli.documents(db) == []  # all or nothing


def test_a_blank_or_unprintable_analyst_option_is_refused(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    for name, reason in (
        (f"x{ESC_CLEAR}", r"analyst name 'x\x1b[2J' holds a control character; names are plain text"),
        ("  ", "analyst name is blank"),
        ("", "analyst name is blank"),
    ):
        for command in (("documents",), ("import", write_jsonl(tmp_path / "a.jsonl", [{"id": "d", "text": TEXT}]))):
            result = cli(*command, "--db", db, "--analyst", name)
            assert result.returncode == 1 and result.err_lines == [f"annotator: error: --analyst: {reason}"], (
                result.stderr
            )
    assert cli.documents(db) == []


def test_what_the_command_line_prints_has_its_control_characters_escaped(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    hostile = {"id": f"d{ESC_CLEAR}1\t2", "title": "\x1b[31mred\x1b]0;pwned\x07\nsecond line", "text": TEXT}
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", [hostile]), "--db", db)
    listing = cli.ok("documents", "--db", db).stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", listing)
    [row] = cli.documents(db)
    assert row[1] == r"d\x1b[2J1\x092" and row[4] == r"\x1b[31mred\x1b]0;pwned\x07\x0asecond line"
    missing = cli("agreement", "--analysts", f"a{ESC_CLEAR}", "b", "--db", db)
    assert missing.returncode == 1 and "\x1b" not in missing.stderr and r"a\x1b[2J" in missing.stderr


def test_importing_a_project_in_blind_mode_keeps_its_analysts_blind(tmp_path):
    cli = Cli(tmp_path)
    source, target = tmp_path / "source.sqlite", tmp_path / "target.sqlite"
    cli.ok(
        "import",
        write_jsonl(tmp_path / "a.jsonl", [{"id": "d1", "text": TEXT, "annotations": [span("olena"), span("taras")]}]),
        "--db",
        source,
    )
    cli.ok("blind", "on", "--reviewer", "--db", source)
    result = cli.ok("import", source, "--db", target)
    assert f"{source}: this project is in blind mode; blind mode is now on here too" in result.stderr
    row = cli.ok("documents", "--db", target, "--analyst", "olena").stdout.splitlines()[1].split("\t")
    assert row[2] == "1"  # olena sees her own annotation only, not taras's
    assert (
        cli.ok("documents", "--db", target, "--analyst", "olena", "--reviewer").stdout.splitlines()[1].split("\t")[2]
        == "2"
    )
    agreement = cli("agreement", "--analysts", "olena", "taras", "--db", target, "--analyst", "olena")
    assert agreement.returncode == 1 and "blind mode" in agreement.stderr

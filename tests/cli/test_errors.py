"""Bad input on the command line: one line per problem, `annotator: error: FILE:LINE: ...`, exit 1, nothing changed."""

from __future__ import annotations

import re
import sqlite3

import pytest

from annotator import formats
from tests.cli.helpers import HEADER, SAMPLE, write_jsonl


def assert_errors(result, pattern: str) -> list[str]:
    """Exit status 1, nothing on stdout, and every stderr line an error matching `pattern`."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.err_lines
    assert lines, "no error message"
    for line in lines:
        assert re.fullmatch(pattern, line), f"{line!r} does not match {pattern!r}"
    return lines


def test_a_broken_line_is_named_and_nothing_is_imported(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", SAMPLE, "--db", db)
    before = cli.documents(db)

    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "good-1", "text": "A first good article."}\n'
        '{"id": "good-2", "text": "A second good article."}\n'
        '{"id": "broken", "text": "no closing brace"\n',
        encoding="utf-8",
    )
    result = cli("import", bad, "--db", db)
    [line] = assert_errors(result, rf"annotator: error: {re.escape(str(bad))}:3: \S.*")
    assert "not valid JSON" in line
    assert cli.documents(db) == before  # the two good lines were not imported either


def bad_span(tmp_path):
    path = write_jsonl(
        tmp_path / "span.jsonl",
        [
            {"id": "ok", "text": "Fine."},
            {"id": "short", "text": "Short text.", "annotations": [{"label": "actor", "start": 0, "end": 99}]},
        ],
    )
    return path, [path], rf"{re.escape(str(path))}:2: span 0-99 ends beyond the text \(11 characters\)"


def invalid_utf8(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "caf\xe9"}\n')
    return path, [path], rf"{re.escape(str(path))}:2: not valid UTF-8 \(byte 0xe9 at column \d+\).*"


def missing_file(tmp_path):
    path = tmp_path / "nowhere" / "missing.jsonl"
    return path, [path], rf"{re.escape(str(path))}: no such file.*"


def unknown_import_format(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "a", "text": "fine"}])
    known = ", ".join(formats.names())
    return path, [path, "--format", "docx"], rf"unknown format 'docx'; known formats: {re.escape(known)}"


def unknown_document_in_csv(tmp_path):
    path = tmp_path / "spans.csv"
    path.write_text(
        "document_id,document_title,analyst,label,start,end,text,attributes,note\n"
        "nope,Some title,olena,actor,0,4,Some,{},\n",
        encoding="utf-8",
    )
    return path, [path], rf"{re.escape(str(path))}:2: document 'nope' is not in the project; import its text first"


@pytest.mark.parametrize("case", [bad_span, invalid_utf8, missing_file, unknown_import_format, unknown_document_in_csv])
def test_bad_import_reports_file_and_line_and_changes_nothing(cli, tmp_path, case):
    db = tmp_path / "p.sqlite"
    path, args, pattern = case(tmp_path)
    result = cli("import", *args, "--db", db)
    assert_errors(result, f"annotator: error: {pattern}")
    assert cli.documents(db) == []


def test_unknown_export_format_lists_the_known_ones(cli, tmp_path):
    out = tmp_path / "x.docx"
    result = cli("export", "--format", "docx", "--out", out, "--db", tmp_path / "p.sqlite")
    [line] = assert_errors(result, r"annotator: error: unknown format 'docx'; known formats: .*")
    assert line.endswith(", ".join(formats.names()))
    assert not out.exists()


def test_export_without_format_and_unknown_extension_asks_for_format(cli, tmp_path):
    out = tmp_path / "x.docx"
    result = cli("export", "--out", out, "--db", tmp_path / "p.sqlite")
    [line] = assert_errors(result, rf"annotator: error: {re.escape(str(out))}: cannot tell the format .*--format.*")
    assert all(name in line for name in formats.names())


def text_file(path):
    path.write_bytes(b"This is a shopping list, not a database.\n" * 20)


def other_programs_database(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('borscht')")
    conn.close()


@pytest.mark.parametrize("make", [text_file, other_programs_database])
def test_a_db_that_is_not_ours_is_refused_untouched(cli, tmp_path, make):
    db = tmp_path / "notes.sqlite"
    make(db)
    before = db.read_bytes()
    result = cli("import", SAMPLE, "--db", db)
    assert_errors(result, rf"annotator: error: {re.escape(str(db))}: not an Annotator database .*")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == [
        "notes.sqlite"
    ]  # no -wal, -journal


def test_a_db_url_that_cannot_be_opened_is_one_line(cli, tmp_path):
    result = cli("documents", "--db", "nosuchdialect://host/db")
    assert_errors(result, r"annotator: error: nosuchdialect://host/db: cannot open the database: .+")


def cannot_write_cases(tmp_path):
    blocker = tmp_path / "blocker"  # a regular file where a folder should be
    blocker.write_text("keep me\n", encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    return blocker, [
        ("jsonl", blocker / "sub" / "x.jsonl"),
        ("txt", blocker / "texts"),
        ("jsonl", folder),  # a file format onto an existing folder
    ]


def test_export_that_cannot_be_written_is_one_line(populated, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    blocker, cases = cannot_write_cases(work)
    for fmt, out in cases:
        result = populated.cli("export", "--format", fmt, "--out", out, "--db", populated.db)
        # names the output the user gave, never the temporary file written beside it
        assert_errors(result, rf"annotator: error: {re.escape(str(out))}: \S.*")
    assert blocker.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in work.iterdir()) == ["a-folder", "blocker"]  # no half-written .part left
    assert list((work / "a-folder").iterdir()) == []


def test_documents_on_a_new_db_prints_only_the_header_even_after_failed_import(cli, tmp_path):
    db = tmp_path / "p.sqlite"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": 42}\n', encoding="utf-8")
    result = cli("import", bad, "--db", db)
    assert_errors(result, rf'annotator: error: {re.escape(str(bad))}:1: missing or non-string "text"')
    assert cli.ok("documents", "--db", db).stdout == HEADER + "\n"

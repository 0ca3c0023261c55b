"""`annotator backup`: make a backup, list the backups, restore one (after backing up the current state)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing

from tests.cli.helpers import Cli, jsonl_documents, write_jsonl


def test_backup_list_and_restore(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", jsonl_documents()[:1]), "--db", db)
    made = cli.ok("backup", "--db", db).stdout
    assert re.fullmatch(r"backed up .*p\.sqlite to .*\.sqlite\n", made)
    cli.ok("import", write_jsonl(tmp_path / "b.jsonl", jsonl_documents()[1:]), "--db", db)
    assert len(cli.documents(db)) == 2

    listing = cli.ok("backup", "--list", "--db", db).stdout.splitlines()
    assert len(listing) == 1 and listing[0].startswith("1\t")

    restored = cli.ok("backup", "--restore", "1", "--db", db).stdout
    assert "restored" in restored and "backed up to" in restored
    assert len(cli.documents(db)) == 1  # the state of the backup
    assert len(cli.ok("backup", "--list", "--db", db).stdout.splitlines()) == 2  # and the state before it is kept

    cli.ok("backup", "--restore", "1", "--db", db)  # the newest backup is the state before the first restore
    assert len(cli.documents(db)) == 2


def test_backup_errors_are_one_line(tmp_path):
    cli = Cli(tmp_path)
    missing = cli("backup", "--db", tmp_path / "nothing.sqlite")
    assert missing.returncode == 1 and missing.err_lines == [
        f"annotator: error: {tmp_path / 'nothing.sqlite'}: no such project file"
    ]
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", jsonl_documents()[:1]), "--db", db)
    wrong = cli("backup", "--restore", "7", "--db", db)
    assert wrong.returncode == 1 and "no backup number 7" in wrong.stderr


def _database(path, *statements: str):
    with closing(sqlite3.connect(path)) as conn:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    return path


def test_restore_refuses_what_opening_a_project_refuses_and_keeps_the_project(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", jsonl_documents()), "--db", db)
    newer = tmp_path / "newer.sqlite"
    cli.ok("backup", "--db", db)
    shutil.copyfile(cli.ok("backup", "--list", "--db", db).stdout.split("\t")[-1].strip(), newer)
    _database(newer, "UPDATE alembic_version SET version_num = '9999'")
    foreign = _database(tmp_path / "foreign.sqlite", "CREATE TABLE notes (body TEXT)")
    empty = _database(tmp_path / "empty.sqlite", "PRAGMA user_version = 1")
    text = tmp_path / "text.sqlite"
    text.write_text("not a database\n", encoding="utf-8")
    newer_before = newer.read_bytes()
    cases = [
        (foreign, "not an Annotator database"),
        (empty, "an empty database"),
        (newer, "made by a newer version"),
        (text, "file is not a database"),
        ("", "--restore needs a backup"),
    ]
    for backup, reason in cases:
        result = cli("backup", "--restore", backup, "--db", db)
        assert result.returncode == 1 and len(result.err_lines) == 1 and reason in result.stderr, result.stderr
        assert result.stdout == ""
    assert len(cli.documents(db)) == 2
    assert newer.read_bytes() == newer_before  # checked on a copy, never upgraded or changed in place
    assert len(cli.ok("backup", "--list", "--db", db).stdout.splitlines()) == 1  # no backup made by a refused restore


def test_the_state_before_a_restore_outlives_later_backups(tmp_path):
    cli = Cli(tmp_path)
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", jsonl_documents()[:1]), "--db", db)
    cli.ok("backup", "--db", db)
    cli.ok("import", write_jsonl(tmp_path / "b.jsonl", jsonl_documents()[1:]), "--db", db)
    restored = cli.ok("backup", "--restore", "1", "--db", db).stdout
    safety = re.search(r"backed up to (\S+\.sqlite)", restored).group(1)
    for _ in range(7):
        cli.ok("backup", "--db", db)
    listing = [line.split("\t") for line in cli.ok("backup", "--list", "--db", db).stdout.splitlines()]
    assert len(listing) == 6  # five rotating backups and the state before the restore
    assert [row[3:] for row in listing if row[3] == "before restore"] == [["before restore", safety]]
    number = next(row[0] for row in listing if row[3] == "before restore")
    cli.ok("backup", "--restore", number, "--db", db)  # the way back still works
    assert len(cli.documents(db)) == 2


def test_backing_up_a_file_that_is_no_project_is_one_line(tmp_path):
    cli = Cli(tmp_path)
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    cases = {
        damaged: "not an Annotator project",
        _database(tmp_path / "empty.sqlite", "PRAGMA user_version = 1"): "an empty database",
        _database(tmp_path / "foreign.sqlite", "CREATE TABLE notes (body TEXT)"): "not an Annotator database",
    }
    for path, reason in cases.items():
        result = cli("backup", "--db", path)
        assert result.returncode == 1 and result.err_lines == [result.err_lines[0]] and reason in result.stderr, (
            result.stderr
        )
        assert result.stderr.startswith(f"annotator: error: {path}: ") and result.stdout == ""

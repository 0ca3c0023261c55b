"""`annotator backup`: make a backup, list the backups, restore one (after backing up the current state)."""

from __future__ import annotations

import re

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
    assert missing.returncode == 1 and missing.err_lines == [f"annotator: error: {tmp_path / 'nothing.sqlite'}: no such project file"]
    db = tmp_path / "p.sqlite"
    cli.ok("import", write_jsonl(tmp_path / "a.jsonl", jsonl_documents()[:1]), "--db", db)
    wrong = cli("backup", "--restore", "7", "--db", db)
    assert wrong.returncode == 1 and "no backup number 7" in wrong.stderr

"""A project on read-only media: listed, exported and compared read-only; edits refused in one line; a colleague's log imported."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from tests.cli.helpers import write_jsonl
from tests.read_only_media import read_only_for

TEXT = "Rasmussen and Stoltenberg met in Vilnius."


def team_project(cli, folder: Path) -> Path:
    """olena's and mykola's actors in one article, in `folder`/p.sqlite (closed: no log files beside it)."""
    folder.mkdir()
    spans = [("olena", "Rasmussen"), ("olena", "Stoltenberg"), ("mykola", "Rasmussen")]
    annotations = [
        {"analyst": who, "label": "actor", "start": TEXT.index(part), "end": TEXT.index(part) + len(part)}
        for who, part in spans
    ]
    db = folder / "p.sqlite"
    cli.ok(
        "import",
        write_jsonl(cli.root / "team.jsonl", [{"id": "vilnius", "text": TEXT, "annotations": annotations}]),
        "--db",
        db,
    )
    return db


def test_a_project_on_read_only_media_is_listed_exported_and_compared_and_edits_are_refused_in_one_line(cli, tmp_path):
    db = team_project(cli, tmp_path / "share")
    before = db.read_bytes()
    out = tmp_path / "out.jsonl"
    with read_only_for(cli, db.parent) as reason:
        assert [row[1:3] for row in cli.documents(db)] == [["vilnius", "3"]]

        exported = cli.ok("export", "--format", "jsonl", "--out", out, "--db", db)
        assert exported.err_lines == [f"annotator: warning: {db}: opened read-only ({reason}); edits are refused"]
        assert exported.stdout == f"exported 1 documents and 3 annotations to {out}\n"
        assert len(json.loads(out.read_text(encoding="utf-8"))["annotations"]) == 3

        report = json.loads(cli.ok("agreement", "--analysts", "olena", "mykola", "--json", "--db", db).stdout)
        assert report["overall"]["count_a"] == 2

        refused = f"annotator: error: {db}: the project is read-only ({reason}); nothing was saved"
        result = cli("import", write_jsonl(tmp_path / "more.jsonl", [{"id": "more", "text": "More text."}]), "--db", db)
        assert (result.returncode, result.stdout, result.err_lines) == (1, "", [refused])
        result = cli("blind", "on", "--reviewer", "--db", db)
        assert (result.returncode, result.stdout, result.err_lines) == (1, "", [refused])
    assert sorted(p.name for p in db.parent.iterdir()) == ["p.sqlite"] and db.read_bytes() == before


def colleague_share(cli, tmp_path: Path, with_shm: bool) -> Path:
    """A copy of a colleague's project taken while their window had it open: its last edit only in the -wal."""
    db = team_project(cli, tmp_path / "colleague")
    share = tmp_path / "share"
    share.mkdir()
    with closing(sqlite3.connect(db)) as open_window:
        open_window.execute("PRAGMA wal_autocheckpoint=0")
        open_window.execute("UPDATE documents SET title = 'Vilnius summit'")
        open_window.commit()
        for suffix in ("", "-wal", "-shm") if with_shm else ("", "-wal"):
            shutil.copyfile(f"{db}{suffix}", share / f"p.sqlite{suffix}")
    return share / "p.sqlite"


def test_a_colleagues_project_with_a_log_on_a_read_only_share_imports_with_the_edit_in_its_log(cli, tmp_path):
    shared = colleague_share(cli, tmp_path, with_shm=False)
    mine = tmp_path / "mine.sqlite"
    with read_only_for(cli, shared.parent) as reason:
        result = cli.ok("import", shared, "--db", mine)
        assert result.stdout == "imported 1 file: 1 new document, 0 already present, 3 annotations added\n"
        # without its -shm, SQLite cannot read the log in place: one line, the path once, and what to do
        opened = cli("documents", "--db", shared)
        assert opened.returncode == 1
        assert opened.err_lines == [
            f"annotator: error: {shared}: read-only ({reason}), and its write-ahead log (p.sqlite-wal) cannot be read in place: "
            "import the project into one of yours (annotator import) or copy it where it can be written"
        ]
    assert [row[4] for row in cli.documents(mine)] == ["Vilnius summit"]  # the commit that was only in the log
    assert sorted(p.name for p in shared.parent.iterdir()) == ["p.sqlite", "p.sqlite-wal"]


def test_a_colleagues_open_project_with_its_shm_opens_read_only_in_place(cli, tmp_path):
    shared = colleague_share(cli, tmp_path, with_shm=True)
    out = tmp_path / "out.jsonl"
    with read_only_for(cli, shared.parent) as reason:
        assert [row[4] for row in cli.documents(shared)] == ["Vilnius summit"]
        exported = cli.ok("export", "--format", "jsonl", "--out", out, "--db", shared)
        assert exported.err_lines == [f"annotator: warning: {shared}: opened read-only ({reason}); edits are refused"]
        result = cli("blind", "on", "--reviewer", "--db", shared)
        assert result.err_lines == [
            f"annotator: error: {shared}: the project is read-only ({reason}); nothing was saved"
        ]


def test_a_damaged_colleagues_project_is_named_once_in_the_error(cli, tmp_path):
    damaged = tmp_path / "colleague.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    Path(f"{damaged}-wal").write_bytes(b"")  # as if left open: read through SQLite's backup API
    result = cli("import", damaged, "--db", tmp_path / "mine.sqlite")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.err_lines == [f"annotator: error: {damaged}: cannot read the database: file is not a database"]

"""A project file this process holds is read only through SQLite, and a swapped file or deleted log is noticed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.errors import StoreError
from annotator.core.model import Annotation
from annotator.store import open_store
from annotator.store.snapshot import is_sqlite_file

CLOSE_A_CONNECTION = (
    "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM documents'); c.close()"
)


@pytest.fixture
def repository(tmp_path):
    db = tmp_path / "odd #name? [1].sqlite"  # characters a SQLite URI must escape
    repo = open_store(db)
    repo.data_version()
    yield db, repo
    repo.close()


def test_asking_whether_a_held_file_is_sqlite_keeps_its_log_alive(repository):
    db, repo = repository
    assert db.exists() and not (db.parent / "odd #name").exists()  # the file named, not one cut at "?"
    assert is_sqlite_file(db)
    # another process opens and closes the project: it must see this one still holding it
    subprocess.run([sys.executable, "-c", CLOSE_A_CONNECTION, str(db)], check=True, timeout=60)
    assert Path(f"{db}-wal").exists()
    repo.set_setting("probe", 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM settings WHERE key = 'probe'").fetchone()[0] == 1
    assert repo.file_problem() is None


def test_a_deleted_log_refuses_the_next_write_with_a_reason(repository):
    db, repo = repository
    Path(f"{db}-wal").unlink()
    assert "write-ahead log" in repo.file_problem()
    with pytest.raises(StoreError, match="write-ahead log"):
        repo.set_setting("probe", 1)


def test_a_replaced_file_refuses_the_next_write(repository, tmp_path):
    db, repo = repository
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).close()
    os.replace(other, db)
    with pytest.raises(StoreError, match="replaced"):
        repo.add_annotation(Annotation(0, 1, "olena", "actor", 0, 1))


def test_a_file_not_held_is_still_read_by_its_header(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    assert not is_sqlite_file(text)
    assert not is_sqlite_file(tmp_path / "missing.sqlite")

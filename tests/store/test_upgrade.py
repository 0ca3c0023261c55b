"""Databases made by earlier versions of Annotator open with every document and annotation in place."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.store import open_store
from annotator.store.bulk import ImportBatchItem, NewDocument, NewRelation, new_annotation
from annotator.store.engine import HEAD_REVISION

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "schema_0001.sqlite"

RASMUSSEN = "Anders Fogh Rasmussen said some NATO countries may send troops to Ukraine 🇺🇦."
QUOTE = "some NATO countries may send troops to Ukraine 🇺🇦"
STOLTENBERG = "Jens Stoltenberg said security guarantees will be discussed in Vilnius."


def make_schema_0001_fixture(path: Path) -> None:
    """How tests/data/schema_0001.sqlite was made (run once with schema 0001, then committed):

        .venv/bin/python -c "from pathlib import Path; from tests.store.test_upgrade import make_schema_0001_fixture; \\
            make_schema_0001_fixture(Path('tests/data/schema_0001.sqlite'))"

    Two documents, three annotations of analyst "olena" and one speaker relation. Do not
    regenerate it with a later schema: the point is to keep a file made by version 0001.
    """
    import hashlib

    path.unlink(missing_ok=True)
    repo = open_store(path)
    try:

        def doc(external_id: str, text: str, meta: dict[str, str]) -> NewDocument:
            return NewDocument(external_id, text[:40], text, hashlib.sha256(text.encode()).hexdigest(), meta)

        items = [
            ImportBatchItem(
                doc("rasmussen", RASMUSSEN, {"date": "2023-06-16", "location": "Kyiv, Ukraine"}),
                None,
                [
                    new_annotation("olena", "actor", 0, 21, {"kind": "person"}, "", key="a1"),
                    new_annotation(
                        "olena",
                        "quote",
                        RASMUSSEN.index(QUOTE),
                        RASMUSSEN.index(QUOTE) + len(QUOTE),
                        {"mode": "reported"},
                        "check wording",
                        key="a2",
                    ),
                ],
                [NewRelation("olena", "speaker", "a2", "a1")],
            ),
            ImportBatchItem(
                doc("stoltenberg", STOLTENBERG, {"date": "2023-06-17"}),
                None,
                [new_annotation("olena", "actor", 0, 16, {"kind": "person"}, "", key="b1")],
                [],
            ),
        ]
        repo.import_batch(items)
    finally:
        repo.close()
    with sqlite3.connect(path) as conn:  # fold the WAL into the file so it is complete on its own
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_fixture_is_a_schema_0001_database():
    with sqlite3.connect(f"file:{FIXTURE}?immutable=1", uri=True) as conn:  # never touch the committed file
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    conn.close()


def test_database_of_schema_0001_opens_with_all_its_work(tmp_path):
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, db)
    repo = open_store(db)
    try:
        by_external = {d.external_id: d for d in (repo.document(i) for i in repo.document_ids())}
        assert set(by_external) == {"rasmussen", "stoltenberg"}
        rasmussen, stoltenberg = by_external["rasmussen"], by_external["stoltenberg"]
        assert rasmussen.text == RASMUSSEN
        assert rasmussen.meta == {"date": "2023-06-16", "location": "Kyiv, Ukraine"}
        assert stoltenberg.text == STOLTENBERG

        spans = {
            (d.external_id, a.analyst, a.label, d.text[a.start : a.end], tuple(sorted(a.attributes.items())), a.note)
            for d in by_external.values()
            for a in repo.annotations(d.id)
        }
        assert spans == {
            ("rasmussen", "olena", "actor", "Anders Fogh Rasmussen", (("kind", "person"),), ""),
            ("rasmussen", "olena", "quote", QUOTE, (("mode", "reported"),), "check wording"),
            ("stoltenberg", "olena", "actor", "Jens Stoltenberg", (("kind", "person"),), ""),
        }
        annotations = {a.id: a for a in repo.annotations(rasmussen.id)}
        (relation,) = repo.relations(rasmussen.id)
        assert relation.type == "speaker"
        assert annotations[relation.source_id].label == "quote"
        assert annotations[relation.target_id].label == "actor"
        assert repo.analysts() == ["olena"]
    finally:
        repo.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
    conn.close()


def test_empty_database_without_alembic_version_gets_the_schema(tmp_path):
    db = tmp_path / "empty.sqlite"
    with sqlite3.connect(db) as conn:  # a real SQLite file with a header but no tables left
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("DROP TABLE scratch")
    conn.close()
    assert db.stat().st_size > 0

    repo = open_store(db)
    try:
        assert repo.document_count() == 0
        repo.set_setting("probe", {"works": True})
        assert repo.setting("probe") == {"works": True}
    finally:
        repo.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD_REVISION,)]
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"documents", "annotations", "relations", "analysts", "settings"} <= tables

"""An import's chunks written by a second thread (SQLite file and PostgreSQL): in order, still all or nothing, a failed write reported."""

from __future__ import annotations

import json
import sqlite3
import threading

import psycopg
import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project, importer
from annotator.store.write_behind import WriteBehind
from tests.server_fixtures import libpq

REFUSE_ON_SQLITE = (
    "CREATE TRIGGER refuse BEFORE INSERT ON annotations WHEN NEW.label = 'refused'"
    " BEGIN SELECT RAISE(ABORT, 'span refused by the test'); END",
)
REFUSE_ON_SERVER = (
    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'span refused by the test'; END $$",
    "CREATE TRIGGER refuse BEFORE INSERT ON annotations FOR EACH ROW WHEN (NEW.label = 'refused') "
    "EXECUTE FUNCTION refuse()",
)


def test_tasks_run_in_order_in_another_thread_and_an_error_reaches_the_caller():
    done: list[tuple[int, bool]] = []
    behind = WriteBehind()
    try:
        for n in range(5):
            behind.submit(lambda n=n: done.append((n, threading.current_thread() is threading.main_thread())))
        behind.drain()
        assert done == [(n, False) for n in range(5)]

        def fail() -> None:
            raise ValueError("disk full")

        behind.submit(fail)
        behind.submit(lambda: done.append((99, False)))  # after an error nothing more is written
        with pytest.raises(ValueError, match="disk full"):
            behind.drain()
        assert done[-1] == (4, False)
    finally:
        behind.close()


def articles(count: int) -> str:
    lines = []
    for n in range(count):
        text = f"Article {n}: Poland 🇵🇱 and Ukraine discussed guarantees."
        start = text.index("Ukraine")
        label = "refused" if n == count - 1 else "actor"
        spans = [{"id": "u", "label": label, "start": start, "end": start + 7, "analyst": "olena"}]
        lines.append(json.dumps({"id": f"doc-{n}", "text": text, "annotations": spans}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def refuse_a_label(db) -> None:
    """Have the database itself refuse spans labelled 'refused' (a trigger), as a full disk or a lost server would."""
    if isinstance(db, str):
        with psycopg.connect(libpq(db)) as conn:
            for sql in REFUSE_ON_SERVER:
                conn.execute(sql.encode())
        return
    with sqlite3.connect(db) as con:
        for sql in REFUSE_ON_SQLITE:
            con.execute(sql)
    con.close()


def test_a_write_that_fails_in_the_writing_thread_stores_nothing(tmp_path, monkeypatch, project_db):
    monkeypatch.setattr(importer, "CHUNK_DOCUMENTS", 3)  # the failing span comes chunks after the first write
    project = Project.open(project_db, analyst="olena")
    try:
        refuse_a_label(project_db)  # the last document's span
        source = tmp_path / "corpus.jsonl"
        source.write_text(articles(10), encoding="utf-8")
        with pytest.raises(AnnotatorError, match="span refused by the test"):
            project.import_paths([source])
        assert project.document_count() == 0
        assert project.analysts() == []
        source.write_text(articles(10).replace('"refused"', '"actor"'), encoding="utf-8")
        report = project.import_paths([source])  # the project is usable after it
        assert (report.documents_added, report.annotations_added) == (10, 10)
        again = project.import_paths([source])  # a second import finds what the first stored
        assert (again.documents_added, again.documents_matched, again.annotations_added) == (0, 10, 0)
    finally:
        project.close()


def test_an_import_into_a_project_with_documents_finds_those_it_had_and_adds_the_rest(
    tmp_path, monkeypatch, project_db
):
    """The lookups of what the project held read it beside the writing thread: chunk after chunk they find the
    documents there before the import, never the ones it adds, and a text met twice in the import is stored once."""
    monkeypatch.setattr(importer, "CHUNK_DOCUMENTS", 3)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(articles(10).replace('"refused"', '"actor"'), encoding="utf-8")
    lines = articles(20).replace('"refused"', '"actor"').splitlines()
    # the ten already there among ten new, then a new text again under another id (the same text, stored once)
    again = json.loads(lines[15])
    again["id"] = "doc-15-again"
    second.write_text("\n".join([*lines, json.dumps(again, ensure_ascii=False)]) + "\n", encoding="utf-8")
    project = Project.open(project_db, analyst="olena")
    try:
        project.import_paths([first])
        report = project.import_paths([second])
        assert (report.documents_added, report.documents_matched, report.annotations_added) == (10, 10, 10)
        assert project.document_count() == 20
        ids = {project.document(i).external_id for i in project.document_ids()}
        assert ids == {f"doc-{n}" for n in range(20)}
        assert report.annotations_skipped == 11  # the ten spans already there, and the repeated text's
    finally:
        project.close()

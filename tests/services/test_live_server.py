"""Live refresh on a server project: a commit in one connection is heard by another's listener at once (LISTEN/NOTIFY)."""

from __future__ import annotations

import select
import time

import pytest

from annotator.core.errors import NotFound
from annotator.core.model import Annotation
from annotator.services.project import Project
from tests.server_fixtures import admin, libpq


def _waits_for_notice(project: Project, within_s: float = 1.0) -> bool:
    """Wait on the listener's socket as a window's event loop does, until the project sees a change from elsewhere."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        socket = project.notice_socket()
        if socket is not None:
            select.select([socket], [], [], max(0.0, deadline - time.monotonic()))
        if project.changed_elsewhere():
            return True
    return False


@pytest.fixture
def two(postgres_db: str, tmp_path):
    writer = Project.open(postgres_db, analyst="alice")
    watcher = Project.open(postgres_db, analyst="bob")
    article = tmp_path / "bridge.txt"
    article.write_text("An article about a bridge.", encoding="utf-8")
    writer.import_paths([article], format_name="txt")
    yield writer, watcher
    writer.close()
    watcher.close()


def test_a_commit_in_one_project_is_heard_by_another_within_a_second(two) -> None:
    writer, watcher = two
    assert watcher.listen() is not None
    document = writer.document_ids()[0]
    assert not watcher.changed_elsewhere()
    writer.add_annotation(document, "quote", 3, 10)
    assert _waits_for_notice(watcher)
    assert [a.label for a in watcher.annotations(document)] == ["quote"]
    # the first tag also marks the document started, in a second transaction: its notice may come a moment later
    while _waits_for_notice(watcher, within_s=0.3):
        pass
    assert not watcher.changed_elsewhere()  # every notice is news once


def test_a_projects_own_commits_are_no_news_to_it(two) -> None:
    writer, watcher = two
    watcher.listen()
    document = watcher.document_ids()[0]
    watcher.add_annotation(document, "quote", 3, 10)
    assert not _waits_for_notice(watcher, within_s=0.3)


def test_the_notice_names_the_kind_and_the_document(two, postgres_db: str) -> None:
    import psycopg

    writer, _ = two
    document = writer.document_ids()[0]
    with psycopg.connect(libpq(postgres_db), autocommit=True) as conn:
        conn.execute("LISTEN annotator_changes")
        writer.add_annotation(document, "quote", 3, 10)
        notice = next(conn.notifies(timeout=1.0))
    assert notice.payload == f'{{"kind": "annotations", "document": {document}}}'


def test_a_write_that_fails_sends_no_notice(two) -> None:
    writer, watcher = two
    watcher.listen()
    with pytest.raises(NotFound):  # refused inside the write transaction: rolled back, and its notice with it
        writer.repository.add_annotation(Annotation(None, 10_000, "alice", "quote", 0, 1, {}, "", None, None))
    assert not _waits_for_notice(watcher, within_s=0.3)


def test_a_listener_cut_off_by_the_server_comes_back_and_says_something_may_have_changed(
    two, postgres_server: str, postgres_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.store import server_notices

    monkeypatch.setattr(server_notices, "RECONNECT_EVERY_S", 0.0)
    writer, watcher = two
    watcher.listen()
    database = postgres_db.rsplit("/", 1)[1]
    admin(
        postgres_server,
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND query LIKE 'LISTEN%'",
    )
    time.sleep(0.2)
    assert watcher.changed_elsewhere() is False  # the loss is noticed: no listener for now
    assert watcher.changed_elsewhere() is True  # back: whatever was sent meanwhile was missed
    writer.add_annotation(writer.document_ids()[0], "quote", 3, 10)
    assert _waits_for_notice(watcher)

"""A server connection dropped during an edit: the edit stays on screen as not saved, and Retry stores it exactly once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from annotator.gui.annotate.main_window import MainWindow
from annotator.services import Project
from annotator.store.server import WRITE_LOCK
from tests.server_fixtures import libpq, sql_rows

TEXT = "Café\u0301 talks: the mayor 🌉 met the minister at the bridge."


@pytest.fixture
def server_window(qtbot, postgres_db: str, tmp_path: Path, settings):
    article = tmp_path / "talks.txt"
    article.write_text(TEXT, encoding="utf-8")
    project = Project.open(postgres_db, analyst="olena", settings=settings)
    project.import_paths([article], format_name="txt")
    window = MainWindow(project)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    project.close()


def stored(db: str) -> list[tuple]:
    return sql_rows(db, "SELECT label, start_offset, end_offset FROM annotations ORDER BY id")


def window_backends(db: str) -> str:
    """The window's connections to the project (not the listener's, not ours)."""
    return (
        f"datname = '{make_url(db).database}' AND pid <> pg_backend_pid() "
        "AND application_name = '' AND query NOT LIKE 'LISTEN%'"
    )


def terminate_when_waiting(db: str, holder: psycopg.Connection) -> threading.Thread:
    """Once the window's write waits for the lock `holder` keeps, cut its connection (as a restart would), then let go."""

    def run() -> None:
        with psycopg.connect(libpq(db), autocommit=True) as admin:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                cut = admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    f"WHERE {window_backends(db)} AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
                ).fetchall()
                if cut:
                    break
                time.sleep(0.02)
        holder.rollback()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def tag(window: MainWindow, phrase: str) -> tuple[int, int]:
    start = window.view.current_document.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    window.tag_selection("actor")
    return start, start + len(phrase)


def test_an_edit_cut_off_by_a_dropped_connection_stays_unsaved_and_retry_stores_it_once(
    qtbot, server_window, postgres_db: str
) -> None:
    window = server_window
    holder = psycopg.connect(libpq(postgres_db))  # another writer holds the project's write lock
    holder.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
    cutter = terminate_when_waiting(postgres_db, holder)
    span = tag(window, "the mayor")
    cutter.join()
    holder.close()

    assert window.unsaved.isVisible()
    assert "NOT saved" in window.unsaved.label.text()
    assert "connection to the database server was lost" in window.unsaved.label.text()
    assert "\n" not in window.unsaved.label.text()
    assert window.view._pending == [(*span, "actor")]  # still on screen, marked as not saved
    assert stored(postgres_db) == []

    qtbot.mouseClick(window.unsaved.retry_button, qtbot_left())
    assert not window.unsaved.isVisible()
    assert stored(postgres_db) == [("actor", *span)]  # exactly once
    assert [(a.start, a.end) for a in window.annotations] == [span]
    window.undo_stack.undo()  # and the usual undo
    assert stored(postgres_db) == []


def test_connections_the_server_dropped_between_edits_are_replaced_without_a_word(
    qtbot, server_window, postgres_db: str
) -> None:
    window = server_window
    first = tag(window, "the mayor")
    with psycopg.connect(libpq(postgres_db), autocommit=True) as admin:
        cut = admin.execute(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {window_backends(postgres_db)}"
        ).fetchall()
    assert cut  # the window's pooled connection was there, and is gone
    second = tag(window, "the minister")
    assert not window.unsaved.isVisible()
    assert stored(postgres_db) == [("actor", *first), ("actor", *second)]


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton

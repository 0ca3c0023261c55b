"""Four processes edit the same document of a server project at once: every edit each reports is stored, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services import Project
from tests.reliability.helpers import EditLog, Worker, check_edits
from tests.server_fixtures import sql_rows

QUICK_SECONDS, SLOW_SECONDS = 3.0, 30.0
ANALYSTS = ("olena", "taras", "mykola", "olena")  # two windows of one analyst among them


def stored_on_server(db: str, analyst: str) -> dict[int, tuple]:
    """id -> (document, label, start, end, note) of one analyst's annotations, read with plain psycopg."""
    rows = sql_rows(
        db,
        "SELECT a.id, a.document_id, a.label, a.start_offset, a.end_offset, a.note FROM annotations a"
        f" JOIN analysts n ON n.id = a.analyst_id WHERE n.name = '{analyst}'",
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def four_writers(db: str, folder: Path, seconds: float, seed: int) -> list[EditLog]:
    article = folder / "one.txt"
    article.write_text("One article that four people tag at the same time, 🌍 and all. " * 20, encoding="utf-8")
    setup = Project.open(db, analyst="setup")
    setup.import_paths([article], format_name="txt")
    assert len(setup.document_ids()) == 1  # so every writer edits the same document
    setup.close()
    workers = [
        Worker(folder, f"writer-{n}", "edits", db, analyst, str(seed + n), "--seconds", str(seconds), "--only-new")
        for n, analyst in enumerate(ANALYSTS)
    ]
    logs = []
    for worker in workers:
        assert worker.finish(timeout=seconds + 90) == 0, worker.errors
        assert worker.errors == "", worker.errors
        log = EditLog().feed(worker.output)
        assert log.pending is None and log.other[-1].startswith("done"), log.other[-3:]
        logs.append(log)
    for analyst in set(ANALYSTS):
        merged = EditLog()
        for name, log in zip(ANALYSTS, logs, strict=True):
            if name == analyst:  # the two windows of one analyst touch only the annotations each made
                merged.saved.update(log.saved)
        problems = check_edits({}, merged, stored_on_server(db, analyst))
        assert not problems, "\n".join(problems[:20])
    return logs


def test_four_processes_editing_one_document_on_the_server_lose_nothing(postgres_db, tmp_path, seed) -> None:
    logs = four_writers(postgres_db, tmp_path, QUICK_SECONDS, seed)
    assert all(log.edits > 20 for log in logs), [log.edits for log in logs]
    assert sum(1 for log in logs for values in log.saved.values() if values is not None) == len(
        sql_rows(postgres_db, "SELECT id FROM annotations")
    )


@pytest.mark.slow
def test_four_processes_editing_one_document_on_the_server_for_30_seconds_lose_nothing(
    postgres_db, tmp_path, seed
) -> None:
    logs = four_writers(postgres_db, tmp_path, SLOW_SECONDS, seed)
    print(f"\n4 writers on the server for {SLOW_SECONDS} s: {[log.edits for log in logs]} edits checked")

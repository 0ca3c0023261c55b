"""SIGKILL a worker at random moments, mid-import and mid-edit, and check that nothing saved is lost.

A worker process imports a large JSONL corpus in one transaction (optionally with a stream of edits
running on a second thread, as in the GUI) or runs a stream of edits through the services API,
printing one line per edit after the call returned. The test kills it with SIGKILL at random times
and when the WAL has grown past a random size (the import is half-written), then checks the file
with plain sqlite3: integrity_check is "ok", the import is all there or not at all, and every edit
reported as saved is stored (and nothing reported as deleted is).

The quick versions run in the default suite; the `slow` ones take hundreds of kill points.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.conftest import BASE_DOCUMENTS
from tests.reliability.helpers import (
    EditLog,
    Worker,
    check_edits,
    check_killed_edits,
    counts,
    file_size,
    integrity,
    stored_annotations,
)

WAL_GROWTH = 5_000_000  # a 3,000-document import grows the WAL to about 6 MB before it commits


@dataclass
class Tally:
    kill_points: int = 0
    mid_import: int = 0  # killed with the import not (yet) committed
    after_import: int = 0
    edits_checked: int = 0
    wal_kills: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        imports = (
            (
                f" ({self.mid_import} before the import committed, {self.after_import} after; "
                f"{self.wal_kills} triggered by the WAL's size)"
            )
            if self.mid_import + self.after_import
            else ""
        )
        return f"{self.kill_points} kill points survived{imports}, {self.edits_checked} saved edits checked, {self.seconds:.1f} s"


def kill_during_import(worker: Worker, db: Path, rng: random.Random, tally: Tally) -> None:
    """Kill when the WAL passes a random size (mid-transaction) or after a random delay."""
    wal = Path(f"{db}-wal")
    if rng.random() < 0.5:
        threshold = rng.uniform(50_000, WAL_GROWTH)
        deadline = time.monotonic() + 30
        while file_size(wal) < threshold and worker.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        tally.wal_kills += 1
    else:
        time.sleep(rng.uniform(0.0, 1.8))  # from just after start-up to past the commit
    worker.kill()


def import_kill_point(
    db: Path, corpus: Path, documents: int, annotations: int, rng: random.Random, tally: Tally, *, edits: bool
) -> None:
    analyst = "olena"
    before = stored_annotations(db, analyst)
    args = ["import", db, corpus] + (["--edits", analyst, str(rng.randrange(10**6))] if edits else [])
    worker = Worker(db.parent, db.stem, *args)
    try:
        worker.wait_for("ready")
        kill_during_import(worker, db, rng, tally)
    finally:
        worker.kill()
    assert "Traceback" not in worker.errors, worker.errors
    assert integrity(db) == "ok"
    found_documents, found_annotations = counts(db, "importer")
    committed = found_documents == BASE_DOCUMENTS + documents
    assert found_documents in (BASE_DOCUMENTS, BASE_DOCUMENTS + documents), (
        f"a partial import: {found_documents} documents"
    )
    assert found_annotations == (annotations if committed else 0), f"a partial import: {found_annotations} annotations"
    if worker.has_line("imported"):
        assert committed, "the import was reported done but is not in the file"
    if committed:
        tally.after_import += 1
    else:
        tally.mid_import += 1
    log = EditLog().feed(worker.output)
    problems = check_edits(before, log, stored_annotations(db, analyst))
    assert not problems, "\n".join(problems[:20])
    tally.edits_checked += log.edits
    tally.kill_points += 1


def run_import_kills(new_project, corpus, rng, kill_points: int, *, edits: bool, finish_last: bool = True) -> Tally:
    path, documents, annotations = corpus
    tally = Tally()
    started = time.monotonic()
    db = None
    for _ in range(kill_points):
        db = new_project()
        import_kill_point(db, path, documents, annotations, rng, tally, edits=edits)
        db.with_name(f"{db.stem}.out").unlink()
    if finish_last and db is not None and counts(db, "importer")[1] == 0:
        # the crashed file opens again and the import, run again, completes
        worker = Worker(db.parent, "finish", "import", db, path)
        assert worker.finish() == 0, worker.errors
        assert counts(db, "importer") == (BASE_DOCUMENTS + documents, annotations)
        assert integrity(db) == "ok"
    tally.seconds = time.monotonic() - started
    return tally


def run_edit_kills(db: Path, rng: random.Random, kill_points: int, analysts=("olena", "taras")) -> Tally:
    """One project, killed again and again: each round starts from what the last crash left."""
    tally = Tally()
    started = time.monotonic()
    for point in range(kill_points):
        analyst = analysts[point % len(analysts)]
        before = stored_annotations(db, analyst)
        worker = Worker(db.parent, f"edits-{point}", "edits", db, analyst, str(rng.randrange(10**6)))
        try:
            # from start-up (opening the project) to a few hundred edits in
            time.sleep(rng.uniform(0.15, 0.9))
        finally:
            worker.kill()
        tally.edits_checked += check_killed_edits(db, worker, analyst, before, point)
        tally.kill_points += 1
    tally.seconds = time.monotonic() - started
    return tally


def test_a_killed_import_is_all_there_or_not_at_all(new_project, corpus, rng):
    tally = run_import_kills(new_project, corpus, rng, 5, edits=False)
    print(f"\nimport: {tally}")
    assert tally.kill_points == 5 and tally.mid_import >= 2  # the kills really land inside the transaction


def test_a_killed_import_with_edits_alongside_loses_no_saved_edit(new_project, corpus, rng):
    tally = run_import_kills(new_project, corpus, rng, 3, edits=True, finish_last=False)
    print(f"\nimport with edits: {tally}")
    assert tally.kill_points == 3 and tally.edits_checked > 0


def test_saved_edits_survive_sigkill(new_project, rng):
    tally = run_edit_kills(new_project(), rng, 8)
    print(f"\nedits: {tally}")
    assert tally.kill_points == 8 and tally.edits_checked > 100


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_many_kills_during_imports(new_project, corpus, rng):
    tally = run_import_kills(new_project, corpus, rng, 80, edits=False)
    print(f"\nimport (slow): {tally}")
    assert tally.kill_points == 80 and tally.mid_import >= 30


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_many_kills_during_imports_with_edits(new_project, corpus, rng):
    tally = run_import_kills(new_project, corpus, rng, 40, edits=True)
    print(f"\nimport with edits (slow): {tally}")
    assert tally.kill_points == 40 and tally.mid_import >= 15


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_many_kills_during_edits(new_project, rng):
    tally = run_edit_kills(new_project(), rng, 200)
    print(f"\nedits (slow): {tally}")
    assert tally.kill_points == 200


def test_the_check_catches_a_lost_or_resurrected_edit():
    """The check itself: a saved edit missing, a deleted one back, or an unreported change is flagged."""
    output = (
        "ready\n"
        "try add 1 actor 0 4 n1\nsaved add 7 1 actor 0 4 n1\n"
        "try add 1 quote 5 9 n2\nsaved add 8 1 quote 5 9 n2\n"
        "try delete 8\nsaved delete 8\n"
        "try update 7 1 quote 1 4 n3\n"  # in flight at the kill: either state is fine
        "saved add 9 1 act"  # cut mid-line: never counted
    )
    log = EditLog().feed(output)
    assert log.edits == 3 and log.pending == ("update", "7", "1", "quote", "1", "4", "n3")
    assert check_edits({}, log, {7: (1, "actor", 0, 4, "n1")}) == []
    assert check_edits({}, log, {7: (1, "quote", 1, 4, "n3")}) == []
    assert check_edits({}, log, {}) != []  # the saved add is lost
    assert check_edits({}, log, {7: (1, "actor", 0, 4, "n1"), 8: (1, "quote", 5, 9, "n2")}) != []  # a delete undone
    assert check_edits({}, log, {7: (1, "actor", 0, 4, "nX")}) != []  # a change nobody reported
    assert check_edits({3: (1, "actor", 0, 2, "old")}, log, {7: (1, "actor", 0, 4, "n1")}) != []  # an earlier edit lost

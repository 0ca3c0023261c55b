"""Two processes on one project file: concurrent writers, a CLI import beside a writer, a lock that persists.

Every writer prints each edit once the API call returned; afterwards every reported edit must be
in the file, nothing unreported may be, `PRAGMA integrity_check` must be "ok" and no process may
have died with a traceback. A lock held for good ends in one clear line and exit status 1.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project
from tests.reliability.conftest import BASE_DOCUMENTS
from tests.reliability.helpers import (
    ROOT,
    EditLog,
    Worker,
    check_edits,
    cli_command,
    counts,
    file_size,
    integrity,
    stored_annotations,
    write_corpus,
)

QUICK_SECONDS, SLOW_SECONDS = 5.0, 45.0


def run_writers(db, analysts: list[str], seconds: float, rng) -> list[EditLog]:
    """Start one edit stream per analyst at once, for `seconds`; each must end cleanly."""
    workers = [
        Worker(
            db.parent,
            f"writer-{n}",
            "edits",
            db,
            analyst,
            str(rng.randrange(10**6)),
            "--seconds",
            str(seconds),
            "--only-new",
        )
        for n, analyst in enumerate(analysts)
    ]
    for worker in workers:
        status = worker.finish(timeout=seconds + 60)
        assert status == 0 and "Traceback" not in worker.errors, worker.errors
        assert worker.errors == ""
    logs = [EditLog().feed(worker.output) for worker in workers]
    for log in logs:
        assert log.pending is None and log.other and log.other[-1].startswith("done"), log.other[-3:]
    return logs


def check_writers(db, analysts: list[str], logs: list[EditLog]) -> int:
    """Every saved edit of every writer is stored; returns how many edits were checked."""
    assert integrity(db) == "ok"
    for analyst in set(analysts):
        mine = [log for name, log in zip(analysts, logs, strict=True) if name == analyst]
        merged = EditLog()
        for log in mine:  # writers of the same analyst touch only the annotations they made
            merged.saved.update(log.saved)
        problems = check_edits({}, merged, stored_annotations(db, analyst))
        assert not problems, "\n".join(problems[:20])
    return sum(log.edits for log in logs)


@pytest.mark.parametrize(
    "analysts", [["olena", "taras"], ["olena", "olena"]], ids=["two-analysts", "one-analyst-two-windows"]
)
def test_two_writers_lose_nothing(new_project, rng, analysts):
    db = new_project()
    logs = run_writers(db, analysts, QUICK_SECONDS, rng)
    checked = check_writers(db, analysts, logs)
    print(f"\n{len(analysts)} writers for {QUICK_SECONDS} s: {checked} edits checked ({[log.edits for log in logs]})")
    assert all(log.edits > 50 for log in logs)


@pytest.mark.slow
def test_three_writers_for_a_long_time_lose_nothing(new_project, rng):
    db = new_project()
    analysts = ["olena", "taras", "olena"]
    logs = run_writers(db, analysts, SLOW_SECONDS, rng)
    checked = check_writers(db, analysts, logs)
    print(f"\n{len(analysts)} writers for {SLOW_SECONDS} s: {checked} edits checked ({[log.edits for log in logs]})")


def writer_beside_cli_imports(new_project, corpus, rng, seconds: float, imports: int):
    """A writer edits (for at least `seconds`) while the command line imports corpora into the same file, one after another."""
    path, documents, annotations = corpus
    db = new_project()
    stop = db.parent / "stop"
    writer = Worker(db.parent, "writer", "edits", db, "olena", str(rng.randrange(10**6)), "--until", stop)
    writer.wait_for("saved")
    files = [path]
    for n in range(1, imports):
        files.append(db.parent / f"more-{n}.jsonl")
        write_corpus(files[-1], 300, 10, seed=n, prefix=f"more{n}")
    imported = 0
    for file in files:
        before = EditLog().feed(writer.output).edits
        result = subprocess.run(
            cli_command("import", file, "--db", db), capture_output=True, text=True, cwd=ROOT, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and result.stdout.startswith("imported 1 file:"), (
            result.stdout + result.stderr
        )
        imported += 1
        assert EditLog().feed(writer.output).edits > before
    time.sleep(max(0.0, seconds - (time.monotonic() - writer.started)))
    stop.touch()
    assert writer.finish(timeout=60) == 0 and writer.errors == "", writer.errors
    log = EditLog().feed(writer.output)
    assert integrity(db) == "ok"
    expected_documents = BASE_DOCUMENTS + documents + 300 * (len(files) - 1)
    assert counts(db, "importer") == (expected_documents, annotations + 3000 * (len(files) - 1))
    problems = check_edits({}, log, stored_annotations(db, "olena"))
    assert not problems, "\n".join(problems[:20])
    return log.edits, imported


def test_a_writer_and_a_cli_import_at_the_same_time(new_project, corpus, rng):
    edits, imports = writer_beside_cli_imports(new_project, corpus, rng, QUICK_SECONDS, 2)
    print(f"\nwriter beside {imports} CLI imports: {edits} edits checked")


@pytest.mark.slow
def test_a_writer_and_many_cli_imports(new_project, corpus, rng):
    edits, imports = writer_beside_cli_imports(new_project, corpus, rng, SLOW_SECONDS, 12)
    print(f"\nwriter beside {imports} CLI imports: {edits} edits checked")


def test_a_first_edit_while_the_same_analyst_s_work_is_imported(new_project, corpus, rng):
    """A window tags for the first time while the command line imports that analyst's work.

    The window's edit looks the analyst up, finds nobody (the import has not committed), waits
    for the import's lock, then inserts the analyst the import has just added: every lookup and
    insert of a write must run under the write lock, or the edit fails on UNIQUE(analysts.name).
    """
    path, documents, annotations = corpus
    db = new_project()
    go = db.parent / "go"
    writer = Worker(
        db.parent,
        "writer",
        "edits",
        db,
        "importer",
        str(rng.randrange(10**6)),
        "--count",
        "50",
        "--only-new",
        "--go",
        go,
    )
    writer.wait_for("ready")
    importing = subprocess.Popen(
        cli_command("import", path, "--db", db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    wal = db.parent / f"{db.name}-wal"
    deadline = time.monotonic() + 60
    while file_size(wal) < 300_000 and importing.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)  # the import's transaction is under way
    go.touch()
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 0, err
    assert writer.finish() == 0 and writer.errors == "", writer.errors
    log = EditLog().feed(writer.output)
    assert log.edits == 50
    assert integrity(db) == "ok"
    stored = stored_annotations(db, "importer")
    assert len(stored) == annotations + len([v for v in log.saved.values() if v is not None])
    problems = check_edits({}, log, {k: v for k, v in stored.items() if k in log.saved})
    assert not problems, "\n".join(problems[:20])


def test_two_windows_tagging_an_analyst_s_first_annotation_at_once(new_project):
    """Two connections (windows) of one new analyst add at the same instant: both edits are saved.

    Without the write lock taken first, both look the analyst up, find nobody, and the second
    insert of the analyst fails on UNIQUE(analysts.name): nearly every round did, before the fix.
    """
    db = new_project()
    windows = [Project.open(db, analyst="x"), Project.open(db, analyst="x")]
    document = windows[0].document_ids()[0]
    failures: list[str] = []
    try:
        for round_ in range(40):
            gate = threading.Barrier(len(windows))

            def tag(project, start, round_=round_, gate=gate):  # run and joined within this round
                project.analyst = f"new-{round_}"
                gate.wait()
                try:
                    project.add_annotation(document, "actor", start, start + 3, trim=False)
                except AnnotatorError as exc:
                    failures.append(str(exc))

            threads = [threading.Thread(target=tag, args=(w, 5 * n)) for n, w in enumerate(windows)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    finally:
        for w in windows:
            w.close()
    assert not failures, f"{len(failures)} of 40 rounds lost an edit: {failures[0]}"
    assert sum(len(stored_annotations(db, f"new-{r}")) for r in range(40)) == 80


def test_a_lock_that_persists_ends_in_one_clear_line(new_project, tmp_path):
    db = new_project()
    small = tmp_path / "small.jsonl"
    write_corpus(small, 5, 2, prefix="small")
    env = {"ANNOTATOR_BUSY_TIMEOUT_MS": "300"}
    blocker = sqlite3.connect(db, timeout=1, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock and does not let go
        started = time.monotonic()
        result = subprocess.run(
            cli_command("import", small, "--db", db),
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            env={**os.environ, **env},
        )
        waited = time.monotonic() - started
    finally:
        blocker.rollback()
        blocker.close()
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error: ") and "busy" in lines[0], result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert waited < 8, "the short busy timeout from ANNOTATOR_BUSY_TIMEOUT_MS was not used"
    assert counts(db, "importer") == (BASE_DOCUMENTS, 0)  # nothing half-imported
    assert integrity(db) == "ok"
    # once the lock is gone the same command works
    again = subprocess.run(
        cli_command("import", small, "--db", db),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        env={**os.environ, **env},
    )
    assert again.returncode == 0, again.stderr
    assert counts(db, "importer") == (BASE_DOCUMENTS + 5, 10)


def test_a_short_lock_is_waited_for(new_project, tmp_path):
    """A lock released within the busy timeout costs a wait, never an error."""
    db = new_project()
    small = tmp_path / "small.jsonl"
    write_corpus(small, 5, 2, prefix="small")
    blocker = sqlite3.connect(db, timeout=1, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    process = subprocess.Popen(
        cli_command("import", small, "--db", db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    time.sleep(1.0)
    blocker.rollback()
    blocker.close()
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and err == "", err
    assert counts(db, "importer") == (BASE_DOCUMENTS + 5, 10)

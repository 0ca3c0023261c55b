"""A window notices what another process committed (Project.changed_elsewhere, SQLite's data_version)."""

from __future__ import annotations

import subprocess
import time

from annotator.services import Project
from tests.reliability.helpers import ROOT, EditLog, Worker, cli_command, write_corpus


def other_process_edits(db, count: int, analyst: str = "taras") -> EditLog:
    worker = Worker(
        db.parent, f"other-{time.monotonic_ns()}", "edits", db, analyst, "7", "--count", str(count), "--only-new"
    )
    assert worker.finish() == 0 and worker.errors == "", worker.errors
    return EditLog().feed(worker.output)


def test_changes_of_another_process_are_noticed_once(new_project):
    db = new_project()
    project = Project.open(db, analyst="olena")
    try:
        assert not project.changed_elsewhere()
        log = other_process_edits(db, 3)
        assert project.changed_elsewhere()
        assert not project.changed_elsewhere()  # once noticed, it is not news any more
        # and the refreshed view shows what the other process saved
        stored = {a.id for d in project.document_ids() for a in project.annotations(d, ["taras"])}
        assert stored == {i for i, v in log.saved.items() if v is not None}
    finally:
        project.close()


def test_own_edits_are_not_news(new_project):
    db = new_project()
    project = Project.open(db, analyst="olena")
    try:
        document = project.document_ids()[0]
        for start in range(0, 30, 3):
            annotation = project.add_annotation(document, "actor", start, start + 2, trim=False)
            project.update_annotation(annotation.id, note="x")
            assert not project.changed_elsewhere()
        project.delete_annotation(annotation.id)
        assert not project.changed_elsewhere()
    finally:
        project.close()


def test_another_process_s_change_is_not_hidden_by_an_own_edit_after_it(new_project):
    """Another process commits, then this window saves an edit before it next looks: still news."""
    db = new_project()
    project = Project.open(db, analyst="olena")
    try:
        document = project.document_ids()[0]
        other_process_edits(db, 1)
        project.add_annotation(document, "actor", 0, 4, trim=False)
        assert project.changed_elsewhere()
        assert not project.changed_elsewhere()
    finally:
        project.close()


def test_a_cli_import_elsewhere_is_noticed_and_brings_its_labels(new_project, tmp_path):
    db = new_project()
    project = Project.open(db, analyst="olena")
    try:
        before = project.document_count()
        assert project.schema.resolve("Sanction") is None
        corpus = tmp_path / "more.jsonl"
        write_corpus(corpus, 10, 0, prefix="more")
        corpus.write_text(
            corpus.read_text().replace(
                '"annotations": []', '"annotations": [{"label": "Sanction", "start": 0, "end": 4}]'
            )
        )
        result = subprocess.run(
            cli_command("import", corpus, "--db", db), capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert result.returncode == 0, result.stderr
        assert project.changed_elsewhere()
        assert project.document_count() == before + 10
        assert project.schema.get("Sanction") is not None  # the schema is read again, the label spelt as imported
    finally:
        project.close()


def test_a_window_polling_while_another_process_writes_sees_every_change(new_project):
    """Polled on a timer while another process writes: each poll that follows a commit reports it."""
    db = new_project()
    project = Project.open(db, analyst="olena")
    try:
        worker = Worker(db.parent, "other", "edits", db, "taras", "11", "--seconds", "2", "--only-new")
        noticed = 0
        while worker.process.poll() is None:
            noticed += project.changed_elsewhere()
            time.sleep(0.05)
        assert worker.finish() == 0 and worker.errors == "", worker.errors
        noticed += project.changed_elsewhere()
        assert noticed >= 10  # every 50 ms poll during 2 s of edits
        assert not project.changed_elsewhere()
        log = EditLog().feed(worker.output)
        stored = {a.id for d in project.document_ids() for a in project.annotations(d, ["taras"])}
        assert stored == {i for i, v in log.saved.items() if v is not None}
    finally:
        project.close()

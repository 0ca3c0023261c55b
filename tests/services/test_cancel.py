"""Cancelling a long import or export leaves the project exactly as it was."""

from __future__ import annotations

import json

import pytest

from annotator.core.errors import Cancelled
from annotator.services import Project, importer


def write_corpus(path, documents=30, spans=5):
    with open(path, "w", encoding="utf-8") as handle:
        for d in range(documents):
            text = " ".join(f"word{d}-{i}" for i in range(40))
            annotations = [{"label": "actor", "start": i * 10, "end": i * 10 + 5} for i in range(spans)]
            handle.write(json.dumps({"id": f"doc-{d}", "text": text, "annotations": annotations}) + "\n")
    return path


# progress is asked when the import starts, after each chunk is written and once more before the
# commit: cancelling at each of those moments must roll everything back
@pytest.mark.parametrize("stop_at", [1, 2, 3])
def test_cancelled_import_leaves_nothing_behind(tmp_path, stop_at, project_db):
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    project = Project.open(project_db, analyst="olena")
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < stop_at

    with pytest.raises(Cancelled):
        project.import_paths([corpus], progress=progress)
    assert project.document_count() == 0
    assert project.analysts() == []
    project.close()
    reopened = Project.open(project_db, analyst="olena")
    assert reopened.document_count() == 0
    reopened.close()


def test_cancel_after_chunks_were_written_rolls_them_back(tmp_path, monkeypatch, project_db):
    monkeypatch.setattr(importer, "CHUNK_DOCUMENTS", 4)
    corpus = write_corpus(tmp_path / "corpus.jsonl", documents=30)
    project = Project.open(project_db, analyst="olena")
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < 6  # the start, then four chunks of four documents written

    with pytest.raises(Cancelled):
        project.import_paths([corpus], progress=progress)
    assert project.document_count() == 0
    assert project.analysts() == []
    project.close()


def test_import_reports_progress_up_to_the_total(tmp_path, monkeypatch, project_db):
    monkeypatch.setattr(importer, "CHUNK_DOCUMENTS", 2)
    corpus = write_corpus(tmp_path / "corpus.jsonl", documents=200, spans=3)
    project = Project.open(project_db, analyst="olena")
    seen = []
    project.import_paths([corpus], progress=lambda done, total: seen.append((done, total)) or True)
    total = -(-corpus.stat().st_size // 1024)  # KiB of input read
    assert {t for _, t in seen} == {total}
    assert seen[0][0] == 0 and seen[-1][0] == total
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(set(done)) > 10  # it moves while the file is read, never back
    assert project.document_count() == 200
    project.close()


def test_cancelled_export_leaves_no_file(tmp_path, project_db):
    corpus = write_corpus(tmp_path / "corpus.jsonl")
    project = Project.open(project_db, analyst="olena")
    project.import_paths([corpus])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        project.export("jsonl", out / "x.jsonl", progress=lambda done, total: done < 10)
    assert list(out.iterdir()) == []
    project.close()

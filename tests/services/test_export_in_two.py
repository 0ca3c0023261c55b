"""A large CoNLL export of a project file is written by two processes side by side: the same file and report as one."""

from __future__ import annotations

from pathlib import Path

import pytest

import annotator.services.export_in_two as in_two
from annotator.core.errors import AnnotatorError
from annotator.services import Project
from tests.project_files import project_of

TEXTS = [
    "Poland 🇵🇱 said NATO would train Ukrainian troops.",
    "Kyiv asked for guarantees if the Vilnius summit fails.\nCafe\u0301 talks went on.",
    "قالت بولندا إن الناتو سيدرب القوات.",  # right to left
    "Zelenskyy  met Stoltenberg; the allies 👩‍👩‍👧 agreed.",
]


@pytest.fixture
def project_file(tmp_path) -> Path:
    """12 articles of emoji, combining marks, right-to-left text, with nested spans, attributes, notes, relations."""
    records = []
    for number in range(12):
        text = TEXTS[number % len(TEXTS)] + f" Copy {number}."
        spans = [
            {"id": "a", "label": "actor", "start": 0, "end": text.index(" "), "attributes": {"kind": "state"}},
            {"id": "q", "label": "quote", "start": 0, "end": len(text) - 1, "note": "check"},
        ]
        relations = [{"type": "speaker", "from": "q", "to": "a"}]
        records.append(
            {
                "id": f"d{number:02d}",
                "text": text,
                "meta": {"date": "2023-07-1"},
                "annotations": spans,
                "relations": relations,
            }
        )
    return project_of(tmp_path, records)


def _export(db: Path, out: Path):
    project = Project.open(db, analyst="olena")
    try:
        return project.export("conll", out)
    finally:
        project.close()


def test_two_processes_write_the_file_and_report_one_writes(project_file, tmp_path, monkeypatch):
    one = tmp_path / "one.conll"
    alone = _export(project_file, one)  # below the threshold: one process
    monkeypatch.setattr(in_two, "PARALLEL_FROM", 1)
    split = []
    real = in_two.write_in_two
    monkeypatch.setattr(in_two, "write_in_two", lambda *args: split.append(1) or real(*args))
    two = tmp_path / "two.conll"
    together = _export(project_file, two)
    assert split, "the export was written in two parts"
    assert two.read_bytes() == one.read_bytes()
    assert (together.documents, together.annotations) == (alone.documents, alone.annotations) == (12, 12)
    assert together.summary() == alone.summary()  # the same losses counted, the same first examples
    assert together.files == [two]


def test_a_failure_in_the_second_process_writes_nothing_and_says_why(project_file, tmp_path, monkeypatch):
    from annotator.store.repository import Repository

    monkeypatch.setattr(in_two, "PARALLEL_FROM", 1)
    real = Repository.iter_export

    def failing(self, analysts=None, id_range=None):
        if id_range is not None and id_range[0] > 1:  # the second half only
            raise OSError("disk full while writing the second half")
        return real(self, analysts, id_range)

    monkeypatch.setattr(Repository, "iter_export", failing)
    out = tmp_path / "out.conll"
    with pytest.raises(AnnotatorError, match="disk full"):
        _export(project_file, out)
    assert not out.exists()  # all or nothing


def test_a_format_of_one_file_per_document_is_never_split(project_file, tmp_path, monkeypatch):
    monkeypatch.setattr(in_two, "PARALLEL_FROM", 1)
    project = Project.open(project_file, analyst="olena")
    try:
        from annotator.formats import get

        assert in_two.export_in_two(project.repository, get("brat"), tmp_path / "brat", None) is None
        assert not (tmp_path / "brat").exists()
    finally:
        project.close()

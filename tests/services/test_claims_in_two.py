"""A large claims export of a project file is written by two processes side by side: the same bytes as one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import annotator.services.claims as claims
from annotator.core.errors import AnnotatorError
from tests.claims_sample import FILE
from tests.project_files import project_of


@pytest.fixture
def project_file(tmp_path) -> Path:
    """The tagged sample under 12 ids (12 articles with claims), with its metadata varied."""
    sample = json.loads(FILE.read_text(encoding="utf-8").splitlines()[0])
    copies = [
        dict(
            sample,
            id=f"copy-{number:02d}",
            text=sample["text"] + f"\n\nCopy {number}.",  # another text: the same one would be the same article
            meta={**sample.get("meta", {}), "location": f"Place {number}"},
        )
        for number in range(12)
    ]
    return project_of(tmp_path, copies)


def _export(db: Path, out: Path, format_name: str) -> int:
    source = claims.ClaimsSource(db, None, True)
    try:
        return claims.write_claims(source, out, format_name, "olena").claims
    finally:
        source.close()


@pytest.mark.parametrize("format_name", ["csv", "jsonl"])
def test_two_processes_write_what_one_writes(project_file, tmp_path, monkeypatch, format_name):
    one = tmp_path / f"one.{format_name}"
    assert _export(project_file, one, format_name) == 36  # below the threshold: one process
    monkeypatch.setattr(claims, "PARALLEL_FROM", 1)
    source = claims.ClaimsSource(project_file, None, True)
    assert claims._halves(source, "olena") is not None  # this export is split
    source.close()
    two = tmp_path / f"two.{format_name}"
    assert _export(project_file, two, format_name) == 36
    assert two.read_bytes() == one.read_bytes()


def test_a_failure_in_the_second_process_writes_nothing_and_says_why(project_file, tmp_path, monkeypatch):
    from annotator.store.claims_file import ClaimsFile

    monkeypatch.setattr(claims, "PARALLEL_FROM", 1)
    real = ClaimsFile.iter_claim_records

    def failing(self, analyst, first=None, last=None):
        if first is not None and first > 1:  # the second half only
            raise OSError("disk full while writing the second half")
        return real(self, analyst, first, last)

    monkeypatch.setattr(ClaimsFile, "iter_claim_records", failing)
    out = tmp_path / "claims.csv"
    with pytest.raises(AnnotatorError, match="disk full"):
        _export(project_file, out, "csv")
    assert not out.exists()  # all or nothing

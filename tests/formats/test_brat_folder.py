"""The brat export folder: a new one appears whole or not at all, an existing one keeps its other files."""

from __future__ import annotations

import os

import pytest

from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats.brat import FORMAT


def documents(count: int, fail_after: int | None = None):
    for number in range(count):
        if number == fail_after:
            raise RuntimeError("database went away")
        yield DocumentRecord(
            text=f"Kyiv waits {number}.", external_id=f"d{number}", annotations=[AnnotationRecord("actor", 0, 4)]
        )


def test_a_new_folder_holds_every_file_and_nothing_else(tmp_path):
    out = tmp_path / "a" / "b" / "brat"  # missing parents are made
    report = FORMAT.write(documents(3), out)
    names = ["d0.txt", "d0.ann", "d1.txt", "d1.ann", "d2.txt", "d2.ann", "annotation.conf"]
    assert [p.name for p in report.files] == names and all(p.parent == out for p in report.files)
    assert sorted(os.listdir(out)) == sorted(names)
    assert os.listdir(out.parent) == ["brat"]  # no temporary folder left beside it
    assert (out / "d1.ann").read_text(encoding="utf-8") == "T1\tactor 0 4\tKyiv\n"


def test_a_new_folder_gets_the_permissions_of_any_new_folder(tmp_path):
    FORMAT.write(documents(1), tmp_path / "brat")
    (tmp_path / "plain").mkdir()
    assert os.stat(tmp_path / "brat").st_mode == os.stat(tmp_path / "plain").st_mode


def test_a_failed_export_to_a_new_folder_leaves_nothing(tmp_path):
    (tmp_path / "exports").mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(5, fail_after=3), tmp_path / "exports" / "brat")
    assert os.listdir(tmp_path / "exports") == []


def test_a_text_that_cannot_be_saved_leaves_nothing(tmp_path):
    bad = DocumentRecord(text="half a pair \ud800", external_id="bad")
    (tmp_path / "exports").mkdir()
    with pytest.raises(UnicodeEncodeError):
        FORMAT.write([bad], tmp_path / "exports" / "brat")
    assert os.listdir(tmp_path / "exports") == []


def test_an_existing_folder_keeps_its_other_files_and_gets_ours_replaced(tmp_path):
    out = tmp_path / "brat"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "d0.ann").write_text("old", encoding="utf-8")
    FORMAT.write(documents(1), out)
    assert sorted(os.listdir(out)) == ["annotation.conf", "d0.ann", "d0.txt", "notes.txt"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "d0.ann").read_text(encoding="utf-8") == "T1\tactor 0 4\tKyiv\n"


def test_a_failed_export_to_an_existing_folder_leaves_finished_files_only(tmp_path):
    out = tmp_path / "brat"
    out.mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(5, fail_after=2), out)
    assert sorted(os.listdir(out)) == ["d0.ann", "d0.txt", "d1.ann", "d1.txt"]  # no .part file

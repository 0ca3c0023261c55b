"""Plain-text articles: header line as metadata, body, title, and export to a folder."""

from __future__ import annotations

import codecs

import pytest

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats.txt import FORMAT, parse_header

from .conftest import DATA, SEED_ARTICLE


def read_one(path, **kwargs) -> DocumentRecord:
    (record,) = list(FORMAT.read(path, **kwargs))
    return record


def test_registry_finds_txt_by_name_and_extension(tmp_path):
    assert formats.get("txt") is FORMAT
    assert formats.for_path(tmp_path / "a.TXT") is FORMAT
    assert FORMAT.writes_folder is True


def test_seed_article_header_becomes_metadata():
    record = read_one(SEED_ARTICLE)
    assert record.meta == {"date": "2023-06-16", "time": "09:52", "location": "Kyiv, Ukraine"}
    assert record.text.startswith("Some NATO member countries")
    assert "date 2023-06-16" not in record.text
    assert record.external_id == "000_846610f6cf9f79d3"
    assert (
        record.title.startswith("Some NATO member countries") and len(record.title) <= 80 and record.title.endswith("…")
    )
    assert record.path == str(SEED_ARTICLE) and record.line == 1
    assert record.annotations == [] and record.relations == []


def test_file_without_header_keeps_text_but_strips_leading_blank_lines_and_trailing_space():
    record = read_one(DATA / "article_no_header.txt")
    assert record.meta == {}
    # Indentation of the first line and the CRLF inside stay: only the service normalises.
    assert (
        record.text
        == "  Ceasefire talks resume in Istanbul\n\nDelegations met on Tuesday.\r\nThey agreed to meet again."
    )
    assert record.title == "Ceasefire talks resume in Istanbul"
    assert record.external_id == "article_no_header"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            " date 2023-06-16 09:52 08 June Kyiv, Ukraine",
            {"date": "2023-06-16", "time": "09:52", "location": "Kyiv, Ukraine"},
        ),
        ("date 2023-06-16 09:52 Kyiv, Ukraine", {"date": "2023-06-16", "time": "09:52", "location": "Kyiv, Ukraine"}),
        ("   date 2024-01-02 7:05 2 jan Lviv  ", {"date": "2024-01-02", "time": "7:05", "location": "Lviv"}),
        (
            " date 2023-06-16 09:52 10 Downing Street",
            {"date": "2023-06-16", "time": "09:52", "location": "10 Downing Street"},
        ),
        (" date 2023-06-16", {"date": "2023-06-16"}),
        ("The date 2023-06-16 was chosen", None),
        ("date: tomorrow", None),
    ],
)
def test_parse_header(line, expected):
    assert parse_header(line) == expected


def test_body_starts_at_first_non_blank_line_after_header(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2023-06-16 09:52 Kyiv\r\n\r\n   \r\nBody here.\r\n", encoding="utf-8")
    record = read_one(path)
    assert record.text == "Body here."
    assert record.meta["location"] == "Kyiv"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\r\n", codecs.BOM_UTF8])
def test_empty_file_is_refused(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(BadInput, match="empty file, no text to import") as info:
        list(FORMAT.read(path))
    assert info.value.problems[0].path == str(path)


def test_header_without_body_is_refused(tmp_path):
    path = tmp_path / "h.txt"
    path.write_text(" date 2023-06-16 09:52 Kyiv\n\n", encoding="utf-8")
    with pytest.raises(BadInput, match="no text"):
        FORMAT.read(path)


def test_utf16_article_with_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + " date 2023-06-16 09:52 Київ\n\nСлава 😀".encode("utf-16-le"))
    record = read_one(path)
    assert record.meta["location"] == "Київ" and record.text == "Слава 😀"


def test_invalid_utf8_article_names_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok\n\xc3\x28 broken\n")
    with pytest.raises(BadInput) as info:
        FORMAT.read(path)
    assert info.value.problems[0].line == 2 and info.value.problems[0].path == str(path)


def test_export_then_import_round_trips_text_and_meta(tmp_path):
    original = read_one(SEED_ARTICLE)
    report = FORMAT.write([original], tmp_path / "out")
    assert report.documents == 1 and report.lost == {}
    (written,) = report.files
    assert written == tmp_path / "out" / "000_846610f6cf9f79d3.txt"
    assert written.read_text(encoding="utf-8").startswith(" date 2023-06-16 09:52 Kyiv, Ukraine\n\nSome NATO")
    again = read_one(written)
    assert (again.text, again.meta, again.external_id, again.title) == (
        original.text,
        original.meta,
        original.external_id,
        original.title,
    )


def test_export_keeps_crlf_and_unicode_and_a_header_like_first_line(tmp_path):
    text = "date 2023-01-01 10:00 Paris is the first line\r\nÉmoji 😀 🇺🇦 e\u0301 שלום"
    report = FORMAT.write([DocumentRecord(text=text, external_id="tricky")], tmp_path)
    again = read_one(report.files[0])
    assert again.text == text and again.meta == {}


def test_export_names_files_safely_and_uniquely(tmp_path):
    docs = [
        DocumentRecord(text="one", external_id="../../escape"),
        DocumentRecord(text="two", external_id="same"),
        DocumentRecord(text="three", external_id="same"),
        DocumentRecord(text="four", external_id=None, title="CON"),
    ]
    report = FORMAT.write(iter(docs), tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(p.name for p in report.files)
    assert len(names) == 4 and "same.txt" in names and "same-2.txt" in names
    assert all(p.resolve().parent == (tmp_path / "out").resolve() for p in report.files)
    assert not any(n.upper().startswith("CON.") for n in names)
    assert not (tmp_path / "escape.txt").exists()


def test_export_reports_what_txt_cannot_hold(tmp_path):
    doc = DocumentRecord(
        text="Rasmussen said troops may go.",
        external_id="doc-id",
        meta={"date": "16 June 2023", "source": "guardian"},
        annotations=[AnnotationRecord("quote", 15, 29), AnnotationRecord("actor", 0, 9)],
        relations=[RelationRecord("speaker", "a1", "a2")],
    )
    report = FORMAT.write([doc], tmp_path)
    assert report.documents == 1 and report.annotations == 0
    assert report.lost["annotations"] == 2
    assert report.examples["annotations"][0] == "doc-id: quote 'troops may go.'"
    assert report.lost["relations"] == 1
    # the date is not ISO, so no header could carry it back: both fields are reported lost
    assert report.lost["metadata fields"] == 2
    assert not report.files[0].read_text(encoding="utf-8").startswith(" date")


def test_export_reports_whitespace_the_reader_would_drop(tmp_path):
    report = FORMAT.write([DocumentRecord(text="\n\nbody  \n", external_id="x")], tmp_path)
    assert report.lost == {"blank lines or spaces at the start or end of a text": 1}

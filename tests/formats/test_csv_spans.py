"""Spans as CSV: round trips, formula neutralisation, line numbers across quoted newlines."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats.csv_cells import neutralise, restore
from annotator.formats.csv_spans import COLUMNS, FORMAT

from .conftest import DATA, without_location

# the columns before the document metadata ones: such files still read
HEADER = "document_id,document_title,analyst,label,start,end,text,attributes,note"


def write_csv(tmp_path, text: str):
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def problems_of(path) -> list[tuple[int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    return [(p.line, p.message) for p in info.value.problems]


def test_registry_finds_csv(tmp_path):
    assert formats.get("csv") is FORMAT
    assert formats.for_path(tmp_path / "spans.csv") is FORMAT


def test_round_trip_of_tricky_texts(tmp_path, tricky_documents):
    out = tmp_path / "spans.csv"
    report = FORMAT.write(tricky_documents, out)
    assert (report.documents, report.annotations) == (len(tricky_documents), 2 * len(tricky_documents))
    read = list(FORMAT.read(out))
    assert len(read) == len(tricky_documents)
    for got, sent in zip(read, tricky_documents, strict=True):
        assert got.text is None
        assert (got.external_id, got.title, got.path) == (sent.external_id, sent.title, str(out))
        # CSV carries no annotation ids; everything else of a span comes back as it was
        expected = [dataclasses.replace(a, id=None) for a in sent.annotations]
        assert without_location(got).annotations == expected


def test_header_is_exact_and_relations_are_reported_lost(tmp_path, tricky_documents):
    out = tmp_path / "spans.csv"
    report = FORMAT.write(tricky_documents[:1], out)
    assert out.read_bytes().decode("utf-8").split("\r\n")[0] == ",".join(COLUMNS)
    assert report.lost == {"relations": 1}
    assert report.examples["relations"] == ["doc-0: speaker a1 -> a2"]


def test_formula_cells_are_neutralised(tmp_path):
    text = "=HYPERLINK(x) +1 -2 @SUM\tTAB 'quoted"
    doc = DocumentRecord(
        text=text,
        external_id="=id",
        title="+title",
        annotations=[
            AnnotationRecord("-label", 0, 13, analyst="@olena", note="\tnote"),
            AnnotationRecord("quote", 20, 28, note="'=already"),
            AnnotationRecord("quote", 29, 36, note="'quoted"),
        ],
    )
    out = tmp_path / "f.csv"
    FORMAT.write([doc], out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    first, second, third = (dict(zip(COLUMNS, row, strict=True)) for row in rows[1:])
    assert first["document_id"] == "'=id" and first["document_title"] == "'+title"
    assert first["label"] == "'-label" and first["analyst"] == "'@olena"
    assert first["text"] == "'=HYPERLINK(x)" and first["note"] == "'\tnote"
    assert second["text"] == "'@SUM\tTAB" and second["note"] == "''=already"
    assert third["text"] == "'quoted" and third["note"] == "'quoted"  # no formula: left alone
    assert first["start"] == "0" and first["attributes"] == "{}"
    (back,) = FORMAT.read(out)
    assert back.external_id == "=id" and back.title == "+title"
    assert [(a.label, a.analyst, a.text, a.note) for a in back.annotations] == [
        ("-label", "@olena", "=HYPERLINK(x)", "\tnote"),
        ("quote", None, "@SUM\tTAB", "'=already"),
        ("quote", None, "'quoted", "'quoted"),
    ]


@pytest.mark.parametrize("cell", ["=1", "+1", "-1", "@a", "\tx", "\rx", "'=x", "''+x", "'plain", "plain", "", "'"])
def test_neutralise_and_restore_are_inverse(cell):
    assert restore(neutralise(cell)) == cell
    assert neutralise(cell)[:1] not in {"=", "+", "-", "@", "\t", "\r"}


def test_fixture_groups_rows_by_document_and_keeps_physical_lines():
    rasmussen, second = FORMAT.read(DATA / "spans.csv")
    assert (rasmussen.external_id, rasmussen.title, rasmussen.line) == ("rasmussen", "Rasmussen on Vilnius", 2)
    assert [(a.analyst, a.start, a.end, a.line) for a in rasmussen.annotations] == [
        ("olena", 0, 21, 2),
        ("taras", 0, 6, 5),
    ]
    assert rasmussen.annotations[0].attributes == {"kind": "person"}
    (quote,) = second.annotations
    assert (quote.text, quote.note, quote.line) == ("two\r\nlines", "=SUM(A1)", 3)


def test_bad_rows_name_their_physical_lines(tmp_path):
    path = write_csv(
        tmp_path,
        f"{HEADER}\r\n"
        'd1,T,a,quote,0,5,"multi\nline\ntext",{},\r\n'  # lines 2-4, fine
        "d1,T,a,quote,zero,5,x,{},\r\n"  # line 5
        'd1,T,a,quote,0,5,x,"{""open"": ",\r\n'  # line 6
        "d1,T,a,quote,0,5,x,[1],\r\n"  # line 7
        "d1,T,a,,1.5,5,x,{},\r\n"  # line 8
        "d1,T,a,quote,0,5\r\n"  # line 9
        "\r\n"  # line 10, blank: skipped
        ",T,a,quote,0,5,x,{},\r\n",  # line 11
    )
    problems = problems_of(path)
    assert [line for line, _ in problems] == [5, 6, 7, 8, 8, 9, 11]
    messages = [m for _, m in problems]
    assert messages[0] == "start is not an integer: 'zero'"
    assert messages[1].startswith("attributes are not valid JSON")
    assert messages[2] == "attributes are not a JSON object of strings"
    assert set(messages[3:5]) == {"empty label", "start is not an integer: '1.5'"}
    assert messages[5] == "row has 6 fields, the header has 9"
    assert messages[6] == "empty document_id"


def test_missing_columns_are_named_at_line_one(tmp_path):
    path = write_csv(tmp_path, "document_id,label,text\r\nd1,quote,x\r\n")
    assert problems_of(path) == [(1, "missing columns: start, end")]


def test_columns_in_any_order_and_optional_ones_absent(tmp_path):
    path = write_csv(tmp_path, "\ufeffLabel,End,Start,Document_ID\r\nquote,9,4,d1\r\n")
    (doc,) = FORMAT.read(path)
    (ann,) = doc.annotations
    assert (doc.external_id, doc.title, ann.label, ann.start, ann.end, ann.text, ann.attributes) == (
        "d1",
        None,
        "quote",
        4,
        9,
        None,
        {},
    )


def test_unterminated_quote_is_a_problem_not_a_crash(tmp_path):
    path = write_csv(tmp_path, f'{HEADER}\r\nd1,T,a,quote,0,5,"x" y,{{}},\r\n')
    ((line, message),) = problems_of(path)
    assert line == 2 and message.startswith("not valid CSV")


def test_empty_file_is_refused(tmp_path):
    assert problems_of(write_csv(tmp_path, "")) == [(None, "empty file, no header row")]


def test_invalid_utf8_is_bad_input_with_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"\r\nd1,T,a,quote,0,5,caf\xe9,{},\r\n")
    assert problems_of(path)[0][0] == 2

"""The native JSONL format: lossless round trips and a problem per bad line."""

from __future__ import annotations

import json

import pytest

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import DocumentRecord
from annotator.formats.jsonl import FORMAT

from .conftest import DATA, without_location


def write_lines(tmp_path, *lines: str):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(path) -> list[tuple[int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert all(p.path == str(path) for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def test_registry_finds_jsonl_by_both_extensions(tmp_path):
    assert formats.get("jsonl") is FORMAT
    assert formats.for_path(tmp_path / "x.ndjson") is FORMAT
    assert formats.for_path(tmp_path / "x.jsonl") is FORMAT


def test_round_trip_of_tricky_texts_is_lossless(tmp_path, tricky_documents):
    out = tmp_path / "export.jsonl"
    report = FORMAT.write(iter(tricky_documents), out)
    assert (report.documents, report.annotations, report.lost, report.files) == (
        len(tricky_documents),
        2 * len(tricky_documents),
        {},
        [out],
    )
    read = list(FORMAT.read(out))
    assert [without_location(r) for r in read] == tricky_documents
    assert [r.line for r in read] == list(range(1, len(tricky_documents) + 1))
    assert all(a.line == r.line for r in read for a in r.annotations)


def test_written_lines_are_compact_utf8_with_exact_keys(tmp_path, tricky_documents):
    out = tmp_path / "export.jsonl"
    FORMAT.write(tricky_documents[:2], out)
    raw = out.read_bytes()
    assert raw.count(b"\n") == 2 and raw.endswith(b"\n") and b"\r\n" not in raw
    assert "😀".encode() in raw and b"\\ud83d" not in raw  # ensure_ascii=False
    first = raw.split(b"\n")[0].decode("utf-8")
    assert '": ' not in first and '", "' not in first
    obj = json.loads(first)
    assert list(obj) == ["id", "title", "text", "meta", "annotations", "relations"]
    assert list(obj["annotations"][0]) == ["id", "analyst", "label", "start", "end", "text", "attributes", "note"]
    assert list(obj["relations"][0]) == ["id", "analyst", "type", "from", "to"]


def test_writer_fills_annotation_text_from_the_document(tmp_path, tricky_documents):
    doc = tricky_documents[1]
    doc.annotations[0].text = "stale, not trusted"
    FORMAT.write([doc], tmp_path / "o.jsonl")
    obj = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert obj["annotations"][0]["text"] == "🇺🇦 is two"


def test_failed_export_leaves_no_file(tmp_path, tricky_documents):
    def documents():
        yield tricky_documents[0]
        raise RuntimeError("database went away")

    out = tmp_path / "export"
    out.mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(), out / "o.jsonl")
    assert list(out.iterdir()) == []


def test_sample_fixture_reads_with_optional_keys_absent():
    first, second = FORMAT.read(DATA / "sample.jsonl")
    assert first.external_id == "rasmussen" and first.title == "Rasmussen on Vilnius"
    assert first.meta == {"date": "2023-06-16", "location": "Kyiv, Ukraine"}
    assert [(a.id, a.label, a.start, a.end) for a in first.annotations] == [
        ("a1", "actor", 0, 21),
        ("a2", "quote", 27, 43),
    ]
    assert first.annotations[1].text == first.text[27:43]
    assert (first.relations[0].source, first.relations[0].target, first.relations[0].line) == ("a2", "a1", 1)
    # line 2 is blank and skipped; numbering still counts it
    assert second.line == 3 and second.annotations == [] and second.relations == [] and second.meta == {}


def test_broken_line_three_is_named(tmp_path):
    problems = problems_of(DATA / "broken.jsonl")
    assert len(problems) == 1
    line, message = problems[0]
    assert line == 3
    assert message == "line is not valid JSON: Expecting ',' delimiter (column 27)"


def test_every_bad_line_is_reported(tmp_path):
    path = write_lines(
        tmp_path,
        '{"id": "ok", "text": "fine"}',
        "[1, 2]",
        '{"id": "no-text"}',
        '{"text": 5}',
        "",
        '{"text": "t", "annotations": {"label": "x"}}',
        '{"text": "t", "meta": ["a"]}',
        '{"text": "t", "annotations": [{"label": "x", "start": 0}]}',
        '{"text": "t", "annotations": [{"start": 0, "end": 1}]}',
        '{"text": "t", "annotations": [{"label": "x", "start": true, "end": 1.0}]}',
        "{not json",
    )
    problems = problems_of(path)
    assert [line for line, _ in problems] == [2, 3, 4, 6, 7, 8, 9, 10, 10, 11]
    messages = dict(problems)
    assert "not a JSON object" in messages[2]
    assert messages[3] == messages[4] == 'missing or non-string "text"'
    assert '"annotations" is not a list' in messages[6]
    assert '"meta" is not an object' in messages[7]
    assert 'missing "end"' in messages[8]
    assert '"label"' in messages[9]
    assert [m for line, m in problems if line == 10] == [
        'annotation 1: "start" is not an integer: true',
        'annotation 1: "end" is not an integer: 1.0',
    ]
    assert messages[11].startswith("line is not valid JSON")
    assert all("\n" not in m and m.lstrip('"')[0].islower() for _, m in problems)


def test_duplicate_annotation_ids_and_dangling_relations_are_problems(tmp_path):
    doc = {
        "id": "d",
        "text": "abcdef",
        "annotations": [
            {"id": "a1", "label": "x", "start": 0, "end": 1},
            {"id": "a1", "label": "y", "start": 1, "end": 2},
        ],
        "relations": [{"id": "r1", "type": "speaker", "from": "a1", "to": "a9"}, {"type": "speaker", "from": "a1"}],
    }
    problems = problems_of(write_lines(tmp_path, json.dumps(doc)))
    messages = [m for _, m in problems]
    assert {line for line, _ in problems} == {1}
    assert "duplicate annotation id 'a1'" in messages
    assert any("'r1'" in m and "'a9'" in m for m in messages)
    assert any('relation 2: missing "to"' == m for m in messages)


def test_offsets_are_not_checked_against_text_in_the_reader(tmp_path):
    # The service validates spans centrally (after newline normalisation); the reader passes them on.
    path = write_lines(tmp_path, '{"text": "ab", "annotations": [{"label": "x", "start": 5, "end": 1}]}')
    (record,) = FORMAT.read(path)
    assert (record.annotations[0].start, record.annotations[0].end) == (5, 1)


def test_values_are_converted_and_ids_may_be_integers(tmp_path):
    line = {
        "id": 7,
        "text": "abc",
        "meta": {"year": 2023, "x": None},
        "annotations": [
            {"id": 1, "label": "x", "start": 0, "end": 1, "attributes": {"n": 3, "ok": True, "s": "v"}, "note": None}
        ],
        "relations": [{"type": "t", "from": 1, "to": 1}],
    }
    (record,) = FORMAT.read(write_lines(tmp_path, json.dumps(line)))
    assert record.external_id == "7" and record.meta == {"year": "2023", "x": ""}
    assert record.annotations[0].attributes == {"n": "3", "ok": "true", "s": "v"}
    assert record.annotations[0].id == "1" and record.annotations[0].note == ""
    assert (record.relations[0].source, record.relations[0].target) == ("1", "1")


def test_line_separators_inside_strings_do_not_split_lines(tmp_path):
    path = write_lines(tmp_path, json.dumps({"text": "a\u2028b\x85c\u2029d"}, ensure_ascii=False))
    (record,) = FORMAT.read(path)
    assert record.text == "a\u2028b\x85c\u2029d"


def test_crlf_file_and_escaped_surrogate_pairs_are_read(tmp_path):
    path = tmp_path / "crlf.jsonl"
    path.write_bytes(b'{"text": "emoji \\ud83d\\ude00"}\r\n{"text": "two"}\r\n')
    first, second = FORMAT.read(path)
    assert first.text == "emoji 😀" and (second.text, second.line) == ("two", 2)


def test_lone_surrogate_is_refused_not_crashing_later(tmp_path):
    path = write_lines(tmp_path, '{"text": "half \\ud83d pair"}')
    assert problems_of(path)[0][0] == 1


def test_pathological_json_is_a_problem_not_a_crash(tmp_path):
    path = write_lines(
        tmp_path, "[" * 100_000, '{"text": "t", "annotations": [{"label": "x", "start": ' + "9" * 5000 + ', "end": 1}]}'
    )
    assert [line for line, _ in problems_of(path)] == [1, 2]


def test_empty_file_reads_as_no_documents(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert list(FORMAT.read(path)) == []


def test_document_without_text_is_reported_not_written(tmp_path):
    report = FORMAT.write([DocumentRecord(text=None, external_id="spans-only")], tmp_path / "o.jsonl")
    assert report.documents == 0 and report.lost == {"documents without text": 1}
    assert (tmp_path / "o.jsonl").read_bytes() == b""


@pytest.mark.parametrize(
    "first_line, native",
    [
        ('{"id": "a", "text": "x", "annotations": []}', True),
        ('{"id": "a", "text": "x"}', True),
        ('{"text": "x", "label": [[0, 1, "A"]]}', False),
        ('{"text": "x", "labels": [[0, 1, "A"]]}', False),  # doccano before 1.2
        ('{"data": "x", "label": [[0, 1, "A"]]}', False),  # doccano 1.5: text under "data"
        ('{"text": "x", "entities": [], "relations": []}', False),
    ],
)
def test_sniff_tells_native_from_doccano(tmp_path, first_line, native):
    path = tmp_path / "x.jsonl"
    path.write_text(first_line + "\n", encoding="utf-8")
    assert FORMAT.sniff(path) is native
    from annotator import formats

    assert formats.detect(path).name == ("jsonl" if native else "doccano")


def test_records_stream_out_before_a_later_bad_line_is_read(tmp_path):
    path = write_lines(tmp_path, '{"id": "first", "text": "one"}', '{"id": "second", "text": "two"}', "{not json")
    records = FORMAT.read(path)
    assert next(records).external_id == "first"  # handed out before the rest of the file is read
    assert records.position == len('{"id": "first", "text": "one"}') + 1
    with pytest.raises(BadInput) as refused:
        list(records)  # "second" comes out, then the file's problems are raised together
    assert [p.line for p in refused.value.problems] == [3]


DOC = {
    "id": "d",
    "title": "Kyiv 😀",
    "text": "Rasmussen 😀 said so.",
    "meta": {"date": "2023-06-16"},
    "annotations": [
        {
            "id": 7,
            "analyst": "olena",
            "label": "actor",
            "start": 0,
            "end": 9,
            "text": "Rasmussen",
            "attributes": {"kind": "person"},
            "note": "😀",
        },
        {"label": "quote", "start": 12, "end": 19, "attributes": {"n": 3, "x": None}},  # values to convert
        {"label": "actor", "start": 0, "end": 9, "analyst": None, "note": None},
    ],
    "relations": [{"type": "speaker", "from": "7", "to": 7}],
}


def test_the_quick_path_reads_what_the_checked_path_reads(tmp_path):
    # escaped, the emoji is a \ud83d\ude00 pair: that line takes the checked path for every string
    escaped = write_lines(tmp_path, json.dumps(DOC, ensure_ascii=True))
    (checked,) = FORMAT.read(escaped)
    plain_path = tmp_path / "plain.jsonl"
    plain_path.write_text(json.dumps(DOC, ensure_ascii=False) + "\n", encoding="utf-8")
    (plain,) = FORMAT.read(plain_path)
    assert "\\ud83d" in escaped.read_text(encoding="utf-8") and "\\u" not in plain_path.read_text(encoding="utf-8")
    assert checked == DocumentRecord(
        **{**{f: getattr(plain, f) for f in DocumentRecord.__slots__}, "path": checked.path}
    )
    assert [a.attributes for a in plain.annotations] == [{"kind": "person"}, {"n": "3", "x": ""}, {}]


@pytest.mark.parametrize(
    "field, value", [("note", "half \\ud83d"), ("label", "x\\udc00"), ("analyst", "\\ud800"), ("text", "a\\udfff")]
)
def test_a_lone_surrogate_in_any_annotation_field_is_refused(tmp_path, field, value):
    annotation = {"label": "actor", "start": 0, "end": 1}
    line = json.dumps({"text": "Kyiv", "annotations": [annotation]})[:-3] + f', "{field}": "{value}"' + "}]}"
    path = write_lines(tmp_path, line)
    problems = problems_of(path)
    assert {n for n, _ in problems} == {1} and "half of a surrogate pair" in problems[0][1]


def _as_read(records) -> list[tuple]:
    return [
        (r.external_id, r.title, r.text, r.meta, [(a.id, a.label, a.start, a.end, a.attributes) for a in r.annotations])
        for r in records
    ]


def test_a_utf8_file_read_as_bytes_gives_what_its_decoded_text_gives(tmp_path):
    """UTF-8 lines go to orjson as bytes; read with --encoding utf-8 they are decoded first: the same records."""
    text = "Kyiv 😀 e\u0301 «بولندا» said\u2028so"  # emoji, combining mark, right-to-left, a line separator
    plain = {"id": "d1", "text": text, "annotations": [{"id": "a", "label": "actor", "start": 0, "end": 4}]}
    unusual = {"id": 7, "text": "Number id, taken by the checks", "meta": {"n": 3}}  # not the plain route
    lines = [json.dumps(plain, ensure_ascii=False), "\u00a0", json.dumps(unusual), ""]
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    as_bytes = FORMAT.read(path)
    got = _as_read(as_bytes)
    assert got == _as_read(FORMAT.read(path, encoding="utf-8"))
    assert got[0][2] == text and got[1][0] == "7" and got[1][3] == {"n": "3"}
    assert as_bytes.position == path.stat().st_size - 3 + 1  # progress counts the bytes read (the BOM skipped)


def test_bytes_that_are_not_utf8_are_named_by_line_and_character_column(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "\xc3\xa9\xc3\xa9 \xff"}\n')
    found = []
    for encoding in (None, "utf-8"):  # read as bytes, and decoded as it is read
        with pytest.raises(BadInput) as refused:
            list(FORMAT.read(path, encoding=encoding))
        [problem] = refused.value.problems
        found.append((problem.line, problem.message[:40].lower()))  # --encoding names it in lower case
    # 21 characters of JSON, then "éé " (5 bytes, 3 characters): the bad byte is the 25th character
    assert found == [(2, "not valid utf-8 (byte 0xff at column 25)")] * 2

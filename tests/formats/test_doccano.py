"""doccano JSON Lines: doccano's own files, UTF-16 offsets, refused records, and what an export cannot hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats.doccano import FORMAT

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "doccano"


def write_lines(tmp_path, *records) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def problems_of(path) -> list[tuple[int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert all(p.path == str(path) for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def spans(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(a.label, record.text[a.start : a.end]) for a in record.annotations]


# --- doccano's own files


def test_doccano_export_example_gives_its_spans():
    path = INTEROP / "export_sequence_labeling.jsonl"
    assert formats.detect(path) is FORMAT
    first, second, third = FORMAT.read(path)
    assert first.text == "EU rejects German call to boycott British lamb."
    assert spans(first) == [("ORG", "EU"), ("MISC", "German")]
    assert [(a.start, a.end) for a in first.annotations] == [(0, 2), (11, 17)]
    assert spans(second) == [("PERSON", "Peter Blackburn")]
    assert spans(third) == [("PERSON", "Obama")]
    assert [r.line for r in (first, second, third)] == [1, 2, 3]
    assert all(a.line == 3 for a in third.annotations)
    assert all(r.path == str(path) and r.warnings == [] and r.meta == {} for r in (first, second, third))


def test_doccano_relation_example_gives_entities_and_relations():
    (record,) = FORMAT.read(INTEROP / "import_relation_extraction.jsonl")
    assert [(a.id, *s) for a, s in zip(record.annotations, spans(record), strict=True)] == [
        ("0", "ORG", "Google"),
        ("1", "DATE", "September 4, 1998"),
        ("2", "PERSON", "Larry Page"),
        ("3", "PERSON", "Sergey Brin"),
    ]
    assert [(r.type, r.source, r.target) for r in record.relations] == [
        ("foundedAt", "0", "1"),
        ("foundedBy", "0", "2"),
        ("foundedBy", "0", "3"),
    ]


def test_doccano_meta_fixture_is_refused_whole_for_its_record_without_text():
    path = INTEROP / "import_sequence_labeling_with_meta.jsonl"
    assert formats.detect(path) is FORMAT
    problems = problems_of(path)
    assert problems == [(3, 'record has no "text" (doccano needs the text of every example)')]


def test_doccano_meta_fixture_lines_with_text_carry_their_meta(tmp_path):
    good = (INTEROP / "import_sequence_labeling_with_meta.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    first, second = FORMAT.read(write_lines(tmp_path, *good))
    assert spans(first) == [("LOC", "e")]
    assert first.meta == {"wikiPageID": "1"} and second.meta == {"wikiPageID": "2"}
    assert second.annotations == []


# --- detection


def test_registry_tells_doccano_from_native_jsonl(tmp_path):
    doccano = write_lines(tmp_path, {"text": "abc", "label": [[0, 1, "X"]]})
    native = tmp_path / "native.jsonl"
    native.write_text(json.dumps({"text": "abc", "annotations": []}) + "\n", encoding="utf-8")
    assert formats.get("doccano") is FORMAT
    assert formats.detect(doccano) is FORMAT and FORMAT.sniff(doccano)
    assert formats.detect(native).name == "jsonl" and not FORMAT.sniff(native)
    entities = write_lines(tmp_path, {"text": "abc", "entities": []})
    assert formats.detect(entities) is FORMAT


# --- offsets


def test_utf16_offsets_become_code_points(tmp_path):
    # doccano counts as JavaScript does: 😀 and each regional indicator of 🇺🇦 take two units
    text = "😀 Kyiv 🇺🇦 Lviv"
    path = write_lines(tmp_path, {"text": text, "label": [[3, 7, "LOC"], [8, 12, "FLAG"], [13, 17, "LOC"]]})
    (record,) = FORMAT.read(path)
    assert spans(record) == [("LOC", "Kyiv"), ("FLAG", "🇺🇦"), ("LOC", "Lviv")]
    assert [(a.start, a.end) for a in record.annotations] == [(2, 6), (7, 9), (10, 14)]


def test_offset_inside_an_emoji_is_refused(tmp_path):
    path = write_lines(tmp_path, {"text": "😀 Kyiv", "label": [[1, 7, "LOC"]]})
    assert problems_of(path) == [(1, '"label" item 1: offset 1 splits a character (UTF-16 surrogate pair)')]


def test_entity_offsets_are_converted_too(tmp_path):
    record = {"text": "🤗Transformers", "entities": [{"id": 7, "start_offset": 2, "end_offset": 14, "label": "LIB"}]}
    (read,) = FORMAT.read(write_lines(tmp_path, record))
    assert spans(read) == [("LIB", "Transformers")] and read.annotations[0].id == "7"


# --- what is kept, warned about or refused


def test_other_keys_become_metadata_and_id_the_external_id(tmp_path):
    record = {
        "id": 42,
        "text": "abc",
        "label": [],
        "meta": {"source": "rss", "n": 3},
        "Comments": ["ok"],
        "title": "A title",
    }
    (read,) = FORMAT.read(write_lines(tmp_path, record))
    assert read.external_id == "42" and read.title == "A title"
    assert read.meta == {"source": "rss", "n": "3", "Comments": '["ok"]'}


def test_old_doccano_keys_data_and_labels_are_understood(tmp_path):
    (read,) = FORMAT.read(write_lines(tmp_path, {"id": 1, "data": "EU rejects", "labels": [[0, 2, "ORG"]]}))
    assert read.text == "EU rejects" and spans(read) == [("ORG", "EU")] and read.meta == {}


def test_duplicate_spans_are_imported_once_with_a_warning(tmp_path):
    record = {
        "text": "Google and Larry",
        "entities": [
            {"id": 1, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 2, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 3, "start_offset": 11, "end_offset": 16, "label": "PER"},
        ],
        "relations": [{"id": 9, "from_id": 2, "to_id": 3, "type": "founder"}],
    }
    path = write_lines(tmp_path, record)
    (read,) = FORMAT.read(path)
    assert [(a.id, *s) for a, s in zip(read.annotations, spans(read), strict=True)] == [
        ("1", "ORG", "Google"),
        ("3", "PER", "Larry"),
    ]
    assert [(r.id, r.source, r.target) for r in read.relations] == [("9", "1", "3")]  # follows the kept span
    assert read.warnings == [f"{path}:1: duplicate span 0-6 'ORG' imported once"]


def test_document_labels_are_not_spans_and_say_so(tmp_path):
    path = write_lines(tmp_path, {"text": "Great news", "label": ["positive", "politics"]})
    (read,) = FORMAT.read(path)
    assert read.annotations == []
    assert read.warnings == [f"{path}:1: document labels not imported (text classification): 'positive', 'politics'"]


def test_intent_detection_entities_as_lists_are_spans_and_categories_are_reported(tmp_path):
    # doccano's intent detection and slot filling export: entities as [start, end, "LABEL"], categories in "cats"
    text = "Book a flight 🛫 from Kyiv to Vilnius"
    kyiv = len(text[: text.index("Kyiv")].encode("utf-16-le")) // 2  # after the emoji: UTF-16 counts it twice
    path = write_lines(
        tmp_path,
        {
            "id": 7,
            "text": text,
            "entities": [[kyiv, kyiv + 4, "City"], [kyiv + 8, kyiv + 15, "City"]],
            "cats": ["flight", "booking"],
        },
        {"id": 8, "text": "Hello there", "entities": [], "cats": []},
        {
            "id": 9,
            "text": "Fly to Riga",
            "entities": [{"id": 1, "start_offset": 7, "end_offset": 11, "label": "City"}, [0, 3, "Verb"]],
            "cats": ["a", "b", "c", "d"],
        },
    )
    assert formats.detect(path) is FORMAT
    first, second, third = FORMAT.read(path)
    assert spans(first) == [("City", "Kyiv"), ("City", "Vilnius")] and first.external_id == "7"
    assert first.meta == {} and second.meta == {}  # the categories are not kept as metadata either
    assert first.warnings == [
        f"""{path}:1: document categories ("cats") not imported (text classification): 'flight', 'booking'"""
    ]
    assert second.annotations == [] and second.warnings == []
    assert spans(third) == [("City", "Riga"), ("Verb", "Fly")]
    assert third.warnings == [
        f"""{path}:3: document categories ("cats") not imported (text classification): 'a', 'b', 'c' and 1 more"""
    ]


def test_bad_listed_entities_are_named(tmp_path):
    path = write_lines(tmp_path, {"text": "abc", "entities": [[0, 2], [0, 1, ""], "X"]})
    assert problems_of(path) == [
        (1, 'entity 1 is not [start, end, "label"]: [0, 2]'),
        (1, 'entity 2: missing or bad label: ""'),
        (1, 'entity 3 is not an object or [start, end, "label"] but a string'),
    ]


def test_every_bad_line_is_named(tmp_path):
    path = write_lines(
        tmp_path,
        {"text": "fine", "label": [[0, 1, "X"]]},
        "[1, 2]",
        {"label": [[0, 1, "X"]]},
        {"text": "abc", "label": [[0, "2", "X"]]},
        "",
        {"text": "abc", "label": [[0, 2]]},
        {"text": "abc", "label": {"0": "X"}},
        {"text": "abc", "entities": [{"id": 1, "start_offset": 0, "label": "X"}]},
        {
            "text": "abc",
            "entities": [{"id": 1, "start_offset": 0, "end_offset": 1, "label": "X"}],
            "relations": [{"from_id": 1, "to_id": 5, "type": "r"}],
        },
        {"text": "abc", "label": [[0, 1, ""]]},
        "{not json",
        "null",
    )
    problems = problems_of(path)
    assert [line for line, _ in problems] == [2, 3, 4, 6, 7, 8, 8, 9, 10, 11, 12]
    messages = dict(problems)
    assert messages[2] == "line is not a JSON object but a list"
    assert messages[3].startswith('record has no "text"')
    assert messages[4] == '"label" item 1: end offset is not an integer: "2"'
    assert messages[6] == '"label" item 1 is not [start, end, "label"]: [0, 2]'
    assert messages[7] == '"label" is not a list but an object'
    assert [m for line, m in problems if line == 8] == [
        'entity 1: missing "end_offset"',
        "entity 1: end offset is not an integer: null",
    ]
    assert messages[9] == 'relation 1: "to_id" names no entity of this record: 5'
    assert messages[10] == '"label" item 1: missing or bad label: ""'
    assert messages[11].startswith("line is not valid JSON")
    assert messages[12] == "line is not a JSON object but null"  # as the native reader says


def test_undecodable_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"text": "ok", "label": []}\n{"text": "caf\xe9", "label": []}\n')
    assert problems_of(path)[0][0] == 2


# --- writing


def test_written_line_has_utf16_offsets_and_meta(tmp_path):
    doc = DocumentRecord(
        text="😀 Kyiv",
        external_id="d1",
        title="Kyiv news",
        meta={"date": "2023-06-16"},
        annotations=[AnnotationRecord("actor", 2, 6, analyst="olena", id="a1")],
    )
    out = tmp_path / "out.jsonl"
    report = FORMAT.write([doc], out)
    assert out.read_text(encoding="utf-8") == (
        '{"id":"d1","text":"😀 Kyiv","label":[[3,7,"actor"]],"meta":{"date":"2023-06-16","title":"Kyiv news"}}\n'
    )
    assert (report.documents, report.annotations, report.lost, report.files) == (1, 1, {}, [out])
    (back,) = FORMAT.read(out)
    assert (back.external_id, back.title, back.meta, spans(back)) == (
        "d1",
        "Kyiv news",
        {"date": "2023-06-16"},
        [("actor", "Kyiv")],
    )


def test_writer_reports_relations_attributes_notes_and_duplicates(tmp_path):
    doc = DocumentRecord(
        text="Rasmussen said so.",
        external_id="d1",
        annotations=[
            AnnotationRecord("actor", 0, 9, id="a1", attributes={"kind": "person"}, note="former chief"),
            AnnotationRecord("quote", 10, 17, id="a2"),
            AnnotationRecord("quote", 10, 17, id="a3"),
        ],
        relations=[RelationRecord("speaker", "a2", "a1")],
    )
    out = tmp_path / "out.jsonl"
    report = FORMAT.write([doc, DocumentRecord(text=None, external_id="spans-only")], out)
    assert report.lost == {
        "attributes": 1,
        "notes": 1,
        "duplicate spans": 1,
        "relations": 1,
        "documents without text": 1,
    }
    assert report.examples == {
        "attributes": ["d1: actor 0-9 kind=person"],
        "notes": ["d1: actor 0-9: former chief"],
        "duplicate spans": ["d1: quote 10-17"],
        "relations": ["d1: speaker a2 -> a1"],
        "documents without text": ["spans-only"],
    }
    assert (report.documents, report.annotations) == (1, 2)
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [[0, 9, "actor"], [10, 17, "quote"]]


def test_failed_export_leaves_no_file(tmp_path):
    def documents():
        yield DocumentRecord(text="abc", external_id="d")
        raise RuntimeError("database went away")

    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(), folder / "o.jsonl")
    assert list(folder.iterdir()) == []


# --- round trip

ATOMS = ["a", "Kyiv", " ", "😀", "🇺🇦", "e\u0301", "\r\n", "\t", "مرحبا", "שלום", "\n", "\u2028", '"q"']
texts = st.lists(st.sampled_from(ATOMS), min_size=1, max_size=15).map("".join)


@st.composite
def documents(draw):
    docs = []
    for index in range(draw(st.integers(1, 3))):
        text = draw(texts)
        annotations = []
        for number in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            label = draw(st.sampled_from(["quote", "actor", "guarantee_type"]))
            attributes = draw(st.sampled_from([{}, {"kind": "person"}]))
            note = draw(st.sampled_from(["", "check"]))
            annotations.append(
                AnnotationRecord(label, start, end, analyst="olena", id=f"a{number}", attributes=attributes, note=note)
            )
        relations = []
        if len(annotations) >= 2 and draw(st.booleans()):
            relations.append(RelationRecord("speaker", "a0", "a1", analyst="olena"))
        docs.append(
            DocumentRecord(
                text=text,
                external_id=f"doc-{index}",
                title=f"T{index}",
                meta={"k": "v😀"},
                annotations=annotations,
                relations=relations,
            )
        )
    return docs


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_round_trip_keeps_every_span_it_can_hold(tmp_path, docs):
    out = tmp_path / "round.jsonl"
    report = FORMAT.write(docs, out)
    back = list(FORMAT.read(out))
    assert [(d.external_id, d.title, d.text, d.meta) for d in back] == [
        (d.external_id, d.title, d.text, d.meta) for d in docs
    ]
    expected_lost: dict[str, int] = {}
    for sent, got in zip(docs, back, strict=True):
        unique: dict[tuple[int, int, str], AnnotationRecord] = {}
        for a in sent.annotations:
            if (a.start, a.end, a.label) in unique:
                expected_lost["duplicate spans"] = expected_lost.get("duplicate spans", 0) + 1
                continue
            unique[(a.start, a.end, a.label)] = a
            for what, present in (("attributes", a.attributes), ("notes", a.note)):
                if present:
                    expected_lost[what] = expected_lost.get(what, 0) + 1
        if sent.relations:
            expected_lost["relations"] = expected_lost.get("relations", 0) + len(sent.relations)
        assert [(a.start, a.end, a.label) for a in got.annotations] == list(unique)
        assert [got.text[a.start : a.end] for a in got.annotations] == [sent.text[s:e] for s, e, _ in unique]
        assert got.relations == [] and got.warnings == []
    assert report.lost == expected_lost
    assert report.annotations == sum(len(d.annotations) for d in back)

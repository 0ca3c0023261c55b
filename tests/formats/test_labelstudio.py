"""Label Studio JSON: real exports with emoji, predictions, old UTF-16 offsets, relations, and the written config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats.labelstudio import FORMAT, label_config

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "label_studio"
SHORT_TEXT = "Zelensky 🇺🇦 said: “We need guarantees before Vilnius.” Poland agreed 😀."
FEBRUARY = "February 22"


def write_json(tmp_path, tasks, name: str = "tasks.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert all(p.path == str(path) for p in info.value.problems)
    return [p.message if p.line is None else f"{p.line}: {p.message}" for p in info.value.problems]


def covered(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(a.label, record.text[a.start : a.end]) for a in record.annotations]


def region(start, end, labels, text=None, rid="r1", kind="labels") -> dict:
    value = {"start": start, "end": end, "labels": labels}
    if text is not None:
        value["text"] = text
    return {"id": rid, "from_name": "label", "to_name": "text", "type": kind, "value": value}


def task(text: str, *results, completed_by=1, **extra) -> dict:
    return {
        "id": 5,
        "data": {"text": text},
        "annotations": [{"completed_by": completed_by, "result": list(results)}],
        **extra,
    }


# --- Label Studio's own files


@pytest.mark.parametrize("name", ["ls-1.23.2-export.json", "ls-1.23.2-export-min.json"])
def test_label_studio_1_23_exports_give_exact_spans_after_emoji(name):
    path = INTEROP / name
    assert formats.detect(path) is FORMAT
    article, short = FORMAT.read(path)
    assert short.text == SHORT_TEXT
    assert covered(short) == [
        ("Actor", "Zelensky"),
        ("Quote", "“We need guarantees before Vilnius.”"),
        ("Actor", "Poland"),
    ]
    assert [(a.start, a.end) for a in short.annotations] == [(0, 8), (18, 54), (55, 61)]  # code points after 🇺🇦
    assert covered(article) == [
        ("Actor", "Anders Fogh Rasmussen"),
        ("Actor", "Poland"),
        (
            "Condition",
            "if the Alliance's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv",
        ),
        ("Guarantee type", "intelligence sharing"),
        ("Guarantee type", "joint training with Ukraine"),
        ("Quote", article.text[1096:1272]),
        (
            "Condition",
            "If NATO fails to reach concrete agreements on Ukraine's future path at the upcoming Vilnius summit",
        ),
    ]
    assert article.text[1096:1272].startswith('"If NATO fails') and article.text[1096:1272].endswith(
        "their own measures."
    )
    assert all(
        a.analyst == "ls-user-1" and a.text == r.text[a.start : a.end] for r in (article, short) for a in r.annotations
    )
    # task ids are Label Studio's row numbers, "1" in every instance: metadata, not the document's identity
    assert (article.external_id, short.external_id) == (None, None)
    assert article.meta == {"date": "2023-06-16", "location": "Kyiv, Ukraine", "ls_task_id": "1"}
    assert short.meta == {"ls_task_id": "2"}
    assert [r.line for r in (article, short)] == [1, 2] and article.warnings == short.warnings == []


def test_full_export_keeps_region_ids():
    _, short = FORMAT.read(INTEROP / "ls-1.23.2-export.json")
    assert [a.id for a in short.annotations] == ["r0", "r1", "r2"]


def test_editor_example_single_task_object_is_read():
    (record,) = FORMAT.read(INTEROP / "ner_annotations_example.json")
    assert covered(record) == [("Date", FEBRUARY)]
    assert (record.annotations[0].start, record.annotations[0].end) == (343, 354)
    assert record.annotations[0].analyst is None  # no completed_by: the importing analyst
    assert record.external_id is None and record.meta == {"ls_task_id": "1"}
    assert record.annotations[0].id == "beFiQTT1cU"


def test_predictions_are_their_own_annotation_set():
    (record,) = FORMAT.read(INTEROP / "ner_tasks_with_predictions.json")
    assert covered(record) == [("Date", FEBRUARY)]
    assert record.annotations[0].analyst == "prediction:model 1"
    assert record.external_id is None


# --- offsets


def test_old_utf16_offsets_are_converted_when_the_quoted_text_says_so(tmp_path):
    text = "😀 Kyiv and 🇺🇦 Lviv"
    path = write_json(tmp_path, [task(text, region(3, 7, ["LOC"], "Kyiv"), region(17, 21, ["LOC"], "Lviv", rid="r2"))])
    (record,) = FORMAT.read(path)
    assert covered(record) == [("LOC", "Kyiv"), ("LOC", "Lviv")]
    assert [(a.start, a.end) for a in record.annotations] == [(2, 6), (14, 18)]
    assert record.warnings == [
        f"{path}: task 1: UTF-16 offsets (older Label Studio) converted to code points (and 1 more in this file)"
    ]


def test_code_points_win_when_both_readings_match(tmp_path):
    # no astral character before the span: both readings agree and nothing is said
    (record,) = FORMAT.read(write_json(tmp_path, [task("Kyiv 😀", region(0, 4, ["LOC"], "Kyiv"))]))
    assert covered(record) == [("LOC", "Kyiv")] and record.warnings == []


def test_quoted_text_matching_neither_reading_is_passed_on_for_the_import_to_refuse(tmp_path):
    (record,) = FORMAT.read(write_json(tmp_path, [task("😀 Kyiv", region(2, 6, ["LOC"], "Lviv"))]))
    (a,) = record.annotations
    assert (a.start, a.end, a.text) == (2, 6, "Lviv")


# --- what is kept, warned about or refused


def test_region_with_two_labels_gives_two_annotations_and_one_warning(tmp_path):
    path = write_json(
        tmp_path, [task("Kyiv and Lviv", region(0, 4, ["LOC", "GPE"]), region(9, 13, ["LOC", "GPE"], rid="r2"))]
    )
    (record,) = FORMAT.read(path)
    assert [(a.id, label, t) for a, (label, t) in zip(record.annotations, covered(record), strict=True)] == [
        ("r1", "LOC", "Kyiv"),
        ("r1-2", "GPE", "Kyiv"),
        ("r2", "LOC", "Lviv"),
        ("r2-2", "GPE", "Lviv"),
    ]
    assert record.warnings == [
        f"{path}: task 1: region r1 has 2 labels: imported as one annotation per label (and 1 more in this file)"
    ]


def test_relations_between_regions_of_one_annotation_are_kept(tmp_path):
    text = "Rasmussen said: act now."
    results = [
        region(0, 9, ["actor"], rid="a"),
        region(16, 24, ["quote"], rid="q"),
        {"from_id": "q", "to_id": "a", "type": "relation", "direction": "right", "labels": ["speaker"]},
        {"from_id": "a", "to_id": "q", "type": "relation", "direction": "left", "labels": ["speaker"]},
        {"from_id": "q", "to_id": "a", "type": "relation", "direction": "right", "labels": []},
        {"from_id": "q", "to_id": "elsewhere", "type": "relation", "direction": "right", "labels": ["speaker"]},
    ]
    path = write_json(tmp_path, [task(text, *results)])
    (record,) = FORMAT.read(path)
    assert [(r.type, r.source, r.target, r.analyst) for r in record.relations] == [
        ("speaker", "q", "a", "ls-user-1"),
        ("speaker", "q", "a", "ls-user-1"),
        ("related", "q", "a", "ls-user-1"),
    ]
    assert record.warnings == [
        f"{path}: task 1: relation q -> elsewhere skipped: both ends must be regions of the same annotation"
    ]


def test_relation_across_two_annotations_is_skipped(tmp_path):
    text = "Rasmussen said: act now."
    tasks = [
        {
            "data": {"text": text},
            "annotations": [
                {"completed_by": {"id": 3, "email": "olena@example.org"}, "result": [region(0, 9, ["actor"], rid="a")]},
                {
                    "completed_by": {"id": 4},
                    "result": [
                        region(16, 24, ["quote"], rid="q"),
                        {"from_id": "q", "to_id": "a", "type": "relation", "direction": "right", "labels": ["speaker"]},
                    ],
                },
            ],
        }
    ]
    (record,) = FORMAT.read(write_json(tmp_path, tasks))
    assert [(a.analyst, a.label) for a in record.annotations] == [
        ("olena@example.org", "actor"),
        ("ls-user-4", "quote"),
    ]
    assert record.relations == [] and "skipped" in record.warnings[0]


def test_other_result_types_and_drafts_are_warned_about(tmp_path):
    results = [
        region(0, 4, ["LOC"]),
        {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Positive"]}},
        {
            "id": "r1",
            "from_name": "note",
            "to_name": "text",
            "type": "textarea",
            "value": {"text": ["per-region note"]},
        },
        {
            "id": "c2",
            "from_name": "sentiment",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["Negative"]},
        },
    ]
    path = write_json(tmp_path, [task("Kyiv", *results, drafts=[{"result": []}])])
    (record,) = FORMAT.read(path)
    assert covered(record) == [("LOC", "Kyiv")]
    assert record.warnings == [
        f'{path}: task 1: "choices" results not imported (only "labels" regions and relations) (and 1 more in this file)',
        f'{path}: task 1: "textarea" results not imported (only "labels" regions and relations)',
        f"{path}: task 1: drafts (unsubmitted annotations) not imported",
    ]


def test_text_under_another_key_old_completions_and_metadata(tmp_path):
    tasks = [
        {
            "id": 9,
            "data": {"article": "Kyiv today", "id": "kyiv-1", "source": "rss", "extra": {"a": 1}, "title": "Today"},
            "completions": [{"result": [region(0, 4, ["LOC"])]}],
        }
    ]
    path = write_json(tmp_path, tasks)
    (record,) = FORMAT.read(path)
    assert record.text == "Kyiv today" and covered(record) == [("LOC", "Kyiv")]
    assert (record.external_id, record.title, record.meta) == (
        "kyiv-1",
        "Today",
        {"source": "rss", "extra": '{"a": 1}'},
    )
    assert record.warnings == [f"{path}: task 1: no \"text\" in data: the text was taken from 'article'"]


def test_broken_json_names_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"data": {"text": "a"}},\n  {"data": {"text": "b"}\n]\n', encoding="utf-8")
    [message] = problems_of(path)
    assert message.startswith("4: not valid JSON: Expecting ',' delimiter")


def test_an_object_that_is_not_a_task_is_refused(tmp_path):
    assert problems_of(write_json(tmp_path, {"tasks": []})) == [
        "expected a list of tasks (a JSON array), found an object"
    ]
    assert problems_of(write_json(tmp_path, "text")) == ["expected a list of tasks (a JSON array), found a string"]


def test_every_bad_task_is_named(tmp_path):
    tasks = [
        task("fine", region(0, 4, ["X"])),
        [1, 2],
        {"data": "text"},
        {"data": {"number": 3}},
        task("abc", region("/p[1]", 2, ["X"])),
        task("abc", region(0, 2, "X")),
        {"data": {"text": "abc"}, "annotations": {"result": []}},
        {"data": {"text": "abc"}, "annotations": [{"result": "none"}]},
        task("abc", {"type": "labels", "value": [0, 1]}),
    ]
    assert problems_of(write_json(tmp_path, tasks)) == [
        "task 2: not an object but a list",
        'task 3: "data" is not an object but a string',
        'task 4: no text: "data" has no "text" string',
        'task 5: result 1: "start" is not an integer: "/p[1]"',
        'task 6: result 1: "labels" is not a list of label names: "X"',
        'task 7: "annotations" is not a list but an object',
        'task 8: annotation 1 has no "result" list',
        'task 9: result 1: "value" is not an object',
    ]


def test_empty_file_has_no_tasks(tmp_path):
    path = tmp_path / "empty.json"
    path.write_text("  \n", encoding="utf-8")
    assert list(FORMAT.read(path)) == []


# --- writing


def test_written_tasks_and_config_are_what_label_studio_imports(tmp_path):
    doc = DocumentRecord(
        text=SHORT_TEXT,
        external_id="short",
        title="Short",
        meta={"date": "2023-06-16", "text": "clashes with the text"},
        annotations=[
            AnnotationRecord("actor", 55, 61, analyst="olena", id="7", attributes={"kind": "state"}, note="check"),
            AnnotationRecord("quote", 18, 54, analyst="olena", id="8"),
            AnnotationRecord('a<b & "c"', 0, 8, analyst="olena", id="9"),
        ],
        relations=[RelationRecord("speaker", "8", "7", analyst="olena", id="1")],
    )
    out = tmp_path / "export.json"
    report = FORMAT.write([doc], out)
    config = tmp_path / "export.label_config.xml"
    assert report.files == [out, config]
    assert (report.documents, report.annotations) == (1, 3)
    assert report.lost == {"metadata fields": 1, "attributes": 1, "notes": 1}
    assert report.examples["metadata fields"] == ["short: text"]

    [written] = json.loads(out.read_text(encoding="utf-8"))
    assert written["id"] == 1
    assert written["data"] == {"text": SHORT_TEXT, "external_id": "short", "title": "Short", "date": "2023-06-16"}
    [annotation] = written["annotations"]
    assert "completed_by" not in annotation  # Label Studio refuses users it does not know
    actor, quote, odd, relation = annotation["result"]
    assert actor == {
        "id": "7",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 55, "end": 61, "text": "Poland", "labels": ["actor"]},
    }
    assert quote["value"]["text"] == "“We need guarantees before Vilnius.”"
    assert relation == {"from_id": "8", "to_id": "7", "type": "relation", "direction": "right", "labels": ["speaker"]}

    root = ET.fromstring(config.read_text(encoding="utf-8"))
    labels = root.find("Labels")
    assert (labels.get("name"), labels.get("toName")) == ("label", "text")
    assert [x.get("value") for x in labels] == ["actor", "quote", 'a<b & "c"']
    assert [x.get("value") for x in root.find("Relations")] == ["speaker"]
    assert root.find("Text").attrib == {"name": "text", "value": "$text"}

    (back,) = FORMAT.read(out)
    assert [(a.id, a.label, a.start, a.end) for a in back.annotations] == [
        ("7", "actor", 55, 61),
        ("8", "quote", 18, 54),
        ("9", 'a<b & "c"', 0, 8),
    ]
    assert [(r.type, r.source, r.target) for r in back.relations] == [("speaker", "8", "7")]
    assert (back.external_id, back.title, back.meta) == ("short", "Short", {"date": "2023-06-16"})


def test_config_of_the_real_export_labels_matches_label_studio(tmp_path):
    # the config Label Studio 1.23.2 was run with, as our writer would produce it for those labels
    expected = ET.fromstring((INTEROP / "ls-1.23.2-label-config.xml").read_text(encoding="utf-8"))
    ours = ET.fromstring(label_config(["Quote", "Condition", "Actor", "Guarantee type"]))
    assert [(e.tag, e.attrib) for e in ours.iter()] == [(e.tag, e.attrib) for e in expected.iter()]


def test_empty_export_is_an_empty_list(tmp_path):
    out = tmp_path / "none.json"
    report = FORMAT.write([DocumentRecord(text=None, external_id="spans-only")], out)
    assert json.loads(out.read_text(encoding="utf-8")) == []
    assert report.lost == {"documents without text": 1}


def test_relation_between_two_analysts_sets_is_reported(tmp_path):
    doc = DocumentRecord(
        text="Rasmussen said so.",
        external_id="d",
        annotations=[
            AnnotationRecord("actor", 0, 9, analyst="olena", id="1"),
            AnnotationRecord("quote", 10, 17, analyst="taras", id="2"),
        ],
        relations=[RelationRecord("speaker", "2", "1", analyst="taras")],
    )
    report = FORMAT.write([doc], tmp_path / "o.json")
    assert report.lost == {"relations": 1}
    [written] = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert [len(a["result"]) for a in written["annotations"]] == [1, 1]


def test_failed_export_leaves_no_file(tmp_path):
    def documents():
        yield DocumentRecord(text="abc", external_id="d")
        raise RuntimeError("database went away")

    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(), folder / "o.json")
    assert list(folder.iterdir()) == []


# --- round trip

ATOMS = ["a", "Kyiv", " ", "😀", "🇺🇦", "e\u0301", "\r\n", "\t", "مرحبا", "שלום", "\n", "\u2028", '"q"', "<&>"]
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
            label = draw(st.sampled_from(["quote", "actor", "Guarantee type"]))
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
def test_round_trip_keeps_spans_and_relations(tmp_path, docs):
    out = tmp_path / "round.json"
    report = FORMAT.write(docs, out)
    back = list(FORMAT.read(out))
    assert [(d.external_id, d.title, d.text, d.meta) for d in back] == [
        (d.external_id, d.title, d.text, d.meta) for d in docs
    ]
    for sent, got in zip(docs, back, strict=True):
        assert [(a.id, a.label, a.start, a.end) for a in got.annotations] == [
            (a.id, a.label, a.start, a.end) for a in sent.annotations
        ]
        assert all(a.text == got.text[a.start : a.end] for a in got.annotations)
        assert [(r.type, r.source, r.target) for r in got.relations] == [
            (r.type, r.source, r.target) for r in sent.relations
        ]
        assert got.warnings == []
    expected = {
        "attributes": sum(bool(a.attributes) for d in docs for a in d.annotations),
        "notes": sum(bool(a.note) for d in docs for a in d.annotations),
    }
    assert report.lost == {k: v for k, v in expected.items() if v}
    labels = {a.label for d in docs for a in d.annotations}
    config = ET.fromstring((tmp_path / "round.label_config.xml").read_text(encoding="utf-8"))
    assert {x.get("value") for x in config.find("Labels")} == labels

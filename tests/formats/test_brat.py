"""brat standoff: the tool's own files import with the spans brat meant; exports read back exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.errors import AnnotatorError, BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats.brat import FORMAT
from tests.strategies import spans, texts

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "brat"
BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def read_one(path: Path) -> DocumentRecord:
    (record,) = FORMAT.read(path)
    return record


def pair(tmp_path: Path, text: str, ann: str, stem: str = "doc") -> Path:
    (tmp_path / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    path = tmp_path / f"{stem}.ann"
    path.write_bytes(ann.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert all(p.path == str(path) for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def spans_of(record: DocumentRecord) -> dict[str, tuple[str, str]]:
    return {a.id: (a.label, record.text[a.start : a.end]) for a in record.annotations}


# --- the registry


def test_registry_reads_ann_files_with_their_text_and_skips_companions(tmp_path):
    assert formats.get("brat") is FORMAT and formats.for_path(tmp_path / "x.ANN") is FORMAT
    planned = formats.plan([INTEROP])
    assert [(p.name, f.name) for p, f in planned] == [
        ("dkpro-document0c-discontinuous.ann", "brat"),
        ("news-000-introduction.ann", "brat"),
        ("news-060-relation_annotation.ann", "brat"),
        ("news-090-event_structures.ann", "brat"),
    ]
    companions = FORMAT.companions(INTEROP / "news-000-introduction.ann")
    assert companions == [INTEROP / "news-000-introduction.txt", INTEROP / "annotation.conf"]


# --- brat's own files


def test_news_000_spans_attributes_note_relations_and_what_is_not_imported():
    record = read_one(INTEROP / "news-000-introduction.ann")
    text = record.text
    assert record.external_id == "news-000-introduction"
    assert record.title == "Welcome to the Brat Rapid Annotation Tool (brat) tutorial!"
    assert spans_of(record) == {
        "T1": ("Organization", "Citibank"),
        "T2": ("Money", "$100 million"),
        "T3": ("Transfer-money", "moving"),
        "T4": ("Person", "Raul Salinas de Gortari"),
        "T5": ("Person", "former Mexican president"),
        "T6": ("Organization", "banks"),
        "T7": ("GPE", "Switzerland"),
    }
    by_id = {a.id: a for a in record.annotations}
    assert (by_id["T1"].start, by_id["T1"].end) == (418, 426) and text[418:426] == "Citibank"
    assert all(
        a.text == text[a.start : a.end] for a in record.annotations
    )  # the covered text travels for the services' check
    assert by_id["T4"].attributes == {"Mention": "Name", "Individual": "true"}  # valued and binary
    assert by_id["T5"].attributes == {"Mention": "Nominal", "Individual": "true"}
    assert by_id["T2"].note == "100000000 USD"
    assert all(a.attributes == {} for a in record.annotations if a.id not in ("T4", "T5"))
    assert [(r.id, r.type, r.source, r.target, r.line) for r in record.relations] == [
        ("R2", "Origin", "T6", "T7", 9),
        ("R1", "Family", "T4", "T5", 11),
    ]
    path = INTEROP / "news-000-introduction.ann"
    assert record.warnings == [
        f"{path}:4: events (E lines) not imported, only their trigger spans: 1 (line 4)",
        f"{path}:16: attributes of events or relations not imported: 1 (line 16)",
        f"{path}:17: normalisations (N lines) not imported: 1 (line 17)",
    ]


def test_news_060_relation_and_equivalence():
    record = read_one(INTEROP / "news-060-relation_annotation.ann")
    found = spans_of(record)
    assert len(found) == 10
    assert found["T3"] == ("Person", "Joanne Rowling") and found["T5"] == ("Person", "J. K. Rowling")
    assert found["T10"] == ("Person", "J. K. Rowling")
    by_id = {a.id: a for a in record.annotations}
    assert (by_id["T6"].start, by_id["T6"].end) == (1225, 1240)
    assert [(r.type, r.source, r.target) for r in record.relations] == [("Located", "T1", "T2")]
    assert record.warnings == [
        f"{INTEROP / 'news-060-relation_annotation.ann'}:6: equivalences (* lines) not imported: 1 (line 6)"
    ]


def test_news_090_nested_events_keep_their_trigger_spans():
    record = read_one(INTEROP / "news-090-event_structures.ann")
    found = spans_of(record)
    assert len(found) == 22
    assert found["T3"] == ("Merge-org", "merged") and found["T11"] == ("Report", "told")
    assert found["T12"] == ("Report", "posted") and found["T22"] == ("Organization", "YouTube")
    assert record.relations == []
    assert record.warnings == [
        f"{INTEROP / 'news-090-event_structures.ann'}:4: events (E lines) not imported, only their trigger spans: 6 (lines 4, 7, 14, 16, 18, 20)"
    ]


def test_dkpro_fragments_split_by_a_newline_join_into_the_exact_span():
    # `T2 Token 5 7;8 9 <TAB>is a`: the gap at 7 is the line break of "This is\na test.", not a space
    record = read_one(INTEROP / "dkpro-document0c-discontinuous.ann")
    assert record.text == "This is\na test.\n"
    by_id = {a.id: a for a in record.annotations}
    assert (by_id["T2"].start, by_id["T2"].end) == (5, 9)
    assert record.text[5:9] == "is\na" and by_id["T2"].text is None
    assert spans_of(record)["T3"] == ("Token", "test") and spans_of(record)["T4"] == ("Token", ".")
    assert not any("covering span" in w for w in record.warnings)
    assert record.warnings == [
        f"{INTEROP / 'dkpro-document0c-discontinuous.ann'}:5: events (E lines) not imported, only their trigger spans: 4 (lines 5, 6, 7, 8)"
    ]


# --- reading details


def test_fragments_with_words_between_become_the_covering_span_with_a_warning(tmp_path):
    path = pair(tmp_path, "This is a test", "T1\tToken 0 4;8 9\tThis a\nT2\tToken 5 7;8 9\tis a\n")
    record = read_one(path)
    first, second = record.annotations
    assert (first.start, first.end, record.text[first.start : first.end]) == (0, 9, "This is a")
    assert (second.start, second.end) == (5, 9)  # a space is not a line break: covering, not exact
    assert record.warnings == [
        f"{path}:1: discontinuous span T1 (0 4;8 9) imported as the covering span 0-9",
        f"{path}:2: discontinuous span T2 (5 7;8 9) imported as the covering span 5-9",
    ]


def test_crlf_text_counts_the_cr_and_ann_may_use_crlf_and_a_bom(tmp_path):
    text = "Kyiv\r\n\U0001f600 Rasmussen said\r\nmore"
    start = text.index("Rasmussen")
    ann = f"\ufeffT1\tactor {start} {start + 9}\tRasmussen\r\nT2\tquote 0 4;6 7\tKyiv \U0001f600\r\n"
    record = read_one(pair(tmp_path, text, ann))
    actor, quote = record.annotations
    assert record.text == text  # raw: the services normalise CRLF and remap
    assert (actor.start, actor.end) == (8, 17) and record.text[actor.start : actor.end] == "Rasmussen"
    assert record.text[quote.start : quote.end] == "Kyiv\r\n\U0001f600" and record.warnings == []


def test_txt_with_a_bom_moves_offsets_as_brat_counted_it(tmp_path):
    path = pair(tmp_path, "\ufeffHello world", "T1\tx 7 12\tworld\n")
    record = read_one(path)
    (ann,) = record.annotations
    assert record.text == "Hello world" and record.text[ann.start : ann.end] == "world" == ann.text
    assert record.warnings == [
        f"{tmp_path / 'doc.txt'}: starts with a byte order mark, which brat counts: offsets moved back by one"
    ]


def test_notes_of_other_types_keep_their_type_through_a_round_trip(tmp_path):
    ann = (
        "T1\tactor 0 8\taikuinen\n#1\tLemma T1\taikuinen\n#2\tAnnotatorNotes T1\tan adult\n"
        "#3\tGloss T1\tadult\n#4\tGloss T1\tgrown-up\n"
    )
    (tmp_path / "in").mkdir()
    record = read_one(pair(tmp_path / "in", "aikuinen sanoi", ann))
    (actor,) = record.annotations
    assert actor.note == "an adult"  # AnnotatorNotes stay the span's note
    assert actor.attributes == {"#Lemma": "aikuinen", "#Gloss": "adult\ngrown-up"}
    report = FORMAT.write([record], tmp_path / "out")
    assert (tmp_path / "out" / "doc.ann").read_text(encoding="utf-8") == (
        "T1\tactor 0 8\taikuinen\n#1\tLemma T1\taikuinen\n#2\tGloss T1\tadult\n#3\tGloss T1\tgrown-up\n#4\tAnnotatorNotes T1\tan adult\n"
    )
    assert report.lost == {} and "Lemma" not in (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    (back,) = read_one(tmp_path / "out" / "doc.ann").annotations
    assert (back.note, back.attributes) == (actor.note, actor.attributes)


def test_several_notes_are_joined_and_stray_references_are_warned(tmp_path):
    ann = (
        "T1\tactor 0 4\tKyiv\n#1\tAnnotatorNotes T1\tfirst\n#2\tAnnotatorNotes T1\tsecond\n"
        "A1\tkind T9 state\n#3\tAnnotatorNotes T9\tlost\nE1\tev:T1\nA2\tNeg E1\nR1\trel Arg1:E1 Arg2:T1\t\n"
        "A3\tkind T1 state\nA4\tkind T1 person\nM5\tOld T1\n"
    )
    path = pair(tmp_path, "Kyiv said", ann)
    record = read_one(path)
    (actor,) = record.annotations
    assert actor.note == "first\nsecond"
    assert actor.attributes == {"kind": "person", "Old": "true"}
    assert record.relations == []
    assert record.warnings == [
        f"{path}:4: attributes of ids the file does not define not imported: 1 (line 4)",
        f"{path}:5: notes on ids the file does not define not imported: 1 (line 5)",
        f"{path}:6: events (E lines) not imported, only their trigger spans: 1 (line 6)",
        f"{path}:7: attributes of events or relations not imported: 1 (line 7)",
        f"{path}:8: relations with an event argument not imported: 1 (line 8)",
        f"{path}:10: repeated attributes of one span: the last value is kept: 1 (line 10)",
    ]


def test_relation_roles_in_reverse_order_and_forward_references(tmp_path):
    ann = "R1\tspeaker Arg2:T2 Arg1:T1\nT1\tquote 0 3\tone\nT2\tactor 4 7\ttwo\n"
    record = read_one(pair(tmp_path, "one two", ann))
    assert [(r.source, r.target, r.line) for r in record.relations] == [("T1", "T2", 1)]


def test_offsets_past_the_end_and_wrong_covered_text_are_left_to_the_services(tmp_path):
    # the services check every span against the normalised text and name this line
    record = read_one(pair(tmp_path, "short", "T1\tx 2 99\tort\nT2\tx 0 2\tzz\n"))
    (far, wrong) = record.annotations
    assert (far.start, far.end, far.line) == (2, 99, 1)
    assert (wrong.text, wrong.line) == ("zz", 2)


def test_every_bad_line_is_reported_with_its_number(tmp_path):
    ann = (
        "\n".join(
            [
                "T1\tx 0 4\tThis",
                "X1\tx 0 4",
                "T2\tx 0 four\tThis",
                "T3\tx 4 2\t",
                "T4 x 0 4",
                "T1\tx 0 1\tT",
                "A1\tkind",
                "R1\tspeaker Arg1:T1",
                "#1\tAnnotatorNotes\tnote",
                "T5\tx 0 \u0663\tThis",
                "T6\tx 0 4;5\tThis",
                "T7\tx 0 4;5 7\tThis xx",
                "E1\tbroken",
                "T8\tx 0 " + "9" * 5000,
                "",
                "T9\tonly-a-label",
            ]
        )
        + "\n"
    )
    problems = problems_of(pair(tmp_path, "This is a test", ann))
    assert [line for line, _ in problems] == [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16]
    messages = dict(problems)
    assert messages[2].startswith("unknown line type 'X1'")
    assert messages[3] == "malformed span 'x 0 four': expected 'Type START END' (fragments joined by ';')"
    assert messages[4] == "fragment 4 2 ends before it starts"
    assert messages[5] == "no tab after the id 'T4 x 0 4'"
    assert messages[6] == "duplicate id 'T1'"
    assert messages[7].startswith("malformed attribute 'kind'")
    assert messages[8].startswith("malformed relation")
    assert messages[9].startswith("malformed note")
    assert messages[10].startswith("malformed span")  # Arabic-Indic digits are not offsets
    assert messages[12] == "span T7 covers 'This is' but the file says 'This xx'"
    assert messages[13].startswith("malformed event")
    assert all("\n" not in m and m[0].islower() for _, m in problems)


def test_a_line_without_a_tab_is_named(tmp_path):
    assert problems_of(pair(tmp_path, "abc", "T1 x 0 1 a\n")) == [(1, "no tab after the id 'T1 x 0 1 a'")]


def test_missing_text_file_names_the_ann(tmp_path):
    path = tmp_path / "alone.ann"
    path.write_text("T1\tx 0 1\ta\n", encoding="utf-8")
    assert problems_of(path) == [(None, "no text file alone.txt beside it")]


def test_undecodable_ann_is_bad_input_with_a_line(tmp_path):
    path = pair(tmp_path, "abc", "")
    path.write_bytes(b"T1\tx 0 1\ta\nT2\tx 0 1\t\xff\n")
    assert problems_of(path)[0][0] == 2


# --- writing


def test_written_files_hold_every_kind_of_line_and_a_matching_conf(tmp_path):
    text = "Rasmussen said:\nNATO must act.\r\nMore"
    quote_start = text.index("NATO")
    doc = DocumentRecord(
        text=text,
        external_id="doc/1",
        title="Rasmussen said:",
        meta={"date": "2023-06-16"},
        annotations=[
            AnnotationRecord("actor", 0, 9, id="a1", attributes={"kind": "person"}, note="former\r\nchief"),
            AnnotationRecord("quote", quote_start, len(text), id="a2", attributes={"mode": "reported"}),
            AnnotationRecord("guarantee type", 10, 14, id="a3", attributes={"type": "joint training", "x": ""}),
        ],
        relations=[RelationRecord("speaker", "a2", "a1", id="r1"), RelationRecord("speaker", "a2", "gone", id="r2")],
    )
    out = tmp_path / "out"
    report = FORMAT.write(iter([doc]), out)
    assert (report.documents, report.annotations) == (1, 3)
    assert report.files == [out / "doc_1.txt", out / "doc_1.ann", out / "annotation.conf"]
    assert (out / "doc_1.txt").read_bytes() == text.encode("utf-8")
    assert (out / "doc_1.ann").read_text(encoding="utf-8") == (
        "T1\tactor 0 9\tRasmussen\n"
        f"T2\tquote {quote_start} 30;32 36\tNATO must act. More\n"
        "T3\tguarantee_type 10 14\tsaid\n"
        "A1\tkind T1 person\nA2\tmode T2 reported\nA3\ttype T3 joint_training\n"
        "R1\tspeaker Arg1:T2 Arg2:T1\n"
        "#1\tAnnotatorNotes T1\tformer chief\n"
    )
    assert (out / "annotation.conf").read_text(encoding="utf-8") == (
        "# brat configuration written by Annotator: the types this export uses\n"
        "[entities]\nactor\nquote\nguarantee_type\n\n"
        "[relations]\n# any span may overlap any other\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
        "speaker\tArg1:quote, Arg2:actor\n\n[events]\n\n[attributes]\n"
        "kind\tArg:actor, Value:person\nmode\tArg:quote, Value:reported\ntype\tArg:guarantee_type, Value:joint_training\n"
    )
    assert report.lost == {
        "metadata fields": 1,
        "note line breaks": 1,
        "labels with whitespace, '|' or ',' (changed to '_')": 1,
        "attribute values with whitespace, '|' or ',' (changed to '_')": 1,
        "empty attribute values": 1,
        "relations whose annotations are missing": 1,
    }
    assert report.examples["labels with whitespace, '|' or ',' (changed to '_')"] == [
        "'guarantee type' as 'guarantee_type'"
    ]
    (back,) = FORMAT.read(out / "doc_1.ann")
    assert back.text[back.annotations[1].start : back.annotations[1].end] == "NATO must act.\r\nMore"
    assert back.warnings == []


def test_spans_starting_or_ending_at_a_line_break_keep_it(tmp_path):
    text = "ab\ncd\r\n\nef"
    wanted = [(2, 5), (2, 3), (5, 7), (6, 8), (1, 10), (3, 5)]
    doc = DocumentRecord(text=text, external_id="edges", annotations=[AnnotationRecord("x", s, e) for s, e in wanted])
    FORMAT.write([doc], tmp_path)
    lines = (tmp_path / "edges.ann").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "T1\tx 2 2;3 5\t cd" and lines[1] == "T2\tx 2 2;3 3\t "
    back = read_one(tmp_path / "edges.ann")
    assert [(a.start, a.end) for a in back.annotations] == wanted and back.warnings == []


def test_documents_that_brat_cannot_hold_are_reported(tmp_path):
    docs = [
        DocumentRecord(text=None, external_id="spans-only"),
        DocumentRecord(text="nul \x00 inside", external_id="binary"),
        DocumentRecord(text="\ufeffbom first", external_id="bom", title="a title of its own"),
    ]
    report = FORMAT.write(docs, tmp_path / "out")
    assert report.documents == 1
    assert report.lost == {
        "documents without text": 1,
        "documents holding NUL characters": 1,
        "byte order marks at the start of a text": 1,
        "titles (brat takes the first line)": 1,
    }
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["annotation.conf", "bom.ann", "bom.txt"]


def test_export_to_a_file_path_that_exists_fails_cleanly(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(AnnotatorError, match="is not a folder"):
        FORMAT.write([DocumentRecord(text="abc", external_id="d")], target)
    assert target.read_text(encoding="utf-8") == "x"


# --- round trip


LABELS = ["quote", "actor", "guarantee_type", "my label"]
NOTES = ["", "plain", "two\nlines", "crlf\r\nnote", "tab\tinside 😀"]
ATTRIBUTES = [{}, {"mode": "direct"}, {"kind": "person state"}, {"type": "other", "mode": "reported"}]


@st.composite
def documents(draw):
    text = draw(texts())
    assume("\x00" not in text and not text.startswith("\ufeff"))  # each has its own test above
    found = draw(spans(text))
    annotations = [
        AnnotationRecord(
            draw(st.sampled_from(LABELS)),
            s,
            e,
            id=f"a{i}",
            note=draw(st.sampled_from(NOTES)),
            attributes=dict(draw(st.sampled_from(ATTRIBUTES))),
        )
        for i, (s, e) in enumerate(found)
    ]
    relations = []
    if annotations:
        for i in range(draw(st.integers(0, 3))):
            source, target = draw(st.sampled_from(annotations)), draw(st.sampled_from(annotations))
            relations.append(
                RelationRecord(draw(st.sampled_from(["speaker", "condition of"])), source.id, target.id, id=f"r{i}")
            )
    return DocumentRecord(text=text, external_id="doc", annotations=annotations, relations=relations)


def brat_name(value: str) -> str:
    return re.sub(r"[\s|,]", "_", value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=documents())
def test_round_trip_keeps_spans_exactly_and_reports_what_changed(tmp_path_factory, doc):
    out = tmp_path_factory.mktemp("brat")
    report = FORMAT.write([doc], out)
    back = read_one(out / "doc.ann")
    assert back.text == doc.text and back.warnings == []
    assert [(a.start, a.end) for a in back.annotations] == [(a.start, a.end) for a in doc.annotations]
    assert all(a.text is None or a.text == back.text[a.start : a.end] for a in back.annotations)
    assert [a.label for a in back.annotations] == [brat_name(a.label) for a in doc.annotations]
    assert [a.attributes for a in back.annotations] == [
        {k: brat_name(v) for k, v in a.attributes.items()} for a in doc.annotations
    ]
    assert [a.note for a in back.annotations] == [re.sub("\r\n|[" + BREAKS + "]", " ", a.note) for a in doc.annotations]
    t_of = {a.id: f"T{i}" for i, a in enumerate(doc.annotations, start=1)}
    assert [(r.type, r.source, r.target) for r in back.relations] == [
        (brat_name(r.type), t_of[r.source], t_of[r.target]) for r in doc.relations
    ]
    expected: dict[str, int] = {}
    for what, values in (
        ("note line breaks", [a.note for a in doc.annotations if any(c in BREAKS for c in a.note)]),
        ("labels with whitespace, '|' or ',' (changed to '_')", {a.label for a in doc.annotations if " " in a.label}),
        (
            "attribute values with whitespace, '|' or ',' (changed to '_')",
            {v for a in doc.annotations for v in a.attributes.values() if " " in v},
        ),
        (
            "relation types with whitespace, '|' or ',' (changed to '_')",
            {r.type for r in doc.relations if " " in r.type},
        ),
    ):
        if values:
            expected[what] = len(values)
    assert report.lost == expected
    assert (report.documents, report.annotations) == (1, len(doc.annotations))


def test_a_title_is_reported_only_when_the_reader_would_take_another(tmp_path):
    long_line = "Rasmussen said that NATO must act now, " * 3
    docs = [
        DocumentRecord(text="\n  \r\n\t Rasmussen said:  \nmore", external_id="same", title="Rasmussen said:"),
        DocumentRecord(
            text=long_line + "\nmore",
            external_id="cut",
            title="Rasmussen said that NATO must act now, Rasmussen said that NATO must act now,…",
        ),
        DocumentRecord(text=long_line, external_id="late", title=long_line[:45] + "differs later"),
        DocumentRecord(text="x", external_id="one", title="x"),
        DocumentRecord(text="a" + " " * 60 + "b" * 30, external_id="spaces", title="a…"),  # cut where spaces end it
        DocumentRecord(text=" \n ", external_id="blank", title="?"),
    ]
    report = FORMAT.write(docs, tmp_path / "out")
    assert report.lost == {"titles (brat takes the first line)": 2}
    assert report.examples["titles (brat takes the first line)"][0].startswith("late: ")


def test_repeated_attribute_sets_write_the_same_lines_and_losses(tmp_path):
    def doc(ident: str) -> DocumentRecord:
        spans = [
            AnnotationRecord("actor", 0, 1, attributes={"kind": "state", "role": "lead"}),
            AnnotationRecord("quote", 2, 3, attributes={"kind": "state", "role": "lead"}),
            AnnotationRecord("actor", 4, 5, attributes={"kind": "", "#Lemma": "a\nb"}),
            AnnotationRecord("actor", 6, 7, attributes={"role": "lead", "kind": "state"}),
        ]
        return DocumentRecord(text="a b c d", external_id=ident, annotations=spans)

    report = FORMAT.write([doc("one"), doc("two")], tmp_path / "out")
    first, second = ((tmp_path / "out" / f"{name}.ann").read_text(encoding="utf-8") for name in ("one", "two"))
    assert first == second
    assert first.splitlines()[4:] == [
        "A1\tkind T1 state",
        "A2\trole T1 lead",
        "A3\tkind T2 state",
        "A4\trole T2 lead",
        "A5\trole T4 lead",
        "A6\tkind T4 state",
        "#1\tLemma T3\ta",
        "#2\tLemma T3\tb",
    ]
    assert report.lost == {"empty attribute values": 2}
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "kind\tArg:actor|quote, Value:state\nrole\tArg:actor|quote, Value:lead\n" in conf

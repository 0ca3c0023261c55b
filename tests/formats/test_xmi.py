"""UIMA CAS XMI: the INCEpTION/DKPro/UIMA sample files, UTF-16 offsets, safe XML parsing and round trips."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.core.offsets import Utf16Map, utf16_length
from annotator.formats.xmi import FORMAT

from ..strategies import spans, texts

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop" / "uima_xmi"
INCEPTION_TS = INTEROP / "inception-TypeSystem.xml"
UIMAJ = "uimaj-casWithEmojiUnicodeTextAndAnnotations"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MINIMAL_TS = """<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"><types>
<typeDescription><name>webanno.custom.Claim</name><supertypeName>uima.tcas.Annotation</supertypeName><features>
<featureDescription><name>Label</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
<featureDescription><name>confidence</name><rangeTypeName>uima.cas.Integer</rangeTypeName></featureDescription>
<featureDescription><name>checked</name><rangeTypeName>uima.cas.Boolean</rangeTypeName></featureDescription>
<featureDescription><name>comment</name><rangeTypeName>uima.cas.String</rangeTypeName></featureDescription>
<featureDescription><name>tags</name><rangeTypeName>uima.cas.StringArray</rangeTypeName><elementType>uima.cas.String</elementType></featureDescription>
<featureDescription><name>source</name><rangeTypeName>uima.tcas.Annotation</rangeTypeName></featureDescription>
</features></typeDescription>
<typeDescription><name>webanno.custom.Topic</name><supertypeName>uima.tcas.Annotation</supertypeName></typeDescription>
<typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token</name><supertypeName>uima.tcas.Annotation</supertypeName></typeDescription>
<typeDescription><name>webanno.custom.Link</name><supertypeName>uima.tcas.Annotation</supertypeName><features>
<featureDescription><name>Governor</name><rangeTypeName>uima.tcas.Annotation</rangeTypeName></featureDescription>
<featureDescription><name>Dependent</name><rangeTypeName>uima.tcas.Annotation</rangeTypeName></featureDescription>
</features></typeDescription>
</types></typeSystemDescription>
"""
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" '
    'xmlns:custom="http:///webanno/custom.ecore" '
    'xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmi:version="2.0">\n'
)


def pair(tmp_path: Path, xmi: str, typesystem: Path, ts_name: str = "TypeSystem.xml") -> Path:
    """Copy an interop XMI into its own folder with its type system beside it, as the tool exported it."""
    folder = tmp_path / Path(xmi).stem
    folder.mkdir()
    shutil.copy(INTEROP / xmi, folder / xmi)
    shutil.copy(typesystem, folder / ts_name)
    return folder / xmi


def write_xmi(tmp_path: Path, body: str, sofa: str = "Kyiv 😀 said NATO.", members: str = "") -> Path:
    (tmp_path / "TypeSystem.xml").write_text(MINIMAL_TS, encoding="utf-8")
    path = tmp_path / "doc.xmi"
    view = f'<cas:View sofa="1" members="{members}"/>\n' if members else ""
    path.write_text(
        HEAD
        + '<cas:NULL xmi:id="0"/>\n'
        + body
        + f'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{sofa}"/>\n'
        + view
        + "</xmi:XMI>\n",
        encoding="utf-8",
    )
    return path


def problems_of(path: Path) -> list[tuple[str, int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    return [(p.path, p.line, p.message) for p in info.value.problems]


def read_one(path: Path) -> DocumentRecord:
    (record,) = FORMAT.read(path)
    return record


def java_slice(raw_xmi: Path, xmi_id: str, text: str) -> str:
    """What Java's String.substring(begin, end) gives for an annotation of the file: its UTF-16 units, decoded."""
    root = etree.parse(str(raw_xmi)).getroot()
    elem = next(e for e in root if e.get("{http://www.omg.org/XMI}id") == xmi_id)
    units = text.encode("utf-16-le")
    return units[int(elem.get("begin")) * 2 : int(elem.get("end")) * 2].decode("utf-16-le")


# --- registry and companions


def test_registry_and_flags(tmp_path):
    assert formats.get("xmi") is FORMAT
    assert formats.for_path(tmp_path / "doc.XMI") is FORMAT
    assert (FORMAT.writes_folder, FORMAT.one_set, FORMAT.extensions) == (True, True, (".xmi",))
    assert FORMAT.accepts(tmp_path / "a.xmi") and not FORMAT.accepts(tmp_path / "TypeSystem.xml")


def test_companion_rules_pick_the_right_type_system(tmp_path):
    own = tmp_path / "own"
    own.mkdir()
    for name in ("a.xmi", "b.xmi", "a-typesystem.xml", "TypeSystem.xml"):
        (own / name).write_text(MINIMAL_TS if name.endswith(".xml") else "", encoding="utf-8")
    assert FORMAT.companions(own / "a.xmi") == [own / "a-typesystem.xml"]  # the XMI's own comes first
    assert FORMAT.companions(own / "b.xmi") == [own / "TypeSystem.xml"]

    sniffed = tmp_path / "sniffed"
    sniffed.mkdir()
    (sniffed / "doc.xmi").write_text("", encoding="utf-8")
    (sniffed / "other.xmi").write_text("", encoding="utf-8")
    (sniffed / "notes.xml").write_text("<?xml version='1.0'?><notes/>", encoding="utf-8")
    (sniffed / "other-typesystem.xml").write_text(MINIMAL_TS, encoding="utf-8")  # belongs to other.xmi
    assert FORMAT.companions(sniffed / "doc.xmi") == []
    (sniffed / "layers.xml").write_text("<!-- exported -->\n" + MINIMAL_TS.split("\n", 1)[1], encoding="utf-8")
    assert FORMAT.companions(sniffed / "doc.xmi") == [sniffed / "layers.xml"]


def test_a_folder_import_plans_only_the_xmi_files(tmp_path):
    path = pair(tmp_path, "inception-relation_test.xmi", INCEPTION_TS)
    assert formats.plan([path.parent], None) == [(path, FORMAT)]


def test_interop_folder_pairs_each_xmi_with_its_type_system():
    # In the fixture folder itself: the uimaj file has its `-typesystem.xml`; the INCEpTION and cassis
    # files find inception-TypeSystem.xml, the only type system that no other XMI claims.
    assert FORMAT.companions(INTEROP / f"{UIMAJ}.xmi") == [INTEROP / f"{UIMAJ}-typesystem.xml"]
    assert FORMAT.companions(INTEROP / "cassis-cas_with_smileys.xmi") == [INCEPTION_TS]
    assert FORMAT.companions(INTEROP / "inception-relation_test.xmi") == [INCEPTION_TS]


# --- the interop files


def test_cassis_smileys_named_entities_are_code_points_after_the_emoji(tmp_path):
    # cas_with_smileys.xmi is paired with INCEpTION's TypeSystem.xml (it defines every type the file uses)
    path = pair(tmp_path, "cassis-cas_with_smileys.xmi", INCEPTION_TS)
    record = read_one(path)
    assert record.text.startswith("🤗 Transformers provides")
    assert (record.external_id, record.title) == ("huggingface.txt", "huggingface.txt")
    first = record.annotations[0]
    assert (first.label, first.start, first.end) == ("OTH", 2, 14)  # UTF-16 3..15
    assert record.text[first.start : first.end] == "Transformers"
    # tokens, sentences, tag sets and metadata are structure, not spans
    assert [(a.label, record.text[a.start : a.end]) for a in record.annotations] == [
        ("OTH", "Transformers"),
        ("OTH", "Transformers"),
        ("OTH", "Transformers"),
        ("OTH", "PyTorch"),
        ("OTH", "TensorFlow"),
    ]
    assert all(a.attributes == {} and a.line is not None for a in record.annotations)
    assert record.relations == [] and record.warnings == []


def test_uimaj_zwj_emoji_spans_cover_what_java_covers(tmp_path):
    # Apache UIMA's sample keeps its type system as `<stem>-typesystem.xml`: copied under that name
    path = pair(tmp_path, f"{UIMAJ}.xmi", INTEROP / f"{UIMAJ}-typesystem.xml", f"{UIMAJ}-typesystem.xml")
    record = read_one(path)
    assert (len(record.text), utf16_length(record.text)) == (32, 38)
    covered = [record.text[a.start : a.end] for a in record.annotations]
    assert covered == ["🥳", "This", "👳🏻\u200d♀️", "is", "✆", "a", "🧔🏾\u200d♂️", "test", "👻"]
    for a in record.annotations:
        assert record.text[a.start : a.end] == java_slice(path, a.id, record.text)
    assert {a.label for a in record.annotations} == {"Annotation"}  # plain uima.tcas.Annotation: its short name
    assert record.external_id == UIMAJ  # no DocumentMetaData: the file name


def test_inception_relation_file_keeps_crlf_and_links_governor_to_dependent(tmp_path):
    # relation_test.xmi sat beside INCEpTION's TypeSystem.xml in INCEpTION's test resources
    path = pair(tmp_path, "inception-relation_test.xmi", INCEPTION_TS)
    record = read_one(path)
    assert (
        record.text == "Darmstadt is in Hessen.\r\nHannover is in Lower Saxony."
    )  # &#13;&#10; kept; services normalise
    spans_by_id = {a.id: (a.label, record.text[a.start : a.end]) for a in record.annotations}
    assert sorted(spans_by_id.values()) == [
        ("city", "Darmstadt"),
        ("city", "Hannover"),
        ("state", "Hessen"),
        ("state", "Lower Saxony"),
    ]
    (relation,) = record.relations
    assert relation.type == "located in"
    assert (spans_by_id[relation.source], spans_by_id[relation.target]) == (("city", "Darmstadt"), ("state", "Hessen"))
    assert relation.line == 21 and record.warnings == []


# --- safety


XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
    '<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">'
    '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="&e;"/></xmi:XMI>\n'
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + ']>\n<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore">'
    '<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="&lol9;"/></xmi:XMI>\n'
)


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_dtds_and_entities_are_refused_before_anything_is_read(tmp_path, content):
    path = write_xmi(tmp_path, "")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert [(p.path, p.line, p.message) for p in info.value.problems] == [
        (str(path), 2, "XML with a DTD or entities is refused")
    ]
    assert "root:" not in str(info.value) and "lollol" not in str(info.value)


def test_a_type_system_with_an_entity_is_refused_too(tmp_path):
    path = write_xmi(tmp_path, "")
    ts = tmp_path / "TypeSystem.xml"
    ts.write_text(XXE.replace("xmi:XMI", "typeSystemDescription"), encoding="utf-8")
    assert problems_of(path) == [(str(ts), 2, "XML with a DTD or entities is refused")]


# --- broken inputs


def test_missing_type_system_is_named(tmp_path):
    path = tmp_path / "alone.xmi"
    shutil.copy(INTEROP / "inception-relation_test.xmi", path)
    assert problems_of(path) == [
        (str(path), None, "no TypeSystem.xml beside alone.xmi (an XMI cannot be read without its type system)")
    ]


def test_malformed_xml_names_the_line(tmp_path):
    path = write_xmi(tmp_path, '<custom:Topic xmi:id="2" sofa="1" begin="0" end="4">\n')  # never closed
    assert problems_of(path) == [(str(path), 6, "XML error at column 3: mismatched tag")]


def test_unknown_types_and_bad_offsets_are_all_reported_with_lines(tmp_path):
    body = (
        '<custom:Nope xmi:id="2" sofa="1" begin="0" end="4"/>\n'
        '<custom:Nope xmi:id="3" sofa="1" begin="0" end="4"/>\n'
        '<custom:Topic xmi:id="4" sofa="1" begin="zero" end="4"/>\n'
        '<custom:Topic sofa="1" begin="0" end="4"/>\n'
    )
    path = write_xmi(tmp_path, body)
    assert problems_of(path) == [
        (str(path), 4, "type webanno.custom.Nope is not declared in TypeSystem.xml"),
        (str(path), 6, "xmi:id 4: begin is not an integer: 'zero'"),
        (str(path), 7, "Topic has no integer xmi:id"),
    ]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", 1, "XML error at column 1: no element found"),
        (b"\x00\x01PK", 1, "XML error at column 1: not well-formed (invalid token)"),
        (b'<?xml version="1.0" encoding="bogus"?><a/>', 1, "XML error: unknown encoding: bogus"),
        (b"<a>" * 5000 + b"</a>" * 5000, 1, "XML error: Excessive depth in document: 256, use XML_PARSE_HUGE option"),
        (
            HEAD.encode() + b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" parse="text"/>'
            b'<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" sofaString="x"/></xmi:XMI>',
            3,
            "element {http://www.w3.org/2001/XInclude}include is not a UIMA feature structure",
        ),
        (HEAD.encode() + b"</xmi:XMI>", None, "no cas:Sofa element: the file holds no document text"),
    ],
    ids=["empty", "binary", "unknown-encoding", "deep", "xinclude", "no-sofa"],
)
def test_pathological_files_are_bad_input_not_a_crash(tmp_path, content, line, message):
    path = write_xmi(tmp_path, "")
    path.write_bytes(content)
    assert problems_of(path) == [(str(path), line, message)]


def test_dangling_reference_is_bad_input_not_a_crash(tmp_path):
    body = '<custom:Link xmi:id="2" sofa="1" begin="0" end="4" Governor="77" Dependent="78"/>\n'
    path = write_xmi(tmp_path, body, members="2")
    assert problems_of(path) == [(str(path), None, "not a valid UIMA CAS: KeyError: 77")]


def test_wrong_root_elements_are_refused(tmp_path):
    path = write_xmi(tmp_path, "")
    path.write_text("<?xml version='1.0'?>\n<html/>\n", encoding="utf-8")
    assert problems_of(path) == [(str(path), 2, "not a UIMA XMI file (root element is 'html')")]
    path = write_xmi(tmp_path, "")
    (tmp_path / "TypeSystem.xml").write_text("<typeSystem/>", encoding="utf-8")
    assert problems_of(path) == [
        (str(tmp_path / "TypeSystem.xml"), None, "not a UIMA type system (root element is 'typeSystem')")
    ]


# --- what becomes a span


def test_custom_layers_label_attributes_and_skips(tmp_path):
    body = (
        '<custom:Claim xmi:id="2" sofa="1" begin="0" end="4" Label="promise" confidence="3" checked="true" comment="" '
        'source="3"><tags>a b</tags><tags>c</tags></custom:Claim>\n'
        '<custom:Topic xmi:id="3" sofa="1" begin="8" end="12"/>\n'  # UTF-16 8..12 = "said" after the emoji
        '<type4:Token xmi:id="4" sofa="1" begin="0" end="4"/>\n'
        '<custom:Topic xmi:id="5" sofa="1" begin="5" end="5"/>\n'
        '<custom:Link xmi:id="6" sofa="1" begin="0" end="4" Governor="2" Dependent="4"/>\n'
        '<custom:Link xmi:id="7" sofa="1" begin="8" end="12" Governor="2" Dependent="3"/>\n'
        '<custom:Topic xmi:id="8" sofa="1" begin="0" end="4"/>\n'  # not a view member: unindexed, ignored
    )
    path = write_xmi(tmp_path, body, members="2 3 4 5 6 7")
    record = read_one(path)
    claim, topic = record.annotations
    assert (claim.label, record.text[claim.start : claim.end], claim.attributes) == (
        "promise",
        "Kyiv",
        {"confidence": "3", "checked": "true", "tags": '["a b", "c"]'},
    )
    assert (topic.label, record.text[topic.start : topic.end], topic.line) == ("Topic", "said", 5)
    assert [(r.type, r.source, r.target, r.line) for r in record.relations] == [("Link", "2", "3", 9)]
    assert record.warnings == [
        f"{path}:4: feature source of Claim is a reference, not imported",
        f"{path}:7: zero-length Topic (xmi:id 5) skipped",
        f"{path}:8: Link (xmi:id 6) skipped: its Governor or Dependent is not an imported span",
    ]


def test_an_offset_inside_a_surrogate_pair_is_refused_with_its_xmi_id(tmp_path):
    # 😀 is UTF-16 5..7: begin 6 and end 6 fall between its halves; the span was once silently widened over it
    body = (
        '<custom:Topic xmi:id="2" sofa="1" begin="6" end="11"/>\n'
        '<custom:Topic xmi:id="3" sofa="1" begin="0" end="6"/>\n'
        '<custom:Topic xmi:id="4" sofa="1" begin="5" end="7"/>\n'  # the whole emoji: fine
    )
    path = write_xmi(tmp_path, body, members="2 3 4")
    assert problems_of(path) == [
        (str(path), 4, "Topic (xmi:id 2): begin 6 splits a character (UTF-16 surrogate pair)"),
        (str(path), 5, "Topic (xmi:id 3): end 6 splits a character (UTF-16 surrogate pair)"),
    ]
    path.write_text(
        path.read_text(encoding="utf-8").replace('begin="6"', 'begin="7"').replace('end="6"', 'end="7"'),
        encoding="utf-8",
    )
    assert [(a.start, a.end) for a in read_one(path).annotations] == [(0, 6), (5, 6), (6, 10)]


# --- writing


def document(text: str, *annotations: AnnotationRecord, relations=(), **extra) -> DocumentRecord:
    return DocumentRecord(
        text=text,
        external_id=extra.pop("external_id", "doc-1"),
        title=extra.pop("title", "A title"),
        annotations=list(annotations),
        relations=list(relations),
        **extra,
    )


def test_export_folder_holds_one_xmi_per_document_and_the_type_system(tmp_path):
    docs = [
        document("one 😀 two", AnnotationRecord("actor", 4, 5, id="a")),
        document("three", external_id="doc/2"),
        document("four"),
    ]
    out = tmp_path / "export"
    report = FORMAT.write(iter(docs), out)
    assert sorted(p.name for p in out.iterdir()) == ["TypeSystem.xml", "doc-1-2.xmi", "doc-1.xmi", "doc_2.xmi"]
    assert (report.documents, report.annotations, report.lost) == (3, 1, {})
    assert report.files[-1] == out / "TypeSystem.xml"
    assert (
        etree.parse(str(out / "TypeSystem.xml")).getroot().tag
        == "{http://uima.apache.org/resourceSpecifier}typeSystemDescription"
    )
    assert read_one(out / "doc_2.xmi").external_id == "doc/2"


def test_written_offsets_are_utf16_units_and_relations_copy_the_dependent(tmp_path):
    text = "🇺🇦 Kyiv: 😀 Rasmussen said NATO must act."
    actor = AnnotationRecord("actor", text.index("Rasmussen"), text.index(" said"), id="a1")
    quote = AnnotationRecord("quote", text.index("NATO"), len(text), id="a2")
    FORMAT.write([document(text, actor, quote, relations=[RelationRecord("speaker", "a2", "a1")])], tmp_path)
    root = etree.parse(str(tmp_path / "doc-1.xmi")).getroot()
    by_tag = {etree.QName(e).localname: e for e in root}
    units = Utf16Map(text)
    spans_written = [(int(e.get("begin")), int(e.get("end"))) for e in root if etree.QName(e).localname == "Span"]
    assert spans_written == [units.span_to_utf16(actor.start, actor.end), units.span_to_utf16(quote.start, quote.end)]
    assert actor.start == 11 and spans_written[0] == (
        14,
        23,
    )  # three astral characters before: 11 code points, 14 units
    relation = by_tag["SpanRelation"]
    assert (relation.get("begin"), relation.get("end")) == ("14", "23")  # INCEpTION: a relation sits on its dependent
    assert (relation.get("label"), relation.get("Governor"), relation.get("Dependent")) == ("speaker", "4", "3")
    meta = by_tag["DocumentMetaData"]
    assert (meta.get("documentId"), meta.get("documentTitle"), meta.get("end")) == (
        "doc-1",
        "A title",
        str(utf16_length(text)),
    )


def test_newlines_tabs_and_notes_survive_as_character_references(tmp_path):
    text = "first line\n\tindented\nlast"
    ann = AnnotationRecord("quote", 11, 20, id="q", attributes={"mode": "direct"}, note="check\nthis")
    FORMAT.write([document(text, ann)], tmp_path)
    raw = (tmp_path / "doc-1.xmi").read_text(encoding="utf-8")
    assert 'sofaString="first line&#10;&#9;indented&#10;last"' in raw and 'note="check&#10;this"' in raw
    record = read_one(tmp_path / "doc-1.xmi")
    assert record.text == text and (record.title, record.external_id) == ("A title", "doc-1")
    (back,) = record.annotations
    assert (back.label, back.start, back.end, back.attributes, back.note) == (
        "quote",
        11,
        20,
        {"mode": "direct"},
        "check\nthis",
    )


def test_attribute_names_that_are_not_java_identifiers_come_back_exactly(tmp_path):
    attrs = {"type": "weapons_supply", "label": "x", "note": "y", "kind of": "z", "2nd": "", " pad ": "w", "Type": "v"}
    FORMAT.write([document("Kyiv and Vilnius", AnnotationRecord("guarantee_type", 0, 4, attributes=attrs))], tmp_path)
    features = [e.text for e in etree.parse(str(tmp_path / "TypeSystem.xml")).iter("{*}name")]
    assert {"type_", "label_", "note_", "kind_of", "a_2nd", "a__pad_", "Type_2"} <= set(features)
    (back,) = read_one(tmp_path / "doc-1.xmi").annotations
    assert back.attributes == attrs and back.label == "guarantee_type"


def test_type_system_grows_while_streaming_and_fits_every_file(tmp_path):
    docs = [
        document("one two", AnnotationRecord("actor", 0, 3, attributes={"kind": "state"}), external_id="a"),
        document("three four", AnnotationRecord("quote", 0, 5, attributes={"mode": "direct"}), external_id="b"),
    ]
    FORMAT.write(docs, tmp_path)
    assert read_one(tmp_path / "a.xmi").annotations[0].attributes == {"kind": "state"}
    assert read_one(tmp_path / "b.xmi").annotations[0].attributes == {"mode": "direct"}


def test_what_xmi_cannot_hold_is_reported(tmp_path):
    docs = [
        document(
            "Form\x0cfeed text",
            AnnotationRecord("actor", 0, 4, id="a", note="bell\x07"),
            relations=[RelationRecord("speaker", "a", "gone")],
            meta={"date": "2023-06-16", "source": "x"},
        ),
        DocumentRecord(text=None, external_id="spans-only"),
    ]
    report = FORMAT.write(docs, tmp_path)
    assert report.lost == {
        "metadata fields": 2,
        "control characters XML cannot hold (written as U+FFFD)": 1,
        "relations to annotations not exported": 1,
        "documents without text": 1,
    }
    assert report.examples["relations to annotations not exported"] == ["doc-1: speaker a -> gone"]
    record = read_one(tmp_path / "doc-1.xmi")
    assert record.text == "Form\ufffdfeed text" and record.annotations[0].note == "bell\ufffd"


# --- the round-trip property


@st.composite
def exports(draw):
    text = draw(texts())
    labels = st.sampled_from(["quote", "actor", "guarantee_type", "condition"]) | st.text(min_size=1, max_size=4)
    keys = st.sampled_from(["kind", "mode", "type", "label", "a b", "Type"]) | st.text(max_size=4)
    annotations = [
        AnnotationRecord(
            draw(labels),
            start,
            end,
            id=f"a{i}",
            attributes=draw(st.dictionaries(keys, st.text(max_size=4), max_size=3)),
            note=draw(st.text(max_size=5)),
        )
        for i, (start, end) in enumerate(draw(spans(text)))
    ]
    ids = [a.id for a in annotations]
    relations = []
    if ids:
        for source, target in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=3)):
            relations.append(RelationRecord(draw(labels), source, target))
    meta = draw(st.dictionaries(st.sampled_from(["date", "source"]), st.just("x"), max_size=2))
    return document(text, *annotations, relations=relations, meta=meta)


def xml_safe(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def comparable(record: DocumentRecord) -> tuple[Counter, Counter]:
    key = {a.id: (a.label, a.start, a.end, tuple(sorted(a.attributes.items())), a.note) for a in record.annotations}
    return Counter(key.values()), Counter((r.type, key[r.source], key[r.target]) for r in record.relations)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(doc=exports())
def test_round_trip_keeps_every_span_and_reports_exactly_what_was_lost(tmp_path_factory, doc):
    out = tmp_path_factory.mktemp("xmi")
    report = FORMAT.write([doc], out)
    record = read_one(out / "doc-1.xmi")

    cleaned = [doc.text, doc.title] + [
        s for a in doc.annotations for s in (a.label, a.note, *a.attributes, *a.attributes.values())
    ]
    cleaned += [r.type for r in doc.relations]
    expected_lost = {"metadata fields": len(doc.meta)} if doc.meta else {}
    if any(NOT_XML.search(s) for s in cleaned):
        expected_lost["control characters XML cannot hold (written as U+FFFD)"] = 1
    assert report.lost == expected_lost
    assert (report.documents, report.annotations) == (1, len(doc.annotations))

    assert record.text == xml_safe(doc.text)  # CR, CRLF, tabs, U+2028 exactly as written
    expected = document(
        xml_safe(doc.text),
        *[
            AnnotationRecord(
                xml_safe(a.label),
                a.start,
                a.end,
                id=a.id,
                note=xml_safe(a.note),
                attributes={xml_safe(k): xml_safe(v) for k, v in a.attributes.items()},
            )
            for a in doc.annotations
        ],
        relations=[RelationRecord(xml_safe(r.type), r.source, r.target) for r in doc.relations],
    )
    assert comparable(record) == comparable(expected)
    assert not record.warnings

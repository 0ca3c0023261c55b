"""The catalogue of bad inputs: each builder writes one bad input into an empty folder and says what the error must name.

Every case runs through the real command line (`annotator import ... --db PROJECT`) against a project
that already holds a document, so "nothing changed" means something. A case says which file the
error line must name, and which line where the format has lines.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

INTEROP = Path(__file__).resolve().parents[1] / "data" / "interop"
MB = 1 << 20
HUGE = 200 * MB


@dataclass
class Case:
    args: list  # after `annotator import`, before `--db`
    file: Path | str | None  # the file the error must name; None: an option error that names no file
    line: int | None = None  # the line it must name; None: the error names no line (the format has none there)
    message: str = r"\S"  # a regular expression the message must contain
    db: Path | None = None  # a bad project database given as --db, instead of the seeded project
    secret: str | None = None  # must appear nowhere in the output or the project (what an XML entity points at)
    skip: str | None = None  # why this case cannot run here
    cleanup: list[Path] = field(default_factory=list)  # huge files to delete afterwards


Builder = Callable[[Path], Case]
CASES: list[Builder] = []


def case(builder: Builder) -> Builder:
    CASES.append(builder)
    return builder


def w(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(path: Path, *records: object) -> Path:
    return w(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


TEXT = "Kyiv asked NATO for guarantees.\n"
GOOD = {
    "id": "good",
    "text": TEXT,
    "annotations": [{"id": "a1", "label": "actor", "start": 0, "end": 4, "text": "Kyiv"}],
}


def with_span(**fields) -> dict:
    """A document whose one annotation has `fields` instead of the good ones."""
    annotation = {"id": "a1", "label": "actor", "start": 0, "end": 4, **fields}
    return {"id": "bad", "text": "Short text.", "annotations": [annotation]}


# --- encodings, binary and empty files


@case
def invalid_utf8_in_txt(d):
    path = w(d / "latin1.txt", "Kyiv\nNATO summit\nCaf\xe9 talk\n".encode("latin-1"))
    return Case([path], path, 3, r"not valid UTF-8 \(byte 0xe9 at column 4\).*--encoding")


@case
def invalid_utf8_inside_a_jsonl_string(d):
    path = w(d / "bytes.jsonl", json.dumps(GOOD).encode() + b'\n{"id": "x", "text": "caf\xff"}\n')
    return Case([path], path, 2, r"not valid UTF-8 \(byte 0xff")


@case
def utf16_txt_without_bom(d):
    path = w(d / "utf16.txt", "Kyiv asked NATO.\n".encode("utf-16-le"))
    return Case([path], path, None, r"binary file, not text")


@case
def utf16_jsonl_without_bom(d):
    path = w(d / "utf16.jsonl", (json.dumps(GOOD) + "\n").encode("utf-16-be"))
    return Case([path], path, None, r"binary file, not text")


@case
def utf16_with_bom_but_odd_length(d):
    path = w(d / "odd.txt", codecs.BOM_UTF16_LE + "line one\nline two".encode("utf-16-le") + b"\x00")
    return Case([path], path, 2, r"not valid UTF-16")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("articles.jsonl", json.dumps(GOOD) + "\n")
    return buffer.getvalue()


@case
def png_image_named_txt(d):
    path = w(d / "photo.txt", PNG)
    return Case([path], path, None, r"binary file, not text")


@case
def zip_archive_named_jsonl(d):
    path = w(d / "articles.jsonl", zip_bytes())
    return Case([path], path, None, r"binary file, not text")


@case
def zip_archive_named_labelstudio_json(d):
    path = w(d / "export.json", zip_bytes())
    return Case([path], path, None, r"binary file, not text")


@case
def png_image_named_xmi(d):
    shutil.copy(
        INTEROP / "uima_xmi" / "uimaj-casWithEmojiUnicodeTextAndAnnotations-typesystem.xml", d / "TypeSystem.xml"
    )
    path = w(d / "photo.xmi", PNG)
    return Case([path], path, 1, r"XML error")


@case
def png_image_named_csv(d):
    path = w(d / "spans.csv", PNG)
    return Case([path], path, None, r"binary file, not text")


@case
def empty_txt(d):
    path = w(d / "empty.txt", b"")
    return Case([path], path, None, r"empty file")


@case
def blank_lines_only_txt(d):
    path = w(d / "blank.txt", " \n\t\n\r\n")
    return Case([path], path, None, r"empty file")


@case
def date_header_without_text(d):
    path = w(d / "header.txt", " date 2023-06-16 09:52 Kyiv, Ukraine\n\n")
    return Case([path], path, 1, r"only a date header")


@case
def empty_csv(d):
    path = w(d / "spans.csv", b"")
    return Case([path], path, None, r"empty file, no header row")


@case
def empty_brat_pair(d):
    w(d / "doc.txt", b"")
    path = w(d / "doc.ann", b"")
    return Case([path], path, None, r"document has no text")


# --- huge files: refused or streamed without holding them in memory


@case
def jsonl_of_200_mb_broken_on_line_2(d):
    path = d / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(b'{"id": "huge", "text": "')
        block = b"Kyiv asked NATO for guarantees. " * (MB // 32)
        for _ in range(HUGE // len(block)):
            handle.write(block)
        handle.write(b'"}\n{"id": "broken", "text": \n')
    return Case([path], path, 2, r"not valid JSON", cleanup=[path])


@case
def txt_of_200_mb_of_nul_bytes(d):
    path = d / "zeros.txt"
    with open(path, "wb") as handle:
        handle.truncate(HUGE)  # sparse: made instantly, reads as NULs
    return Case([path], path, None, r"binary file|too large", cleanup=[path])


@case
def csv_of_200_mb_with_a_bad_last_row(d):
    path = d / "spans.csv"
    with open(path, "wb") as handle:
        handle.write(b"document_id,label,start,end\n")
        block = b"seed,actor,0,4\n" * (MB // 15)
        for _ in range(HUGE // len(block)):
            handle.write(block)
        handle.write(b"seed,actor,zero,4\n")
    return Case([path], path, None, r"too large", cleanup=[path])


# --- files that cannot be read


@case
def folder_with_an_unreadable_file(d):
    folder = d / "articles"
    w(folder / "good.txt", TEXT)
    locked = w(folder / "locked.txt", "Another article.\n")
    locked.chmod(0)
    skip = None
    if os.access(locked, os.R_OK):
        skip = "running as root (or with CAP_DAC_OVERRIDE): chmod 000 does not stop this user from reading the file"
    return Case([folder], locked, None, r"(?i)cannot read.*permission denied", skip=skip)


@case
def named_pipe_given_as_a_file(d):
    pipe = d / "articles.jsonl"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    return Case([pipe], pipe, None, r"not a regular file")


@case
def device_given_as_a_file(d):
    link = d / "zero.txt"
    link.symlink_to("/dev/zero")  # reading it would never end
    return Case([link], link, None, r"not a regular file")


@case
def missing_file(d):
    path = d / "nowhere" / "articles.jsonl"
    return Case([path], path, None, r"no such file")


# --- JSON Lines (the native format)


@case
def jsonl_broken_line_3(d):
    path = w(
        d / "broken.jsonl",
        json.dumps(GOOD)
        + "\n"
        + json.dumps({"id": "two", "text": "Second."})
        + '\n{"id": "three", "text": "no closing brace"\n',
    )
    return Case([path], path, 3, r"not valid JSON")


@case
def jsonl_span_end_beyond_the_text(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(end=99))
    return Case([path], path, 2, r"span 0-99 ends beyond the text \(11 characters\)")


@case
def jsonl_span_start_after_end(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(start=6, end=2))
    return Case([path], path, 2, r"span 6-2 is empty or reversed")


@case
def jsonl_span_negative_start(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(start=-3))
    return Case([path], path, 2, r"negative offset")


@case
def jsonl_span_float_offset(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(end=4.0))
    return Case([path], path, 2, r'"end" is not an integer: 4\.0')


@case
def jsonl_span_string_offset(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(start="0"))
    return Case([path], path, 2, r'"start" is not an integer: "0"')


@case
def jsonl_span_boolean_offset(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(start=False))
    return Case([path], path, 2, r'"start" is not an integer: false')


@case
def jsonl_span_text_does_not_match_offsets(d):
    path = jsonl(d / "span.jsonl", GOOD, with_span(text="Long"))
    return Case([path], path, 2, r"span 0-4 covers 'Shor' but the file says 'Long'")


@case
def jsonl_duplicate_annotation_ids(d):
    record = with_span()
    record["annotations"].append({"id": "a1", "label": "quote", "start": 6, "end": 10})
    path = jsonl(d / "dup.jsonl", GOOD, record)
    return Case([path], path, 2, r"duplicate annotation id 'a1'")


@case
def jsonl_duplicate_document_ids_with_different_texts(d):
    path = jsonl(d / "dup.jsonl", GOOD, {"id": "same", "text": "First text."}, {"id": "same", "text": "Another text."})
    return Case([path], path, 3, r"document id 'same' names two different texts in this file")


@case
def jsonl_that_is_one_json_array(d):
    path = w(d / "array.jsonl", json.dumps([GOOD, GOOD], indent=2))
    return Case([path], path, 1, r"not valid JSON")


@case
def jsonl_line_that_is_a_list(d):
    path = w(d / "list.jsonl", json.dumps(GOOD) + '\n["Kyiv", "NATO"]\n')
    return Case([path], path, 2, r"not a JSON object but a list")


@case
def jsonl_label_that_is_not_a_string(d):
    path = jsonl(d / "label.jsonl", GOOD, with_span(label=5))
    return Case([path], path, 2, r'"label" is not a string but a number')


@case
def jsonl_attributes_that_are_not_an_object(d):
    path = jsonl(d / "attrs.jsonl", GOOD, with_span(attributes=["kind", "person"]))
    return Case([path], path, 2, r'"attributes" is not an object but a list')


@case
def jsonl_text_that_is_not_a_string(d):
    path = jsonl(d / "text.jsonl", GOOD, {"id": "n", "text": 42})
    return Case([path], path, 2, r'missing or non-string "text"')


@case
def jsonl_relation_to_a_missing_annotation(d):
    record = with_span()
    record["relations"] = [{"id": "r1", "type": "speaker", "from": "a1", "to": "a9"}]
    path = jsonl(d / "rel.jsonl", GOOD, record)
    return Case([path], path, 2, r"names no annotation of this document: 'a9'")


@case
def jsonl_lone_surrogate_in_text(d):
    path = w(d / "surrogate.jsonl", json.dumps(GOOD) + '\n{"id": "s", "text": "emoji half \\ud83d here"}\n')
    return Case([path], path, 2, r"half of a surrogate pair")


@case
def jsonl_nested_too_deeply(d):
    path = w(d / "deep.jsonl", json.dumps(GOOD) + "\n" + "[" * 200_000 + "]" * 200_000 + "\n")
    return Case([path], path, 2, r"nested too deeply")


@case
def jsonl_integer_of_5000_digits(d):
    path = w(
        d / "long.jsonl",
        json.dumps(GOOD)
        + '\n{"id": "n", "text": "Short text.", "annotations": [{"label": "x", "start": '
        + "9" * 5000
        + ', "end": 4}]}\n',
    )
    return Case([path], path, 2, r"number is too long")


# --- brat standoff


def brat(d: Path, ann: str, text: str = TEXT) -> Path:
    w(d / "article.txt", text)
    return w(d / "article.ann", ann)


@case
def brat_unknown_line_type(d):
    path = brat(d, "T1\tactor 0 4\tKyiv\nX1\tsomething 0 4\n")
    return Case([path], path, 2, r"unknown line type 'X1'")


@case
def brat_offsets_past_the_end(d):
    path = brat(d, "T1\tactor 0 4\tKyiv\nT2\tactor 20 400\tNATO\n")
    return Case([path], path, 2, r"span 20-400 ends beyond the text")


@case
def brat_fragment_ending_before_it_starts(d):
    path = brat(d, "T1\tactor 10 4\tKyiv\n")
    return Case([path], path, 1, r"ends before it starts")


@case
def brat_covered_text_does_not_match(d):
    path = brat(d, "T1\tactor 0 4\tKyiv\nT2\tactor 11 15\tEU\n")
    return Case([path], path, 2, r"covers 'NATO' but the file says 'EU'")


@case
def brat_duplicate_ids(d):
    path = brat(d, "T1\tactor 0 4\tKyiv\nT1\tactor 11 15\tNATO\n")
    return Case([path], path, 2, r"duplicate id 'T1'")


@case
def brat_malformed_relation(d):
    path = brat(d, "T1\tactor 0 4\tKyiv\nT2\tactor 11 15\tNATO\nR1\tasks Arg1:T1\n")
    return Case([path], path, 3, r"malformed relation")


@case
def brat_without_its_text_file(d):
    path = w(d / "lonely.ann", "T1\tactor 0 4\tKyiv\n")
    return Case([path], path, None, r"no text file lonely\.txt")


# --- CoNLL / IOB


@case
def conll_ragged_columns(d):
    path = w(d / "ragged.conll", "Kyiv NNP B-GPE O\nasked VBD O O\nNATO NNP B-ORG\n. . O O\n")
    return Case([path], path, 3, r"3 columns, but line 1 has 4")


@case
def conll_tag_that_is_not_iob(d):
    path = w(d / "tags.conll", "Kyiv B-GPE\nasked O\nNATO X-ORG\n")
    return Case([path], path, 3, r"tag 'X-ORG' is not O or a B-")


@case
def conll_line_without_a_tag(d):
    path = w(d / "one.conll", "Kyiv B-GPE\nasked\nNATO B-ORG\n")
    return Case([path], path, 2, r"one column only")


# --- UIMA CAS XMI


XMI_BODY = (
    '<xmi:XMI xmlns:tcas="http:///uima/tcas.ecore" xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0">\n'
    '    <cas:NULL xmi:id="0"/>\n'
    '    <tcas:Annotation xmi:id="2" sofa="1" begin="0" end="{end}"/>\n'
    '    <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="{text}"/>\n'
    '    <cas:View sofa="1" members="2"/>\n'
    "</xmi:XMI>\n"
)


def xmi(d: Path, doctype: str = "", text: str = "Kyiv asked NATO.", end: int = 4, name: str = "article.xmi") -> Path:
    shutil.copy(
        INTEROP / "uima_xmi" / "uimaj-casWithEmojiUnicodeTextAndAnnotations-typesystem.xml", d / "TypeSystem.xml"
    )
    return w(
        d / name,
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + doctype
        + XMI_BODY.replace("{end}", str(end)).replace("{text}", text),
    )


SECRET = "TOP-SECRET-b7e1c2: the analysts' passwords"

LAUGHS = (
    "<!DOCTYPE xmi:XMI [\n"
    '  <!ENTITY lol "lol">\n'
    + "".join(f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


@case
def xmi_with_an_external_entity(d):
    secret = w(d / "secret.txt", SECRET)
    path = xmi(d, f'<!DOCTYPE xmi:XMI [\n  <!ENTITY leak SYSTEM "{secret.as_uri()}">\n]>\n', text="&leak;")
    return Case([path], path, 2, r"DTD or entities is refused", secret=SECRET)


@case
def xmi_with_an_external_dtd(d):
    path = xmi(d, '<!DOCTYPE xmi:XMI SYSTEM "http://example.invalid/xmi.dtd">\n')
    return Case([path], path, 2, r"DTD or entities is refused")


@case
def xmi_billion_laughs(d):
    path = xmi(d, LAUGHS, text="&lol9;")
    return Case([path], path, 2, r"DTD or entities is refused")


@case
def xmi_typesystem_with_an_external_entity(d):
    secret = w(d / "secret.txt", SECRET)
    path = xmi(d)
    typesystem = d / "TypeSystem.xml"
    original = typesystem.read_text(encoding="utf-8").split("\n", 1)
    typesystem.write_text(
        f'{original[0]}\n<!DOCTYPE typeSystemDescription [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
        + original[1].replace("<description/>", "<description>&leak;</description>", 1),
        encoding="utf-8",
    )
    return Case([path], typesystem, 2, r"DTD or entities is refused", secret=SECRET)


@case
def xmi_without_a_type_system(d):
    path = w(d / "alone.xmi", '<?xml version="1.0"?>\n' + XMI_BODY.replace("{end}", "4").replace("{text}", "Kyiv"))
    return Case([path], path, None, r"no TypeSystem\.xml")


@case
def xmi_cut_off_in_the_middle(d):
    path = xmi(d)
    path.write_bytes(path.read_bytes()[:300])
    return Case([path], path, path.read_bytes().count(b"\n") + 1, r"XML error")


@case
def xmi_span_past_the_end(d):
    path = xmi(d, end=400)
    return Case([path], path, 4, r"ends beyond the text")


# --- Label Studio


def ls_task(**value) -> dict:
    region = {
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 4, "text": "Kyiv", "labels": ["GPE"], **value},
    }
    return {"id": 1, "data": {"text": TEXT}, "annotations": [{"result": [region]}]}


@case
def labelstudio_object_instead_of_a_list(d):
    path = w(d / "export.json", json.dumps({"tasks": [ls_task()]}))
    return Case([path], path, None, r"expected a list of tasks \(a JSON array\), found an object")


@case
def labelstudio_invalid_json(d):
    path = w(d / "export.json", json.dumps([ls_task()], indent=1)[:-20])
    return Case([path], path, len(json.dumps([ls_task()], indent=1)[:-20].splitlines()), r"not valid JSON")


@case
def labelstudio_task_without_text(d):
    path = w(d / "export.json", json.dumps([ls_task(), {"id": 2, "data": {"image": 7}}]))
    return Case([path], path, None, r"task 2: no text")


@case
def labelstudio_offset_that_is_not_an_integer(d):
    path = w(d / "export.json", json.dumps([ls_task(start="/p[1]/text()[1]")]))
    return Case([path], path, None, r'task 1: result 1: "start" is not an integer')


@case
def labelstudio_region_past_the_end(d):
    content = json.dumps([ls_task(), ls_task(start=20, end=400, text="x")], indent=2)  # as Label Studio pretty-prints
    second = content.index('{\n    "id": 1', 10)
    path = w(d / "export.json", content)
    return Case([path], path, content.count("\n", 0, second) + 1, r"span 20-400 ends beyond the text")


@case
def labelstudio_title_with_a_lone_surrogate(d):
    task = ls_task()
    task["data"]["title"] = "Kyiv \ud83d"
    path = w(d / "export.json", json.dumps([task]))
    return Case([path], path, None, r"task 1: data\['title'\] holds half of a surrogate pair")


@case
def labelstudio_relation_label_with_a_lone_surrogate(d):
    task = ls_task()
    result = task["annotations"][0]["result"]
    result.append({**result[0], "id": "r2", "value": {"start": 11, "end": 15, "text": "NATO", "labels": ["ORG"]}})
    result.append({"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right", "labels": ["asks\udc00"]})
    path = w(d / "export.json", json.dumps([task]))
    return Case([path], path, None, r"task 1: relation r1 -> r2: a label holds half of a surrogate pair")


# --- doccano


@case
def doccano_record_without_text(d):
    path = Path(shutil.copy(INTEROP / "doccano" / "import_sequence_labeling_with_meta.jsonl", d / "with_meta.jsonl"))
    return Case([path], path, 3, r'record has no "text"')


@case
def doccano_label_that_is_not_a_triple(d):
    path = jsonl(d / "doccano.jsonl", {"text": TEXT, "label": [[0, 4, "GPE"]]}, {"text": TEXT, "label": [[0, 4]]})
    return Case([path], path, 2, r'"label" item 1 is not \[start, end, "label"\]')


@case
def doccano_offset_inside_an_emoji(d):
    path = jsonl(d / "doccano.jsonl", {"text": "\U0001f600 Kyiv", "label": [[1, 7, "GPE"]]})
    return Case([path], path, 1, r"offset 1 splits a character")


# --- CSV spans


@case
def csv_missing_columns(d):
    path = w(d / "spans.csv", "document_id,label,text\nseed,actor,Kyiv\n")
    return Case([path], path, 1, r"missing columns: start, end")


@case
def csv_offset_that_is_not_an_integer(d):
    path = w(d / "spans.csv", "document_id,label,start,end\nseed,actor,0,4\nseed,actor,zero,4\n")
    return Case([path], path, 3, r"start is not an integer: 'zero'")


@case
def csv_row_with_too_few_fields(d):
    path = w(d / "spans.csv", "document_id,label,start,end\nseed,actor,0,4\nseed,actor,0\n")
    return Case([path], path, 3, r"row has 3 fields, the header has 4")


@case
def csv_unclosed_quote(d):
    path = w(d / "spans.csv", 'document_id,label,start,end,text\nseed,actor,0,4,"Kyiv\n')
    return Case([path], path, 2, r"not valid CSV: unexpected end of data")


@case
def csv_spans_of_a_document_not_in_the_project(d):
    path = w(d / "spans.csv", "document_id,label,start,end\nseed,actor,0,4\nelsewhere,actor,0,4\n")
    return Case([path], path, 3, r"document 'elsewhere' is not in the project")


# --- project databases: --db that is not a usable project, and project files imported as input


def project_copy(d: Path, template: Path, name: str) -> Path:
    target = d / name
    shutil.copyfile(template, target)
    return target


@case
def db_that_is_not_sqlite(d):
    db = w(d / "notes.sqlite", b"These are my notes, not a database.\n" * 200)
    article = w(d / "article.txt", TEXT)
    return Case([article], db, None, r"not an Annotator database", db=db)


@case
def db_that_is_truncated(d, template):
    db = project_copy(d, template, "cut.sqlite")
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3])
    article = w(d / "article.txt", TEXT)
    return Case([article], db, None, r"not an Annotator database \(not SQLite, or damaged\)", db=db)


@case
def db_from_a_newer_version(d, template):
    db = project_copy(d, template, "newer.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    article = w(d / "article.txt", TEXT)
    return Case([article], db, None, r"newer version of Annotator \(schema ffff\)", db=db)


@case
def truncated_project_file_imported_as_input(d, template):
    source = project_copy(d, template, "colleague.sqlite")
    data = source.read_bytes()
    source.write_bytes(data[: len(data) // 3])
    return Case([source], source, None, r"damaged")


@case
def newer_project_file_imported_as_input(d, template):
    source = project_copy(d, template, "colleague.sqlite")
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.close()
    return Case([source], source, None, r"newer version of Annotator")


# --- options, folders, mixtures


@case
def unknown_format_option(d):
    path = jsonl(d / "a.jsonl", GOOD)
    return Case([path, "--format", "docx"], None, None, r"unknown format 'docx'; known formats: txt, ")


@case
def unknown_encoding_option(d):
    path = w(d / "a.txt", TEXT)
    return Case([path, "--encoding", "no-such-codec"], path, None, r"unknown encoding 'no-such-codec'")


@case
def bytes_codec_as_encoding(d):
    path = w(d / "a.txt", TEXT)
    return Case([path, "--encoding", "base64"], path, None, r"not a text encoding")


@case
def text_to_text_codec_as_encoding(d):
    path = w(d / "a.jsonl", json.dumps(GOOD) + "\n")
    return Case([path, "--encoding", "rot13"], path, None, r"'rot-13' is not a text encoding")


@case
def encoding_that_cannot_decode_the_file(d):
    path = w(d / "a.txt", TEXT)
    return Case([path, "--encoding", "punycode"], path, None, r"not valid punycode")


@case
def file_with_an_unknown_extension(d):
    path = w(d / "report.docx", zip_bytes())
    return Case([path], path, None, r"cannot tell the format.*--format")


@case
def folder_with_nothing_importable(d):
    folder = d / "downloads"
    w(folder / "photo.png", PNG)
    w(folder / "notes.docx", zip_bytes())
    w(folder / ".hidden.txt", TEXT)
    return Case([folder], folder, None, r"no file here that Annotator can import")


@case
def folder_of_good_files_and_one_bad(d):
    folder = d / "batch"
    w(folder / "a-good.txt", "A good article about Kyiv.\n")
    jsonl(folder / "b-good.jsonl", GOOD)
    bad = jsonl(folder / "c-bad.jsonl", GOOD, with_span(end=99))
    w(folder / "d-good.txt", "Another good article.\n")
    return Case([folder], bad, 2, r"ends beyond the text")


@case
def good_file_named_with_a_bad_one(d):
    good = w(d / "good.txt", "A good article about Kyiv.\n")
    bad = w(d / "bad.conll", "Kyiv B-GPE\nasked O O\n")
    return Case([good, bad], bad, 2, r"columns")

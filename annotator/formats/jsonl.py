"""The native, lossless exchange format: one JSON document with its annotations and relations per line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats._json_lines import first_record, read_records, write_records
from annotator.formats._json_values import INVALID, kind, parse_fast, parse_line, show
from annotator.formats._text import has_lone_surrogate, string_values
from annotator.formats.base import ExportReport, Format

_SLICE = 1 << 20  # characters of a line encoded at a time when looking for surrogates (a line may be huge)


class JsonlFormat:
    name = "jsonl"
    description = "native JSON Lines: one document with its annotations and relations per line (lossless)"
    extensions: tuple[str, ...] = (".jsonl", ".ndjson")
    writes_folder = False
    one_set = False

    def sniff(self, path: Path) -> bool:
        """Native unless the first record is in one of doccano's shapes (`label`/`labels`/`entities`, or text under `data`)."""
        try:
            record = first_record(path)
        except (OSError, ValueError):
            return True  # not readable as JSON at all: let the native reader report why
        if not isinstance(record, dict):
            return True
        if "annotations" in record:
            return True
        doccano_text_under_data = "text" not in record and isinstance(record.get("data"), str)
        return not ({"label", "labels", "entities"} & set(record)) and not doccano_text_under_data

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """The records of the file, streamed; every bad line is reported together once the file is read."""
        return read_records(Path(path), encoding, _document, _plain_line)

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        report = ExportReport()
        return write_records(documents, out, _encode, report, count_annotations=True)


def _encode(doc: DocumentRecord) -> dict[str, Any]:
    text = doc.text or ""
    encoded = {
        "id": doc.external_id,
        "title": doc.title,
        "text": text,
        "meta": doc.meta,  # the encoder only reads: no copies
        "annotations": [
            {
                "id": a.id,
                "analyst": a.analyst,
                "label": a.label,
                "start": a.start,
                "end": a.end,
                "text": text[a.start : a.end],
                "attributes": a.attributes,
                "note": a.note,
            }
            for a in doc.annotations
        ],
        "relations": [
            {"id": r.id, "analyst": r.analyst, "type": r.type, "from": r.source, "to": r.target} for r in doc.relations
        ],
    }
    if doc.statuses:  # each analyst's progress on the document (in_progress / done)
        encoded["status"] = dict(doc.statuses)
    return encoded


def _plain_line(line: bytes, number: int) -> DocumentRecord | None:
    """The record of a UTF-8 line parsed by orjson with nothing to check further (see `_plain_document`), else None."""
    fast = parse_fast(line)
    return _plain_document(fast, number) if type(fast) is dict else None


def _document(line: str, number: int, errors: list[str]) -> DocumentRecord | None:
    fast = parse_fast(line)
    if type(fast) is dict:
        record = _plain_document(fast, number)
        if record is not None:  # nearly every line: every field of the expected type, nothing to report
            return record
    del fast
    obj = parse_line(line, errors)
    if obj is INVALID:
        return None
    if not isinstance(obj, dict):
        errors.append(f"line is not a JSON object but {kind(obj)}")
        return None
    check = _may_hold_surrogates(line)
    text = obj.get("text")
    if not isinstance(text, str):
        errors.append('missing or non-string "text"')
    elif check and has_lone_surrogate(text):
        errors.append('"text" holds half of a surrogate pair (an escape like \\ud83d alone)')
    record = DocumentRecord(
        text=text if isinstance(text, str) else None,
        external_id=_ident(obj.get("id"), '"id"', errors),
        title=_string(obj.get("title"), '"title"', errors),
        meta=_mapping(obj.get("meta"), '"meta"', errors),
        line=number,
        statuses=_mapping(obj.get("status"), '"status"', errors),
    )
    record.annotations = _annotations(obj.get("annotations"), number, errors, check)
    known = {a.id for a in record.annotations if a.id is not None}
    record.relations = _relations(obj.get("relations"), number, known, errors)
    return record


def _plain_document(obj: dict[str, Any], number: int) -> DocumentRecord | None:
    """The record of a line parsed by orjson whose every field has the expected type and nothing to report, else None.

    None sends the line through the checks of `_document`, which word what is wrong (and read long
    integers as json does).
    """
    get = obj.get
    text, ext, title, meta, status = get("text"), get("id"), get("title"), get("meta"), get("status")
    if type(text) is not str or not (title is None or type(title) is str):
        return None
    if ext is not None and type(ext) is not str:
        if type(ext) is not int:
            return None
        ext = str(ext)
    plain_meta, plain_status = _plain_mapping(meta), _plain_mapping(status)
    if plain_meta is None or plain_status is None:
        return None
    raw = get("annotations")
    annotations: list[AnnotationRecord] = []
    if raw is not None:
        if type(raw) is not list:
            return None
        known: set[str] = set()
        add, append = known.add, annotations.append
        for item in raw:
            plain = _plain_annotation(item, number) if type(item) is dict else None
            if plain is None:
                return None
            if plain.id is not None:
                if plain.id in known:
                    return None  # a duplicate id: reported by the checks
                add(plain.id)
            append(plain)
    else:
        known = set()
    relations = _plain_relations(get("relations"), number, known)
    if relations is None:
        return None
    record = DocumentRecord(
        text=text, external_id=ext, title=title, meta=plain_meta, line=number, statuses=plain_status
    )
    record.annotations = annotations
    record.relations = relations
    return record


def _plain_mapping(value: Any) -> dict[str, str] | None:
    """An absent or string -> string object as `_mapping` takes it (a copy), else None."""
    if value is None:
        return {}
    if type(value) is not dict:
        return None
    for item in value.values():
        if type(item) is not str:
            return None
    return dict(value)


def _plain_relations(raw: Any, number: int, known: set[str]) -> list[RelationRecord] | None:
    """Relations whose every field has the expected type and whose ends are known, else None."""
    if raw is None:
        return []
    if type(raw) is not list:
        return None
    result: list[RelationRecord] = []
    for item in raw:
        if type(item) is not dict:
            return None
        get = item.get
        rel_type, rel_id, analyst = get("type"), get("id"), get("analyst")
        source, target = get("from"), get("to")
        if type(rel_type) is not str or not rel_type or not (analyst is None or type(analyst) is str):
            return None
        if rel_id is not None and type(rel_id) is not str:
            if type(rel_id) is not int:
                return None
            rel_id = str(rel_id)
        if type(source) is int:
            source = str(source)
        if type(target) is int:
            target = str(target)
        if source not in known or target not in known:  # known holds strings only
            return None
        result.append(RelationRecord(rel_type, source, target, analyst=analyst, id=rel_id, line=number))
    return result


def _may_hold_surrogates(line: str) -> bool:
    """Whether any string parsed from `line` can hold half of a surrogate pair.

    Only a \\uD800–\\uDFFF escape or a raw surrogate (which UTF-8 cannot encode) can put one there;
    a line with neither (nearly every line) skips the check of each of its strings. Looked at a
    slice at a time (overlapping by the length of an escape's start), so that a huge line is
    never copied whole.
    """
    for i in range(0, len(line), _SLICE):
        try:
            data = line[i : i + _SLICE + 2].encode("utf-8")
        except UnicodeEncodeError:
            return True
        if b"\\ud" in data or b"\\uD" in data:
            return True
    return False


def _annotations(raw: Any, number: int, errors: list[str], check: bool = True) -> list[AnnotationRecord]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.append(f'"annotations" is not a list but {kind(raw)}')
        return []
    result: list[AnnotationRecord] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append(f"annotation {index} is not an object but {kind(item)}")
            continue
        plain = None if check else _plain_annotation(item, number)
        if plain is not None:  # the common case, taken in one step; anything unusual gets the checks below
            if plain.id is not None:
                if plain.id in seen:
                    errors.append(f"duplicate annotation id {plain.id!r}")
                seen.add(plain.id)
            result.append(plain)
            continue
        ann_id = _ident(item.get("id"), f'annotation {index}: "id"', errors)
        where = f"annotation {ann_id!r}" if ann_id is not None else f"annotation {index}"
        if ann_id in seen:
            errors.append(f"duplicate annotation id {ann_id!r}")
        if ann_id is not None:
            seen.add(ann_id)
        label = _string(item.get("label"), f'{where}: "label"', errors)
        if not label or not label.strip():
            errors.append(f'{where}: missing or empty "label"')
        offsets: list[int] = []
        for key in ("start", "end"):
            value = item.get(key)
            if key not in item:
                errors.append(f'{where}: missing "{key}"')
            elif type(value) is not int:  # bool is an int subclass, and 3.0 is not an offset
                errors.append(f'{where}: "{key}" is not an integer: {show(value)}')
            # the error refuses the line; 0 stands in so that the annotation's id still counts for its relations
            offsets.append(value if type(value) is int else 0)
        result.append(
            AnnotationRecord(
                label=label or "",
                start=offsets[0],
                end=offsets[1],
                analyst=_string(item.get("analyst"), f'{where}: "analyst"', errors),
                id=ann_id,
                text=_string(item.get("text"), f'{where}: "text"', errors),
                attributes=_mapping(item.get("attributes"), f'{where}: "attributes"', errors),
                note=_string(item.get("note"), f'{where}: "note"', errors) or "",
                line=number,
            )
        )
    return result


def _plain_annotation(item: dict[str, Any], number: int) -> AnnotationRecord | None:
    """An annotation whose every field has the expected type (strings known free of surrogate halves), else None."""
    get = item.get
    label, start, end, ann_id = get("label"), get("start"), get("end"), get("id")
    if type(label) is not str or type(start) is not int or type(end) is not int or not label.strip():
        return None
    if ann_id is not None and type(ann_id) is not str:
        if type(ann_id) is not int:
            return None
        ann_id = str(ann_id)
    analyst, text, note, attributes = get("analyst"), get("text"), get("note"), get("attributes")
    if (
        not (analyst is None or type(analyst) is str)
        or not (text is None or type(text) is str)
        or not (note is None or type(note) is str)
    ):
        return None
    if attributes is None:
        attributes = {}
    elif type(attributes) is not dict:
        return None
    else:
        for value in attributes.values():
            if type(value) is not str:
                return None  # other values become their JSON text, in _mapping
    return AnnotationRecord(label, start, end, analyst, ann_id, text, attributes, note or "", number)


def _relations(raw: Any, number: int, known: set[str], errors: list[str]) -> list[RelationRecord]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.append(f'"relations" is not a list but {kind(raw)}')
        return []
    result: list[RelationRecord] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append(f"relation {index} is not an object but {kind(item)}")
            continue
        rel_id = _ident(item.get("id"), f'relation {index}: "id"', errors)
        where = f"relation {rel_id!r}" if rel_id is not None else f"relation {index}"
        rel_type = _string(item.get("type"), f'{where}: "type"', errors)
        if not rel_type:
            errors.append(f'{where}: missing or empty "type"')
        ends = []
        for key in ("from", "to"):
            ref = _ident(item.get(key), f'{where}: "{key}"', errors)
            if ref is None:
                errors.append(f'{where}: missing "{key}"')
            elif ref not in known:
                errors.append(f'{where}: "{key}" names no annotation of this document: {ref!r}')
            ends.append(ref or "")
        analyst = _string(item.get("analyst"), f'{where}: "analyst"', errors)
        result.append(RelationRecord(rel_type or "", ends[0], ends[1], analyst=analyst, id=rel_id, line=number))
    return result


def _string(value: Any, what: str, errors: list[str]) -> str | None:
    """An optional string field; a wrong type or a lone surrogate is an error."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(f"{what} is not a string but {kind(value)}")
        return None
    if has_lone_surrogate(value):
        errors.append(f"{what} holds half of a surrogate pair")
        return None
    return value


def _ident(value: Any, what: str, errors: list[str]) -> str | None:
    """An id: a string, or an integer taken as its decimal string."""
    if type(value) is int:
        return str(value)
    return _string(value, what, errors)


def _mapping(value: Any, what: str, errors: list[str]) -> dict[str, str]:
    """A string -> string object; other JSON values become their JSON text, null becomes ""."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(f"{what} is not an object but {kind(value)}")
        return {}
    result = string_values(value)
    if result is None:
        errors.append(f"{what} holds half of a surrogate pair")
        return {}
    return result


FORMAT: Format = JsonlFormat()

"""doccano JSON Lines: `{"text", "label": [[start, end, "LABEL"]]}` or `entities`/`relations`, offsets in UTF-16 units."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.core.offsets import Utf16Map
from annotator.formats._json_lines import first_record, read_records, write_records
from annotator.formats._json_values import INVALID, kind, parse_line, show
from annotator.formats._text import has_lone_surrogate, string_values
from annotator.formats.base import ExportReport, Format

# Keys with a meaning of their own; every other key of a record is doccano's "meta" and kept as metadata.
_SPAN_KEYS = ("label", "labels", "entities")  # "labels": doccano before 1.2 exported the plural
_CATEGORY_KEY = "cats"  # document categories of intent detection: reported, not imported
_OWN_KEYS = {"text", "id", "meta", "relations", _CATEGORY_KEY, *_SPAN_KEYS}


class DoccanoFormat:
    name = "doccano"
    description = "doccano JSON Lines (sequence labelling, relations): offsets in UTF-16 units, one annotation set"
    extensions: tuple[str, ...] = (".jsonl",)
    writes_folder = False
    one_set = True

    def sniff(self, path: Path) -> bool:
        """doccano's shape: the first record has `label` or `entities` (or `labels`) and no `annotations`."""
        try:
            record = first_record(path)
        except (OSError, ValueError, RecursionError):
            return False
        return isinstance(record, dict) and "annotations" not in record and any(k in record for k in _SPAN_KEYS)

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """The records of the file, streamed; every bad line is reported together once the file is read."""
        path = Path(path)
        return read_records(
            path, encoding, lambda line, number, errors: _document(line, number, f"{path}:{number}", errors)
        )

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        """One `label`-shaped line per document; what doccano's sequence labelling cannot hold is reported."""
        report = ExportReport()
        return write_records(documents, out, lambda doc: _encode(doc, report), report, count_annotations=False)


# --- writing


def _encode(doc: DocumentRecord, report: ExportReport) -> dict[str, Any]:
    text = doc.text or ""
    name = doc.external_id or doc.title or "?"
    units = Utf16Map(text)
    spans: list[list[Any]] = []
    seen: set[tuple[int, int, str]] = set()
    for a in doc.annotations:
        where = f"{name}: {a.label} {a.start}-{a.end}"
        if (
            a.start,
            a.end,
            a.label,
        ) in seen:  # doccano keeps one of identical spans; say so rather than let it drop one
            report.lose("duplicate spans", where)
            continue
        seen.add((a.start, a.end, a.label))
        spans.append([units.to_utf16(a.start), units.to_utf16(a.end), a.label])
        report.annotations += 1
        if a.attributes:
            report.lose("attributes", f"{where} " + ", ".join(f"{k}={v}" for k, v in a.attributes.items()))
        if a.note:
            report.lose("notes", f"{where}: {a.note}")
    for r in doc.relations:
        report.lose("relations", f"{name}: {r.type} {r.source} -> {r.target}")
    record: dict[str, Any] = {"id": doc.external_id, "text": text, "label": spans}
    # doccano keeps unknown keys as the example's metadata; one "meta" object avoids clashing with its own keys
    meta = dict(doc.meta)
    if doc.title:
        meta["title"] = doc.title
    if meta:
        record["meta"] = meta
    return record


# --- reading


def _document(line: str, number: int, where: str, errors: list[str]) -> DocumentRecord | None:
    obj = parse_line(line, errors)
    if obj is INVALID:
        return None
    if not isinstance(obj, dict):
        errors.append(f"line is not a JSON object but {kind(obj)}")
        return None
    text = obj.get("text")
    if "text" not in obj and isinstance(obj.get("data"), str):
        text = obj["data"]  # doccano 1.5 exported the text under "data"
    if not isinstance(text, str):
        errors.append('record has no "text" (doccano needs the text of every example)')
        return None
    if has_lone_surrogate(text):
        errors.append('"text" holds half of a surrogate pair (an escape like \\ud83d alone)')
        return None
    record = DocumentRecord(text=text, external_id=_ident(obj.get("id"), '"id"', errors), line=number)
    record.meta = _meta(obj, errors)
    record.title = record.meta.pop("title", None)
    units = Utf16Map(text)
    if obj.get(_CATEGORY_KEY):
        _categories_not_imported(obj[_CATEGORY_KEY], where, record.warnings)
    if "entities" in obj:
        record.annotations, known = _entities(obj["entities"], units, number, errors)
        record.relations = _relations(obj.get("relations"), number, known, errors)
    else:
        key = "label" if "label" in obj else "labels"
        record.annotations = _label_spans(obj.get(key), key, units, number, where, record.warnings, errors)
        if obj.get("relations"):
            errors.append('"relations" need "entities" with ids to refer to')
    _drop_duplicates(record, where)
    return record


def _meta(obj: dict[str, Any], errors: list[str]) -> dict[str, str]:
    """doccano's "meta" object flattened, plus every key doccano does not know (it keeps those as meta too)."""
    raw: dict[str, Any] = {}
    meta = obj.get("meta")
    if isinstance(meta, dict):
        raw.update(meta)
    elif meta is not None:
        raw["meta"] = meta
    raw.update({k: v for k, v in obj.items() if k not in _OWN_KEYS and not (k == "data" and "text" not in obj)})
    values = string_values(raw)
    if values is None:
        errors.append("metadata holds half of a surrogate pair")
        return {}
    return values


def _label_spans(
    raw: Any, key: str, units: Utf16Map, number: int, where: str, warnings: list[str], errors: list[str]
) -> list[AnnotationRecord]:
    """`[[start, end, "LABEL"], ...]`; plain strings are document labels (text classification), not spans."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        errors.append(f'"{key}" is not a list but {kind(raw)}')
        return []
    result: list[AnnotationRecord] = []
    categories = [item for item in raw if isinstance(item, str)]
    if categories:
        warnings.append(
            f"{where}: document labels not imported (text classification): {', '.join(map(repr, categories[:3]))}"
        )
    for index, item in enumerate(raw, start=1):
        if isinstance(item, str):
            continue
        record = _listed_span(item, f'"{key}" item {index}', units, number, errors)
        if record is not None:
            result.append(record)
    return result


def _listed_span(item: Any, what: str, units: Utf16Map, number: int, errors: list[str]) -> AnnotationRecord | None:
    """A span written as `[start, end, "LABEL"]`, or None after saying why not."""
    if not isinstance(item, list) or len(item) != 3:
        errors.append(f'{what} is not [start, end, "label"]: {show(item)}')
        return None
    label = _label(item[2], what, errors)
    span = _span(item[0], item[1], units, what, errors)
    return AnnotationRecord(label, span[0], span[1], line=number) if span is not None and label is not None else None


def _categories_not_imported(raw: Any, where: str, warnings: list[str]) -> None:
    """Say which document categories (`cats`: a list, or spaCy's object of category -> score) are left out."""
    names = list(raw) if isinstance(raw, (list, dict)) else [raw]
    shown = ", ".join(repr(name) if isinstance(name, str) else show(name) for name in names[:3])
    more = f" and {len(names) - 3} more" if len(names) > 3 else ""
    warnings.append(
        f'{where}: document categories ("{_CATEGORY_KEY}") not imported (text classification): {shown}{more}'
    )


def _entities(
    raw: Any, units: Utf16Map, number: int, errors: list[str]
) -> tuple[list[AnnotationRecord], dict[str, str]]:
    """`[{"id", "start_offset", "end_offset", "label"}]`, or doccano's intent detection `[[start, end, "LABEL"]]`.

    Also returns the ids to use for relation ends (only objects have ids).
    """
    if not isinstance(raw, list):
        errors.append(f'"entities" is not a list but {kind(raw)}')
        return [], {}
    result: list[AnnotationRecord] = []
    ids: dict[str, str] = {}
    for index, item in enumerate(raw, start=1):
        if isinstance(item, list):
            listed = _listed_span(item, f"entity {index}", units, number, errors)
            if listed is not None:
                result.append(listed)
            continue
        if not isinstance(item, dict):
            errors.append(f'entity {index} is not an object or [start, end, "label"] but {kind(item)}')
            continue
        ent_id = _ident(item.get("id"), f'entity {index}: "id"', errors)
        what = f"entity {ent_id}" if ent_id is not None else f"entity {index}"
        if ent_id is not None and ent_id in ids:
            errors.append(f"duplicate entity id {ent_id}")
            continue
        for key in ("start_offset", "end_offset"):
            if key not in item:
                errors.append(f'{what}: missing "{key}"')
        label = _label(item.get("label"), what, errors)
        span = _span(item.get("start_offset"), item.get("end_offset"), units, what, errors)
        if span is not None and label is not None:
            result.append(AnnotationRecord(label, span[0], span[1], id=ent_id, line=number))
            if ent_id is not None:
                ids[ent_id] = ent_id
    return result, ids


def _relations(raw: Any, number: int, ids: dict[str, str], errors: list[str]) -> list[RelationRecord]:
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
        what = f"relation {rel_id}" if rel_id is not None else f"relation {index}"
        rel_type = item.get("type")
        if not isinstance(rel_type, str) or not rel_type.strip() or has_lone_surrogate(rel_type):
            errors.append(f'{what}: missing or bad "type": {show(rel_type)}')
        ends = []
        for key in ("from_id", "to_id"):
            ref = _ident(item.get(key), f'{what}: "{key}"', errors)
            if ref is None:
                errors.append(f'{what}: missing "{key}"')
            elif ref not in ids:
                errors.append(f'{what}: "{key}" names no entity of this record: {ref}')
            ends.append(ids.get(ref or "", ""))
        result.append(
            RelationRecord(rel_type if isinstance(rel_type, str) else "", ends[0], ends[1], id=rel_id, line=number)
        )
    return result


def _drop_duplicates(record: DocumentRecord, where: str) -> None:
    """Identical spans (doccano's own tests feed them) are imported once; relations follow the kept one."""
    kept: dict[tuple[int, int, str], AnnotationRecord] = {}
    renamed: dict[str, str] = {}
    unique: list[AnnotationRecord] = []
    for a in record.annotations:
        first = kept.setdefault((a.start, a.end, a.label), a)
        if first is a:
            unique.append(a)
            continue
        record.warnings.append(f"{where}: duplicate span {a.start}-{a.end} {a.label!r} imported once")
        if a.id is not None and first.id is not None:
            renamed[a.id] = first.id
    record.annotations = unique
    for r in record.relations:
        r.source, r.target = renamed.get(r.source, r.source), renamed.get(r.target, r.target)


def _span(start: Any, end: Any, units: Utf16Map, what: str, errors: list[str]) -> tuple[int, int] | None:
    """UTF-16 offsets as code points; an offset between the halves of an emoji is an error, not a guess."""
    ok = True
    for name, value in (("start", start), ("end", end)):
        if type(value) is not int:  # bool is an int subclass, and 3.0 is not an offset
            errors.append(f"{what}: {name} offset is not an integer: {show(value)}")
            ok = False
        elif units.splits_character(value):
            errors.append(f"{what}: offset {value} splits a character (UTF-16 surrogate pair)")
            ok = False
    return (units.to_code_point(start), units.to_code_point(end)) if ok else None


def _label(value: Any, what: str, errors: list[str]) -> str | None:
    if isinstance(value, str) and value.strip() and not has_lone_surrogate(value):
        return value
    errors.append(f"{what}: missing or bad label: {show(value)}")
    return None


def _ident(value: Any, what: str, errors: list[str]) -> str | None:
    """An id: a string, or an integer taken as its decimal string."""
    if value is None:
        return None
    if type(value) is int:
        return str(value)
    if isinstance(value, str) and not has_lone_surrogate(value):
        return value
    errors.append(f"{what} is not a string or integer but {kind(value)}")
    return None


FORMAT: Format = DoccanoFormat()

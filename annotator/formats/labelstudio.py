"""Label Studio JSON: a list of tasks whose annotations and predictions hold `labels` regions and relations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.core.offsets import Utf16Map
from annotator.formats._json_values import kind, show
from annotator.formats._text import has_lone_surrogate, read_text, string_values
from annotator.formats.base import ExportReport, Format
from annotator.formats.output import atomic_output

# Keys of a JSON_MIN task that are Label Studio's bookkeeping, not task data.
_MIN_RESERVED = {
    "id",
    "annotator",
    "annotation_id",
    "created_at",
    "updated_at",
    "lead_time",
    "meta",
    "annotations",
    "completions",
    "predictions",
    "drafts",
}
_WRITTEN_DATA = ("text", "external_id", "title")  # data keys the writer uses itself
_UNLABELLED_RELATION = "related"


class LabelStudioFormat:
    name = "labelstudio"
    description = (
        "Label Studio JSON tasks (text `labels` regions and relations); offsets in code points, one annotation set"
    )
    extensions: tuple[str, ...] = (".json",)
    writes_folder = False
    one_set = True

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """One record per task; every bad task is reported before anything is returned."""
        path = Path(path)
        reader = _Reader(str(path))
        content = read_text(path, encoding)
        tasks = _tasks(path, content)
        for number, (task, line) in enumerate(zip(tasks, _task_lines(content, len(tasks)), strict=True), start=1):
            reader.line = line  # where the task starts: the line of its spans' and relations' problems
            reader.task(number, task)
        if reader.problems:
            raise BadInput(reader.problems)
        reader.finish()
        return iter(reader.records)

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        """A JSON array of tasks, streamed, and `<stem>.label_config.xml` with a labelling config for it."""
        out = Path(out)
        config = out.with_name(out.stem + ".label_config.xml")
        report = ExportReport()
        labels: dict[str, None] = {}  # ordered sets: the config lists them as first seen
        relation_types: dict[str, None] = {}
        with atomic_output(out) as handle:
            handle.write("[")
            for doc in documents:
                if doc.text is None:
                    report.lose("documents without text", doc.external_id or doc.title or "?")
                    continue
                task = _task(report.documents + 1, doc, report, labels, relation_types)
                handle.write(("," if report.documents else "") + "\n")
                handle.write(json.dumps(task, ensure_ascii=False, separators=(",", ":")))
                report.documents += 1
            handle.write("\n]\n")
        with atomic_output(config) as handle:
            handle.write(label_config(labels, relation_types))
        report.files.extend([out, config])
        return report


def label_config(labels: Iterable[str], relation_types: Iterable[str] = ()) -> str:
    """A Label Studio labelling config matching the written tasks (`label` control on the `text` object)."""
    lines = ["<View>", '  <Labels name="label" toName="text">']
    lines += [f"    <Label value={quoteattr(label)}/>" for label in labels]
    lines.append("  </Labels>")
    types = list(relation_types)
    if types:
        lines += ["  <Relations>", *(f"    <Relation value={quoteattr(t)}/>" for t in types), "  </Relations>"]
    lines += ['  <Text name="text" value="$text"/>', "</View>", ""]
    return "\n".join(lines)


# --- writing


def _task(
    number: int, doc: DocumentRecord, report: ExportReport, labels: dict[str, None], relation_types: dict[str, None]
) -> dict[str, Any]:
    name = doc.external_id or doc.title or "?"
    data: dict[str, Any] = {"text": doc.text}
    if doc.external_id is not None:
        data["external_id"] = doc.external_id
    if doc.title:
        data["title"] = doc.title
    for key, value in doc.meta.items():
        if key in _WRITTEN_DATA:
            report.lose("metadata fields", f"{name}: {key}")
        else:
            data[key] = value
    return {"id": number, "data": data, "annotations": _annotations(doc, name, report, labels, relation_types)}


def _annotations(
    doc: DocumentRecord, name: str, report: ExportReport, labels: dict[str, None], relation_types: dict[str, None]
) -> list[dict[str, Any]]:
    """One Label Studio annotation per analyst (one in a single-set export); regions keep our annotation ids.

    `completed_by` is left out: Label Studio refuses a user it does not know and gives
    annotations without it to the user who imports them.
    """
    text = doc.text or ""
    results: dict[str | None, list[dict[str, Any]]] = {}
    set_of: dict[str, str | None] = {}  # region id -> analyst
    taken: set[str] = set()
    for index, a in enumerate(doc.annotations, start=1):
        region = _unique(a.id or f"a{index}", taken)
        if a.id is not None:
            set_of[a.id] = a.analyst
        value = {"start": a.start, "end": a.end, "text": text[a.start : a.end], "labels": [a.label]}
        item = {"id": region, "from_name": "label", "to_name": "text", "type": "labels", "value": value}
        results.setdefault(a.analyst, []).append(item)
        labels[a.label] = None
        report.annotations += 1
        where = f"{name}: {a.label} {a.start}-{a.end}"
        if a.attributes:
            report.lose("attributes", f"{where} " + ", ".join(f"{k}={v}" for k, v in a.attributes.items()))
        if a.note:
            report.lose("notes", f"{where}: {a.note}")
    for r in doc.relations:
        if r.source not in set_of or r.target not in set_of or set_of[r.source] != set_of[r.target]:
            report.lose("relations", f"{name}: {r.type} {r.source} -> {r.target} (ends not in one annotation set)")
            continue
        item = {"from_id": r.source, "to_id": r.target, "type": "relation", "direction": "right", "labels": [r.type]}
        results[set_of[r.source]].append(item)
        relation_types[r.type] = None
    return [{"result": result} for result in results.values()]


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


# --- reading


def _tasks(path: Path, content: str) -> list[Any]:
    if not content.strip():
        return []
    try:
        tasks = json.loads(content)
    except json.JSONDecodeError as exc:
        raise BadInput.at(path, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})") from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise BadInput.at(path, None, "not valid JSON: a number is too long") from None
    except RecursionError:
        raise BadInput.at(path, None, "not valid JSON: nested too deeply") from None
    if isinstance(tasks, dict) and isinstance(tasks.get("data"), dict):
        return [tasks]  # one task on its own, as Label Studio's editor examples are; Label Studio imports it too
    if not isinstance(tasks, list):
        raise BadInput.at(path, None, f"expected a list of tasks (a JSON array), found {kind(tasks)}")
    return tasks


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _after_space(content: str, position: int = 0) -> int:
    """Where the JSON whitespace from `position` on ends."""
    match = _JSON_SPACE.match(content, position)  # `[ \t\n\r]*` matches everywhere, if only the empty string
    return position if match is None else match.end()


def _task_lines(content: str, count: int) -> list[int]:
    """The line on which each of the `count` tasks of a parsed JSON array (or a lone task object) starts."""
    start = _after_space(content)
    if not content.startswith("[", start):
        return [content.count("\n", 0, start) + 1] * count
    decoder, lines = json.JSONDecoder(), []
    position, line, counted = start + 1, 1, 0
    for _ in range(count):
        position = _after_space(content, position)
        line += content.count("\n", counted, position)
        counted = position
        lines.append(line)
        _, position = decoder.raw_decode(content, position)
        position = _after_space(content, position)
        if content.startswith(",", position):
            position += 1
    return lines


class _Reader:
    """Turns tasks into records, collecting problems and file-wide notices (said once, with a count)."""

    def __init__(self, path: str):
        self.path = path
        self.line: int | None = None  # the line where the current task starts
        self.records: list[DocumentRecord] = []
        self.problems: list[Problem] = []
        self._notices: dict[str, list[Any]] = {}  # kind -> [record, task number, message, count]

    def problem(self, task: int, message: str) -> None:
        self.problems.append(Problem(self.path, None, f"task {task}: {message}"))

    def notice(self, record: DocumentRecord, task: int, kind: str, message: str) -> None:
        entry = self._notices.setdefault(kind, [record, task, message, 0])
        entry[3] += 1

    def finish(self) -> None:
        for record, task, message, count in self._notices.values():
            more = f" (and {count - 1} more in this file)" if count > 1 else ""
            record.warnings.append(f"{self.path}: task {task}: {message}{more}")

    def task(self, number: int, task: Any) -> None:
        if not isinstance(task, dict):
            self.problem(number, f"not an object but {kind(task)}")
            return
        if "data" in task and not isinstance(task["data"], dict):
            self.problem(number, f'"data" is not an object but {kind(task["data"])}')
            return
        # JSON_MIN export (and plain import files): the task's own keys are its data, regions sit under from_name keys
        flat = "data" not in task
        data = {k: v for k, v in task.items() if k not in _MIN_RESERVED and not _regions(v)} if flat else task["data"]
        record = DocumentRecord(text=None, path=self.path, line=number)
        text_key = self._text(number, record, data)
        if text_key is None:
            return
        # The document's own id is in data. The task id is Label Studio's row number, "1" in every fresh
        # instance: as an id, two exports' task 1 would be taken for one document, so it is only metadata.
        id_key = "external_id" if "external_id" in data else "id"
        record.external_id = _ident(data.get(id_key))
        record.title = data["title"] if isinstance(data.get("title"), str) else None
        if record.title is not None and has_lone_surrogate(record.title):
            self.problem(number, "data['title'] holds half of a surrogate pair")
            return
        raw = {k: v for k, v in data.items() if k not in {text_key, id_key, "title"}}
        if record.external_id is None and _ident(task.get("id")) is not None and "ls_task_id" not in raw:
            raw["ls_task_id"] = task["id"]
        meta = string_values(raw)
        if meta is None:
            self.problem(number, "data holds half of a surrogate pair")
            return
        record.meta = meta
        before = len(self.problems)
        for analyst, results in self._sets(number, task, flat):
            self._results(number, record, analyst, results)
        drafts = task.get("drafts")
        if isinstance(drafts, list) and drafts:
            self.notice(record, number, "drafts", "drafts (unsubmitted annotations) not imported")
        if len(self.problems) == before:
            self.records.append(record)

    def _text(self, number: int, record: DocumentRecord, data: dict[str, Any]) -> str | None:
        """The key of the text: "text", else the first string in data (said in a warning)."""
        key = (
            "text"
            if isinstance(data.get("text"), str)
            else next((k for k, v in data.items() if isinstance(v, str)), None)
        )
        if key is None:
            self.problem(number, 'no text: "data" has no "text" string')
            return None
        if has_lone_surrogate(data[key]):
            self.problem(number, f"data[{key!r}] holds half of a surrogate pair")
            return None
        if key != "text":
            self.notice(record, number, "text key", f'no "text" in data: the text was taken from {key!r}')
        record.text = data[key]
        return key

    def _sets(self, number: int, task: dict[str, Any], flat: bool) -> Iterator[tuple[str | None, list[Any]]]:
        """(analyst, result list) of every annotation and prediction of a task."""
        if flat:  # JSON_MIN: one annotation, its regions under from_name keys, without ids or relations
            analyst = _analyst(task.get("annotator"))
            for key, value in task.items():
                if key not in _MIN_RESERVED and _regions(value):
                    yield analyst, [{"type": "labels", "from_name": key, "value": item} for item in value]
        for key in ("annotations", "completions", "predictions"):
            entries = task.get(key)
            if entries is None:
                continue
            if not isinstance(entries, list):
                self.problem(number, f'"{key}" is not a list but {kind(entries)}')
                continue
            for index, entry in enumerate(entries, start=1):
                results = entry.get("result") if isinstance(entry, dict) else None
                if not isinstance(results, list):
                    self.problem(number, f'{key[:-1]} {index} has no "result" list')
                    continue
                if key == "predictions":
                    version = entry.get("model_version")
                    named = isinstance(version, str) and version.strip() and not has_lone_surrogate(version)
                    analyst = f"prediction:{version}" if named else "prediction"
                else:
                    analyst = _analyst(entry.get("completed_by"))
                yield analyst, results

    def _results(self, number: int, record: DocumentRecord, analyst: str | None, results: list[Any]) -> None:
        regions: dict[str, str] = {}  # Label Studio region id -> record id of its first label
        taken = {a.id for a in record.annotations if a.id is not None}
        relations = []
        for index, item in enumerate(results, start=1):
            result_type = item.get("type") if isinstance(item, dict) else None
            if not isinstance(item, dict):
                self.problem(number, f"result {index} is not an object but {kind(item)}")
            elif result_type == "labels":
                self._region(number, record, analyst, item, index, regions, taken)
            elif result_type == "relation":
                relations.append(item)
            else:
                self.notice(
                    record,
                    number,
                    f"type {result_type}",
                    f'{json.dumps(result_type)} results not imported (only "labels" regions and relations)',
                )
        for item in relations:
            self._relation(number, record, analyst, item, regions)

    def _region(
        self,
        number: int,
        record: DocumentRecord,
        analyst: str | None,
        item: dict[str, Any],
        index: int,
        regions: dict[str, str],
        taken: set[str],
    ) -> None:
        value = item.get("value")
        if not isinstance(value, dict):
            self.problem(number, f'result {index}: "value" is not an object')
            return
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        errors = [
            f'"{name}" is not an integer: {show(offset)}'
            for name, offset in (("start", start), ("end", end))
            if type(offset) is not int
        ]  # HyperText regions have XPath strings here
        if not isinstance(labels, list) or not all(
            isinstance(x, str) and x.strip() and not has_lone_surrogate(x) for x in labels
        ):
            errors.append(f'"labels" is not a list of label names: {show(labels)}')
        for message in errors:
            self.problem(number, f"result {index}: {message}")
        if errors or type(start) is not int or type(end) is not int or not isinstance(labels, list):
            return  # each of these was reported just above
        region = _ident(item.get("id"))
        quoted = value.get("text") if isinstance(value.get("text"), str) else None
        start, end = self._offsets(number, record, start, end, quoted)
        if not labels:
            self.notice(record, number, "no label", f"region {region or index} has no label: skipped")
        elif len(labels) > 1:
            self.notice(
                record,
                number,
                "several labels",
                f"region {region or index} has {len(labels)} labels: imported as one annotation per label",
            )
        for label in labels:
            ann_id = _unique(region or f"region-{index}", taken)
            record.annotations.append(
                AnnotationRecord(label, start, end, analyst=analyst, id=ann_id, text=quoted, line=self.line)
            )
            if region is not None:
                regions.setdefault(region, ann_id)

    def _offsets(
        self, number: int, record: DocumentRecord, start: int, end: int, quoted: str | None
    ) -> tuple[int, int]:
        """Code points (Label Studio since 2022), unless only the UTF-16 reading of older exports gives the quoted text.

        When neither matches, the code points are kept with the quoted text, and the import refuses the span.
        """
        text = record.text or ""
        if quoted is None or _covers(text, start, end, quoted):
            return start, end
        units = Utf16Map(text)
        if units.length_u16 != units.length and start >= 0 and end >= 0:
            cp_start, cp_end = units.to_code_point(start), units.to_code_point(end)
            whole = units.to_utf16(cp_start) == start and units.to_utf16(cp_end) == end  # not inside an emoji
            if whole and _covers(text, cp_start, cp_end, quoted):
                self.notice(record, number, "utf-16", "UTF-16 offsets (older Label Studio) converted to code points")
                return cp_start, cp_end
        return start, end

    def _relation(
        self, number: int, record: DocumentRecord, analyst: str | None, item: dict[str, Any], regions: dict[str, str]
    ) -> None:
        source, target = _ident(item.get("from_id")), _ident(item.get("to_id"))
        if source not in regions or target not in regions:
            self.notice(
                record,
                number,
                "relation ends",
                f"relation {source} -> {target} skipped: both ends must be regions of the same annotation",
            )
            return
        if item.get("direction") == "left":
            source, target = target, source
        elif item.get("direction") == "bi":
            self.notice(
                record,
                number,
                "bidirectional",
                f"bidirectional relation {source} <-> {target} imported as {source} -> {target}",
            )
        labels = item.get("labels")
        names = [x for x in labels if isinstance(x, str) and x.strip()] if isinstance(labels, list) else []
        if any(has_lone_surrogate(x) for x in names):
            self.problem(number, f"relation {source} -> {target}: a label holds half of a surrogate pair")
            return
        for name in names or [_UNLABELLED_RELATION]:
            record.relations.append(
                RelationRecord(name, regions[source], regions[target], analyst=analyst, line=self.line)
            )


def _covers(text: str, start: int, end: int, quoted: str) -> bool:
    return 0 <= start <= end <= len(text) and text[start:end] == quoted


def _regions(value: Any) -> bool:
    """Whether a JSON_MIN value is a list of text regions (`{"start", "end", "labels", ...}`)."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(x, dict) and "start" in x and "end" in x for x in value)
    )


def _analyst(value: Any) -> str | None:
    """Label Studio's `completed_by`: a user id, or a user object with an email; None gives the importing analyst."""
    if isinstance(value, dict):
        email = value.get("email")
        if isinstance(email, str) and email.strip() and not has_lone_surrogate(email):
            return email.strip()
        value = value.get("id")
    if type(value) is int:
        return f"ls-user-{value}"
    if isinstance(value, str) and value.strip() and not has_lone_surrogate(value):
        return value.strip()  # JSON_MIN's "annotator" may be an email
    return None


def _ident(value: Any) -> str | None:
    if type(value) is int:
        return str(value)
    return value if isinstance(value, str) and value and not has_lone_surrogate(value) else None


FORMAT: Format = LabelStudioFormat()

"""Edits of a project's label schema: each checked against what annotations use, committed, then announced."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core import schema_edits
from annotator.core.errors import BadInput, Problem
from annotator.core.labels import LabelDef, LabelSchema, RelationTypeDef
from annotator.core.model import Annotation, Relation
from annotator.core.schema_edits import SchemaError, SchemaUsage
from annotator.services.outputs import check_output
from annotator.store import schema_usage

if TYPE_CHECKING:
    from annotator.services.project import Project


@dataclass(frozen=True, slots=True)
class DeletedLabel:
    """A label deleted with its annotations: what undo puts back."""

    schema: LabelSchema  # the schema before the deletion
    annotations: tuple[Annotation, ...]
    relations: tuple[Relation, ...]


class SchemaEditor:
    """Changes one project's label schema; every change is saved before returning and announced as `schema`."""

    def __init__(self, project: Project):
        self.project = project

    def usage(self) -> SchemaUsage:
        return schema_usage.schema_usage(self.project.repository)

    def replace(self, new: LabelSchema, initiator: object = None) -> list[str]:
        """Save `new` in place of the schema, unless it would orphan annotations; return what changed."""
        old = self.project.schema
        problems = schema_edits.orphans(old, new, self.usage())
        if problems:
            raise SchemaError(f"this change {problems[0]}")
        self._save(new, initiator)
        return schema_edits.changes(old, new)

    def add_label(self, name: str, shortcut: str = "", colour: str = "", initiator: object = None) -> LabelDef:
        schema, label = schema_edits.add_label(self.project.schema, name, shortcut, colour)
        self._save(schema, initiator)
        return label

    def update_label(self, label: LabelDef, initiator: object = None) -> None:
        self.replace(schema_edits.update_label(self.project.schema, label), initiator)

    def move_label(self, key: str, index: int, initiator: object = None) -> None:
        self._save(schema_edits.move_label(self.project.schema, key, index), initiator)

    def set_relation_types(self, relations: Sequence[RelationTypeDef], initiator: object = None) -> None:
        self.replace(schema_edits.set_relation_types(self.project.schema, relations), initiator)

    def delete_label(self, key: str, confirmed_count: int, initiator: object = None) -> DeletedLabel:
        """Delete label `key` and the annotations using it, once the user agreed to delete `confirmed_count` of them.

        A count that no longer matches (another analyst tagged meanwhile) is refused: the user agreed to another loss.
        """
        old = self.project.schema
        if old.get(key) is None:
            raise SchemaError(f"no label {key!r} in this project's schema")
        count = self.usage().label_count(key)
        if count != confirmed_count:
            raise SchemaError(f"label {key!r} is used by {count} annotations, not {confirmed_count}; nothing deleted")
        new = schema_edits.remove_label(old, key)
        annotations, relations = schema_usage.delete_label(self.project.repository, key, new.to_dict())
        self._announce(initiator)
        self._announce_documents(annotations, initiator)
        return DeletedLabel(old, tuple(annotations), tuple(relations))

    def undelete_label(self, deleted: DeletedLabel, initiator: object = None) -> None:
        """Undo `delete_label`: the schema before it, and its annotations and relations under their old ids."""
        schema_usage.restore_label(
            self.project.repository, deleted.schema.to_dict(), deleted.annotations, deleted.relations
        )
        self._announce(initiator)
        self._announce_documents(deleted.annotations, initiator)

    # --- sharing a schema as a file

    def export_file(self, path: Path) -> None:
        check_output(path, self.project.location)
        text = json.dumps(self.project.schema.to_dict(), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")

    def import_file(self, path: Path) -> list[str]:
        """Replace the schema with the one in `path`; refused, with every reason, if it would orphan annotations."""
        new = read_schema_file(path)
        old = self.project.schema
        problems = schema_edits.orphans(old, new, self.usage())
        if problems:
            raise BadInput([Problem(str(path), None, f"refused: the schema {p}") for p in problems])
        self._save(new, None)
        return schema_edits.changes(old, new)

    def _save(self, schema: LabelSchema, initiator: object) -> None:
        self.project.repository.set_setting("schema", schema.to_dict())
        self._announce(initiator)

    def _announce_documents(self, annotations: Sequence[Annotation], initiator: object) -> None:
        for document_id in sorted({a.document_id for a in annotations}):
            self.project.notify_annotations(document_id, initiator=initiator)

    def _announce(self, initiator: object) -> None:
        self.project.reload_schema(initiator)


def read_schema_file(path: Path) -> LabelSchema:
    """A schema from a JSON file, each label checked as the editor would; problems name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput.at(path, None, f"not UTF-8 text ({exc.reason})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput.at(path, exc.lineno, f"not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
        raise BadInput.at(path, 1, 'not a label schema: expected {"labels": [...], "relations": [...]}')
    try:
        schema = LabelSchema.from_dict(data)
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadInput.at(path, None, f"not a label schema: a label or attribute lacks {exc}") from exc
    problems: list[Problem] = []
    keys = [label.key for label in schema]
    if len(set(keys)) != len(keys):
        problems.append(Problem(str(path), None, "two labels have the same key"))
    for label in schema:
        try:
            schema_edits.update_label(schema, label)
        except SchemaError as exc:
            problems.append(Problem(str(path), None, f"label {label.key}: {exc}"))
    try:
        schema_edits.set_relation_types(schema, schema.relations)
    except SchemaError as exc:
        problems.append(Problem(str(path), None, str(exc)))
    if problems:
        raise BadInput(problems)
    return schema

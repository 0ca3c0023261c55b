"""Edits of a label schema (pure functions returning a new schema), what annotations use, and what an edit changes."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from annotator.core.errors import AnnotatorError
from annotator.core.guidelines import Guideline
from annotator.core.labels import AttributeDef, LabelDef, LabelSchema, RelationTypeDef

# Okabe & Ito (2008): eight colours told apart with every common colour-vision deficiency.
OKABE_ITO = (
    ("Orange", "#E69F00"),
    ("Sky blue", "#56B4E9"),
    ("Bluish green", "#009E73"),
    ("Yellow", "#F0E442"),
    ("Blue", "#0072B2"),
    ("Vermillion", "#D55E00"),
    ("Reddish purple", "#CC79A7"),
    ("Grey", "#999999"),
)
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
_NOT_WORD = re.compile(r"\W+")


class SchemaError(AnnotatorError):
    """A schema edit that cannot be made (a clash, a blank name, or annotations it would orphan)."""


@dataclass(frozen=True, slots=True)
class SchemaUsage:
    """What the stored annotations and relations use of a schema, with counts."""

    labels: Mapping[str, int] = field(default_factory=dict)  # label key -> annotations
    values: Mapping[tuple[str, str, str], int] = field(default_factory=dict)  # (label, attribute, value) -> annotations
    relations: Mapping[tuple[str, str, str], int] = field(default_factory=dict)  # (type, source, target) -> relations

    def label_count(self, key: str) -> int:
        return self.labels.get(key, 0)


def _slug(name: str) -> str:
    return _NOT_WORD.sub("_", name.strip().casefold()).strip("_") or "label"


def _check_label(schema: LabelSchema, label: LabelDef) -> None:
    if not label.name.strip():
        raise SchemaError("a label needs a name")
    for other in schema:
        if other.key == label.key:
            continue
        if other.name.casefold() == label.name.strip().casefold():
            raise SchemaError(f"another label is already called {other.name!r}")
        if label.shortcut and other.shortcut == label.shortcut:
            raise SchemaError(f"key {label.shortcut} already tags {other.name}")
    if len(label.shortcut) > 1:
        raise SchemaError(f"a label's key is one character, not {label.shortcut!r}")
    if not _COLOUR.fullmatch(label.colour):
        raise SchemaError(f"a colour is written #RRGGBB, not {label.colour!r}")
    names = [a.name for a in label.attributes]
    if any(not n.strip() for n in names):
        raise SchemaError("an attribute needs a name")
    if len(set(names)) != len(names):
        raise SchemaError(f"{label.name} has two attributes of the same name")


def add_label(schema: LabelSchema, name: str, shortcut: str = "", colour: str = "") -> tuple[LabelSchema, LabelDef]:
    """A schema with a new label named `name` (its key made from the name, unique), and that label."""
    base = _slug(name)
    key, n = base, 2
    while schema.get(key) is not None:
        key, n = f"{base}_{n}", n + 1
    used = {lb.colour.upper() for lb in schema}
    colour = colour or next((c for _, c in OKABE_ITO if c not in used), OKABE_ITO[-1][1])
    label = LabelDef(key=key, name=name.strip(), colour=colour, shortcut=shortcut.strip())
    _check_label(schema, label)
    return replace(schema, labels=schema.labels + (label,)), label


def update_label(schema: LabelSchema, label: LabelDef) -> LabelSchema:
    """A schema with `label` (matched by key, which never changes) in place of the one it edits."""
    if schema.get(label.key) is None:
        raise SchemaError(f"no label {label.key!r} in this schema")
    label = replace(label, name=label.name.strip(), shortcut=label.shortcut.strip())
    _check_label(schema, label)
    return replace(schema, labels=tuple(label if lb.key == label.key else lb for lb in schema.labels))


def rekey_label(schema: LabelSchema, key: str, name: str) -> tuple[LabelSchema, str]:
    """A schema where label `key` gets a key made from `name` (for a label no annotation uses yet), and that key."""
    base = _slug(name)
    new_key, n = base, 2
    while new_key != key and schema.get(new_key) is not None:
        new_key, n = f"{base}_{n}", n + 1
    if new_key == key:
        return schema, key
    labels = tuple(replace(lb, key=new_key) if lb.key == key else lb for lb in schema.labels)
    relations = tuple(
        RelationTypeDef(
            r.key,
            tuple(new_key if k == key else k for k in r.sources),
            tuple(new_key if k == key else k for k in r.targets),
        )
        for r in schema.relations
    )
    return LabelSchema(labels, relations), new_key


def move_label(schema: LabelSchema, key: str, index: int) -> LabelSchema:
    labels = [lb for lb in schema.labels if lb.key != key]
    moving = schema.get(key)
    if moving is None:
        raise SchemaError(f"no label {key!r} in this schema")
    labels.insert(max(0, min(index, len(labels))), moving)
    return replace(schema, labels=tuple(labels))


def remove_label(schema: LabelSchema, key: str) -> LabelSchema:
    """A schema without label `key`; a relation type left with no label at an end it restricted goes too."""
    relations = []
    for r in schema.relations:
        sources = tuple(k for k in r.sources if k != key)
        targets = tuple(k for k in r.targets if k != key)
        if (r.sources and not sources) or (r.targets and not targets):
            continue
        relations.append(RelationTypeDef(r.key, sources, targets))
    return LabelSchema(tuple(lb for lb in schema.labels if lb.key != key), tuple(relations))


def set_relation_types(schema: LabelSchema, relations: Sequence[RelationTypeDef]) -> LabelSchema:
    keys = [r.key.strip() for r in relations]
    if any(not k for k in keys):
        raise SchemaError("a relation type needs a name")
    if len(set(keys)) != len(keys):
        raise SchemaError("two relation types have the same name")
    for r in relations:
        unknown = [k for k in (*r.sources, *r.targets) if schema.get(k) is None]
        if unknown:
            raise SchemaError(f"relation type {r.key} names unknown labels: {', '.join(unknown)}")
    return replace(schema, relations=tuple(relations))


def with_attributes(label: LabelDef, attributes: Sequence[AttributeDef]) -> LabelDef:
    return replace(label, attributes=tuple(attributes))


def with_value_guideline(attribute: AttributeDef, value: str, guideline: Guideline) -> AttributeDef:
    rest = tuple((v, g) for v, g in attribute.guidelines if v != value)
    return replace(attribute, guidelines=rest + ((value, guideline),) if guideline else rest)


# --- what an edit would orphan, and what it changed


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def orphans(old: LabelSchema, new: LabelSchema, usage: SchemaUsage) -> list[str]:
    """Why `new` would leave stored annotations or relations without their label, attribute value or type."""
    problems: list[str] = []
    for key, count in usage.labels.items():
        if count and old.get(key) is not None and new.get(key) is None:
            problems.append(f"drops label {key!r}, used by {_plural(count, 'annotation')}")
    for (key, name, value), count in sorted(usage.values.items()):
        before, after = old.get(key), new.get(key)
        if not count or before is None or after is None or before.attribute(name) is None:
            continue
        was = before.attribute(name)
        now = after.attribute(name)
        if now is None:
            problems.append(f"drops attribute {name!r} of {key!r}, holding {value!r} in {_plural(count, 'annotation')}")
        elif now.values and value not in now.values and (not was or not was.values or value in was.values):
            problems.append(f"drops value {value!r} of {key}.{name}, used by {_plural(count, 'annotation')}")
    for (type_key, source, target), count in sorted(usage.relations.items()):
        before_type, after_type = old.relation_type(type_key), new.relation_type(type_key)
        if not count or before_type is None or not before_type.fits(source, target):
            continue
        if after_type is None:
            problems.append(f"drops relation type {type_key!r}, used by {_plural(count, 'relation')}")
        elif not after_type.fits(source, target):
            problems.append(f"relation type {type_key!r} no longer goes from {source} to {target} ({count} in use)")
    return problems


def changes(old: LabelSchema, new: LabelSchema) -> list[str]:
    """What differs from `old` to `new`, one line each, as a user would say it."""
    lines: list[str] = []
    for label in new:
        was = old.get(label.key)
        if was is None:
            lines.append(f"added label {label.key} ({label.name}, key {label.shortcut or 'none'})")
            continue
        for what, a, b in (
            ("name", was.name, label.name),
            ("colour", was.colour, label.colour),
            ("key", was.shortcut, label.shortcut),
        ):
            if a != b:
                lines.append(f"{label.key}: {what} {a or 'none'} -> {b or 'none'}")
        if was.guideline != label.guideline:
            lines.append(f"{label.key}: guideline changed")
        lines.extend(_attribute_changes(label.key, was, label))
    lines.extend(f"removed label {lb.key}" for lb in old if new.get(lb.key) is None)
    kept_old = [k for k in old.keys if new.get(k) is not None]
    if kept_old != [k for k in new.keys if old.get(k) is not None]:
        lines.append("labels reordered: " + ", ".join(new.keys))
    for r in new.relations:
        before = old.relation_type(r.key)
        if before is None:
            lines.append(f"added relation type {r.key}")
        elif before != r:
            lines.append(f"relation type {r.key}: now from {_ends(r.sources)} to {_ends(r.targets)}")
    lines.extend(f"removed relation type {r.key}" for r in old.relations if new.relation_type(r.key) is None)
    return lines


def _ends(keys: tuple[str, ...]) -> str:
    return " or ".join(keys) if keys else "any label"


def _attribute_changes(key: str, was: LabelDef, now: LabelDef) -> list[str]:
    lines = []
    for attribute in now.attributes:
        before = was.attribute(attribute.name)
        if before is None:
            lines.append(f"{key}: added attribute {attribute.name}")
            continue
        added = [v for v in attribute.values if v not in before.values]
        removed = [v for v in before.values if v not in attribute.values]
        if added:
            lines.append(f"{key}.{attribute.name}: added values {', '.join(added)}")
        if removed:
            lines.append(f"{key}.{attribute.name}: removed values {', '.join(removed)}")
        if dict(before.guidelines) != dict(attribute.guidelines):
            lines.append(f"{key}.{attribute.name}: value guidelines changed")
    lines.extend(f"{key}: removed attribute {a.name}" for a in was.attributes if now.attribute(a.name) is None)
    return lines

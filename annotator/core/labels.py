"""The label schema: labels with colours, keys, guidelines and attributes, and relation types."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.guidelines import Guideline
from annotator.core.shipped import resource

# Okabe-Ito colours (colour-blind safe) for labels added after the default four.
_EXTRA_COLOURS = ("#0072B2", "#D55E00", "#F0E442", "#999999", "#882255", "#44AA99", "#117733")


def value_title(value: str) -> str:
    """How an attribute value (or an attribute's name) is shown: its key with underscores as spaces."""
    return value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """An attribute of a label; `values` empty means free text."""

    name: str
    values: tuple[str, ...] = ()
    guidelines: tuple[tuple[str, Guideline], ...] = ()  # (value, its guideline), for values that have one

    def guideline_of(self, value: str) -> Guideline | None:
        return next((g for v, g in self.guidelines if v == value), None)


@dataclass(frozen=True, slots=True)
class LabelDef:
    key: str
    name: str
    colour: str
    shortcut: str = ""
    guideline: Guideline = Guideline()
    attributes: tuple[AttributeDef, ...] = ()

    def attribute(self, name: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True, slots=True)
class RelationTypeDef:
    """A relation type and the labels its source and target may have (empty: any label)."""

    key: str
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()

    def fits(self, source_label: str, target_label: str) -> bool:
        return (not self.sources or source_label in self.sources) and (not self.targets or target_label in self.targets)


_SEPARATORS = re.compile(r"[\s_\-]+")


def _fold(name: str) -> str:
    """Comparison form of a label name: case, spaces, hyphens and underscores ignored."""
    return _SEPARATORS.sub("", name).casefold()


@dataclass(frozen=True, slots=True)
class LabelSchema:
    labels: tuple[LabelDef, ...]
    relations: tuple[RelationTypeDef, ...] = field(default=())

    def __iter__(self) -> Iterator[LabelDef]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def keys(self) -> list[str]:
        return [label.key for label in self.labels]

    def get(self, key: str) -> LabelDef | None:
        return next((label for label in self.labels if label.key == key), None)

    def resolve(self, name: str) -> LabelDef | None:
        """The label a file means by `name`: its key or display name, ignoring case and separators."""
        folded = _fold(name)
        return next((lb for lb in self.labels if _fold(lb.key) == folded or _fold(lb.name) == folded), None)

    def by_shortcut(self, shortcut: str) -> LabelDef | None:
        return next((label for label in self.labels if label.shortcut and label.shortcut == shortcut), None)

    def with_label(self, name: str) -> tuple[LabelSchema, LabelDef]:
        """A schema with an added label for the unknown `name`, and that label.

        Its key is `name` as the file spells it (`ORG`, `MERGE-ORG`), so exports write it back
        unchanged; no other label can hold that key, since `resolve` would have found it.
        """
        key = name.strip()
        if not key:
            raise ValueError("a label needs a name")
        existing = self.resolve(name)
        if existing is not None:
            return self, existing
        used_keys = {label.shortcut for label in self.labels}
        shortcut = next((str(d) for d in range(1, 10) if str(d) not in used_keys), "")
        colour = (
            _EXTRA_COLOURS[(len(self.labels) - 4) % len(_EXTRA_COLOURS)] if len(self.labels) >= 4 else _EXTRA_COLOURS[0]
        )
        label = LabelDef(key=key, name=key, colour=colour, shortcut=shortcut)
        return replace(self, labels=self.labels + (label,)), label

    # --- relation types

    def relation_type(self, key: str) -> RelationTypeDef | None:
        return next((r for r in self.relations if r.key == key), None)

    def resolve_relation(self, name: str) -> RelationTypeDef | None:
        """The relation type a file means by `name`: its key, ignoring case and separators."""
        folded = _fold(name)
        return next((r for r in self.relations if _fold(r.key) == folded), None)

    def relation_problem(self, type_key: str, source_label: str, target_label: str) -> str | None:
        """Why a `type_key` relation from a `source_label` annotation to a `target_label` one does not fit, or None."""
        relation = self.relation_type(type_key)
        if relation is None:
            return f"no relation type {type_key!r} in this project's schema"
        if relation.sources and source_label not in relation.sources:
            return f"a {type_key} relation starts at {self._names(relation.sources)}, not at {self._name(source_label)}"
        if relation.targets and target_label not in relation.targets:
            return f"a {type_key} relation ends at {self._names(relation.targets)}, not at {self._name(target_label)}"
        return None

    def fitting_types(self, source_label: str, target_label: str) -> list[str]:
        """The relation types that may go from a `source_label` annotation to a `target_label` one, in schema order."""
        return [r.key for r in self.relations if r.fits(source_label, target_label)]

    def with_relation_type(self, name: str) -> tuple[LabelSchema, RelationTypeDef]:
        """A schema with an added relation type `name` (any labels at either end), and that type."""
        key = name.strip()
        if not key:
            raise ValueError("a relation type needs a name")
        existing = self.resolve_relation(key)
        if existing is not None:
            return self, existing
        relation = RelationTypeDef(key)
        return replace(self, relations=self.relations + (relation,)), relation

    def _name(self, key: str) -> str:
        label = self.get(key)
        return f"{'an' if key[:1].lower() in 'aeiou' else 'a'} {label.name if label is not None else key}"

    def _names(self, keys: tuple[str, ...]) -> str:
        return " or ".join(self._name(key) for key in keys)

    # --- (de)serialisation

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": [
                {
                    "key": lb.key,
                    "name": lb.name,
                    "colour": lb.colour,
                    "shortcut": lb.shortcut,
                    "guideline": lb.guideline.to_value(),
                    "attributes": [
                        {
                            "name": a.name,
                            "values": list(a.values),
                            "guidelines": {v: g.to_value() for v, g in a.guidelines},
                        }
                        for a in lb.attributes
                    ],
                }
                for lb in self.labels
            ],
            "relations": [{"key": r.key, "from": list(r.sources), "to": list(r.targets)} for r in self.relations],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LabelSchema:
        labels = tuple(
            LabelDef(
                key=lb["key"],
                name=lb.get("name", lb["key"]),
                colour=lb.get("colour", "#999999"),
                shortcut=str(lb.get("shortcut", "")),
                guideline=Guideline.from_value(lb.get("guideline", "")),
                attributes=tuple(_attribute(a) for a in lb.get("attributes", ())),
            )
            for lb in data.get("labels", ())
        )
        relations = tuple(
            RelationTypeDef(r["key"], tuple(r.get("from", ())), tuple(r.get("to", ())))
            for r in data.get("relations", ())
        )
        return cls(labels, relations)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LabelSchema:
        return cls.from_dict(json.loads(text))


def _attribute(data: dict[str, Any]) -> AttributeDef:
    guidelines = data.get("guidelines") or {}
    return AttributeDef(
        data["name"],
        tuple(data.get("values", ())),
        tuple((str(v), Guideline.from_value(g)) for v, g in guidelines.items()) if isinstance(guidelines, dict) else (),
    )


def default_schema() -> LabelSchema:
    """The schema every new project starts with (quote, condition, actor, guarantee type)."""
    text = resource("schema.json").read_text(encoding="utf-8")
    return LabelSchema.from_json(text)

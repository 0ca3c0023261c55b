"""Annotation guidelines: a definition, what to include and exclude, and examples, for a label or an attribute value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def _lines(value: object) -> tuple[str, ...]:
    """A list of rules or examples from a stored value: a list of strings, or one string (one rule a line)."""
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    if isinstance(value, list | tuple):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return ()


@dataclass(frozen=True, slots=True)
class Guideline:
    """How to annotate one label or attribute value; every part may be empty."""

    definition: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.definition or self.include or self.exclude or self.examples)

    @classmethod
    def from_value(cls, value: object) -> Guideline:
        """A guideline from a stored schema: a dict, or (schemas before guidelines had parts) a plain definition."""
        if isinstance(value, str):
            return cls(definition=value.strip())
        if not isinstance(value, dict):
            return cls()
        return cls(
            definition=str(value.get("definition", "")).strip(),
            include=_lines(value.get("include", ())),
            exclude=_lines(value.get("exclude", ())),
            examples=_lines(value.get("examples", ())),
        )

    def to_value(self) -> dict[str, Any]:
        return {
            "definition": self.definition,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "examples": list(self.examples),
        }

    def as_text(self) -> str:
        """The guideline as plain text, one part a paragraph (for tooltips of plain widgets and the command line)."""
        parts = [self.definition] if self.definition else []
        for title, items in (("Include", self.include), ("Exclude", self.exclude), ("Examples", self.examples)):
            if items:
                parts.append(f"{title}:\n" + "\n".join(f"- {item}" for item in items))
        return "\n\n".join(parts)

"""The status bar's summary: who is annotating, how many annotations of each label the article holds, and how
many relations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation


class AnnotationCounts:
    """Counts per label, and the analyst's own, kept up to date one annotation at a time
    (counting 20,000 annotations again on every edit would make edits slower in long articles)."""

    def __init__(self) -> None:
        self.total = 0
        self.mine = 0
        self.by_label: Counter[str] = Counter()

    def reset(self, annotations: Iterable[Annotation], analyst: str) -> None:
        self.total, self.mine, self.by_label = 0, 0, Counter()
        for annotation in annotations:
            self.count(annotation, +1, analyst)

    def count(self, annotation: Annotation, sign: int, analyst: str) -> None:
        self.total += sign
        self.mine += sign * (annotation.analyst == analyst)
        self.by_label[annotation.label] += sign
        if self.by_label[annotation.label] <= 0:
            del self.by_label[annotation.label]

    def text(
        self,
        schema: LabelSchema,
        analyst: str,
        location: str,
        document_open: bool,
        relations: tuple[int, int] | None = None,
    ) -> str:
        """`relations`: how many relations are shown, and how many of them are the analyst's."""
        names = {label.key: label.name for label in schema}
        by_label = ", ".join(f"{names.get(k, k)} {n}" for k, n in sorted(self.by_label.items(), key=lambda kv: -kv[1]))
        parts = [f"Analyst: {analyst}"]
        if document_open:
            noun = "annotation" if self.total == 1 else "annotations"
            parts.append(
                f"{self.total} {noun} in this document ({self.mine} yours)" + (f": {by_label}" if by_label else "")
            )
            if relations is not None:
                shown, mine = relations
                parts.append(f"{shown} {'relation' if shown == 1 else 'relations'} ({mine} yours)")
        else:
            parts.append(f"Project: {location}")
        return "   ·   ".join(parts)

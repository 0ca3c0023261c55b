"""The open article's annotations as the main window shows them: by id, counted, in the view and the table."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Document
from annotator.gui.annotate.annotation_table_model import AnnotationTableModel
from annotator.gui.annotate.document_view import DocumentView
from annotator.gui.annotate.status_summary import AnnotationCounts


class ShownAnnotations:
    """Keeps the window's annotations of the open article, the status bar's counts, the article view
    and the annotation table in step: all at once, a stretch at a time, or a few changed ones."""

    def __init__(self, view: DocumentView, table: AnnotationTableModel):
        self.view, self.table = view, table
        self.counts = AnnotationCounts()
        self._by_id: dict[int, Annotation] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, annotation_id: int | None) -> Annotation | None:
        return self._by_id.get(annotation_id) if annotation_id is not None else None

    def in_text_order(self) -> list[Annotation]:
        return sorted(self._by_id.values(), key=lambda a: (a.start, a.end, a.id))

    def show(
        self,
        document: Document,
        annotations: Sequence[Annotation],
        schema: LabelSchema,
        analyst: str,
        *,
        shown_to: int | None = None,
    ) -> None:
        """A newly opened document, whole or (with `shown_to`) its text up to there."""
        self._reset(annotations, analyst)
        self.view.set_document(document, annotations, schema, shown_to=shown_to)
        self.table.set_annotations(document.text, annotations, schema)

    def replace_all(self, annotations: Sequence[Annotation], schema: LabelSchema, analyst: str) -> None:
        """The open document's annotations read anew (another process changed them)."""
        self._reset(annotations, analyst)
        self.view.set_annotations(annotations, schema)
        document = self.view.current_document
        self.table.set_annotations(document.text if document else "", annotations, schema)

    def extend(self, shown_to: int, annotations: Sequence[Annotation], analyst: str) -> None:
        """The next stretch of a long article: its text up to `shown_to` and the annotations starting
        there; ones already shown (an edit made meanwhile) are kept as they are."""
        fresh = [a for a in annotations if a.id not in self._by_id]
        for annotation in fresh:
            self._by_id[annotation.id] = annotation
            self.counts.count(annotation, +1, analyst)
        self.view.extend(shown_to, fresh)
        self.table.extend(fresh)

    def apply(self, fresh: Sequence[Annotation], gone: Sequence[int], analyst: str) -> None:
        """A few annotations added or changed (`fresh`) or deleted (ids in `gone`); the cost does not
        grow with the document's size."""
        removed = [i for i in gone if i in self._by_id]
        self.table.apply_changes(fresh, removed, self._by_id)
        self.view.apply_changes(fresh, removed)
        for annotation_id in removed + [a.id for a in fresh if a.id in self._by_id]:
            self.counts.count(self._by_id.pop(annotation_id), -1, analyst)
        for annotation in fresh:
            self._by_id[annotation.id] = annotation
            self.counts.count(annotation, +1, analyst)

    def _reset(self, annotations: Sequence[Annotation], analyst: str) -> None:
        self._by_id = {a.id: a for a in annotations}
        self.counts.reset(annotations, analyst)

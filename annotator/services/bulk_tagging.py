"""Tag many spans with one label in one step (search results, all occurrences), and take them back in one.

`add_annotations(project, {document_id: [(start, end), ...]}, label, attributes)` checks every
span, trims its edges, skips those this analyst has already tagged with the label, and saves
the rest in one transaction; `remove_annotations` and `restore_annotations` are its undo and
redo, keeping ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.model import Annotation
from annotator.core.offsets import span_problem, trim_span
from annotator.store.annotation_batches import add_annotations as store_add
from annotator.store.annotation_batches import delete_annotations, labelled_spans
from annotator.store.annotation_batches import texts as batch_texts


def add_annotations(
    project,
    spans: Mapping[int, Sequence[tuple[int, int]]],
    label: str,
    attributes: Mapping[str, str] | None = None,
    *,
    initiator: object = None,
) -> list[Annotation]:
    """Tag each [start, end) of each document with `label` for the session's analyst; returns those added."""
    if project.schema.get(label) is None:
        raise NotFound(f"no label {label!r} in this project's schema")
    documents = sorted(spans)
    texts = batch_texts(project.repository, documents)  # one read for all: thousands of articles may be hit
    missing = [d for d in documents if d not in texts]
    if missing:
        raise NotFound(f"no document with id {missing[0]}")
    tagged = labelled_spans(project.repository, documents, project.analyst, label)
    wanted: list[Annotation] = []
    for document_id in documents:
        text = texts[document_id]
        for start, end in spans[document_id]:
            problem = span_problem(len(text), start, end)
            if problem:
                raise AnnotatorError(problem)
            trimmed = trim_span(text, start, end)
            if trimmed is None or (document_id, *trimmed) in tagged:
                continue
            tagged.add((document_id, *trimmed))
            wanted.append(
                Annotation(0, document_id, project.analyst, label, trimmed[0], trimmed[1], dict(attributes or {}))
            )
    # the analyst's first annotation in a document starts it: in the same transaction as the tags
    added = store_add(project.repository, wanted, mark_started=True)
    _announce(project, added, initiator)
    started = {a.document_id for a in added}
    project._started.update((d, project.analyst) for d in started)
    for document_id in sorted(started):
        project.notify_status(document_id)
    return added


def remove_annotations(project, annotations: Sequence[Annotation], *, initiator: object = None) -> None:
    """Delete annotations added together (undo of add_annotations)."""
    for annotation in annotations:
        project._require_own(annotation)
    delete_annotations(project.repository, [a.id for a in annotations])
    _announce(project, annotations, initiator)


def restore_annotations(project, annotations: Sequence[Annotation], *, initiator: object = None) -> list[Annotation]:
    """Put back removed annotations under their ids (redo of add_annotations)."""
    for annotation in annotations:
        project._require_own(annotation)
    restored = store_add(project.repository, annotations, keep_ids=True)
    _announce(project, restored, initiator)
    return restored


def _announce(project, annotations: Sequence[Annotation], initiator: object) -> None:
    by_document: dict[int, list[int]] = {}
    for a in annotations:
        by_document.setdefault(a.document_id, []).append(a.id)
    for document_id, ids in by_document.items():
        project.notify_annotations(document_id, ids, initiator)

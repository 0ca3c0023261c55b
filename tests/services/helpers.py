"""Small builders shared by the service tests: JSONL files written the way a user would have them."""

from __future__ import annotations

import json
from pathlib import Path


def write_jsonl(path: Path, *documents: dict) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path


def ann(text: str, needle: str, label: str, **extra) -> dict:
    """An annotation record over the first occurrence of `needle` in `text`."""
    start = text.index(needle)
    return {"label": label, "start": start, "end": start + len(needle), "text": needle, **extra}


def project_state(project) -> dict:
    """What a user sees: per document id its text, meta, annotations and relations (by spans, not ids)."""
    state = {}
    for document_id in project.document_ids():
        doc = project.document(document_id)
        annotations = project.annotations(document_id)
        by_id = {a.id: (a.analyst, a.label, a.start, a.end) for a in annotations}
        state[doc.external_id] = {
            "title": doc.title,
            "text": doc.text,
            "meta": dict(doc.meta),
            "annotations": sorted(
                (a.analyst, a.label, a.start, a.end, tuple(sorted(a.attributes.items())), a.note) for a in annotations
            ),
            "relations": sorted(
                (r.analyst, r.type, by_id[r.source_id], by_id[r.target_id]) for r in project.relations(document_id)
            ),
        }
    return state

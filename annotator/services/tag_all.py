"""Tag all occurrences: where a piece of text occurs as a whole word, in one article or across the corpus,
and how many of those places the analyst has not yet tagged with a label (the count shown before tagging).

Across the corpus the full-text index says which articles may hold the text; the exact places are
found in Python (`core.occurrences`), in code points, case-sensitive unless asked otherwise.
Tagging itself is `services.bulk_tagging.add_annotations`: one transaction, one undo step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from annotator.core.occurrences import find_occurrences
from annotator.services.search import CorpusSearch, has_tokens
from annotator.store.annotation_batches import labelled_spans
from annotator.store.search_index import fts_phrase

Places = dict[int, list[tuple[int, int]]]  # document id -> [start, end) of each occurrence


@dataclass(frozen=True, slots=True)
class Preview:
    """What tagging all occurrences would do: places found, in how many articles, how many are new."""

    places: Places
    found: int
    articles: int
    to_tag: int


def occurrences(project, needle: str, *, match_case: bool = True, document_id: int | None = None) -> Places:
    """Whole-word occurrences of `needle` in one document, or (without `document_id`) in every document."""
    if not needle.strip():
        return {}
    if document_id is not None:
        hits = find_occurrences(project.document(document_id).text, needle, whole_word=True, match_case=match_case)
        return {document_id: hits} if hits else {}
    search = CorpusSearch(project)
    phrase = fts_phrase(needle, prefix=False) if search.indexed and has_tokens(needle) else None
    places: Places = {}
    for candidate in search.index.candidates(phrase):
        hits = find_occurrences(candidate.text, needle, whole_word=True, match_case=match_case)
        if hits:
            places[candidate.document_id] = hits
    return places


def preview(project, places: Mapping[int, Sequence[tuple[int, int]]], label: str) -> Preview:
    """How many of `places` the session's analyst has not yet tagged with `label`."""
    found = sum(len(spans) for spans in places.values())
    mine = labelled_spans(project.repository, list(places), project.analyst, label)
    tagged = sum(1 for document_id, spans in places.items() for span in spans if (document_id, *span) in mine)
    return Preview({d: list(s) for d, s in places.items()}, found, len(places), found - tagged)

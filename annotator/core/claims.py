"""Claims: one per guarantee, with its providers, recipients, conditions, and the quote and speaker stating it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from annotator.core.model import Annotation, AnnotationId, DocumentId, Relation

GUARANTEE, ACTOR, CONDITION, QUOTE = "guarantee_type", "actor", "condition", "quote"
SPEAKER, PROVIDER, RECIPIENT, CONDITION_OF = "speaker", "provider", "recipient", "condition_of"
TYPE_ATTRIBUTE = "type"  # the guarantee_type attribute naming the kind of guarantee
CLAIM_LABELS = (GUARANTEE, ACTOR, CONDITION, QUOTE)  # the labels and relation types claims read, no others
CLAIM_RELATIONS = (SPEAKER, PROVIDER, RECIPIENT, CONDITION_OF)


@dataclass(frozen=True, slots=True)
class Part:
    """One annotation taking part in a claim: its id, text and offsets."""

    annotation_id: AnnotationId
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    """A guarantee and what is linked to it; a part nobody linked stays empty (nothing is guessed)."""

    document_id: DocumentId
    analyst: str
    guarantee_type: str  # the guarantee's `type` attribute, "" when not set
    guarantee: Part
    providers: tuple[Part, ...] = ()
    recipients: tuple[Part, ...] = ()
    conditions: tuple[Part, ...] = ()
    quote: Part | None = None
    speakers: tuple[Part, ...] = ()


# A claim as plain tuples, as the database query gives it (store/claim_rows.py): cheap to make by the
# ten thousand; `claim_of_record` turns one into a Claim.
PartRow = tuple[AnnotationId, str, int, int]  # (annotation id, text, start, end)
ClaimRecord = tuple[
    DocumentId,  # document id
    str,  # external id
    str,  # title
    str,  # date
    str,  # location
    str,  # analyst
    str,  # guarantee type
    PartRow,  # guarantee
    tuple[PartRow, ...],  # providers
    tuple[PartRow, ...],  # recipients
    tuple[PartRow, ...],  # conditions
    PartRow | None,  # quote
    tuple[PartRow, ...],  # speakers
]


def part_of_row(row: PartRow) -> Part:
    return Part(row[0], row[1], row[2], row[3])


def claim_of_record(record: ClaimRecord) -> Claim:
    """The Claim a record stands for."""
    quote = record[11]
    return Claim(
        document_id=record[0],
        analyst=record[5],
        guarantee_type=record[6],
        guarantee=part_of_row(record[7]),
        providers=tuple(map(part_of_row, record[8])),
        recipients=tuple(map(part_of_row, record[9])),
        conditions=tuple(map(part_of_row, record[10])),
        quote=None if quote is None else part_of_row(quote),
        speakers=tuple(map(part_of_row, record[12])),
    )


# One analyst's annotation as the claims need it: (id, label, start, end, guarantee type or "").
Span = tuple[AnnotationId, str, int, int, str]
# A relation between two of those annotations: (type, source id, target id).
Link = tuple[str, AnnotationId, AnnotationId]
_ID: Final = 0  # positions in a Span
_LABEL: Final = 1
_START: Final = 2
_END: Final = 3
_KIND: Final = 4


def _order(span: Span) -> tuple[int, int, int]:
    return span[_START], span[_END], span[_ID]


def build_claims(text: str, annotations: Sequence[Annotation], relations: Sequence[Relation]) -> list[Claim]:
    """The claims of one document, one per guarantee_type annotation, in text order.

    Links are followed only between annotations of the same analyst. The quote is the
    innermost quote containing the guarantee, else the first (in text order) quote that one
    of the guarantee's conditions is linked to with `condition_of`; its speakers come from
    `speaker` relations.
    """
    if not annotations:
        return []
    analyst_of = {a.id: a.analyst for a in annotations}
    spans: dict[str, list[Span]] = {}
    for a in annotations:
        kind = a.attributes.get(TYPE_ATTRIBUTE, "") if a.label == GUARANTEE else ""
        spans.setdefault(a.analyst, []).append((a.id, a.label, a.start, a.end, kind))
    links: dict[str, list[Link]] = {}
    for r in relations:
        analyst = analyst_of.get(r.source_id)
        if analyst is not None and analyst == analyst_of.get(r.target_id):
            links.setdefault(analyst, []).append((r.type, r.source_id, r.target_id))
    document_id = annotations[0].document_id
    claims = [
        claim
        for analyst, own in spans.items()
        for claim in claims_of(document_id, analyst, text, own, links.get(analyst, ()))
    ]
    if len(spans) > 1:
        claims.sort(key=lambda c: (c.guarantee.start, c.guarantee.end, c.guarantee.annotation_id))
    return claims


def claims_of(
    document_id: DocumentId, analyst: str, text: str, spans: Sequence[Span], links: Sequence[Link]
) -> list[Claim]:
    """The claims of one analyst's annotations of a document (as `build_claims`), from plain tuples."""
    by_id = {s[_ID]: s for s in spans}
    outgoing: dict[tuple[AnnotationId, str], list[Span]] = {}
    incoming: dict[tuple[AnnotationId, str], list[Span]] = {}
    for kind, source_id, target_id in links:
        source, target = by_id.get(source_id), by_id.get(target_id)
        if source is None or target is None:
            continue
        outgoing.setdefault((source_id, kind), []).append(target)
        incoming.setdefault((target_id, kind), []).append(source)

    def part(span: Span) -> Part:
        start, end = span[_START], span[_END]
        return Part(span[_ID], text[start:end], start, end)

    def parts(found: Sequence[Span], label: str) -> tuple[Part, ...]:
        if not found:
            return ()
        unique = {s[_ID]: s for s in found if s[_LABEL] == label}
        return tuple(part(s) for s in sorted(unique.values(), key=_order))

    quotes = [s for s in spans if s[_LABEL] == QUOTE]
    claims = []
    for guarantee in sorted((s for s in spans if s[_LABEL] == GUARANTEE), key=_order):
        conditions = parts(incoming.get((guarantee[_ID], CONDITION_OF), ()), CONDITION)
        quote = _containing_quote(guarantee, quotes) or _conditions_quote(conditions, outgoing)
        claims.append(
            Claim(
                document_id=document_id,
                analyst=analyst,
                guarantee_type=guarantee[_KIND],
                guarantee=part(guarantee),
                providers=parts(outgoing.get((guarantee[_ID], PROVIDER), ()), ACTOR),
                recipients=parts(outgoing.get((guarantee[_ID], RECIPIENT), ()), ACTOR),
                conditions=conditions,
                quote=None if quote is None else part(quote),
                speakers=() if quote is None else parts(outgoing.get((quote[_ID], SPEAKER), ()), ACTOR),
            )
        )
    return claims


def _containing_quote(guarantee: Span, quotes: Sequence[Span]) -> Span | None:
    """The innermost quote whose span holds the guarantee's span."""
    start, end = guarantee[_START], guarantee[_END]
    holding = [q for q in quotes if q[_START] <= start and end <= q[_END]]
    return min(holding, key=lambda q: (q[_END] - q[_START], q[_START], q[_ID]), default=None)


def _conditions_quote(
    conditions: Sequence[Part],
    outgoing: dict[tuple[AnnotationId, str], list[Span]],
) -> Span | None:
    """The first quote, in text order, that one of the conditions is linked to with `condition_of`."""
    linked = [q for c in conditions for q in outgoing.get((c.annotation_id, CONDITION_OF), ()) if q[_LABEL] == QUOTE]
    return min(linked, key=_order, default=None)

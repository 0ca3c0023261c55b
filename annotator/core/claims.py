"""Claims: one per guarantee, with its providers, recipients, conditions, and the quote and speaker stating it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.model import Annotation, AnnotationId, DocumentId, Relation

GUARANTEE, ACTOR, CONDITION, QUOTE = "guarantee_type", "actor", "condition", "quote"
SPEAKER, PROVIDER, RECIPIENT, CONDITION_OF = "speaker", "provider", "recipient", "condition_of"
TYPE_ATTRIBUTE = "type"  # the guarantee_type attribute naming the kind of guarantee


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


def _order(annotation: Annotation) -> tuple[int, int, int]:
    return annotation.start, annotation.end, annotation.id


def build_claims(text: str, annotations: Sequence[Annotation], relations: Sequence[Relation]) -> list[Claim]:
    """The claims of one document, one per guarantee_type annotation, in text order.

    Links are followed only between annotations of the same analyst. The quote is the
    innermost quote containing the guarantee, else the first (in text order) quote that one
    of the guarantee's conditions is linked to with `condition_of`; its speakers come from
    `speaker` relations.
    """
    by_id = {a.id: a for a in annotations}
    outgoing: dict[tuple[AnnotationId, str], list[Annotation]] = {}
    incoming: dict[tuple[AnnotationId, str], list[Annotation]] = {}
    for relation in relations:
        source, target = by_id.get(relation.source_id), by_id.get(relation.target_id)
        if source is None or target is None or source.analyst != target.analyst:
            continue
        outgoing.setdefault((source.id, relation.type), []).append(target)
        incoming.setdefault((target.id, relation.type), []).append(source)

    def part(annotation: Annotation) -> Part:
        return Part(annotation.id, text[annotation.start : annotation.end], annotation.start, annotation.end)

    def parts(found: Sequence[Annotation], label: str) -> tuple[Part, ...]:
        if not found:
            return ()
        unique = {a.id: a for a in found if a.label == label}
        return tuple(part(a) for a in sorted(unique.values(), key=_order))

    quotes = [a for a in annotations if a.label == QUOTE]
    claims = []
    for guarantee in sorted((a for a in annotations if a.label == GUARANTEE), key=_order):
        conditions = parts(incoming.get((guarantee.id, CONDITION_OF), ()), CONDITION)
        quote = _containing_quote(guarantee, quotes) or _conditions_quote(conditions, outgoing)
        claims.append(
            Claim(
                document_id=guarantee.document_id,
                analyst=guarantee.analyst,
                guarantee_type=guarantee.attributes.get(TYPE_ATTRIBUTE, ""),
                guarantee=part(guarantee),
                providers=parts(outgoing.get((guarantee.id, PROVIDER), ()), ACTOR),
                recipients=parts(outgoing.get((guarantee.id, RECIPIENT), ()), ACTOR),
                conditions=conditions,
                quote=None if quote is None else part(quote),
                speakers=() if quote is None else parts(outgoing.get((quote.id, SPEAKER), ()), ACTOR),
            )
        )
    return claims


def _containing_quote(guarantee: Annotation, quotes: Sequence[Annotation]) -> Annotation | None:
    """The innermost quote of the guarantee's analyst whose span holds the guarantee's span."""
    holding = [
        q for q in quotes if q.analyst == guarantee.analyst and q.start <= guarantee.start and guarantee.end <= q.end
    ]
    return min(holding, key=lambda q: (len(q), q.start, q.id), default=None)


def _conditions_quote(
    conditions: Sequence[Part],
    outgoing: dict[tuple[AnnotationId, str], list[Annotation]],
) -> Annotation | None:
    """The first quote, in text order, that one of the conditions is linked to with `condition_of`."""
    linked = [q for c in conditions for q in outgoing.get((c.annotation_id, CONDITION_OF), ()) if q.label == QUOTE]
    return min(linked, key=_order, default=None)

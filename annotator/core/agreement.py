"""Agreement between two analysts over a corpus: span F1, Cohen's kappa, Krippendorff's alpha.

The corpus is a sequence of documents, each ``(length, annotations_of_a, annotations_of_b)``
or ``(length, a, b, document_id)`` (see `DocumentSets`), where ``length`` is the document
text's length in code points and spans are half-open ``[start, end)`` within it. An
optional label filter restricts every statistic to those labels (and lists them even
when nobody used them).

Definitions (per label, and "overall" pooling all labels):

* **Counts** ``count_a``, ``count_b``: annotations of each analyst.
* **Exact matches**: same label, start and end, one-to-one. **Overlap matches**: same
  label and sharing at least one character, one-to-one: exact matches first, then the
  greatest overlap in characters first (ties: earliest start). Both come from
  `annotator.core.review.align`, so the review screen and the report agree.
* **F1** = 2·matches / (|A| + |B|), micro over documents (sum the counts, then divide);
  None when |A| + |B| = 0. Taking A as the reference, **recall** = matches / |A| and
  **precision** = matches / |B| (None when the denominator is 0).
* **kappa_char**: Cohen's kappa over characters. Every character of every document is,
  for each analyst, inside a span of the label or not; the 2×2 table is pooled over
  documents. Covered lengths come from merged intervals, never a per-character loop.
  κ = (p_o − p_e) / (1 − p_e), None when p_e = 1 (neither analyst used the label, or both
  covered everything). When one analyst used the label and the other did not, p_o = p_e
  and κ = 0. Overall: the 2×2 tables of all labels are summed (items are (character, label)).
* **alpha_u**: Krippendorff's unitized α (`annotator.core.alpha`), per label, on the
  continuum made by concatenating the documents in corpus order; each analyst's units
  are that label's spans, a coder's overlapping spans merged into one unit. None when
  the expected disagreement is 0 (nobody used the label). Overall: 1 − Σ D_o / Σ D_e over
  the labels, as DKPro Agreement and INCEpTION combine categories.
* **Attributes**: on exactly matched pairs (basis ``"exact"``) and on overlap-matched pairs
  (basis ``"overlap"``), for every attribute key seen on either side of a label's pairs:
  the share of pairs with equal values and Cohen's kappa over the pairs; a missing value
  is the category ``""``.
* **Confusion**: counts of (label of A, label of B) over the "label" pairs of the alignment,
  i.e. overlapping spans with different labels left after same-label matching.
* **Relations** (per type, and "overall" pooling all types): each analyst's relations of a
  document (`DocumentSets.relations_a` / ``relations_b``), their ends resolved through that
  analyst's annotations of the document (a relation with an end not among them, e.g. one
  left out by the label filter, is not counted). An **exact** match: equal type and both ends
  exactly equal (label, start, end). A **lenient** match: equal type and each end overlapping
  the other relation's end of the same label (exact matches count as lenient too). Both are
  one-to-one: exact matches first, then the greatest overlap of both ends in characters (ties:
  earliest ends). F1, precision and recall as for spans; None when neither analyst has one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

from .alpha import UnitizedAlpha, krippendorff_alpha, merge_spans, pooled_unitized_alpha, unitized_alpha
from .kappa import cohen_kappa, cohen_kappa_table
from .model import Annotation, AnnotationId, DocumentId, Relation
from .review import EXACT_KINDS, OVERLAP_KINDS, align

__all__ = [
    "AgreementReport",
    "AttributeAgreement",
    "ConfusionCell",
    "DocumentAgreement",
    "DocumentSets",
    "RelationScores",
    "Scores",
    "cohen_kappa",
    "cohen_kappa_table",
    "compute_agreement",
    "f1",
    "krippendorff_alpha",
]


class DocumentSets(NamedTuple):
    """One document of the corpus: its text length and both analysts' annotations (and relations)."""

    length: int
    a: Sequence[Annotation]
    b: Sequence[Annotation]
    document_id: DocumentId | None = None
    relations_a: Sequence[Relation] = ()
    relations_b: Sequence[Relation] = ()


Basis = Literal["exact", "overlap"]  # the pairs an attribute's agreement is computed on: exactly or overlap matched

# a document of the corpus as DocumentSets or a plain tuple: (length, a, b) or (length, a, b, document id)
CorpusItem = (
    DocumentSets
    | tuple[int, Sequence[Annotation], Sequence[Annotation]]
    | tuple[int, Sequence[Annotation], Sequence[Annotation], DocumentId | None]
)


# --------------------------------------------------------------------------- results


def f1(matches: int, count_a: int, count_b: int) -> float | None:
    """2·matches / (|A| + |B|); None when both sets are empty."""
    return None if count_a + count_b == 0 else 2 * matches / (count_a + count_b)


def _share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


class _Counted(Protocol):
    """What a rate reads besides its count of matches: how many items each analyst has."""

    @property
    def count_a(self) -> int: ...

    @property
    def count_b(self) -> int: ...


class _Rate:
    """F1, precision or recall of one kind of match, read off the counts of a scores object (A as reference:
    precision is the share of B's items that A also has, recall the share of A's that B also has)."""

    def __init__(self, measure: Literal["f1", "precision", "recall"], matches: str) -> None:
        self.measure, self.matches = measure, matches  # `matches`: the name of the count of that kind of match

    def __get__(self, scores: _Counted | None, owner: type | None = None) -> float | None:
        if scores is None:  # read on the class itself: no counts to read
            return None
        matched: int = getattr(scores, self.matches)
        if self.measure == "f1":
            return f1(matched, scores.count_a, scores.count_b)
        return _share(matched, scores.count_b if self.measure == "precision" else scores.count_a)


def _rates_of(kind: str) -> tuple[_Rate, _Rate, _Rate]:
    """F1, precision and recall of the matches counted in `matches_<kind>`."""
    return _Rate("f1", f"matches_{kind}"), _Rate("precision", f"matches_{kind}"), _Rate("recall", f"matches_{kind}")


def _rates(scores: object, kinds: tuple[str, ...]) -> dict[str, float | None]:
    """Each rate of each kind of match, by name, in the order of the reports: f1_*, then precision_* and recall_*."""
    names = [f"f1_{k}" for k in kinds] + [f"{m}_{k}" for k in kinds for m in ("precision", "recall")]
    return {name: getattr(scores, name) for name in names}


@dataclass(frozen=True, slots=True)
class Scores:
    """Agreement for one label (or overall, `label` None): counts, F1, kappa over characters, α_u."""

    label: str | None
    count_a: int
    count_b: int
    matches_exact: int
    matches_overlap: int
    chars_total: int  # characters in the corpus (overall: characters × labels)
    chars_a: int  # characters inside A's spans of the label
    chars_b: int
    chars_both: int
    kappa_char: float | None
    alpha_u: float | None
    alpha_u_observed: float  # D_o (overall: mean over labels)
    alpha_u_expected: float  # D_e (overall: mean over labels)

    f1_exact, precision_exact, recall_exact = _rates_of("exact")
    f1_overlap, precision_overlap, recall_overlap = _rates_of("overlap")

    def to_dict(self) -> dict[str, Any]:
        return {
            "count_a": self.count_a,
            "count_b": self.count_b,
            "matches_exact": self.matches_exact,
            "matches_overlap": self.matches_overlap,
            **_rates(self, ("exact", "overlap")),
            "kappa_char": self.kappa_char,
            "alpha_u": self.alpha_u,
            "alpha_u_observed": self.alpha_u_observed,
            "alpha_u_expected": self.alpha_u_expected,
            "chars": {"total": self.chars_total, "a": self.chars_a, "b": self.chars_b, "both": self.chars_both},
        }


@dataclass(frozen=True, slots=True)
class RelationScores:
    """Agreement on relations of one type (or overall, `type` None): counts, exact and lenient matches."""

    type: str | None
    count_a: int
    count_b: int
    matches_exact: int
    matches_lenient: int

    f1_exact, precision_exact, recall_exact = _rates_of("exact")
    f1_lenient, precision_lenient, recall_lenient = _rates_of("lenient")

    def to_dict(self) -> dict[str, Any]:
        return {
            "count_a": self.count_a,
            "count_b": self.count_b,
            "matches_exact": self.matches_exact,
            "matches_lenient": self.matches_lenient,
            **_rates(self, ("exact", "lenient")),
        }


@dataclass(frozen=True, slots=True)
class AttributeAgreement:
    """Agreement on one attribute of one label over matched pairs (`basis` "exact" or "overlap")."""

    label: str
    attribute: str
    basis: Basis
    pairs: int
    agreeing: int
    kappa: float | None

    @property
    def agreement(self) -> float | None:
        """Proportion of pairs with equal values (0–1; × 100 for a percentage)."""
        return _share(self.agreeing, self.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "attribute": self.attribute,
            "basis": self.basis,
            "pairs": self.pairs,
            "agreeing": self.agreeing,
            "agreement": self.agreement,
            "kappa": self.kappa,
        }


@dataclass(frozen=True, slots=True)
class ConfusionCell:
    """Overlapping spans that A labelled `label_a` and B labelled `label_b` (never equal)."""

    label_a: str
    label_b: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"label_a": self.label_a, "label_b": self.label_b, "count": self.count}


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """One row of the per-document table; `index` is the document's position in the corpus."""

    index: int
    document_id: DocumentId | None
    length: int
    count_a: int
    count_b: int
    matches_exact: int
    matches_overlap: int
    disagreements: int  # pairs of the alignment that are not a full match

    @property
    def f1_exact(self) -> float | None:
        return f1(self.matches_exact, self.count_a, self.count_b)

    @property
    def f1_overlap(self) -> float | None:
        return f1(self.matches_overlap, self.count_a, self.count_b)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "document_id": self.document_id,
            "length": self.length,
            "count_a": self.count_a,
            "count_b": self.count_b,
            "matches_exact": self.matches_exact,
            "matches_overlap": self.matches_overlap,
            "f1_exact": self.f1_exact,
            "f1_overlap": self.f1_overlap,
            "disagreements": self.disagreements,
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Everything the agreement report shows; `to_dict()` is the ``--json`` output."""

    overall: Scores
    labels: Mapping[str, Scores]
    attributes: tuple[AttributeAgreement, ...] = ()
    confusion: tuple[ConfusionCell, ...] = ()
    documents: tuple[DocumentAgreement, ...] = field(default=())
    relations: Mapping[str, RelationScores] = field(default_factory=dict)  # per relation type, sorted
    relations_overall: RelationScores = RelationScores(None, 0, 0, 0, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.to_dict(),
            "labels": {label: scores.to_dict() for label, scores in self.labels.items()},
            "attributes": [a.to_dict() for a in self.attributes],
            "confusion": [c.to_dict() for c in self.confusion],
            "documents": [d.to_dict() for d in self.documents],
            "relations": {
                "overall": self.relations_overall.to_dict(),
                "types": {kind: scores.to_dict() for kind, scores in self.relations.items()},
            },
        }


# --------------------------------------------------------------------------- computation


def _covered(spans: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


def _intersection(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> int:
    """Characters in both unions of disjoint sorted spans."""
    total = i = j = 0
    while i < len(first) and j < len(second):
        lo = max(first[i][0], second[j][0])
        hi = min(first[i][1], second[j][1])
        if hi > lo:
            total += hi - lo
        if first[i][1] <= second[j][1]:
            i += 1
        else:
            j += 1
    return total


def _kappa_2x2(total: int, a: int, b: int, both: int) -> float | None:
    return cohen_kappa_table([[both, a - both], [b - both, total - a - b + both]])


class _LabelTally:
    __slots__ = ("count_a", "count_b", "exact", "overlap", "chars_a", "chars_b", "chars_both", "units_a", "units_b")

    def __init__(self) -> None:
        self.count_a = self.count_b = self.exact = self.overlap = 0
        self.chars_a = self.chars_b = self.chars_both = 0
        self.units_a: list[tuple[int, int]] = []
        self.units_b: list[tuple[int, int]] = []


def _check(annotations: Sequence[Annotation], length: int, index: int) -> None:
    for x in annotations:
        if not 0 <= x.start <= x.end <= length:
            raise ValueError(
                f"document #{index}: annotation {x.id} [{x.start}, {x.end}) lies outside its text [0, {length})"
            )


def _by_label(annotations: Iterable[Annotation]) -> dict[str, list[tuple[int, int]]]:
    found: dict[str, list[tuple[int, int]]] = {}
    for x in annotations:
        found.setdefault(x.label, []).append((x.start, x.end))
    return found


_Attributes = tuple[tuple[str, str], ...]  # an annotation's attributes, sorted: a corpus repeats a few of them


def _attributes_of(annotation: Annotation) -> _Attributes:
    return tuple(sorted(annotation.attributes.items())) if annotation.attributes else ()


def _attribute_rows(
    pairs: dict[tuple[str, Basis], Counter[tuple[_Attributes, _Attributes]]],
) -> list[AttributeAgreement]:
    rows = []
    for (label, basis), matched in sorted(pairs.items()):
        keys = sorted({k for pair in matched for side in pair for k, _ in side})
        for key in keys:
            values: Counter[tuple[str, str]] = Counter()
            for (side_a, side_b), count in matched.items():
                values[dict(side_a).get(key, ""), dict(side_b).get(key, "")] += count
            agreeing = sum(count for (va, vb), count in values.items() if va == vb)
            total = sum(values.values())
            rows.append(AttributeAgreement(label, key, basis, total, agreeing, cohen_kappa(list(values.elements()))))
    return rows


_End = tuple[str, int, int]  # label, start, end of a relation's end
_Link = tuple[_End, _End]  # source, target


def _links(relations: Sequence[Relation], annotations: Sequence[Annotation]) -> dict[str, list[_Link]]:
    """Per type, the relations whose both ends are among `annotations`, as (source, target) spans."""
    if not relations:
        return {}
    ends: dict[AnnotationId, _End] = {x.id: (x.label, x.start, x.end) for x in annotations}
    found: dict[str, list[_Link]] = {}
    for r in relations:
        source, target = ends.get(r.source_id), ends.get(r.target_id)
        if source is not None and target is not None:
            found.setdefault(r.type, []).append((source, target))
    return found


def _overlap(x: _End, y: _End) -> int:
    """Characters two ends share when they have the same label, else 0."""
    return max(0, min(x[2], y[2]) - max(x[1], y[1])) if x[0] == y[0] else 0


def _match_links(a: list[_Link], b: list[_Link]) -> tuple[int, int]:
    """(exact, lenient) one-to-one matches of one type's relations of A and B in one document."""
    unmatched_b = Counter(b)
    exact = 0
    rest_a: list[_Link] = []
    for link in a:
        if unmatched_b[link] > 0:
            unmatched_b[link] -= 1
            exact += 1
        else:
            rest_a.append(link)
    rest_b = sorted(unmatched_b.elements())
    if not rest_a or not rest_b:
        return exact, exact
    candidates = []
    for i, (source_a, target_a) in enumerate(sorted(rest_a)):
        for j, (source_b, target_b) in enumerate(rest_b):
            on_source = _overlap(source_a, source_b)
            if on_source:
                on_target = _overlap(target_a, target_b)
                if on_target:
                    candidates.append((-(on_source + on_target), i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return exact, exact + len(used_a)


class _RelationTally:
    __slots__ = ("count_a", "count_b", "exact", "lenient")

    def __init__(self) -> None:
        self.count_a = self.count_b = self.exact = self.lenient = 0


def _tally_relations(
    tallies: dict[str, _RelationTally],
    relations_a: Sequence[Relation],
    relations_b: Sequence[Relation],
    a: Sequence[Annotation],
    b: Sequence[Annotation],
) -> None:
    links_a, links_b = _links(relations_a, a), _links(relations_b, b)
    for kind in links_a.keys() | links_b.keys():
        tally = tallies.setdefault(kind, _RelationTally())
        of_a, of_b = links_a.get(kind, []), links_b.get(kind, [])
        tally.count_a += len(of_a)
        tally.count_b += len(of_b)
        exact, lenient = _match_links(of_a, of_b)
        tally.exact += exact
        tally.lenient += lenient


def _relation_scores(tallies: dict[str, _RelationTally]) -> tuple[dict[str, RelationScores], RelationScores]:
    per_type = {
        kind: RelationScores(kind, t.count_a, t.count_b, t.exact, t.lenient) for kind, t in sorted(tallies.items())
    }
    overall = RelationScores(
        None,
        sum(t.count_a for t in per_type.values()),
        sum(t.count_b for t in per_type.values()),
        sum(t.matches_exact for t in per_type.values()),
        sum(t.matches_lenient for t in per_type.values()),
    )
    return per_type, overall


def compute_agreement(corpus: Iterable[CorpusItem], labels: Collection[str] | None = None) -> AgreementReport:
    """Agreement of analyst A and analyst B over `corpus` (see the module docstring for every definition).

    `labels`, when given, restricts everything to those labels (in that order), listing
    unused ones with undefined statistics. Raises ValueError for a span outside its document.
    """
    wanted = None if labels is None else set(labels)
    tallies: dict[str, _LabelTally] = {label: _LabelTally() for label in labels or ()}
    # how many matched pairs have each (A's, B's) attributes: counted, not kept, so memory stays flat over a corpus
    matched: dict[tuple[str, Basis], Counter[tuple[_Attributes, _Attributes]]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    documents: list[DocumentAgreement] = []
    relation_tallies: dict[str, _RelationTally] = {}
    offset = 0
    for index, item in enumerate(corpus):
        length, a, b = item[0], item[1], item[2]
        document_id = item[3] if len(item) > 3 else None
        _check(a, length, index)
        _check(b, length, index)
        if wanted is not None:
            a = [x for x in a if x.label in wanted]
            b = [x for x in b if x.label in wanted]
        if isinstance(item, DocumentSets) and (item.relations_a or item.relations_b):
            _tally_relations(relation_tallies, item.relations_a, item.relations_b, a, b)
        if document_id is None:
            document_id = next((x.document_id for x in (*a, *b)), None)
        pairs = align(a, b)
        exact = overlap = 0
        for pair in pairs:
            if pair.a is None or pair.b is None:
                continue  # only A's or only B's: counted below, from each analyst's spans
            if pair.kind in OVERLAP_KINDS:
                tally = tallies.setdefault(pair.label, _LabelTally())
                tally.overlap += 1
                overlap += 1
                sides = (_attributes_of(pair.a), _attributes_of(pair.b))
                matched.setdefault((pair.label, "overlap"), Counter())[sides] += 1
                if pair.kind in EXACT_KINDS:
                    tally.exact += 1
                    exact += 1
                    matched.setdefault((pair.label, "exact"), Counter())[sides] += 1
            elif pair.kind == "label":
                confusion[pair.a.label, pair.b.label] += 1
        spans_a, spans_b = _by_label(a), _by_label(b)
        for label in spans_a.keys() | spans_b.keys():
            tally = tallies.setdefault(label, _LabelTally())
            merged_a = merge_spans(spans_a.get(label, ()))
            merged_b = merge_spans(spans_b.get(label, ()))
            tally.count_a += len(spans_a.get(label, ()))
            tally.count_b += len(spans_b.get(label, ()))
            tally.chars_a += _covered(merged_a)
            tally.chars_b += _covered(merged_b)
            tally.chars_both += _intersection(merged_a, merged_b)
            tally.units_a.extend((s + offset, e + offset) for s, e in merged_a)
            tally.units_b.extend((s + offset, e + offset) for s, e in merged_b)
        disagreeing = sum(1 for p in pairs if p.kind != "match")
        documents.append(DocumentAgreement(index, document_id, length, len(a), len(b), exact, overlap, disagreeing))
        offset += length

    total = offset
    if labels is None:
        order = sorted(tallies)
    elif isinstance(labels, Sequence) and not isinstance(labels, str):
        order = list(dict.fromkeys(labels))
    else:
        order = sorted(labels)
    results: dict[str, Scores] = {}
    alphas: list[UnitizedAlpha] = []
    for label in order:
        t = tallies[label]
        alpha = unitized_alpha(total, [t.units_a, t.units_b])
        alphas.append(alpha)
        results[label] = Scores(
            label,
            t.count_a,
            t.count_b,
            t.exact,
            t.overlap,
            total,
            t.chars_a,
            t.chars_b,
            t.chars_both,
            _kappa_2x2(total, t.chars_a, t.chars_b, t.chars_both),
            alpha.alpha,
            alpha.observed,
            alpha.expected,
        )
    overall = _overall(list(results.values()), alphas, total)
    relations, relations_overall = _relation_scores(relation_tallies)
    return AgreementReport(
        overall=overall,
        labels=results,
        attributes=tuple(_attribute_rows(matched)),
        confusion=tuple(ConfusionCell(la, lb, n) for (la, lb), n in sorted(confusion.items())),
        documents=tuple(documents),
        relations=relations,
        relations_overall=relations_overall,
    )


def _overall(scores: list[Scores], alphas: list[UnitizedAlpha], total: int) -> Scores:
    chars_total = total * len(scores)
    chars_a = sum(s.chars_a for s in scores)
    chars_b = sum(s.chars_b for s in scores)
    chars_both = sum(s.chars_both for s in scores)
    k = len(alphas) or 1
    return Scores(
        None,
        sum(s.count_a for s in scores),
        sum(s.count_b for s in scores),
        sum(s.matches_exact for s in scores),
        sum(s.matches_overlap for s in scores),
        chars_total,
        chars_a,
        chars_b,
        chars_both,
        _kappa_2x2(chars_total, chars_a, chars_b, chars_both),
        pooled_unitized_alpha(alphas),
        sum(a.observed for a in alphas) / k,
        sum(a.expected for a in alphas) / k,
    )

"""Side-by-side review: align two analysts' annotations of one document.

`align` pairs every annotation of analyst A with at most one of analyst B (and the
other way round) and says how each pair differs. Matching is one-to-one, in phases,
each phase only using what earlier phases left over:

1. **exact** — same label, start and end. Within a group of identical spans, pairs
   whose attributes are equal are made first (kind ``"match"``), the rest pair up in
   id order (kind ``"attributes"``).
2. **same label, overlapping** (kind ``"boundary"``) — greatest overlap in characters
   first; ties go to the pair starting earliest (then by A's start, B's start, ends, ids).
3. **different label, overlapping** (kind ``"label"``) — the same greedy order.
4. Whatever is left is ``"only_a"`` or ``"only_b"``.

Phases 1–2 are exactly the matching that `annotator.core.agreement` uses for exact and
overlap F1, so "match" + "attributes" pairs are the exact matches and those plus the
"boundary" pairs are the overlap matches.

Attributes compare as mappings where a missing key and the empty string are the same
(``{"kind": ""} == {}``). Offsets are half-open code-point spans; an empty span never
overlaps anything, so it can only be matched exactly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Annotation
from .spans import SpanIndex

PairKind = Literal["match", "attributes", "boundary", "label", "only_a", "only_b"]
KINDS: tuple[str, ...] = ("match", "attributes", "boundary", "label", "only_a", "only_b")
DISAGREEMENT_KINDS: frozenset[str] = frozenset(KINDS) - {"match"}
EXACT_KINDS: frozenset[str] = frozenset({"match", "attributes"})
OVERLAP_KINDS: frozenset[str] = frozenset({"match", "attributes", "boundary"})


@dataclass(frozen=True, slots=True)
class Pair:
    """One row of the comparison: A's and B's annotation (either may be None) and how they relate."""

    kind: PairKind
    a: Annotation | None
    b: Annotation | None

    def __post_init__(self) -> None:
        if self.a is None and self.b is None:
            raise ValueError("a pair needs at least one annotation")

    @property
    def start(self) -> int:
        """Where the pair begins in the text: the earlier start of its annotations."""
        return min(x.start for x in (self.a, self.b) if x is not None)

    @property
    def end(self) -> int:
        """Where the pair ends: the later end of its annotations."""
        return max(x.end for x in (self.a, self.b) if x is not None)

    @property
    def label(self) -> str:
        """A's label when there is an A side, else B's."""
        # not `self.a or self.b`: an empty annotation has length 0 and so tests false
        side = self.a if self.a is not None else self.b
        if side is None:
            raise ValueError("a pair needs at least one annotation")  # refused by __post_init__ already
        return side.label

    @property
    def overlap(self) -> int:
        """Characters the two annotations share (0 for a one-sided pair)."""
        if self.a is None or self.b is None:
            return 0
        return max(0, min(self.a.end, self.b.end) - max(self.a.start, self.b.start))

    @property
    def is_disagreement(self) -> bool:
        return self.kind != "match"

    @property
    def differing_attributes(self) -> tuple[str, ...]:
        """Attribute keys whose values differ between A and B (sorted; empty for one-sided pairs)."""
        if self.a is None or self.b is None:
            return ()
        a, b = _attributes(self.a.attributes), _attributes(self.b.attributes)
        return tuple(sorted(k for k in a.keys() | b.keys() if a.get(k, "") != b.get(k, "")))


def _attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in attributes.items() if v != ""}


def _exact_phase(
    a: Sequence[Annotation], b: Sequence[Annotation]
) -> tuple[list[Pair], list[Annotation], list[Annotation]]:
    """Pairs with the same label, start and end; returns them and the unpaired rest of each side."""
    groups: dict[tuple[str, int, int], list[Annotation]] = {}
    for y in sorted(b, key=lambda x: x.id):
        groups.setdefault((y.label, y.start, y.end), []).append(y)
    pairs: list[Pair] = []
    rest_a: list[Annotation] = []
    unmatched_a: dict[tuple[str, int, int], list[Annotation]] = {}
    for x in sorted(a, key=lambda x: x.id):
        key = (x.label, x.start, x.end)
        candidates = groups.get(key)
        if not candidates:
            rest_a.append(x)
            continue
        wanted = _attributes(x.attributes)
        for i, y in enumerate(candidates):
            if _attributes(y.attributes) == wanted:
                pairs.append(Pair("match", x, candidates.pop(i)))
                break
        else:
            unmatched_a.setdefault(key, []).append(x)
    for key, xs in unmatched_a.items():
        candidates = groups[key]
        for x in xs:
            if candidates:
                pairs.append(Pair("attributes", x, candidates.pop(0)))
            else:
                rest_a.append(x)
    rest_b = [y for ys in groups.values() for y in ys]
    return pairs, rest_a, rest_b


def _greedy_overlap(
    a: list[Annotation], b: list[Annotation], same_label: bool
) -> tuple[list[tuple[Annotation, Annotation]], list[Annotation], list[Annotation]]:
    """One-to-one pairs of overlapping spans (same or different label), greatest overlap first."""
    if not a or not b:
        return [], a, b
    index = SpanIndex(b)
    candidates = []
    for x in a:
        for y in index.overlapping(x.start, x.end):  # an empty x may list spans around it: shared > 0 below
            shared = min(x.end, y.end) - max(x.start, y.start)
            if shared > 0 and (x.label == y.label) is same_label:
                candidates.append((-shared, min(x.start, y.start), x.start, y.start, x.end, y.end, x.id, y.id, x, y))
    candidates.sort(key=lambda c: c[:8])
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, x, y in candidates:
        if id(x) not in used_a and id(y) not in used_b:
            used_a.add(id(x))
            used_b.add(id(y))
            pairs.append((x, y))
    return pairs, [x for x in a if id(x) not in used_a], [y for y in b if id(y) not in used_b]


def _order_key(pair: Pair) -> tuple[int, int, int, int, int, int, int]:
    a, b = pair.a, pair.b
    if a is None:
        if b is None:
            raise ValueError("a pair needs at least one annotation")  # refused by Pair.__post_init__ already
        return (b.start, b.end, KINDS.index(pair.kind), -1, b.start, -1, b.id)
    if b is None:
        return (a.start, a.end, KINDS.index(pair.kind), a.start, -1, a.id, -1)
    start = a.start if a.start < b.start else b.start
    end = a.end if a.end > b.end else b.end
    return (start, end, KINDS.index(pair.kind), a.start, b.start, a.id, b.id)


def in_text_order(pairs: Iterable[Pair]) -> list[Pair]:
    """Pairs sorted by text position: start, then end (then kind and ids, so the order is stable)."""
    return sorted(pairs, key=_order_key)


def align(a: Sequence[Annotation], b: Sequence[Annotation]) -> list[Pair]:
    """Pair analyst A's and analyst B's annotations of one document, in text order.

    Every annotation of `a` and `b` appears in exactly one pair; see the module
    docstring for the phases and tie-breaks.
    """
    pairs, rest_a, rest_b = _exact_phase(a, b)
    same, rest_a, rest_b = _greedy_overlap(rest_a, rest_b, same_label=True)
    pairs.extend(Pair("boundary", x, y) for x, y in same)
    other, rest_a, rest_b = _greedy_overlap(rest_a, rest_b, same_label=False)
    pairs.extend(Pair("label", x, y) for x, y in other)
    pairs.extend(Pair("only_a", x, None) for x in rest_a)
    pairs.extend(Pair("only_b", None, y) for y in rest_b)
    return in_text_order(pairs)


def disagreements(pairs: Iterable[Pair]) -> list[Pair]:
    """Every pair that is not a full match (attributes, boundary, label, only_a, only_b), order kept."""
    return [p for p in pairs if p.kind != "match"]


def accept_all_agreements(pairs: Iterable[Pair]) -> list[Annotation]:
    """A's annotation of every full match: what "Accept all agreements" copies into the gold set."""
    return [p.a for p in pairs if p.kind == "match" and p.a is not None]


def step(pairs: Sequence[Pair], current: int | None, forward: bool = True, wrap: bool = True) -> int | None:
    """Index of the next (N) or previous (P) pair of `pairs` (in text order) from index `current`.

    With `current` None the first (forward) or last pair is chosen. At either end the
    step wraps around when `wrap` is set, else returns None. Empty `pairs` give None.
    """
    if not pairs:
        return None
    if current is None:
        return 0 if forward else len(pairs) - 1
    target = current + (1 if forward else -1)
    if 0 <= target < len(pairs):
        return target
    if not wrap:
        return None
    return target % len(pairs)


def step_from_offset(pairs: Sequence[Pair], offset: int, forward: bool = True, wrap: bool = True) -> int | None:
    """Index of the first pair starting after `offset` (N), or the last starting before it (P).

    For navigating from the caret when no pair is selected. `pairs` must be in text order.
    """
    if not pairs:
        return None
    starts = [p.start for p in pairs]
    if forward:
        i = bisect_right(starts, offset)
        if i < len(pairs):
            return i
        return 0 if wrap else None
    i = bisect_left(starts, offset) - 1
    if i >= 0:
        return i
    return len(pairs) - 1 if wrap else None

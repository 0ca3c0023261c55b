"""Side-by-side review of relations: pair analyst A's relations with B's once their spans are aligned.

Two relations correspond when A's source and B's source are the two sides of one aligned
span pair, and A's target and B's target are the two sides of one aligned pair (a pair of
any kind with both sides: match, attributes, boundary or label). Direction counts: A's
``x → y`` and B's ``y → x`` do not correspond (they come out as ``only_a`` and ``only_b``).

Between the same two pairs, corresponding relations pair up one-to-one: first those of
the same type (kind ``"match"``), then the rest in id order (kind ``"type"``: the type
differs). Whatever is left is ``"only_a"`` or ``"only_b"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .model import Relation
from .review import Pair

RelationKind = Literal["match", "type", "only_a", "only_b"]
RELATION_KINDS: tuple[str, ...] = ("match", "type", "only_a", "only_b")


@dataclass(frozen=True, slots=True)
class RelationPair:
    """One row of the relation comparison: A's and B's relation (either may be None), the span
    pairs its source and target lie in, and how the two relations differ."""

    kind: RelationKind
    a: Relation | None
    b: Relation | None
    source: Pair
    target: Pair

    def __post_init__(self) -> None:
        if self.a is None and self.b is None:
            raise ValueError("a relation pair needs at least one relation")

    @property
    def type(self) -> str:
        """A's type when there is an A side, else B's."""
        side = self.a if self.a is not None else self.b
        if side is None:
            raise ValueError("a relation pair needs at least one relation")  # refused by __post_init__ already
        return side.type

    @property
    def ids(self) -> tuple[int, ...]:
        """The ids of the relations in the row (A's first)."""
        return tuple(x.id for x in (self.a, self.b) if x is not None)


def _pair_of(pairs: Iterable[Pair]) -> tuple[dict[int, int], dict[int, int]]:
    """Annotation id -> index of its pair, for A's and for B's annotations."""
    of_a: dict[int, int] = {}
    of_b: dict[int, int] = {}
    for i, pair in enumerate(pairs):
        if pair.a is not None:
            of_a[pair.a.id] = i
        if pair.b is not None:
            of_b[pair.b.id] = i
    return of_a, of_b


def align_relations(pairs: Sequence[Pair], a: Sequence[Relation], b: Sequence[Relation]) -> list[RelationPair]:
    """Pair A's relations `a` with B's `b` over the span alignment `pairs` (from `core.review.align`).

    Every relation whose two ends are in `pairs` appears in exactly one row; relations with an end
    missing from the alignment are left out. Rows come in the text order of their source's pair,
    then their target's, then by kind and ids.
    """
    of_a, of_b = _pair_of(pairs)
    placed_a = [(r, of_a[r.source_id], of_a[r.target_id]) for r in a if r.source_id in of_a and r.target_id in of_a]
    placed_b = [(r, of_b[r.source_id], of_b[r.target_id]) for r in b if r.source_id in of_b and r.target_id in of_b]
    groups: dict[tuple[int, int], list[Relation]] = {}
    for r, s, t in sorted(placed_b, key=lambda x: x[0].id):
        groups.setdefault((s, t), []).append(r)
    rows: list[tuple[int, int, RelationPair]] = []
    leftover_a: list[tuple[Relation, int, int]] = []
    for r, s, t in sorted(placed_a, key=lambda x: x[0].id):
        candidates = groups.get((s, t), [])
        same = next((i for i, other in enumerate(candidates) if other.type == r.type), None)
        if same is None:
            leftover_a.append((r, s, t))
        else:
            rows.append((s, t, RelationPair("match", r, candidates.pop(same), pairs[s], pairs[t])))
    for r, s, t in leftover_a:
        candidates = groups.get((s, t), [])
        if candidates:
            rows.append((s, t, RelationPair("type", r, candidates.pop(0), pairs[s], pairs[t])))
        else:
            rows.append((s, t, RelationPair("only_a", r, None, pairs[s], pairs[t])))
    for (s, t), rest in groups.items():
        rows.extend((s, t, RelationPair("only_b", None, r, pairs[s], pairs[t])) for r in rest)

    def order(row: tuple[int, int, RelationPair]) -> tuple[int, int, int, int, int]:
        s, t, p = row
        return (s, t, RELATION_KINDS.index(p.kind), p.a.id if p.a else -1, p.b.id if p.b else -1)

    return [p for *_, p in sorted(rows, key=order)]


def relation_agreements(rows: Iterable[RelationPair]) -> list[RelationPair]:
    """The rows both analysts drew alike (kind match): what "Accept all agreements" also takes."""
    return [p for p in rows if p.kind == "match"]

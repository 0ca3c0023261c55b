"""Krippendorff's alpha: the coding coefficient (α) and the unitizing coefficient (α_u).

Both are pure Python and exact where they can be: counts are integers, and the
unitizing coefficient's sums are kept as (arbitrary precision) integers until the
one final division, so long corpora lose no precision.

Coding α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability")
--------------------------------------------------------------------------
`reliability_data` has one row per coder and one column per unit; ``None`` is a
missing value. A unit with m_u ≥ 2 values is *pairable*; every ordered pair of values
(c, k) from two different coders of that unit adds 1/(m_u − 1) to the coincidence
o_ck. With n_c = Σ_k o_ck and n = Σ_c n_c::

    D_o = Σ_c Σ_k o_ck δ²(c, k) / n
    D_e = Σ_c Σ_k n_c n_k δ²(c, k) / (n (n − 1))
    α   = 1 − D_o / D_e

Metrics δ²: nominal 0/1; ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)² over the ordered
value domain; interval (c − k)²; ratio ((c − k)/(c + k))². α is undefined (``None``)
when D_e = 0 (no pairable values, or no variation at all).

Unitizing α_u (Krippendorff 1995, "On the reliability of unitizing contiguous data",
Sociological Methodology 25:47–76; Krippendorff 2004, *Content Analysis*, 2nd ed., §12.4),
computed per category c as DKPro Agreement's ``KrippendorffAlphaUnitizingAgreement``
does (the implementation INCEpTION reports); that code was read, this one is written
from the definition.
-------------------------------------------------------------------------------------
A continuum [0, L) is cut by each of m coders into *sections*: the coder's units of c
and the gaps between them (everything that is not a unit of c). For a section g of
coder i (begin b, length l) and a section h of coder j, the squared distance is::

    both units and overlapping:            δ² = (b_g − b_h)² + (e_g − e_h)²   (e = b + l)
    unit g lying inside gap h:             δ² = l_g²
    gap g containing unit h:               δ² = l_h²
    otherwise (incl. gap/gap):             δ² = 0

    D_o(c) = Σ_{i≠j} Σ_g Σ_h δ² / (m (m − 1) L²)

With N_c the number of units of c over all coders, the sums over u running over every
unit of c (of every coder) and over every gap G (of every coder)::

    D_e(c) = (2 / L) · Σ_u [ (N_c − 1) · l_u (l_u − 1)(2 l_u − 1) / 3
                            + l_u² · Σ_{G : l_G ≥ l_u} (l_G − l_u + 1) ]
             / [ m L (m L − 1) − Σ_u l_u (l_u − 1) ]

    α_u(c) = 1 − D_o(c) / D_e(c)      undefined (None) when D_e(c) = 0

Over several categories, DKPro averages D_o and D_e over the categories before the
ratio: α_u = 1 − Σ_c D_o(c) / Σ_c D_e(c) (see `pooled_unitized_alpha`).

The definition forbids a coder's units of one category from overlapping: here a
coder's overlapping units are merged into one unit (their union). Units that merely
touch ([0, 5) and [5, 9)) stay two units. Empty spans are ignored. (INCEpTION instead
drops the later of two overlapping units; merging keeps every marked character.)
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
METRICS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


# --------------------------------------------------------------------------- coding α


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[Hashable | None]],
    metric: Metric = "nominal",
    value_domain: Sequence[Hashable] | None = None,
) -> float | None:
    """Krippendorff's α for coders × units data (``None`` = missing), or None if undefined.

    `value_domain` orders the values for the ordinal metric (default: sorted values);
    interval and ratio need numbers.
    """
    if not reliability_data:
        return None
    width = len(reliability_data[0])
    if any(len(row) != width for row in reliability_data):
        raise ValueError("every coder needs one value (or None) per unit")
    units = [Counter(row[u] for row in reliability_data if row[u] is not None) for u in range(width)]
    return _alpha_from_units(units, metric, value_domain)


def krippendorff_alpha_from_counts(
    value_counts: Sequence[Sequence[int]],
    value_domain: Sequence[Hashable],
    metric: Metric = "nominal",
) -> float | None:
    """α from a units × values table: value_counts[u][v] coders gave unit u the value value_domain[v]."""
    units = []
    for row in value_counts:
        if len(row) != len(value_domain):
            raise ValueError("each row of value_counts needs one count per value of value_domain")
        units.append(Counter({value: count for value, count in zip(value_domain, row, strict=True) if count}))
    return _alpha_from_units(units, metric, value_domain)


def _alpha_from_units(
    units: Iterable[Mapping[Hashable, int]], metric: str, value_domain: Sequence[Hashable] | None
) -> float | None:
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    coincidence: dict[tuple[Hashable, Hashable], float] = {}
    for counts in units:
        m = sum(counts.values())
        if m < 2:
            continue  # not pairable
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                pairs = n_c * (n_c - 1) if c == k else n_c * n_k
                if pairs:
                    coincidence[c, k] = coincidence.get((c, k), 0.0) + pairs / (m - 1)
    marginals: dict[Hashable, float] = {}
    for (c, _k), o in coincidence.items():
        marginals[c] = marginals.get(c, 0.0) + o
    n = sum(marginals.values())
    if n <= 1:
        return None
    delta = _distance(metric, marginals, value_domain)
    values = list(marginals)
    observed = sum(o * delta(c, k) for (c, k), o in coincidence.items())
    expected = sum(marginals[c] * marginals[k] * delta(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def _distance(
    metric: str, marginals: Mapping[Hashable, float], value_domain: Sequence[Hashable] | None
) -> Callable[[Hashable, Hashable], float]:
    if metric == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if metric == "ordinal":
        order = list(value_domain) if value_domain is not None else sorted(marginals)  # type: ignore[type-var]
        missing = [v for v in marginals if v not in order]
        if missing:
            raise ValueError(f"values {missing!r} are not in the value domain")
        rank = {value: i for i, value in enumerate(order)}
        cumulative = [0.0]
        for value in order:
            cumulative.append(cumulative[-1] + marginals.get(value, 0.0))

        def ordinal(c: Hashable, k: Hashable) -> float:
            lo, hi = sorted((rank[c], rank[k]))
            between = cumulative[hi + 1] - cumulative[lo]
            return (between - (marginals[c] + marginals[k]) / 2) ** 2

        return ordinal
    number: dict[Hashable, int | float] = {}  # each value as the number it is
    for value in marginals:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"the {metric} metric needs numbers, got {value!r}")
        number[value] = value
    if metric == "interval":
        return lambda c, k: float(number[c] - number[k]) ** 2

    def ratio(c: Hashable, k: Hashable) -> float:
        x, y = number[c], number[k]
        return 0.0 if x + y == 0 else ((x - y) / (x + y)) ** 2

    return ratio


# --------------------------------------------------------------------------- unitizing α_u


@dataclass(frozen=True, slots=True)
class UnitizedAlpha:
    """α_u of one category: observed and expected disagreement and the coefficient (None if D_e = 0)."""

    observed: float
    expected: float
    alpha: float | None


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of half-open spans as sorted, disjoint spans; overlapping ones merge, touching ones stay apart.

    Empty spans are dropped.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start < merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sections(units: list[tuple[int, int]], length: int) -> list[tuple[int, int, bool]]:
    """The coder's cut of [0, length): (start, end, is_unit) for units and the gaps between them."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            out.append((pos, start, False))
        out.append((start, end, True))
        pos = end
    if pos < length:
        out.append((pos, length, False))
    return out


def _observed_sum(first: list[tuple[int, int, bool]], second: list[tuple[int, int, bool]]) -> int:
    """Σ δ² over all pairs of overlapping sections of two coders (walked together, O(n1 + n2))."""
    total = 0
    i = j = 0
    while i < len(first) and j < len(second):
        s1, e1, unit1 = first[i]
        s2, e2, unit2 = second[j]
        if unit1 and unit2:
            total += (s1 - s2) ** 2 + (e1 - e2) ** 2
        elif unit1 and not unit2:
            if s2 <= s1 and e1 <= e2:
                total += (e1 - s1) ** 2
        elif unit2 and not unit1:
            if s1 <= s2 and e2 <= e1:
                total += (e2 - s2) ** 2
        if e1 <= e2:
            i += 1
        if e2 <= e1:
            j += 1
    return total


def _unitized_sums(length: int, coders: Sequence[Iterable[tuple[int, int]]]) -> tuple[int, int, int, int]:
    """Exact integers (S, num, den, m) with D_o = 2S/(m(m−1)L²) and D_e = 2·num/(L·den)."""
    m = len(coders)
    units_by_coder = [merge_spans(spans) for spans in coders]
    for units in units_by_coder:
        if units and (units[0][0] < 0 or units[-1][1] > length):
            raise ValueError(f"unit outside the continuum [0, {length})")
    sections = [_sections(units, length) for units in units_by_coder]
    observed = sum(_observed_sum(sections[i], sections[j]) for i in range(m) for j in range(i + 1, m))

    unit_lengths = [e - s for units in units_by_coder for s, e in units]
    gaps = sorted(e - s for cut in sections for s, e, is_unit in cut if not is_unit)
    suffix = [0] * (len(gaps) + 1)  # suffix[k] = Σ gaps[k:]
    for k in range(len(gaps) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + gaps[k]
    n_c = len(unit_lengths)
    numerator = 0
    for ell in unit_lengths:
        k = bisect_left(gaps, ell)  # gaps[k:] are the gaps at least as long as the unit
        fitting = suffix[k] + (1 - ell) * (len(gaps) - k)  # Σ (l_G − l + 1) over those gaps
        numerator += (n_c - 1) * (ell * (ell - 1) * (2 * ell - 1) // 3) + ell * ell * fitting
    denominator = m * length * (m * length - 1) - sum(ell * (ell - 1) for ell in unit_lengths)
    return observed, numerator, denominator, m


def unitized_alpha(length: int, coders: Sequence[Iterable[tuple[int, int]]]) -> UnitizedAlpha:
    """Krippendorff's α_u of one category on the continuum [0, length).

    `coders` holds, for each of m ≥ 2 coders, that coder's (start, end) units of the
    category; overlapping units of one coder are merged first (see the module docstring).
    """
    if len(coders) < 2:
        raise ValueError("α_u needs at least two coders")
    if length <= 0:
        return UnitizedAlpha(0.0, 0.0, None)
    s, num, den, m = _unitized_sums(length, coders)
    observed = 2 * s / (m * (m - 1) * length * length)
    expected = 2 * num / (length * den)
    if num == 0:
        return UnitizedAlpha(observed, 0.0, None)
    # 1 − D_o/D_e as one exact ratio of integers
    return UnitizedAlpha(observed, expected, 1.0 - (s * den) / (m * (m - 1) * length * num))


def pooled_unitized_alpha(results: Iterable[UnitizedAlpha]) -> float | None:
    """α_u over several categories as DKPro computes it: 1 − mean D_o / mean D_e (None if Σ D_e = 0)."""
    results = list(results)
    expected = sum(r.expected for r in results)
    if expected == 0:
        return None
    return 1.0 - sum(r.observed for r in results) / expected

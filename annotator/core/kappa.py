"""Cohen's kappa for two raters, unweighted or with linear / quadratic disagreement weights.

κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij, with o_ij the observed proportion of items rater 1 put in
category i and rater 2 in category j, e_ij = r_i c_j (the product of the raters' marginal
proportions) and disagreement weights w_ij = [i ≠ j] (unweighted: κ = (p_o − p_e)/(1 − p_e)),
|i − j| (linear) or (i − j)² (quadratic), i and j being positions in the category order.
This is Cohen (1960, 1968) and what scikit-learn's ``cohen_kappa_score`` computes.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Literal

Weights = Literal["linear", "quadratic"] | None


def _weight(i: int, j: int, weights: Weights) -> int:
    if weights is None:
        return 0 if i == j else 1
    if weights == "linear":
        return abs(i - j)
    if weights == "quadratic":
        return (i - j) ** 2
    raise ValueError(f"unknown weights {weights!r}; expected None, 'linear' or 'quadratic'")


def cohen_kappa_table(table: Sequence[Sequence[int]], weights: Weights = None) -> float | None:
    """Cohen's kappa from a square contingency table (rows rater 1, columns rater 2, same category order).

    κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij with e_ij = r_i c_j / N and disagreement weights
    w_ij = [i ≠ j] (unweighted), |i − j| (linear) or (i − j)² (quadratic), i and j being
    positions in the category order. None when the expected disagreement is 0 (p_e = 1)
    or the table is empty. Integer tables are computed exactly up to the final division.
    """
    k = len(table)
    if any(len(row) != k for row in table):  # also rejects ragged input
        raise ValueError("the contingency table must be square")
    rows = [sum(row) for row in table]
    cols = [sum(table[i][j] for i in range(k)) for j in range(k)]
    n = sum(rows)
    observed = sum(_weight(i, j, weights) * table[i][j] for i in range(k) for j in range(k))
    expected = sum(_weight(i, j, weights) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if n == 0 or expected == 0:
        return None
    return 1.0 - (n * observed) / expected


def _sorted_categories(values: Iterable[Hashable]) -> list[Hashable]:
    values = set(values)
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=repr)


def cohen_kappa(
    pairs: Iterable[tuple[Hashable, Hashable]],
    weights: Weights = None,
    labels: Sequence[Hashable] | None = None,
) -> float | None:
    """Cohen's kappa of two raters from (rater 1 value, rater 2 value) pairs; None if undefined.

    `labels` fixes the categories and their order (for weights); pairs with a value
    outside `labels` are left out, as in scikit-learn. By default the categories are the
    values seen, sorted.
    """
    pairs = list(pairs)
    categories = list(labels) if labels is not None else _sorted_categories(v for pair in pairs for v in pair)
    position = {value: i for i, value in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for first, second in pairs:
        if first in position and second in position:
            table[position[first]][position[second]] += 1
    return cohen_kappa_table(table, weights)

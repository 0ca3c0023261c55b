"""Krippendorff's α, α_u and Cohen's κ against published values (tests/data/iaa/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import cohen_kappa, krippendorff_alpha
from annotator.core.alpha import (
    UnitizedAlpha,
    krippendorff_alpha_from_counts,
    merge_spans,
    pooled_unitized_alpha,
    unitized_alpha,
)
from annotator.core.kappa import cohen_kappa_table

DATA = Path(__file__).resolve().parents[1] / "data" / "iaa"
REFERENCE = json.loads((DATA / "iaa_reference.json").read_text(encoding="utf-8"))
UNITIZING = json.loads((DATA / "unitizing_reference.json").read_text(encoding="utf-8"))


def cases(metric: str) -> list[dict]:
    return [c for c in REFERENCE["cases"] if c["metric"] == metric]


def test_the_reference_file_only_holds_metrics_we_test():
    assert {c["metric"] for c in REFERENCE["cases"]} == {"krippendorff_alpha", "cohen_kappa"}
    assert len(cases("krippendorff_alpha")) == 2 and len(cases("cohen_kappa")) == 3


# --------------------------------------------------------------------------- Krippendorff's α


def alpha_expectations():
    for case in cases("krippendorff_alpha"):
        decimals = case["expected_decimals"]
        for metric, value in case["expected"].items():
            yield pytest.param(case, metric, value, decimals, id=f"{case['id']}-{metric}")
        for metric, value in case.get("expected_full_precision", {}).items():
            yield pytest.param(case, metric, value, 6, id=f"{case['id']}-{metric}-full")
        # cross-check values, not published: still held to the stated 3 decimals
        for metric, value in case.get("expected_computed_not_published", {}).items():
            yield pytest.param(case, metric, value, decimals, id=f"{case['id']}-{metric}-computed")


@pytest.mark.parametrize(("case", "metric", "expected", "decimals"), list(alpha_expectations()))
def test_krippendorff_alpha_reliability_data(case, metric, expected, decimals):
    assert round(krippendorff_alpha(case["data"]["reliability_data"], metric), decimals) == round(expected, decimals)


@pytest.mark.parametrize(("case", "metric", "expected", "decimals"), list(alpha_expectations()))
def test_krippendorff_alpha_value_counts(case, metric, expected, decimals):
    data = case["data"]
    result = krippendorff_alpha_from_counts(data["value_counts"], data["value_domain"], metric)
    assert round(result, decimals) == round(expected, decimals)


@pytest.mark.parametrize("case", cases("krippendorff_alpha"), ids=lambda c: c["id"])
def test_value_counts_are_the_reliability_data_tabulated(case):
    data = case["data"]
    rows = data["reliability_data"]
    counts = [[sum(1 for row in rows if row[u] == v) for v in data["value_domain"]] for u in range(len(rows[0]))]
    assert counts == data["value_counts"]


def test_string_labels_with_an_ordered_domain_give_the_same_ordinal_and_nominal_values():
    case = next(c for c in cases("krippendorff_alpha") if "string_labels_for_ordinal_test" in c["data"])
    names = case["data"]["string_labels_for_ordinal_test"]
    rows = [[None if v is None else names[str(v)] for v in row] for row in case["data"]["reliability_data"]]
    domain = [names[str(v)] for v in case["data"]["value_domain"]]
    assert round(krippendorff_alpha(rows, "ordinal", value_domain=domain), 3) == case["expected"]["ordinal"]
    assert round(krippendorff_alpha(rows, "nominal"), 3) == case["expected"]["nominal"]
    with pytest.raises(ValueError):
        krippendorff_alpha(rows, "interval")


def test_krippendorff_alpha_undefined_and_perfect():
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([[1, None], [None, 2]]) is None  # nothing pairable
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None  # no variation: D_e = 0
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]], "interval") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1, 2]], "cosine")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Cohen's κ


def kappa_expectations():
    for case in cases("cohen_kappa"):
        for weights, value in case["expected"].items():
            yield pytest.param(case, None if weights == "unweighted" else weights, value, id=f"{case['id']}-{weights}")


@pytest.mark.parametrize(("case", "weights", "expected"), list(kappa_expectations()))
def test_cohen_kappa_reference(case, weights, expected):
    data, decimals = case["data"], case["expected_decimals"]
    pairs = list(zip(data["rater1"], data["rater2"], strict=True))
    assert round(cohen_kappa(pairs, weights=weights), decimals) == round(expected, decimals)
    # symmetric in the raters
    swapped = [(second, first) for first, second in pairs]
    assert cohen_kappa(swapped, weights=weights) == pytest.approx(cohen_kappa(pairs, weights=weights))
    # the published contingency table gives the same value
    assert cohen_kappa_table(data["contingency"], weights) == pytest.approx(cohen_kappa(pairs, weights=weights))


@pytest.mark.parametrize("case", cases("cohen_kappa"), ids=lambda c: c["id"])
def test_contingency_is_the_ratings_tabulated(case):
    data = case["data"]
    labels = data["labels"]
    table = [[0] * len(labels) for _ in labels]
    for first, second in zip(data["rater1"], data["rater2"], strict=True):
        table[labels.index(first)][labels.index(second)] += 1
    assert table == data["contingency"]


def test_cohen_kappa_label_subset_ignores_other_items():
    case = next(c for c in cases("cohen_kappa") if c["id"] == "artstein_poesio_2008_table1_binary")
    pairs = list(zip(case["data"]["rater1"], case["data"]["rater2"], strict=True))
    extended = pairs + [(2, 2)] * 4
    assert cohen_kappa(extended, labels=[0, 1]) == cohen_kappa(pairs)
    assert cohen_kappa(extended) != cohen_kappa(pairs)


def test_cohen_kappa_undefined_and_edges():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("x", "x"), ("x", "x")]) is None  # p_e = 1
    assert cohen_kappa([("x", "y"), ("x", "y")]) == 0.0  # each rater constant, never agreeing
    assert cohen_kappa([("x", "x"), ("y", "y")]) == 1.0
    assert cohen_kappa([("", "a"), ("a", "a"), (None, 1)]) is not None  # mixed types still sort
    with pytest.raises(ValueError):
        cohen_kappa([(0, 1)], weights="cubic")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        cohen_kappa_table([[1, 2], [3]])


# --------------------------------------------------------------------------- unitized α_u


def unitizing_expectations():
    by_id = {c["id"]: c for c in UNITIZING["cases"]}
    for case in UNITIZING["cases"]:
        units = case.get("units") or by_id[case["units_from"]]["units"]
        for category, expected in case["expected"].items():
            yield pytest.param(case, units[category], expected, id=f"{case['id']}-{category}")


def stretched(case: dict, coder_units: list) -> tuple[int, list[list[tuple[int, int]]]]:
    """Continuum length and per-coder (start, end) spans relative to the continuum's begin."""
    stretch = case.get("stretch", 1)
    begin, length = (int(v * stretch) for v in case["continuum"])
    coders = [
        [(int(b * stretch) - begin, int(b * stretch) - begin + int(n * stretch)) for b, n in units]
        for units in coder_units
    ]
    return length, coders


@pytest.mark.parametrize(("case", "coder_units", "expected"), list(unitizing_expectations()))
def test_unitized_alpha_reference(case, coder_units, expected):
    length, coders = stretched(case, coder_units)
    result = unitized_alpha(length, coders)
    tolerance = case["tolerance"]
    for key, value in expected.items():
        tol = tolerance[key] if isinstance(tolerance, dict) else tolerance
        assert getattr(result, key) == pytest.approx(value, abs=tol), key


def test_pooled_unitized_alpha_krippendorff_2004():
    case = next(c for c in UNITIZING["cases"] if c["id"] == "krippendorff_2004_p254")
    results = [unitized_alpha(*stretched(case, units)) for units in case["units"].values()]
    assert pooled_unitized_alpha(results) == pytest.approx(case["expected_pooled_alpha"], abs=case["tolerance"])


def test_unitized_alpha_edge_cases():
    assert unitized_alpha(20, [[], []]) == UnitizedAlpha(0.0, 0.0, None)  # nobody used the category
    assert unitized_alpha(0, [[], []]).alpha is None
    assert unitized_alpha(20, [[(3, 9)], [(3, 9)]]).alpha == 1.0
    # both mark the whole continuum: still defined (there is a chance model for lengths)
    assert unitized_alpha(20, [[(0, 20)], [(0, 20)]]).alpha == 1.0
    # DKPro's single unit case: D_o = D_e, so α_u = 0
    single = unitized_alpha(20, [[(0, 1)], [], []])
    assert single.observed == pytest.approx(single.expected) and single.alpha == pytest.approx(0.0)
    with pytest.raises(ValueError):
        unitized_alpha(10, [[(0, 11)], []])
    with pytest.raises(ValueError):
        unitized_alpha(10, [[(0, 5)]])


def test_unitized_alpha_merges_a_coders_overlapping_units():
    merged = unitized_alpha(30, [[(2, 10), (5, 14)], [(2, 14)]])
    assert merged.alpha == 1.0
    assert unitized_alpha(30, [[(2, 10), (10, 14)], [(2, 14)]]).alpha < 1.0  # touching units stay two


def test_unitized_alpha_is_symmetric_in_coders():
    first, second = [(1, 5), (8, 12), (20, 25)], [(0, 6), (9, 11), (30, 33)]
    assert unitized_alpha(40, [first, second]) == unitized_alpha(40, [second, first])


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 10), (7, 7), (6, 8)]) == [(0, 4), (5, 9), (9, 10)]
    assert merge_spans([]) == []


# --------------------------------------------------------------------------- α_u by brute force


def brute_force_unitized(length: int, coders: list[list[tuple[int, int]]]) -> tuple[float, float]:
    """D_o and D_e straight from Krippendorff's sums: every pair of sections, every unit × gap."""
    cuts = []
    for units in coders:
        units = merge_spans(units)
        cut, pos = [], 0
        for start, end in units:
            if start > pos:
                cut.append((pos, start, False))
            cut.append((start, end, True))
            pos = end
        if pos < length:
            cut.append((pos, length, False))
        cuts.append(cut)

    def delta(g, h):
        (bg, eg, ug), (bh, eh, uh) = g, h
        if ug and uh and bg < eh and bh < eg:
            return (bg - bh) ** 2 + (eg - eh) ** 2
        if ug and not uh and bh <= bg and eg <= eh:
            return (eg - bg) ** 2
        if uh and not ug and bg <= bh and eh <= eg:
            return (eh - bh) ** 2
        return 0

    m = len(cuts)
    s = sum(delta(g, h) for i in range(m) for j in range(m) if i != j for g in cuts[i] for h in cuts[j])
    observed = s / (m * (m - 1) * length**2)
    units = [e - b for cut in cuts for b, e, u in cut if u]
    gaps = [e - b for cut in cuts for b, e, u in cut if not u]
    n_c = len(units)
    num = sum((n_c - 1) * (2 * w**3 - 3 * w**2 + w) / 3 + w**2 * sum(g - w + 1 for g in gaps if g >= w) for w in units)
    expected = 2 / length * num / (m * length * (m * length - 1) - sum(w * (w - 1) for w in units))
    return observed, expected


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.lists(st.tuples(st.integers(0, n), st.integers(0, n)).map(lambda t: tuple(sorted(t))), max_size=6),
                min_size=2,
                max_size=3,
            ),
        )
    )
)
def test_unitized_alpha_matches_the_sums_computed_naively(case):
    length, coders = case
    result = unitized_alpha(length, coders)
    observed, expected = brute_force_unitized(length, coders)
    assert result.observed == pytest.approx(observed)
    assert result.expected == pytest.approx(expected)
    if expected == 0:
        assert result.alpha is None
    else:
        assert result.alpha == pytest.approx(1 - observed / expected)

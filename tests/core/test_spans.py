"""Property tests for annotator.core.spans against brute-force references."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.spans import LiveSpans, SpanIndex, overlaps, pack_lanes

PROPS = settings(max_examples=200, deadline=None)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: int  # makes equal spans distinguishable


@st.composite
def span_lists(draw, max_size=30, limit=40, allow_empty=False):
    n = draw(st.integers(0, max_size))
    out = []
    for tag in range(n):
        start = draw(st.integers(0, limit - 1))
        end = draw(st.integers(start if allow_empty else start + 1, limit))
        out.append(Span(start, end, tag))
    return out


def max_depth(spans) -> int:
    """Greatest number of spans covering one character."""
    if not spans:
        return 0
    top = max(s.end for s in spans)
    return max(sum(1 for s in spans if s.start <= x < s.end) for x in range(top))


# ----------------------------------------------------------------- overlaps


@given(st.integers(0, 20), st.integers(0, 20), st.integers(0, 20), st.integers(0, 20))
@PROPS
def test_overlaps_means_a_shared_character(a0, a1, b0, b1):
    shared = set(range(a0, a1)) & set(range(b0, b1))
    if a0 < a1 and b0 < b1:
        assert overlaps(a0, a1, b0, b1) == bool(shared)
    assert overlaps(a0, a1, b0, b1) == overlaps(b0, b1, a0, a1)


# ----------------------------------------------------------------- pack_lanes


@PROPS
@given(span_lists())
def test_overlapping_spans_never_share_a_lane(spans):
    lanes = pack_lanes(spans)
    assert len(lanes) == len(spans)
    assert all(lane >= 0 for lane in lanes)
    for i, a in enumerate(spans):
        for j in range(i + 1, len(spans)):
            b = spans[j]
            if overlaps(a.start, a.end, b.start, b.end):
                assert lanes[i] != lanes[j], (a, b)


@PROPS
@given(span_lists())
def test_lane_count_equals_maximum_overlap_depth(spans):
    lanes = pack_lanes(spans)
    used = max(lanes) + 1 if lanes else 0
    assert used == max_depth(spans)
    # lanes are numbered densely from 0
    assert set(lanes) == set(range(used))


@PROPS
@given(span_lists())
def test_longer_span_gets_lower_lane_at_same_start(spans):
    lanes = pack_lanes(spans)
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if a.start == b.start and a.end > b.end:
                assert lanes[i] < lanes[j], (a, b)


@PROPS
@given(span_lists())
def test_pack_lanes_does_not_depend_on_input_order(spans):
    lanes = dict(zip(spans, pack_lanes(spans), strict=True))
    rev = list(reversed(spans))
    lanes_rev = dict(zip(rev, pack_lanes(rev), strict=True))
    # the same lane count whatever the order, and the same lanes for distinct intervals
    assert max(lanes.values(), default=-1) == max(lanes_rev.values(), default=-1)
    if len({(s.start, s.end) for s in spans}) == len(spans):
        assert lanes == lanes_rev


def test_pack_lanes_examples():
    assert pack_lanes([]) == []
    # an enclosing span keeps lane 0; what is nested stacks below it, reusing the freed lane
    spans = [Span(2, 5, 1), Span(0, 20, 0), Span(6, 10, 2)]
    assert pack_lanes(spans) == [1, 0, 1]
    # touching spans (half-open) share a lane
    assert pack_lanes([Span(0, 3, 0), Span(3, 6, 1), Span(6, 9, 2)]) == [0, 0, 0]
    # three nested spans at the same start: longest first
    assert pack_lanes([Span(0, 1, 0), Span(0, 9, 1), Span(0, 5, 2)]) == [2, 0, 1]


# ----------------------------------------------------------------- SpanIndex


def brute_overlapping(spans, start, end):
    return [s for s in spans if overlaps(s.start, s.end, start, end)]


@PROPS
@given(span_lists(allow_empty=True), st.integers(-2, 45), st.integers(-2, 45))
def test_overlapping_matches_brute_force(spans, start, end):
    index = SpanIndex(spans)
    assert len(index) == len(spans)
    got = index.overlapping(start, end)
    assert Counter(got) == Counter(brute_overlapping(spans, start, end))
    # results come in document order (start, then longer first)
    keys = [(s.start, -s.end) for s in got]
    assert keys == sorted(keys)


@PROPS
@given(span_lists(), st.integers(-2, 45))
def test_at_matches_brute_force_innermost_first(spans, offset):
    index = SpanIndex(spans)
    got = index.at(offset)
    expected = [s for s in spans if s.start <= offset < s.end]
    assert Counter(got) == Counter(expected)
    lengths = [s.end - s.start for s in got]
    assert lengths == sorted(lengths)


@PROPS
@given(span_lists())
def test_every_span_is_found_at_each_of_its_characters(spans):
    index = SpanIndex(spans)
    for s in spans:
        for x in range(s.start, s.end):
            assert s in index.at(x)
        assert s in index.overlapping(s.start, s.end)
        assert s not in index.overlapping(s.end, s.end + 5)
        assert s not in index.overlapping(max(0, s.start - 5), s.start)


def test_span_index_examples():
    outer, inner, other = Span(0, 20, 0), Span(5, 8, 1), Span(25, 30, 2)
    index = SpanIndex([other, inner, outer])
    assert index.at(6) == [inner, outer]
    assert index.at(20) == []
    assert index.at(25) == [other]
    assert index.overlapping(8, 25) == [outer]
    assert index.overlapping(0, 100) == [outer, inner, other]
    assert SpanIndex([]).overlapping(0, 10) == []


# --- LiveSpans: the document view's incremental index


@dataclass(frozen=True)
class _Sp:
    id: int
    start: int
    end: int


_ops = st.lists(
    st.tuples(st.sampled_from(["add", "remove"]), st.integers(0, 30), st.integers(0, 1500), st.integers(1, 600)),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(_ops, st.integers(0, 1500), st.integers(1, 800))
def test_live_spans_agree_with_brute_force_after_any_edits(ops, q_start, q_len):
    live, reference = LiveSpans(), {}
    for op, ident, start, length in ops:
        if op == "add":
            span = _Sp(ident, start, start + length)
            live.add(span)
            reference[ident] = span
        else:
            live.remove(ident)
            reference.pop(ident, None)
    q_end = q_start + q_len
    expected = sorted(
        (s for s in reference.values() if s.start < q_end and q_start < s.end), key=lambda s: (s.start, -s.end, s.id)
    )
    assert live.overlapping(q_start, q_end) == expected
    assert len(live) == len(reference)
    # overlapping spans never share a lane, whatever order they came in
    spans = list(reference.values())
    for i, a in enumerate(spans):
        for b in spans[i + 1 :]:
            if a.start < b.end and b.start < a.end:
                assert live.lanes[a.id] != live.lanes[b.id]


def test_live_spans_keep_lanes_of_existing_spans_when_one_is_added():
    outer, inner = _Sp(1, 0, 100), _Sp(2, 10, 20)
    live = LiveSpans([outer, inner])
    before = dict(live.lanes)
    live.add(_Sp(3, 15, 30))
    assert {k: live.lanes[k] for k in before} == before
    assert live.lanes[3] not in {live.lanes[1], live.lanes[2]}
    assert [s.id for s in live.at(16)] == [2, 3, 1]


# --- a long article's annotations arrive a stretch at a time


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 1500), st.integers(1, 400)), max_size=60),
    st.lists(st.integers(1, 1499), max_size=5),
)
def test_spans_added_stretch_by_stretch_get_the_lanes_of_loading_them_all_at_once(bounds, cuts):
    spans = [_Sp(i, start, start + length) for i, (start, length) in enumerate(bounds)]
    whole = LiveSpans(spans)
    edges = [0, *sorted(set(cuts)), 10_000]
    live = LiveSpans([s for s in spans if s.start < edges[1]])
    for first, stop in zip(edges[1:], edges[2:], strict=False):  # consecutive pairs: one fewer than edges[1:]
        live.extend([s for s in spans if first <= s.start < stop])
    assert live.lanes == whole.lanes
    assert live.overlapping(0, 2000) == whole.overlapping(0, 2000)


def test_a_span_added_further_on_meanwhile_keeps_its_lane_and_the_stretch_avoids_it():
    live = LiveSpans([_Sp(1, 0, 50)])
    live.add(_Sp(9, 120, 140))  # added by hand in text not brought in yet
    live.extend([_Sp(2, 100, 130), _Sp(3, 125, 135), _Sp(9, 120, 140)])  # the stretch holds it again
    assert live.lanes[9] == 0 and len(live) == 4
    assert len({live.lanes[2], live.lanes[3], live.lanes[9]}) == 3, "overlapping spans share a lane"


def test_pack_lanes_continues_from_the_lanes_still_open():
    # lanes 0 and 2 are taken by spans open until 60 and 200: the next spans take 1, then 3
    assert pack_lanes([Span(50, 70, 0), Span(55, 65, 1)], open_lanes=[(60, 0), (200, 2)]) == [1, 3]
    # once the span in lane 0 has ended, its lane is free again
    assert pack_lanes([Span(60, 70, 0)], open_lanes=[(60, 0), (200, 2)]) == [0]

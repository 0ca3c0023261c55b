"""Span geometry: overlap, lane packing for stacked underlines, and lookups by position."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=SpanLike)


class IdentifiedSpan(SpanLike, Protocol):
    @property
    def id(self) -> int: ...


IS = TypeVar("IS", bound=IdentifiedSpan)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether half-open spans [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def pack_lanes(spans: Sequence[S], open_lanes: Sequence[tuple[int, int]] = ()) -> list[int]:
    """Lane number per span (same order as `spans`) so that overlapping spans never share a lane.

    Longer spans get lower lanes when they start at the same place, so an enclosing span
    keeps its lane and what is nested inside stacks below it. Uses the fewest lanes
    possible (interval graph colouring), O(n log n). `open_lanes` continues a packing: the
    (end, lane) of spans already placed that start no later than any of `spans`.
    """
    bounds = [(s.start, s.end) for s in spans]
    # one integer per span orders like (start, -end) and sorts several times faster than tuples
    scale = max((end for _, end in bounds), default=0) + 1
    keys = [start * scale - end for start, end in bounds]
    order = sorted(range(len(spans)), key=keys.__getitem__)
    lanes = [0] * len(spans)
    busy: list[tuple[int, int]] = list(open_lanes)  # (end, lane) of spans still open
    heapq.heapify(busy)
    next_lane = max((lane for _, lane in busy), default=-1) + 1
    taken = {lane for _, lane in busy}
    free: list[int] = [lane for lane in range(next_lane) if lane not in taken]  # sorted: already a heap
    push, pop = heapq.heappush, heapq.heappop
    for i in order:
        start, end = bounds[i]
        while busy and busy[0][0] <= start:
            push(free, pop(busy)[1])
        if free:
            lane = pop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        lanes[i] = lane
        push(busy, (end, lane))
    return lanes


class SpanIndex(Generic[S]):
    """Spans sorted by start with a running maximum of ends, for fast range and point queries."""

    def __init__(self, spans: Iterable[S]):
        self.spans: list[S] = sorted(spans, key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.spans]
        self._max_end: list[int] = []
        running = -1
        for s in self.spans:
            running = max(running, s.end)
            self._max_end.append(running)

    def __len__(self) -> int:
        return len(self.spans)

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans sharing at least one character with [start, end)."""
        hi = bisect_left(self._starts, end)  # spans starting at or after `end` cannot overlap
        # the first span whose running max end passes `start`; everything before ended earlier
        lo = bisect_right(self._max_end, start, 0, hi)
        return [s for s in self.spans[lo:hi] if s.end > start]

    def at(self, offset: int) -> list[S]:
        """Spans covering the character at `offset`, innermost (shortest) first."""
        return sorted(self.overlapping(offset, offset + 1), key=lambda s: (s.end - s.start, s.start))


class LiveSpans(Generic[IS]):
    """Spans with stable ids that change one at a time: position lookups and lanes kept up to date.

    The text is cut into fixed buckets and each span is filed under the buckets it touches,
    so adding or removing one span, and finding the spans of a screenful of text, cost the
    same whether a document has ten spans or twenty thousand. Lanes are packed optimally
    when the set is built; an added span takes the lowest lane free among the spans it
    overlaps, so lanes already drawn never jump.
    """

    BUCKET = 256

    def __init__(self, spans: Sequence[IS] = ()) -> None:
        self._spans: dict[int, IS] = {}
        self._buckets: dict[int, set[int]] = {}
        items = list(spans)
        self.lanes: dict[int, int] = {span.id: lane for span, lane in zip(items, pack_lanes(items), strict=True)}
        size, buckets = self.BUCKET, self._buckets
        for span in items:  # _file, inlined: this loop runs once per span of a document on open
            self._spans[span.id] = span
            first, last = span.start // size, max(span.start, span.end - 1) // size
            for b in range(first, last + 1):
                bucket = buckets.get(b)
                if bucket is None:
                    buckets[b] = {span.id}
                else:
                    bucket.add(span.id)
        self._last_start = max((span.start for span in items), default=-1)  # no span starts later

    def extend(self, spans: Sequence[IS]) -> None:
        """Add many new spans at once (the next stretch of a long article), with lanes packed as if
        they had been there from the start when none of the present spans starts after them."""
        items = [span for span in spans if span.id not in self._spans]
        if not items:
            return
        first = min(span.start for span in items)
        if first < self._last_start:  # something was added further on meanwhile: place them one by one
            for span in sorted(items, key=lambda s: (s.start, -s.end)):
                self.add(span)
            return
        open_lanes = [(s.end, self.lanes[s.id]) for s in self.overlapping(first, first + 1)]
        for span, lane in zip(items, pack_lanes(items, open_lanes), strict=True):
            self.lanes[span.id] = lane
            self._file(span)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[IS]:
        return iter(self._spans.values())

    def get(self, span_id: int) -> IS | None:
        return self._spans.get(span_id)

    def _bucket_range(self, start: int, end: int) -> range:
        return range(start // self.BUCKET, max(start, end - 1) // self.BUCKET + 1)

    def _file(self, span: IS) -> None:
        self._spans[span.id] = span
        self._last_start = max(self._last_start, span.start)
        for b in self._bucket_range(span.start, span.end):
            self._buckets.setdefault(b, set()).add(span.id)

    def add(self, span: IS) -> None:
        """Add (or replace, by id) one span; a new span gets the lowest lane its neighbours leave free."""
        old = self._spans.get(span.id)
        if old is not None:
            self._unfile(old)
        self._file(span)
        if old is not None and (old.start, old.end) == (span.start, span.end):
            return  # same place: keep its lane
        taken = {self.lanes[s.id] for s in self.overlapping(span.start, span.end) if s.id != span.id}
        lane = 0
        while lane in taken:
            lane += 1
        self.lanes[span.id] = lane

    def _unfile(self, span: IS) -> None:
        for b in self._bucket_range(span.start, span.end):
            bucket = self._buckets.get(b)
            if bucket is not None:
                bucket.discard(span.id)
                if not bucket:
                    del self._buckets[b]
        del self._spans[span.id]

    def remove(self, span_id: int) -> None:
        span = self._spans.get(span_id)
        if span is not None:
            self._unfile(span)
            self.lanes.pop(span_id, None)

    def overlapping(self, start: int, end: int) -> list[IS]:
        """Spans sharing a character with [start, end), in text order."""
        ids: set[int] = set()
        for b in self._bucket_range(start, end):
            ids.update(self._buckets.get(b, ()))
        found = [self._spans[i] for i in ids]
        return sorted((s for s in found if s.start < end and start < s.end), key=lambda s: (s.start, -s.end, s.id))

    def at(self, offset: int) -> list[IS]:
        """Spans covering the character at `offset`, innermost (shortest) first."""
        return sorted(self.overlapping(offset, offset + 1), key=lambda s: (s.end - s.start, s.start))

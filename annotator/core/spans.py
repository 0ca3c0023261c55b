"""Span geometry: overlap, lane packing for stacked underlines, and lookups by position."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from typing import Generic, Iterable, Protocol, Sequence, TypeVar


class SpanLike(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=SpanLike)


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Whether half-open spans [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def pack_lanes(spans: Sequence[S]) -> list[int]:
    """Lane number per span (same order as `spans`) so that overlapping spans never share a lane.

    Longer spans get lower lanes when they start at the same place, so an enclosing span
    keeps its lane and what is nested inside stacks below it. Uses the fewest lanes
    possible (interval graph colouring), O(n log n).
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i].start, -spans[i].end))
    lanes = [0] * len(spans)
    busy: list[tuple[int, int]] = []  # (end, lane) of spans still open
    free: list[int] = []
    next_lane = 0
    for i in order:
        span = spans[i]
        while busy and busy[0][0] <= span.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, next_lane = next_lane, next_lane + 1
        lanes[i] = lane
        heapq.heappush(busy, (span.end, lane))
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

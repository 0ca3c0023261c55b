"""Offsets: half-open code-point spans, UTF-16 <-> code point maps, newline normalisation, trimming.

Everything below the GUI speaks Python code points of the stored text, end exclusive.
Qt (and JavaScript, and Java/UIMA) count UTF-16 code units; this module is the one place
that converts between the two.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF_OR_CR = re.compile("\r\n?")


class Utf16Map:
    """Converts between code-point offsets and UTF-16 offsets of one text.

    Only characters outside the Basic Multilingual Plane (emoji, many symbols) take two
    UTF-16 units, so the map stores just their positions: conversion is O(log k) for k
    such characters and O(1) for the common text without any.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length", "length_u16")

    def __init__(self, text: str):
        self._astral_cp: list[int] = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character: its code-point position plus the
        # number of astral characters before it.
        self._astral_u16: list[int] = [cp + i for i, cp in enumerate(self._astral_cp)]
        self.length = len(text)
        self.length_u16 = self.length + len(self._astral_cp)

    def extend(self, more: str) -> None:
        """Continue the map over `more`, text that follows the text mapped so far."""
        base = self.length
        added = [base + m.start() for m in _ASTRAL.finditer(more)]
        self._astral_u16.extend(cp + i for i, cp in enumerate(added, len(self._astral_cp)))
        self._astral_cp.extend(added)
        self.length += len(more)
        self.length_u16 = self.length + len(self._astral_cp)

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset `cp`."""
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def to_code_point(self, u16: int, *, round_up: bool = False) -> int:
        """Code-point offset of UTF-16 offset `u16`.

        An offset inside a surrogate pair is moved to the character's start, or to its
        end with `round_up` (use it for the end of a span so the character stays covered).
        """
        if not self._astral_u16:
            return u16
        before = bisect_left(self._astral_u16, u16)  # astral chars starting before u16
        if before and self._astral_u16[before - 1] + 1 == u16:
            # u16 falls between the two halves of astral char number before-1
            start = self._astral_cp[before - 1]
            return start + 1 if round_up else start
        return u16 - before

    def splits_character(self, u16: int) -> bool:
        """Whether UTF-16 offset `u16` falls between the two halves of a surrogate pair."""
        return self.to_code_point(u16) != self.to_code_point(u16, round_up=True)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        return self.to_code_point(start), self.to_code_point(end, round_up=True)


def utf16_length(text: str) -> int:
    """Number of UTF-16 code units in `text`."""
    return len(text) + len(_ASTRAL.findall(text))


class OffsetRemap:
    """Maps code-point offsets of a text before newline normalisation to offsets after it."""

    __slots__ = ("_dropped",)

    def __init__(self, dropped: Sequence[int]):
        self._dropped = list(dropped)  # sorted positions of removed characters

    @property
    def identity(self) -> bool:
        return not self._dropped

    def __call__(self, offset: int) -> int:
        # A removed character before `offset` shifts it left by one; an offset pointing
        # at a removed character lands where that character's successor now starts.
        return offset - bisect_left(self._dropped, offset) if self._dropped else offset

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self(start), self(end)


def normalize_newlines(text: str) -> tuple[str, OffsetRemap]:
    """Turn CRLF and lone CR into LF; return the new text and the map for old offsets.

    The CR of a CRLF pair is the character removed, so a span keeps every character it
    covered except that CR.
    """
    if "\r" not in text:
        return text, OffsetRemap(())
    dropped = [m.start() for m in _CRLF_OR_CR.finditer(text) if m.end() - m.start() == 2]
    return _CRLF_OR_CR.sub("\n", text), OffsetRemap(dropped)


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) past leading and trailing whitespace; None if nothing is left."""
    start = max(0, start)
    end = min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def span_problem(length: int, start: object, end: object) -> str | None:
    """Why [start, end) is not a valid non-empty span of a text of `length`, or None."""
    if type(start) is not int or type(end) is not int:
        return f"offsets must be integers, got start={start!r} end={end!r}"
    if start < 0 or end < 0:
        return f"negative offset in span {start}-{end}"
    if start >= end:
        return f"span {start}-{end} is empty or reversed (start must be below end)"
    if end > length:
        return f"span {start}-{end} ends beyond the text ({length} characters)"
    return None


def line_starts(text: str) -> list[int]:
    """Code-point offsets where each line of `text` starts (for line/column messages)."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def line_of(starts: list[int], offset: int) -> int:
    """1-based line number of `offset`, given `line_starts` of the text."""
    return bisect_right(starts, offset)

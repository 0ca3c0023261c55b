"""Finding a query in a text: plain (from a word's start), whole word or regular expression, as code-point spans with context."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from annotator.core.errors import AnnotatorError

CONTEXT = 40  # code points of context on each side of a hit

# The characters beyond ASCII that Python's case-insensitive matching takes as equal to an ASCII one
# (İ and ı to i, ſ to s, the Kelvin sign to k); tests/core/test_search_text.py checks every code point.
ASCII_CASE_KIN = ("\u0130", "\u0131", "\u017f", "\u212a")


class Mode(Enum):
    TEXT = (
        "text"  # the query, ignoring case, from the start of a word ("guarantee" finds "guarantees", not "reguarantee")
    )
    WORD = "word"  # the query as whole words, ignoring case
    REGEX = "regex"  # a Python regular expression, as written


def is_word_char(ch: str) -> bool:
    """Letters, digits, underscore, combining marks and private-use characters: what a word is made of.

    Marks count so that "cafe" is not a whole word inside "cafe\u0301"; private-use characters count
    because SQLite's full-text index takes them as letters, and a word start here must be one there too.
    """
    if ch.isalnum() or ch == "_":
        return True
    category = unicodedata.category(ch)
    return category[0] == "M" or category == "Co"


@dataclass(frozen=True, slots=True)
class Matcher:
    """A compiled query: `spans(text)` gives every hit's [start, end)."""

    mode: Mode
    pattern: re.Pattern[str]
    # a query starting (ending) with a letter must start (end) a word; one starting with ";" may follow anything
    word_start: bool = False
    word_end: bool = False
    lowered: str | None = None  # an ASCII query in lower case: it may be found in a lowered text (see _literal_spans)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        for start, end in self._candidates(text):
            if start == end:
                continue  # an empty match of a regular expression is no hit
            if self.mode is Mode.REGEX:
                yield start, end
                continue
            if self.word_start and start > 0 and is_word_char(text[start - 1]):
                continue
            if self.word_end and end < len(text) and is_word_char(text[end]):
                continue
            yield start, end

    def found_in(self, text: str) -> bool:
        return next(self.spans(text), None) is not None

    def _candidates(self, text: str) -> Iterator[tuple[int, int]]:
        """The pattern's matches, leftmost first and not overlapping, as re.finditer gives them."""
        literal = self._literal_spans(text) if self.lowered is not None else None
        if literal is not None:
            return literal
        return (match.span() for match in self.pattern.finditer(text))

    def _literal_spans(self, text: str) -> Iterator[tuple[int, int]] | None:
        """An ASCII query's matches found with str.find in `text.lower()`: the same as the case-insensitive pattern's, faster.

        Exact because, outside the four characters of ASCII_CASE_KIN, no character beyond ASCII
        matches an ASCII one ignoring case, nor lowers to one, and each lowers to one code point
        (U+0130 alone lowers to two): offsets in the lowered text are the text's own. None when
        the text holds one of those four; the pattern then reads it.
        """
        if not text.isascii() and any(ch in text for ch in ASCII_CASE_KIN):
            return None
        lowered = text.lower()
        if len(lowered) != len(text):
            return None
        return _find_all(lowered, self.lowered or "")


def _find_all(text: str, needle: str) -> Iterator[tuple[int, int]]:
    size = len(needle)
    at = text.find(needle)
    while at >= 0:
        yield at, at + size
        at = text.find(needle, at + size)


def compile_query(query: str, mode: Mode) -> Matcher:
    """A Matcher for `query`, or an AnnotatorError saying why the query cannot be searched for."""
    if not query:
        raise AnnotatorError("an empty search: give some text to look for")
    if mode is Mode.REGEX:
        try:
            pattern = re.compile(query)
        except re.error as exc:
            raise AnnotatorError(f"not a regular expression: {exc}") from exc
    else:
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        lowered = query.lower() if query.isascii() else None
        return Matcher(mode, pattern, is_word_char(query[0]), mode is Mode.WORD and is_word_char(query[-1]), lowered)
    return Matcher(mode, pattern)


def context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str]:
    """The `width` code points before and after [start, end) (fewer at the text's edges)."""
    return text[max(0, start - width) : start], text[end : end + width]


def one_line(text: str) -> str:
    """`text` with line ends and tabs as spaces: a keyword-in-context line stays one line."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")

"""Finding a query in a text: the fast path for ASCII queries finds exactly what the case-insensitive pattern finds."""

from __future__ import annotations

import dataclasses
import random
import re
import sys

import pytest

from annotator.core.search_text import ASCII_CASE_KIN, Mode, compile_query

NON_ASCII = range(0x80, sys.maxunicode + 1)


def test_the_characters_that_match_an_ascii_one_ignoring_case_are_exactly_the_four_listed():
    any_ascii = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
    assert [chr(c) for c in NON_ASCII if any_ascii.fullmatch(chr(c))] == list(ASCII_CASE_KIN)


def test_every_other_character_lowers_to_one_code_point_beyond_ascii():
    kin = set(ASCII_CASE_KIN)
    odd = [hex(c) for c in NON_ASCII if chr(c) not in kin and (len(low := chr(c).lower()) != 1 or low.isascii())]
    assert odd == []


# letters of every kind the fast path must step around: the four kin, final sigma, marks, emoji, CRLF, Hebrew
ALPHABET = list("aAbBiIkKsSnN _-.'\r\n") + ["\u0130", "\u0131", "\u017f", "\u212a", "\u03a3", "\u0301", "😀", "א", "é"]
QUERIES = ["a", "Ab", "is", "ki", "S-", "ban", "I s", "nab'", "_k", "\r\n"]


def _slow(matcher):
    return dataclasses.replace(matcher, lowered=None)  # the pattern alone, as before the fast path


@pytest.mark.parametrize("mode", [Mode.TEXT, Mode.WORD])
def test_an_ascii_query_finds_the_same_spans_as_the_pattern_in_any_text(mode):
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        query = rng.choice(QUERIES)
        matcher = compile_query(query, mode)
        assert matcher.lowered is not None
        assert list(matcher.spans(text)) == list(_slow(matcher).spans(text)), (query, text)


def test_a_query_beyond_ascii_keeps_the_pattern():
    matcher = compile_query("Vilniuſ", Mode.WORD)
    assert matcher.lowered is None
    assert list(matcher.spans("vilnius VILNIUS")) == [(0, 7), (8, 15)]


def test_offsets_stay_code_points_after_an_emoji_and_a_dotted_capital():
    matcher = compile_query("kyiv", Mode.WORD)
    assert list(matcher.spans("😀 Kyiv, \u0130 KYIV")) == [(2, 6), (10, 14)]

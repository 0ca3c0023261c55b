"""Property and example tests for annotator.core.offsets (no Qt)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annotator.core.offsets import (
    OffsetRemap,
    Utf16Map,
    line_of,
    line_starts,
    normalize_newlines,
    span_problem,
    trim_span,
    utf16_length,
)

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

EMOJI = "\U0001f600"  # 😀, one astral code point, two UTF-16 units
FLAG_UA = "\U0001f1fa\U0001f1e6"  # 🇺🇦, two regional indicators (both astral)
TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"  # 👩‍💻: astral, ZWJ (BMP), astral
E_ACUTE = "e\u0301"  # e + combining acute accent
ARABIC = "\u0627\u0644\u0633\u0644\u0627\u0645"  # السلام
HEBREW = "\u05e9\u05dc\u05d5\u05dd"  # שלום
LSEP = "\u2028"  # LINE SEPARATOR (whitespace, but not a line break for line_starts)

ATOMS = [
    "a",
    "Z",
    "7",
    " ",
    ".",
    "Kyiv",
    "NATO",
    EMOJI,
    FLAG_UA,
    TECHNOLOGIST,
    E_ACUTE,
    "\u0301",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\r\r\n",
    "\n\r",
    ARABIC,
    HEBREW,
    "\u0627",
    "\u05d0",
    LSEP,
    "\u00a0",
]

texts = st.one_of(
    st.lists(st.sampled_from(ATOMS), max_size=25).map("".join),
    # broader: arbitrary code points (no lone surrogates) mixed with the atoms
    st.lists(st.one_of(st.sampled_from(ATOMS), st.characters(codec="utf-8")), max_size=25).map("".join),
)


def u16_ref(text: str, i: int) -> int:
    """Reference UTF-16 offset of code-point offset i."""
    return len(text[:i].encode("utf-16-le")) // 2


def norm_ref(s: str) -> str:
    """Reference newline normalisation of a string on its own."""
    return s.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------- Utf16Map


@PROPS
@given(texts)
def test_utf16_lengths_agree_with_encoding(text):
    m = Utf16Map(text)
    expected = len(text.encode("utf-16-le")) // 2
    assert m.length == len(text)
    assert m.length_u16 == expected
    assert utf16_length(text) == expected


@PROPS
@given(texts)
def test_to_utf16_matches_encoding_and_round_trips(text):
    m = Utf16Map(text)
    for i in range(len(text) + 1):
        u = m.to_utf16(i)
        assert u == u16_ref(text, i)
        assert m.to_code_point(u) == i
        assert m.to_code_point(u, round_up=True) == i


@PROPS
@given(texts)
def test_to_code_point_rounds_down_or_up_inside_surrogate_pairs(text):
    m = Utf16Map(text)
    boundaries = [u16_ref(text, i) for i in range(len(text) + 1)]
    for u in range(m.length_u16 + 1):
        # round down: the last code point boundary at or before u; round up: the first at or after
        down = max(i for i, b in enumerate(boundaries) if b <= u)
        up = min(i for i, b in enumerate(boundaries) if b >= u)
        assert m.to_code_point(u) == down
        assert m.to_code_point(u, round_up=True) == up
        if u not in boundaries:  # only possible between the halves of an astral char
            assert ord(text[down]) > 0xFFFF
            assert up == down + 1


@PROPS
@given(texts, st.data())
def test_span_to_code_points_covers_exactly_the_selected_characters(text, data):
    m = Utf16Map(text)
    assume(m.length_u16 > 0)
    s16 = data.draw(st.integers(0, m.length_u16 - 1), label="s16")
    e16 = data.draw(st.integers(s16 + 1, m.length_u16), label="e16")
    start, end = m.span_to_code_points(s16, e16)
    # characters that own at least one selected UTF-16 unit
    selected = {i for i in range(len(text)) if u16_ref(text, i) < e16 and u16_ref(text, i + 1) > s16}
    assert set(range(start, end)) == selected
    # and converting back gives a UTF-16 span that contains the original one
    b16, f16 = m.span_to_utf16(start, end)
    assert b16 <= s16 and f16 >= e16


@PROPS
@given(texts, st.data())
def test_span_to_utf16_then_back_is_identity(text, data):
    m = Utf16Map(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s16, e16 = m.span_to_utf16(start, end)
    assert (s16, e16) == (u16_ref(text, start), u16_ref(text, end))
    assert m.span_to_code_points(s16, e16) == (start, end)
    # the UTF-16 slice decodes to the same characters
    units = text.encode("utf-16-le")
    assert units[2 * s16 : 2 * e16].decode("utf-16-le") == text[start:end]


def test_utf16_examples():
    text = f"a{EMOJI}b"
    m = Utf16Map(text)
    assert m.length_u16 == 4
    assert [m.to_utf16(i) for i in range(4)] == [0, 1, 3, 4]
    assert m.to_code_point(2) == 1  # between the surrogates of 😀
    assert m.to_code_point(2, round_up=True) == 2
    assert m.span_to_code_points(2, 3) == (1, 2)  # half of the emoji selects all of it


def test_utf16_flag_zwj_and_combining_examples():
    text = FLAG_UA + TECHNOLOGIST + E_ACUTE + ARABIC
    m = Utf16Map(text)
    assert len(FLAG_UA) == 2 and len(TECHNOLOGIST) == 3 and len(E_ACUTE) == 2
    assert m.to_utf16(1) == 2  # after the first regional indicator
    assert m.to_utf16(2) == 4  # after the flag
    assert m.to_utf16(3) == 6  # after 👩
    assert m.to_utf16(4) == 7  # after the ZWJ (one unit)
    assert m.to_utf16(5) == 9  # after 💻
    assert m.to_utf16(7) == 11  # combining mark is BMP: one unit each
    assert m.length_u16 == 11 + len(ARABIC)
    # selecting the UTF-16 range of 💻 only
    assert m.span_to_code_points(7, 9) == (4, 5)
    assert m.span_to_code_points(8, 8 + 1) == (4, 5)
    assert text[slice(*m.span_to_code_points(7, 9))] == "\U0001f4bb"


def test_utf16_bmp_only_text_is_identity():
    text = ARABIC + " " + HEBREW + E_ACUTE + LSEP + "\t"
    m = Utf16Map(text)
    assert m.length_u16 == len(text)
    for i in range(len(text) + 1):
        assert m.to_utf16(i) == i == m.to_code_point(i) == m.to_code_point(i, round_up=True)


# ----------------------------------------------------------------- newlines


def kept_chars(text: str, dropped: set[int], start: int, end: int) -> str:
    """Characters of text[start:end] that survive normalisation, as they read afterwards."""
    return "".join("\n" if text[i] == "\r" else text[i] for i in range(start, end) if i not in dropped)


def crlf_cr_positions(text: str) -> set[int]:
    return {m.start() for m in re.finditer("\r\n", text)}


@PROPS
@given(texts)
def test_normalize_newlines_text(text):
    new, remap = normalize_newlines(text)
    assert "\r" not in new
    assert new == norm_ref(text)
    assert remap(0) == 0
    assert remap(len(text)) == len(new)
    assert remap.identity == ("\r\n" not in text)


@PROPS
@given(texts)
def test_remap_is_monotonic_and_maps_kept_characters_to_themselves(text):
    new, remap = normalize_newlines(text)
    dropped = crlf_cr_positions(text)
    mapped = [remap(i) for i in range(len(text) + 1)]
    assert all(a <= b for a, b in zip(mapped, mapped[1:], strict=False))  # consecutive pairs
    assert all(b - a <= 1 for a, b in zip(mapped, mapped[1:], strict=False))
    for i, ch in enumerate(text):
        if i in dropped:
            # the CR of a CRLF: its offset lands on the LF that stays
            assert new[mapped[i]] == "\n"
            assert mapped[i] == mapped[i + 1]
        else:
            assert new[mapped[i]] == ("\n" if ch == "\r" else ch)
            assert mapped[i + 1] == mapped[i] + 1


@PROPS
@given(texts, st.data())
def test_remapped_span_covers_the_same_characters(text, data):
    """For any [s, e) of the original text, with R = remap:

    new[R(s):R(e)] == norm(text[s:e]) if e does not fall between a '\\r' and its '\\n',
    and == norm(text[s:e-1]) if it does (the span ends with the CR that is dropped, so it
    loses exactly that CR; norm of the lone trailing CR would otherwise give an extra '\\n').
    A span starting between '\\r' and '\\n' starts with the '\\n', which it keeps, so no
    exception is needed at the start. Equivalently: the remapped span holds exactly the
    surviving characters of the original span, each lone CR read as LF.
    """
    new, remap = normalize_newlines(text)
    s = data.draw(st.integers(0, len(text)), label="s")
    e = data.draw(st.integers(s, len(text)), label="e")
    rs, re_ = remap.span(s, e)
    got = new[rs:re_]
    ends_inside_crlf = 0 < e < len(text) and text[e - 1] == "\r" and text[e] == "\n"
    expected = norm_ref(text[s : e - 1]) if ends_inside_crlf else norm_ref(text[s:e])
    assert got == expected
    assert got == kept_chars(text, crlf_cr_positions(text), s, e)


@PROPS
@given(st.lists(st.sampled_from([a for a in ATOMS if "\r" not in a]), max_size=25).map("".join))
def test_remap_is_identity_without_cr(text):
    new, remap = normalize_newlines(text)
    assert new == text
    assert remap.identity
    assert all(remap(i) == i for i in range(len(text) + 2))
    assert remap.span(1, 5) == (1, 5)


def test_newline_examples():
    text = f"a\r\nb\rc{EMOJI}\r\n\r\nd"
    new, remap = normalize_newlines(text)
    assert new == f"a\nb\nc{EMOJI}\n\nd"
    assert not remap.identity
    # "b\rc" keeps its three characters, the lone CR becomes LF
    assert new[slice(*remap.span(3, 6))] == "b\nc"
    # a span starting between CR and LF keeps the LF
    assert new[slice(*remap.span(2, 4))] == "\nb"
    # a span ending between CR and LF loses only the CR
    assert new[slice(*remap.span(0, 2))] == "a"
    # the last "d"
    assert new[slice(*remap.span(len(text) - 1, len(text)))] == "d"
    assert remap(len(text)) == len(new)


def test_offset_remap_directly():
    remap = OffsetRemap([2, 5])
    assert [remap(i) for i in range(8)] == [0, 1, 2, 2, 3, 4, 4, 5]
    assert OffsetRemap([]).identity


# ----------------------------------------------------------------- trimming


@PROPS
@given(texts, st.integers(-5, 40), st.integers(-5, 40))
def test_trim_span_matches_str_strip(text, start, end):
    got = trim_span(text, start, end)
    s, e = max(0, start), min(len(text), end)
    inner = text[s:e] if s < e else ""
    stripped = inner.strip()
    if not stripped:
        assert got is None
        return
    assert got is not None
    a, b = got
    assert s <= a < b <= e
    assert text[a:b] == stripped
    assert not text[a].isspace() and not text[b - 1].isspace()


def test_trim_span_examples():
    text = f" \t{LSEP}\u00a0{HEBREW} {EMOJI}\r\n "
    a, b = trim_span(text, 0, len(text))
    assert text[a:b] == f"{HEBREW} {EMOJI}"
    assert trim_span("   \t\n", 0, 5) is None
    assert trim_span("abc", 1, 1) is None
    assert trim_span("abc", -3, 99) == (0, 3)
    assert trim_span(" \u0301 ", 0, 3) == (1, 2)  # a combining mark is not whitespace
    assert trim_span("abc", 2, 1) is None


# ----------------------------------------------------------------- span_problem


@pytest.mark.parametrize(
    "start,end",
    [(True, 3), (0, True), (False, 1), (1.0, 3), (0, 3.0), ("1", 3), (None, 3), (0, None)],
)
def test_span_problem_rejects_non_integers(start, end):
    problem = span_problem(10, start, end)
    assert problem is not None and "integer" in problem


@pytest.mark.parametrize(
    "start,end,word",
    [
        (-1, 3, "negative"),
        (0, -1, "negative"),
        (3, 3, "empty"),
        (5, 2, "reversed"),
        (8, 11, "beyond"),
        (11, 12, "beyond"),
    ],
)
def test_span_problem_rejects_bad_spans(start, end, word):
    problem = span_problem(10, start, end)
    assert problem is not None and word in problem


@pytest.mark.parametrize("start,end", [(0, 1), (0, 10), (9, 10), (3, 7)])
def test_span_problem_accepts_valid_spans(start, end):
    assert span_problem(10, start, end) is None


@PROPS
@given(st.integers(0, 30), st.integers(-5, 40), st.integers(-5, 40))
def test_span_problem_property(length, start, end):
    ok = 0 <= start < end <= length
    assert (span_problem(length, start, end) is None) == ok


# ----------------------------------------------------------------- lines


@PROPS
@given(texts.map(lambda t: normalize_newlines(t)[0]))
def test_line_of_counts_newlines_before(text):
    starts = line_starts(text)
    assert starts[0] == 0
    assert len(starts) == text.count("\n") + 1
    for i in range(len(text) + 1):
        assert line_of(starts, i) == text[:i].count("\n") + 1
    for n, st_ in enumerate(starts[1:], start=2):
        assert text[st_ - 1] == "\n"
        assert line_of(starts, st_) == n


def test_line_examples():
    text = f"one\ntwo {EMOJI}{LSEP}still two\n\nfour"
    starts = line_starts(text)
    assert starts == [0, 4, text.index("\n\n") + 1, text.index("\n\n") + 2]
    assert line_of(starts, 0) == 1
    assert line_of(starts, 3) == 1  # the "\n" belongs to the line it ends
    assert line_of(starts, 4) == 2
    assert line_of(starts, text.index("still")) == 2  # U+2028 does not start a line
    assert line_of(starts, len(text)) == 4
    assert line_starts("") == [0]


@pytest.mark.parametrize("text", ["plain text only", "a😀b\u0301c😀😀d\r\nשָׁלוֹם 🇺🇦 end", "😀" * 5])
def test_a_map_extended_piece_by_piece_equals_the_map_of_the_whole_text(text):
    whole = Utf16Map(text)
    for cut in range(len(text) + 1):
        pieces = Utf16Map(text[:cut])
        pieces.extend(text[cut:])
        assert (pieces.length, pieces.length_u16) == (whole.length, whole.length_u16)
        assert [pieces.to_utf16(i) for i in range(len(text) + 1)] == [whole.to_utf16(i) for i in range(len(text) + 1)]
        assert [pieces.to_code_point(u) for u in range(whole.length_u16 + 1)] == [
            whole.to_code_point(u) for u in range(whole.length_u16 + 1)
        ]

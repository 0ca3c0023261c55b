"""Word snapping: what a sloppy drag over text becomes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.word_snap import joined, move_edge, snap_to_words, trim_edges

SAMPLE = (
    "In an interview with The Guardian, former NATO Secretary General Anders Fogh Rasmussen expressed this opinion."
)


def _snap(text: str, start_in: str, end_in: str, *, start_skip: int = 0, end_skip: int = 0) -> str | None:
    """Snap a drag from `start_skip` characters into `start_in` to `end_skip` characters into `end_in`."""
    start = text.index(start_in) + start_skip
    end = text.index(end_in) + end_skip
    span = snap_to_words(text, start, end)
    return text[span[0] : span[1]] if span else None


def test_a_sloppy_drag_over_a_name_tags_exactly_the_name():
    assert _snap(SAMPLE, "Anders", "Rasmussen", start_skip=2, end_skip=5) == "Anders Fogh Rasmussen"
    assert _snap(SAMPLE, " Anders", " expressed", end_skip=1) == "Anders Fogh Rasmussen"  # from and to spaces


def test_half_words_at_both_ends_grow_to_whole_words():
    assert _snap(SAMPLE, "rs Fogh", "expressed", end_skip=7) == "Anders Fogh Rasmussen expressed"


def test_the_drag_may_go_right_to_left():
    start, end = SAMPLE.index("Rasmussen") + 4, SAMPLE.index("Anders") + 1
    assert snap_to_words(SAMPLE, start, end) == (SAMPLE.index("Anders"), SAMPLE.index("Rasmussen") + 9)


def test_apostrophes_and_hyphens_inside_words_keep_the_word_whole():
    text = "Rasmussen’s follow-up, 'quoted' words"
    assert _snap(text, "Rasmussen", "Rasmussen", start_skip=2, end_skip=4) == "Rasmussen’s"
    assert _snap(text, "follow", "follow", end_skip=3) == "follow-up"
    assert _snap(text, "'quoted'", "'quoted'", start_skip=2, end_skip=4) == "quoted"  # marks around a word


def test_edge_punctuation_goes_but_pairs_and_abbreviations_stay():
    text = "He said: (NATO), the U.S. and “we will”."
    assert _snap(text, "said", "said", end_skip=5) == "said"  # the colon after it
    assert _snap(text, "(NATO)", "(NATO)", end_skip=7) == "(NATO)"  # the bracket pair, not the comma
    assert _snap(text, "U.S.", "U.S.", end_skip=4) == "U.S."
    assert _snap(text, "“we", "will”", end_skip=6) == "“we will”"


def test_emoji_sequences_flags_and_combining_marks_are_never_cut():
    family = "👩\u200d👩\u200d👧"
    text = f"a {family} b 🇺🇦 c Zoe\u0308 d"
    start = text.index(family)
    assert snap_to_words(text, start + 2, start + 3) == (start, start + len(family))
    flag = text.index("🇺🇦")
    assert snap_to_words(text, flag, flag + 1) == (flag, flag + 2)
    zoe = text.index("Zoe")
    assert snap_to_words(text, zoe, zoe + 2) == (zoe, zoe + 4)  # the e with its diaeresis


def test_scripts_without_spaces_are_not_stretched_over_a_sentence():
    text = "北约成员国可能向乌克兰派兵"
    assert snap_to_words(text, 2, 5) == (2, 5)


def test_right_to_left_words_grow_like_any_other():
    text = "قال الأمين العام للناتو"
    start = text.index("الأمين") + 2
    assert _snap(text, "الأمين", "العام", start_skip=2, end_skip=2) == "الأمين العام"
    assert snap_to_words(text, start, start + 1) == (text.index("الأمين"), text.index("الأمين") + 6)


def test_crlf_and_spaces_only():
    text = "Poland\r\nUkraine"
    assert snap_to_words(text, 3, 9) == (0, len(text))
    assert snap_to_words(text, 6, 8) is None  # only the line break
    assert trim_edges("  , ", 0, 4) is None


@given(st.text(alphabet=st.sampled_from(list("ab '’-.,(“”)\r\n👩\u200d\u0308北🇺")), max_size=30), st.data())
def test_snapped_spans_lie_in_the_text_and_cover_what_words_were_touched(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    span = snap_to_words(text, start, end)
    if span is None:
        return
    lo, hi = span
    assert 0 <= lo < hi <= len(text)
    assert not joined(text, lo) or lo == 0 or not text[lo - 1].isalnum()  # never starts inside a word
    assert not text[lo].isspace() and not text[hi - 1].isspace()


@pytest.mark.parametrize("i", range(len("ab")))
def test_joined_at_the_ends_of_the_text_is_false(i):
    assert joined("ab", 0) is False and joined("ab", 2) is False


def _moved(text: str, words: str, edge: str, step: int, by_word: bool = False) -> str | None:
    start = text.index(words)
    span = move_edge(text, start, start + len(words), edge, step, by_word=by_word)
    return text[span[0] : span[1]] if span else None


def test_an_edge_moves_by_a_word():
    assert _moved(SAMPLE, "Fogh", "start", -1, by_word=True) == "Anders Fogh"
    assert _moved(SAMPLE, "Fogh", "end", +1, by_word=True) == "Fogh Rasmussen"
    assert _moved(SAMPLE, "Anders Fogh Rasmussen", "start", +1, by_word=True) == "Fogh Rasmussen"
    assert _moved(SAMPLE, "Anders Fogh Rasmussen", "end", -1, by_word=True) == "Anders Fogh"
    assert _moved(SAMPLE, "The Guardian", "end", +1, by_word=True) == "The Guardian, former"  # past the comma


def test_an_edge_moves_by_a_character_and_never_rests_on_a_space_or_mark():
    assert _moved(SAMPLE, "Fogh", "end", -1) == "Fog"
    assert _moved(SAMPLE, "Fog", "end", +1) == "Fogh"
    assert _moved(SAMPLE, "Fogh", "end", +1) == "Fogh R"  # over the space, onto the next letter
    assert _moved(SAMPLE, "Guardian", "end", +1) == "Guardian, f"
    assert _moved(SAMPLE, "ogh", "start", -1) == "Fogh"


def test_an_edge_never_cuts_an_emoji_or_a_letter_from_its_marks():
    text = "Zoe\u0308 👩\u200d👧 x"
    zoe = text.index("Zoe")
    assert move_edge(text, zoe, zoe + 4, "end", -1) == (zoe, zoe + 2)  # "Zo", not "Zoe" without its mark
    family = text.index("👩")
    assert move_edge(text, family, family + 3, "end", -1) is None  # the family is one character: nothing left


def test_an_edge_that_would_empty_the_span_or_leave_the_text_does_nothing():
    assert _moved(SAMPLE, "In", "end", -1, by_word=True) is None
    assert move_edge("ab", 0, 2, "start", -1) is None
    assert move_edge("ab", 0, 2, "end", +1, by_word=True) is None

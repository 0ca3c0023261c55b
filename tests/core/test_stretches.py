"""Cutting a long article into stretches: after a paragraph, never inside a character."""

from __future__ import annotations

from annotator.core.stretches import PARAGRAPH_REACH, stretch_end


def test_a_stretch_ends_just_after_the_next_line_break():
    text = "first paragraph\nsecond one is longer\nthird\n"
    assert stretch_end(text, 0, 5) == text.index("\n") + 1
    assert stretch_end(text, 16, 3) == text.index("\n", 16) + 1


def test_the_last_stretch_ends_with_the_text():
    text = "short\ntext"
    assert stretch_end(text, 0, 100) == len(text)
    assert stretch_end(text, 6, 4) == len(text)


def test_a_text_without_line_breaks_is_cut_after_a_space_then_anywhere():
    words = "word " * (PARAGRAPH_REACH // 2)
    assert stretch_end(words, 0, 12) == 15  # after "word word word "
    solid = "x" * (3 * PARAGRAPH_REACH)
    assert stretch_end(solid, 0, 100) == 100


def test_stretches_cover_the_text_exactly_once():
    text = ("Київ 🇺🇦 said\u0301 that, if asked,\r\n" * 500) + "end"
    cuts, start = [], 0
    while start < len(text):
        start = stretch_end(text, start, 700)
        cuts.append(start)
    assert cuts[-1] == len(text) and cuts == sorted(set(cuts))
    assert all(text[c - 1] == "\n" for c in cuts[:-1])

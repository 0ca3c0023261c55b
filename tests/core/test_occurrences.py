"""Finding every occurrence of a text: whole words, case, Unicode."""

from __future__ import annotations

from annotator.core.occurrences import find_occurrences

TEXT = "NATO and NATO's allies; the (NATO) summit, not NATOs or nato. Café NATO"


def _found(needle: str, **options) -> list[str]:
    return [TEXT[s:e] for s, e in find_occurrences(TEXT, needle, **options)]


def test_case_sensitive_by_default_and_insensitive_on_request():
    assert _found("NATO") == ["NATO"] * 5
    assert sorted(_found("NATO", match_case=False)) == ["NATO"] * 5 + ["nato"]


def test_whole_words_only_when_asked():
    assert len(_found("NATO", whole_word=True)) == 4  # not "NATOs"
    hits = find_occurrences(TEXT, "NATO", whole_word=True)
    assert all(not TEXT[e : e + 1].isalpha() for _, e in hits)


def test_combining_marks_belong_to_the_word():
    text = "Cafe\u0301 and Cafe"
    assert find_occurrences(text, "Cafe", whole_word=True) == [(10, 14)]


def test_offsets_are_code_points_after_emoji_and_in_right_to_left_text():
    text = "🇺🇦 Київ — كييف Київ"
    assert find_occurrences(text, "Київ") == [(3, 7), (15, 19)]
    assert find_occurrences(text, "كييف", whole_word=True) == [(10, 14)]


def test_nothing_to_find():
    assert find_occurrences(TEXT, "") == []
    assert find_occurrences(TEXT, "Reykjavik") == []

"""Every occurrence of a piece of text in an article: for find and for tagging all occurrences at once.

Offsets are code points, end exclusive. "Whole word" means no letter, digit or combining mark touches
the occurrence on either side: "NATO" is found in "NATO's" and "(NATO)" but not in "NATOs".
"""

from __future__ import annotations

import re
import unicodedata


def _in_word(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def find_occurrences(
    text: str, needle: str, *, whole_word: bool = False, match_case: bool = True
) -> list[tuple[int, int]]:
    """[start, end) of each occurrence of `needle` in `text`, in text order, never overlapping."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), 0 if match_case else re.IGNORECASE)
    hits = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if whole_word and (start > 0 and _in_word(text[start - 1]) or end < len(text) and _in_word(text[end])):
            continue
        hits.append((start, end))
    return hits

"""Word snapping: a sloppy mouse selection grows to whole words, then loses edge spaces and punctuation.

The rule is Unicode's idea of a word, simplified for tagging: letters, digits and combining marks
join, an apostrophe or hyphen between two of them joins too ("Rasmussen's", "follow-up"), a
character never parts from the marks, variation selectors, skin tones or zero-width joiner that
follow it (so an emoji sequence stays whole), and in scripts written without spaces (Chinese,
Japanese, Thai, …) each character is a word of its own, so a selection there is never stretched
over a whole sentence. Offsets are code points, end exclusive.
"""

from __future__ import annotations

import unicodedata

JOINERS = frozenset("'’‘‐‑-")  # apostrophes and hyphens, inside a word only
ZWJ = "\u200d"
# each character a word: ideographs, kana, and the Southeast Asian scripts written without spaces
_UNSPACED = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth katakana
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# closing marks kept at a span's edge when their opening partner is inside it
_PAIRS = {")": "(", "]": "[", "}": "{", "»": "«", "”": "“", "’": "‘", '"': '"', "'": "'"}
_OPENERS = {opening: closing for closing, opening in _PAIRS.items()}


def _unspaced(ch: str) -> bool:
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _UNSPACED)


def _wordish(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM" and not _unspaced(ch)


def _clings(ch: str) -> bool:
    """Whether `ch` belongs to the character before it (a mark, a selector, a skin tone, a joiner)."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (flag sequences)
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def joined(text: str, i: int) -> bool:
    """Whether the gap before `text[i]` lies inside a word or a character sequence (not a place to cut)."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if _clings(after) or before == ZWJ:
        return True
    if _regional(before) and _regional(after):  # the two letters of a flag
        return True
    if _wordish(before) and _wordish(after):
        return True
    if after in JOINERS:  # "Rasmussen|'s": joined if a word goes on after the joiner
        return _wordish(before) and i + 1 < len(text) and _wordish(text[i + 1])
    if before in JOINERS:  # "Rasmussen'|s"
        return _wordish(after) and i >= 2 and _wordish(text[i - 2])
    return False


def _edge_mark(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] == "P" or ch in JOINERS


def _keep_closing(text: str, start: int, end: int) -> bool:
    """Whether the closing mark at `end - 1` has its partner inside the span ("(NATO)" keeps both)."""
    opening = _PAIRS.get(text[end - 1])
    return opening is not None and opening in text[start : end - 1]


def _keep_opening(text: str, start: int, end: int) -> bool:
    closing = _OPENERS.get(text[start])
    return closing is not None and closing in text[start + 1 : end]


def _abbreviation(text: str, start: int, end: int) -> bool:
    """A final full stop that ends an abbreviation like "U.S." or "Inc." (a dotted or capitalised short word)."""
    if text[end - 1] != ".":
        return False
    word_start = end - 1
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : end - 1]
    return "." in word or (0 < len(word) <= 3 and word[:1].isupper() and word.isalpha())


def trim_edges(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink [start, end) past spaces and punctuation at its edges, keeping paired marks whose partner is
    inside and an abbreviation's full stop; None if nothing is left."""
    while start < end:
        if _edge_mark(text[start]) and not _keep_opening(text, start, end):
            start += 1
        elif _edge_mark(text[end - 1]) and not _keep_closing(text, start, end) and not _abbreviation(text, start, end):
            end -= 1
        else:
            break
    return (start, end) if start < end else None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """[start, end) grown to whole words at both ends, then trimmed of edge spaces and punctuation;
    None if it holds no word character at all (a drag over spaces)."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start > 0 and joined(text, start):
        start -= 1
    while end < len(text) and joined(text, end):
        end += 1
    return trim_edges(text, start, end)


def _mark(ch: str) -> bool:
    """A space or a punctuation mark: what a span's edge never rests on."""
    return ch.isspace() or unicodedata.category(ch)[0] == "P"


def _word_start(text: str, i: int) -> bool:
    return 0 <= i < len(text) and not _mark(text[i]) and not joined(text, i)


def _word_end(text: str, i: int) -> bool:
    return 0 < i <= len(text) and not _mark(text[i - 1]) and not joined(text, i)


def _in_sequence(text: str, i: int) -> bool:
    """Whether a cut at `i` would part a character from its marks, selectors or joiner."""
    return 0 < i < len(text) and (_clings(text[i]) or text[i - 1] == ZWJ)


def _char_step(text: str, i: int, step: int, edge: str) -> int:
    """One character from `i` in direction `step`, never inside a character sequence (an emoji, a letter
    with its marks), and on past spaces and punctuation, which an edge never rests on."""
    i += step
    while _in_sequence(text, i):
        i += step
    if edge == "start":
        while 0 <= i < len(text) and _mark(text[i]):
            i += step
    else:
        while 0 < i <= len(text) and _mark(text[i - 1]):
            i += step
    return i


def move_edge(
    text: str, start: int, end: int, edge: str, step: int, *, by_word: bool = False
) -> tuple[int, int] | None:
    """[start, end) with its `edge` ("start" or "end") moved one character or one word in direction
    `step` (-1 left, +1 right, in text order), resting only where a span may begin or end (never on a
    space or punctuation mark, never inside an emoji or a letter's marks); None if the span would
    become empty or leave the text."""
    if by_word:
        rests = _word_start if edge == "start" else _word_end
        i = start if edge == "start" else end
        i += step
        while 0 <= i <= len(text) and not rests(text, i):
            i += step
    else:
        i = _char_step(text, start if edge == "start" else end, step, edge)
    if not 0 <= i <= len(text):
        return None
    new = (i, end) if edge == "start" else (start, i)
    return new if new[0] < new[1] else None

"""Grapheme clusters and CoNLL tokens as regular expressions, so that the re module, not Python, walks the text."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Mapping

_REGIONAL = "[\U0001f1e6-\U0001f1ff]"  # two of them make a flag
_ZWJ = "\u200d"  # glues the next character on (family emoji)
_JOINERS = "[\\-'\u2019]"  # inside a word: self-driving, don't, don’t
# Combining marks only exist in these planes (2-3 hold CJK ideographs, 15-16 private use):
# scanning them takes 20 ms, the whole code space 250 ms.
_MARK_PLANES = ((0x0300, 0x20000), (0xE0000, 0xE1000))
_ASTRAL_EXTENDERS = "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"  # skin tones, tag characters of subdivision flags


@functools.cache
def _marks() -> str:
    """Every combining mark (Mn, Mc, Me) of this Python's Unicode database."""
    chars = "".join(map(chr, itertools.chain.from_iterable(range(a, b) for a, b in _MARK_PLANES)))
    # compress and map keep the scan in C: a Python loop over the planes takes ten times longer
    return "".join(itertools.compress(chars, map({"Mn", "Mc", "Me"}.__contains__, map(unicodedata.category, chars))))


@functools.cache
def _extender() -> str:
    """Pattern of one character that stays with the one before it: a mark, ZWNJ, a skin tone or a tag character.

    re checks a class of BMP characters with one table lookup but tries the items of a class
    holding astral characters one by one, so astral ones are only looked up for astral characters.
    """
    bmp = "".join(ch for ch in _marks() if ch < "\U00010000") + "\u200c"
    astral = "".join(ch for ch in _marks() if ch >= "\U00010000") + _ASTRAL_EXTENDERS
    return f"[{bmp}]|[\U00010000-\U0010ffff](?<=[{astral}])"


def _extension() -> str:
    """What a character keeps: extenders, and after a zero-width joiner the next non-space character."""
    return f"{_ZWJ}\\S?|{_extender()}"


@functools.cache
def cluster_pattern() -> re.Pattern[str]:
    """Matches one user-perceived character (grapheme cluster) outside whitespace.

    A simplified Unicode grapheme segmentation (the standard library has none): a character
    keeps its combining marks, variation selectors, skin tones and tag characters; two regional
    indicators make a flag; a zero-width joiner glues the next character on. Whitespace always
    separates, so a mark after a space is a character of its own. Nothing follows the greedy
    parts, so re takes the longest match without backtracking.
    """
    return re.compile(f"(?:{_REGIONAL}{_REGIONAL}|\\S)(?:{_extension()})*")


def _word(between: str = "") -> str:
    """Pattern of a word: clusters that start with a word character (letter, digit, `_`), with a joiner (- ' ’) kept between two.

    `\\w+` first: re runs a repeat of one character much faster than a loop over alternatives,
    and most words are plain letters. `between` is a pattern for more that may come before a word
    character (a space), tried first in the one loop.
    """
    return f"\\w+(?:(?:{between}{_extension()}|{_JOINERS}(?=\\w))\\w*)*"


@functools.cache
def token_pattern() -> re.Pattern[str]:
    """Matches one token: a word, or one other character."""
    return re.compile(f"{_word()}|{cluster_pattern().pattern}")


@functools.cache
def run_pattern() -> re.Pattern[str]:
    """Matches one token, or several words with single spaces between them: the same tokens once split at the spaces.

    Made to be joined: `" ".join(findall(...))` has a space between every two tokens, and re
    makes one match, not one per word, of most of a sentence (a match costs more than the
    characters it covers). A space is followed by a word character; a word after it continues
    the same loop rather than a nested one, which is faster.
    """
    word_or_words = _word(between=" (?=\\w)|")
    return re.compile(f"{word_or_words}|{cluster_pattern().pattern}")


# Document metadata saying how a text was cut into tokens where it came from. A CoNLL import
# joins its tokens with spaces and line breaks, so its tokens are exactly the text's
# whitespace-free runs: one word says so, where a list of offsets would repeat the text.
TOKENS_KEY = "tokens"
WHITESPACE_TOKENS = "whitespace"


def keeps_tokens(meta: Mapping[str, str]) -> bool:
    """Whether a document's metadata says its tokens are the whitespace-free runs of its text."""
    return meta.get(TOKENS_KEY) == WHITESPACE_TOKENS


def patterns_for(meta: Mapping[str, str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(one token, a run of tokens joined by single spaces) for a document: its stored tokens, else words and marks."""
    return _whitespace_patterns() if keeps_tokens(meta) else (token_pattern(), run_pattern())


@functools.cache
def _whitespace_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(r"\S+"), re.compile(r"\S+(?: \S+)*")

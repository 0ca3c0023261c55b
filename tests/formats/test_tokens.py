"""The CoNLL writer's regular expressions cut exactly where a plain per-character scan of the same rules cuts."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats._tokens import cluster_pattern, run_pattern, token_pattern

# --- the rules, one character at a time (the writer's first version): the reference


def reference_clusters(text: str) -> list[tuple[int, int]]:
    """User-perceived characters outside whitespace: marks, ZWNJ, skin tones and tags stay, ZWJ glues, two flags' halves pair."""
    result, i, n = [], 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        start, i = i, i + 1
        if regional(text[start]) and i < n and regional(text[i]):
            i += 1
        while i < n and not text[i].isspace():
            if text[i] == "\u200d":
                i += 2 if i + 1 < n and not text[i + 1].isspace() else 1
            elif extends(text[i]):
                i += 1
            else:
                break
        result.append((start, i))
    return result


def regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def extends(ch: str) -> bool:
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == "\u200c"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"
        or "\U000e0020" <= ch <= "\U000e007f"
    )


def reference_tokens(text: str) -> list[tuple[int, int]]:
    """Words (clusters starting with \\w, a lone - ' ’ kept between two) and single other clusters."""
    clusters = reference_clusters(text)

    def word(k: int) -> bool:
        return k < len(clusters) and (text[clusters[k][0]].isalnum() or text[clusters[k][0]] == "_")

    def touches(k: int) -> bool:
        return k < len(clusters) and clusters[k][0] == clusters[k - 1][1]

    def joiner(k: int) -> bool:
        return k < len(clusters) and clusters[k][1] - clusters[k][0] == 1 and text[clusters[k][0]] in "-'\u2019"

    tokens, k = [], 0
    while k < len(clusters):
        start, end = clusters[k]
        while word(k):
            if touches(k + 1) and word(k + 1):
                k += 1
            elif touches(k + 1) and joiner(k + 1) and touches(k + 2) and word(k + 2):
                k += 2
            else:
                break
            end = clusters[k][1]
        tokens.append((start, end))
        k += 1
    return tokens


# --- the patterns against it

PIECES = list("ab1_ -'\u2019.,\n\t\r\u00a0\u3000\x1c\x85\u2028") + [
    "\u200d",
    "\u200c",
    "\u0301",
    "\u0308",
    "\u093f",
    "\u20dd",
    "\ufe0f",
    "\U0001f1fa",
    "\U0001f1e6",
    "\U0001f3fd",
    "\U000e0067",
    "\U000e007f",
    "\U0001f468",
    "\U0001f600",
    "\U0001e944",
    "\U000e0100",
    "\u05d0",
    "\u0627",
    "\u064e",
    "é",
    "Київ",
    "don't",
    "  ",
]
texts = st.lists(st.sampled_from(PIECES) | st.characters(), max_size=30).map("".join)


def spans(pattern, text: str, *bounds: int) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text, *bounds)]


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_clusters_and_tokens_are_the_reference_ones(text):
    assert spans(cluster_pattern(), text) == reference_clusters(text)
    assert spans(token_pattern(), text) == reference_tokens(text)


@settings(max_examples=1000, deadline=None)
@given(texts, st.integers(0, 30), st.integers(0, 30))
def test_runs_split_at_spaces_are_the_tokens_also_between_bounds(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    assert spans(token_pattern(), text, start, end) == [
        (start + s, start + e) for s, e in reference_tokens(text[start:end])
    ]
    runs = run_pattern().findall(text, start, end)
    assert [token for run in runs for token in run.split(" ")] == token_pattern().findall(text, start, end)


def test_every_combining_mark_stays_with_its_character():
    marks = [chr(c) for c in range(0x300, sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    text = " ".join(f"a{mark} -{mark} {mark}" for mark in marks)
    assert spans(cluster_pattern(), text) == reference_clusters(text)
    assert spans(token_pattern(), text) == reference_tokens(text)

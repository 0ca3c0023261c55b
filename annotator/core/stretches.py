"""Where to cut a long article into stretches shown one after another: after a paragraph's end."""

from __future__ import annotations

# how far past the wanted length a cut may go to end with a paragraph; a text without line breaks
# that far is cut after a space instead, and only failing that in the middle of a word
PARAGRAPH_REACH = 20_000


def stretch_end(text: str, start: int, length: int) -> int:
    """The end (exclusive, in code points) of the stretch of `text` that begins at `start` and holds
    about `length` characters: just after a line break, so that no paragraph is shown half at first."""
    wanted = start + length
    if wanted >= len(text):
        return len(text)
    cut = text.find("\n", wanted, wanted + PARAGRAPH_REACH)
    if cut < 0:
        cut = text.find(" ", wanted, wanted + PARAGRAPH_REACH)
    if cut < 0:
        return wanted
    return cut + 1

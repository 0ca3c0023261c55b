"""Names and labels free of control characters, and text made harmless to print on a terminal."""

from __future__ import annotations

import re
from typing import Any, TextIO

# C0 and C1 controls (ESC starts terminal sequences that recolour, retitle or rewrite the screen),
# DEL, and the invisible characters that reorder or break what is shown (bidi overrides, line separators).
_INVISIBLE = "\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_IN_NAMES = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_ON_TERMINALS = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")  # line ends and tabs lay out what is printed


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with control and bidi characters written as escapes (ESC as "\\x1b"); tabs and line ends kept."""
    return _ON_TERMINALS.sub(_escaped, text)


def escape_all_controls(text: str) -> str:
    """`text` with every control character escaped, tabs and line ends too (one cell of a table)."""
    return _IN_NAMES.sub(_escaped, text)


def name_problem(name: str, what: str = "analyst name") -> str | None:
    """Why `name` cannot name an analyst or a label (blank, or holding control characters), or None."""
    if not name.strip():
        return f"{what} is blank"
    if _IN_NAMES.search(name):
        return f"{what} '{escape_all_controls(name)}' holds a control character; names are plain text"
    return None


class TerminalText:
    """A text stream (standard output or error) that writes control characters as escapes (`escape_controls`).

    Titles, ids and names come from imported files; printed raw, an ESC sequence in one could
    recolour, retitle or rewrite the user's terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(escape_controls(text))

    def __getattr__(self, name: str) -> Any:  # whatever the wrapped stream holds under that name
        return getattr(self.stream, name)  # flush, fileno, buffer (raw bytes: exports to standard output), ...

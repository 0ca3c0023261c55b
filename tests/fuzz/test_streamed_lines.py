"""The streamed line reader (JSON Lines imports) agrees with reading the whole file, however the blocks fall."""

from __future__ import annotations

import codecs
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import BadInput
from annotator.formats import _text
from annotator.formats._text import read_lines, read_text

PIECES = ["a", "Kyiv", "\n", "\r\n", "\r", " ", "😀", "ї", "\u2028", "\x85", "\ufeff", "{", '"', "\\"]
BAD = [b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\x00", b"\xf0\x9f"]
ENCODINGS = [None, "utf-8", "utf-16", "utf-16-le", "cp1251", "latin-1", "utf-32"]


def outcome(function, path: Path, encoding: str | None):
    try:
        return "ok", function(path, encoding)
    except BadInput as exc:
        return "refused", [(p.line, p.message) for p in exc.problems]


@st.composite
def files(draw) -> tuple[bytes, str | None]:
    text = "".join(draw(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=30)))
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding or "utf-8", errors="replace")
    if encoding is None:
        data = draw(st.sampled_from([b"", codecs.BOM_UTF8])) + data
    if draw(st.booleans()):  # damage it
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.sampled_from(BAD)) + data[position:]
    return data, encoding


@settings(max_examples=300, deadline=None)
@given(file=files(), block=st.integers(1, 9))
def test_read_lines_gives_the_lines_of_read_text(file, block):
    data, encoding = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(data)
        whole = outcome(lambda p, e: read_text(p, e).split("\n"), path, encoding)
        saved = _text._BLOCK
        _text._BLOCK = block  # tiny blocks: characters, CRLFs and BOMs cut everywhere
        try:
            streamed = outcome(lambda p, e: list(read_lines(p, e)), path, encoding)
        finally:
            _text._BLOCK = saved
    if whole[0] == "ok" or streamed[0] == "ok":
        assert streamed == whole
    else:  # both refuse; a NUL may be met before or after a bad byte, but a bad byte is located alike
        (line_a, message_a), (line_b, message_b) = whole[1][0], streamed[1][0]
        if "binary" not in message_a + message_b:
            assert (line_a, message_a) == (line_b, message_b)


def test_read_lines_refuses_a_pipe_without_waiting(tmp_path):
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(BadInput, match="not a regular file"):
        next(read_lines(pipe))

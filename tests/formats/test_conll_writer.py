"""CoNLL writing cases the fast writer treats apart: rare line breaks, and many span edges inside one long word."""

from __future__ import annotations

from annotator.core.model import AnnotationRecord, DocumentRecord
from annotator.formats.conll import FORMAT


def written(tmp_path, text: str, *spans: tuple[int, int]) -> list[str]:
    annotations = [AnnotationRecord("q", start, end) for start, end in spans]
    FORMAT.write([DocumentRecord(text=text, annotations=annotations)], tmp_path / "out.conll")
    return (tmp_path / "out.conll").read_text(encoding="utf-8").split("\n")


def test_every_kind_of_line_break_ends_a_sentence_outside_spans_only(tmp_path):
    text = "One two\u2028three\x85four\r\n\r\nfive 'six\u2028seven' eight\f"
    start = text.index("'six")
    lines = written(tmp_path, text, (start, text.index("eight") - 1))
    assert lines == [
        "-DOCSTART-\tO",
        "",
        "One\tO",
        "two\tO",
        "",
        "three\tO",
        "",
        "four\tO",
        "",
        "five\tO",
        "'\tB-q",
        "six\tI-q",
        "seven\tI-q",
        "'\tI-q",
        "eight\tO",
        "",
        "",
    ]


def test_many_edges_inside_one_long_word_cut_it_into_its_pieces(tmp_path):
    text = "x" + "ab" * 20_000 + "'s."
    spans = [(start, start + 4) for start in range(1, 40_000, 10)]
    lines = written(tmp_path, text, *spans)
    tokens = [line.split("\t") for line in lines[2:] if line]
    assert "".join(token for token, _ in tokens) == text
    assert tokens[:4] == [["x", "O"], ["abab", "B-q"], ["ababab", "O"], ["abab", "B-q"]]
    assert tokens[-2:] == [["ababab's", "O"], [".", "O"]]

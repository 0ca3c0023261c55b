"""Decoding rules, safe file names and titles shared by the format readers and writers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.core.errors import BadInput
from annotator.formats._text import read_text, safe_filename, title_from
from annotator.formats.output import atomic_output


def write(tmp_path: Path, data: bytes, name: str = "in.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        "Київ 😀\nline".encode(),
        codecs.BOM_UTF8 + "Київ 😀\nline".encode(),
        codecs.BOM_UTF16_LE + "Київ 😀\nline".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Київ 😀\nline".encode("utf-16-be"),
        codecs.BOM_UTF32_LE + "Київ 😀\nline".encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom"],
)
def test_read_text_detects_encoding_and_strips_bom(tmp_path, data):
    assert read_text(write(tmp_path, data)) == "Київ 😀\nline"


def test_read_text_uses_given_encoding_and_strips_its_bom(tmp_path):
    assert read_text(write(tmp_path, "Привіт".encode("cp1251")), encoding="cp1251") == "Привіт"
    assert read_text(write(tmp_path, codecs.BOM_UTF8 + b"abc"), encoding="utf-8") == "abc"


def test_invalid_utf8_names_file_line_and_byte(tmp_path):
    path = write(tmp_path, b"first\nsecond\nabcd\xff rest\n")
    with pytest.raises(BadInput) as info:
        read_text(path)
    (problem,) = info.value.problems
    assert problem.path == str(path)
    assert problem.line == 3
    assert problem.message.startswith("not valid UTF-8 (byte 0xff at column 5)")
    assert "--encoding" in problem.message
    assert str(info.value).startswith(f"{path}:3: not valid UTF-8")


def test_invalid_bytes_in_a_given_encoding_are_bad_input(tmp_path):
    path = write(tmp_path, "ok\nПривіт".encode("cp1251"))
    with pytest.raises(BadInput) as info:
        read_text(path, encoding="utf-8")
    assert info.value.problems[0].line == 2


def test_truncated_utf16_reports_its_line(tmp_path):
    path = write(tmp_path, codecs.BOM_UTF16_LE + "a\nb\nc".encode("utf-16-le") + b"\x00")
    with pytest.raises(BadInput) as info:
        read_text(path)
    assert info.value.problems[0].line == 3
    assert "UTF-16" in info.value.problems[0].message


def test_binary_file_is_refused(tmp_path):
    path = write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="image.txt")
    with pytest.raises(BadInput, match="binary file, not text"):
        read_text(path)


def test_utf16_without_bom_counts_as_binary_unless_encoding_given(tmp_path):
    path = write(tmp_path, "hello".encode("utf-16-le"))
    with pytest.raises(BadInput, match="binary"):
        read_text(path)
    assert read_text(path, encoding="utf-16-le") == "hello"


@pytest.mark.parametrize("encoding", ["no-such-codec", "base64"])
def test_unusable_encoding_is_bad_input(tmp_path, encoding):
    with pytest.raises(BadInput, match="encoding"):
        read_text(write(tmp_path, b"abc"), encoding=encoding)


def test_missing_file_is_bad_input(tmp_path):
    with pytest.raises(BadInput, match="cannot read file"):
        read_text(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    "name", ["../etc/passwd", "/abs", "..", ".", "", "a\\b", "..\\..\\win", "x\x00y\nz", "\u202etxt.exe", " .hidden"]
)
def test_safe_filename_stays_in_folder(tmp_path, name):
    stem = safe_filename(name, set())
    assert stem and stem == stem.strip(" .")
    assert not any(ch in stem for ch in "/\\\x00\n\u202e")
    assert not stem.startswith(".")
    target = (tmp_path / f"{stem}.txt").resolve()
    assert target.parent == tmp_path.resolve()
    target.write_text("x", encoding="utf-8")  # really creatable


@pytest.mark.parametrize("name", ["CON", "con", "NUL", "com1", "LPT9", "aux.txt", "Con "])
def test_safe_filename_avoids_windows_reserved_names(name):
    stem = safe_filename(name, set())
    assert stem.split(".")[0].strip().upper() not in {"CON", "NUL", "COM1", "LPT9", "AUX"}


def test_safe_filename_keeps_ordinary_names_and_unicode():
    assert safe_filename("rasmussen-vilnius", set()) == "rasmussen-vilnius"
    assert safe_filename("Київ 😀 report.v2", set()) == "Київ 😀 report.v2"


def test_safe_filename_disambiguates_duplicates_ignoring_case():
    taken: set[str] = set()
    names = [safe_filename(n, taken) for n in ["doc", "doc", "DOC", "doc-2", ""]]
    assert names == ["doc", "doc-2", "DOC-3", "doc-2-2", "document"]
    assert {"doc", "doc-2", "DOC-3"} <= taken


def test_safe_filename_limits_length_in_chars_and_bytes():
    assert len(safe_filename("a" * 500, set())) <= 100
    emoji = safe_filename("😀" * 100, set())
    assert emoji and len(emoji.encode("utf-8")) <= 200 and set(emoji) == {"😀"}


def test_title_is_first_line_cut_at_a_word():
    assert title_from("\n\n  Short title  \nbody") == "Short title"
    long = "word " * 40
    title = title_from(long)
    assert len(title) <= 80 and title.endswith("…") and title[:-1].endswith("word")
    assert title_from("x" * 200) == "x" * 79 + "…"


def test_atomic_output_leaves_nothing_when_writing_fails(tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    out = folder / "out.jsonl"
    with pytest.raises(RuntimeError):
        with atomic_output(out) as handle:
            handle.write("partial")
            raise RuntimeError("boom")
    assert list(folder.iterdir()) == []

"""Helpers shared by format modules: decoding text files, safe output names, titles."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from annotator.core.errors import BadInput

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_END = re.compile(r"\r\n|\r|\n")

_MAX_CHARS = 100
_MAX_BYTES = 200  # file systems allow 255 bytes per name; leave room for "-NN" and the extension
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {
    f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)
}
# Characters Windows refuses in names, plus both path separators.
_FORBIDDEN = set('<>:"/\\|?*')
# Control, format (bidi overrides, zero-width), surrogate and line/paragraph separator characters.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


# Files read whole (one article, one JSON array, one XML document, a CSV or CoNLL file) are refused
# above this size: decoding and parsing take several times the file's size in memory. JSON Lines
# files are streamed line by line (`read_lines`) and have no such limit.
MAX_FILE_BYTES = 64 * 1024 * 1024
NOT_REGULAR = "not a regular file (a folder, pipe or device); nothing read"
_BLOCK = 1 << 20


def open_input(path: str | Path, limit: int | None = MAX_FILE_BYTES) -> IO[bytes]:
    """A regular file opened for reading; a pipe, device or folder, an unreadable or too large file raise `BadInput`.

    Opening a pipe would wait for a writer, and /dev/zero never ends: only regular files are read.
    """
    try:
        info = os.stat(path)  # before opening: opening a pipe blocks
        if not stat.S_ISREG(info.st_mode):
            raise BadInput.at(path, None, NOT_REGULAR)
        if limit is not None and info.st_size > limit:
            raise BadInput.at(
                path,
                None,
                f"file too large to import ({info.st_size / 2**20:.0f} MB; files in this format are read whole, "
                f"up to {limit // 2**20} MB): split it into smaller files",
            )
        handle = open(path, "rb")
    except OSError as exc:
        raise BadInput.at(path, None, f"cannot read file: {(exc.strerror or str(exc)).lower()}") from None
    return handle


def read_bytes(path: str | Path, limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see `open_input`)."""
    with open_input(path, limit) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise BadInput.at(path, None, f"cannot read file: {(exc.strerror or str(exc)).lower()}") from None


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The decoded text of a file, without BOM; undecodable or binary files raise `BadInput`.

    Without `encoding`: UTF-8 (BOM optional), or UTF-16/UTF-32 when the file starts with their BOM.
    """
    data = read_bytes(path)
    codec, label, hint, skip, check_nul = _encoding_of(path, data[:4], encoding)
    if check_nul and b"\x00" in data:
        raise BadInput.at(path, None, "binary file, not text")
    text = _decode(path, data[skip:] if skip else data, codec, label, hint)
    return text[1:] if encoding is not None and text.startswith("\ufeff") else text


def read_lines(path: str | Path, encoding: str | None = None) -> Iterator[str]:
    """The lines of a file split at "\\n" only (which is dropped), decoded as `read_text` decodes, streamed.

    The same lines as `read_text(path, encoding).split("\\n")`, but never the whole file in
    memory: for JSON Lines files, which can be exports of whole projects.
    """
    with open_input(path, limit=None) as handle:
        head = handle.read(4)
        codec, label, hint, skip, check_nul = _encoding_of(path, head, encoding)
        if codec in ("utf-16", "utf-32"):  # decide the byte order as bytes.decode() does, BOM or native
            bom = {
                "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
                "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
            }[codec]
            order = "le" if head.startswith(bom[0]) else "be" if head.startswith(bom[1]) else sys.byteorder[0] + "e"
            skip = len(bom[0]) if head.startswith(bom) else 0
            codec = f"{codec}-{order}"
        handle.seek(skip)
        decoder = codecs.getincrementaldecoder(codec)(errors="strict")
        number = 1
        parts: list[str] = []  # the pieces of the line being read
        while True:
            try:
                block = handle.read(_BLOCK)
            except OSError as exc:
                raise BadInput.at(path, None, f"cannot read file: {(exc.strerror or str(exc)).lower()}") from None
            if check_nul and b"\x00" in block:
                raise BadInput.at(path, None, "binary file, not text")
            try:
                text = decoder.decode(block, final=not block)
            except UnicodeDecodeError as exc:
                raise _decode_error(path, exc, codec, label, hint, number, sum(map(len, parts))) from None
            except UnicodeError as exc:  # a codec that cannot say where (punycode)
                raise BadInput.at(path, None, f"not valid {label}: {exc}{hint}") from None
            pieces = text.split("\n")
            del text
            parts.append(pieces[0])
            for piece in pieces[1:]:
                line, parts = "".join(parts), [piece]  # let go of the pieces before the caller parses the line
                yield _without_bom(line, number, encoding)
                del line
                number += 1
            if not block:
                yield _without_bom("".join(parts), number, encoding)
                return


class Utf8Lines:
    """The lines of a UTF-8 file as bytes, split at "\\n" only (BOM skipped, not yet decoded), streamed.

    For a parser that takes UTF-8 bytes (orjson): decoding each line only to have it encoded back
    would cost it a third of its time. A line is not checked here: whoever cannot parse it decodes
    it with `decode`, which words the error as `read_lines` would.
    """

    def __init__(self, path: str | Path, skip: int, hint: str, check_nul: bool):
        self.path, self._skip, self._hint, self._check_nul = path, skip, hint, check_nul

    def __iter__(self) -> Iterator[bytes]:
        path = self.path
        with open_input(path, limit=None) as handle:
            handle.seek(self._skip)
            parts: list[bytes] = []  # the pieces of the line being read (joined once: a line may be huge)
            while True:
                try:
                    block = handle.read(_BLOCK)
                except OSError as exc:
                    raise BadInput.at(path, None, f"cannot read file: {(exc.strerror or str(exc)).lower()}") from None
                if self._check_nul and b"\x00" in block:
                    raise BadInput.at(path, None, "binary file, not text")
                if not block:
                    yield b"".join(parts)
                    return
                lines = block.split(b"\n")
                del block
                if len(lines) == 1:  # no line ends in this block
                    parts.append(lines[0])
                    continue
                parts.append(lines[0])
                lines[0] = b"".join(parts) if len(parts) > 1 else parts[0]
                parts = [lines.pop()]
                lines.reverse()
                while lines:  # each line handed over, not kept here too while the caller parses it
                    yield lines.pop()

    def decode(self, line: bytes, number: int) -> str:
        """Line `number` as text; bytes that are not UTF-8 raise `BadInput` naming the line and column."""
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _decode_error(self.path, exc, "utf-8", "UTF-8", self._hint, number, 0) from None


def utf8_lines(path: str | Path, encoding: str | None = None) -> Utf8Lines | None:
    """A UTF-8 file's lines as bytes (see `Utf8Lines`); None for a file read in another encoding (`encoding`
    given, or a UTF-16/32 BOM), which `read_lines` reads."""
    if encoding is not None:
        return None
    with open_input(path, limit=None) as handle:
        head = handle.read(4)
    codec, _label, hint, skip, check_nul = _encoding_of(path, head, None)
    return Utf8Lines(path, skip, hint, check_nul) if codec == "utf-8" else None


def _without_bom(line: str, number: int, encoding: str | None) -> str:
    """A BOM decoded with an --encoding that keeps it (utf-8) is no part of the first line."""
    return line[1:] if number == 1 and encoding is not None and line.startswith("\ufeff") else line


def _encoding_of(path: str | Path, head: bytes, encoding: str | None) -> tuple[str, str, str, int, bool]:
    """(codec, its name for messages, a hint for messages, BOM bytes to skip, whether a NUL byte means binary)."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise BadInput.at(path, None, f"unknown encoding {encoding!r}") from None
        try:
            b"x".decode(codec)  # bytes.decode() refuses codecs that do not make text before decoding anything
        except LookupError:  # a bytes-to-bytes codec such as "base64" named as --encoding
            raise BadInput.at(path, None, f"{codec!r} is not a text encoding") from None
        except (UnicodeError, ValueError):  # a text encoding in which "x" alone is incomplete (UTF-16)
            pass
        return codec, codec, "; check --encoding", 0, False
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return codec, label, "", len(bom), False
    return "utf-8", "UTF-8", "; pass --encoding if the file uses another encoding", 0, True


def _decode(path: str | Path, data: bytes, codec: str, label: str, hint: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise _decode_error(path, exc, codec, label, hint, 1, 0) from None
    except UnicodeError as exc:  # a codec that cannot say where (punycode)
        raise BadInput.at(path, None, f"not valid {label}: {exc}{hint}") from None


def _decode_error(
    path: str | Path, exc: UnicodeDecodeError, codec: str, label: str, hint: str, line: int, column: int
) -> BadInput:
    """The first bad byte located as an editor would: line and column in characters.

    `exc` comes from decoding bytes that start on `line`, `column` characters into it.
    """
    data = exc.object
    if codec == "utf-8":  # find the line in bytes: decoding a huge prefix again would double the memory
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line += data.count(b"\n", 0, line_start)
        before = data[line_start : exc.start].decode(codec, errors="replace")
    else:
        before = data[: exc.start].decode(codec, errors="replace")
        line_start = before.rfind("\n") + 1
        line += before.count("\n", 0, line_start)
        before = before[line_start:]
    column = (column if line_start == 0 else 0) + len(before) + 1
    byte = data[exc.start] if exc.start < len(data) else 0
    return BadInput.at(path, line, f"not valid {label} (byte 0x{byte:02x} at column {column}){hint}")


def has_lone_surrogate(value: str) -> bool:
    """Whether `value` holds a half of a surrogate pair (JSON "\\ud800"); such text cannot be saved as UTF-8."""
    return _SURROGATE.search(value) is not None


def string_values(mapping: dict[str, Any]) -> dict[str, str] | None:
    """A JSON object's values as strings: null as "", numbers and lists as their JSON text.

    None if a key or value holds a lone surrogate, which no UTF-8 file or database can store.
    """
    result: dict[str, str] = {}
    for key, value in mapping.items():
        text = "" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if has_lone_surrogate(key) or has_lone_surrogate(text):
            return None
        result[key] = text
    return result


def safe_filename(name: str, taken: set[str]) -> str:
    """A file-name stem from a document id or title that stays inside the output folder.

    Unique against `taken` ignoring case (macOS and Windows file systems do), by adding
    -2, -3, ...; the result and its case-folded form are added to `taken`.
    """
    stem = "".join(
        "_" if ch in _FORBIDDEN or unicodedata.category(ch) in _INVISIBLE else ch
        for ch in unicodedata.normalize("NFC", name)
    )
    stem = _shorten(stem.strip(" ."))
    if not stem:
        stem = "document"
    # Windows reserves CON, NUL, COM1, ... with any extension.
    if stem.split(".")[0].rstrip(" ").casefold() in _RESERVED:
        stem = "_" + stem
    candidate, number = stem, 2
    while candidate in taken or candidate.casefold() in taken:
        candidate, number = f"{stem}-{number}", number + 1
    taken.add(candidate)
    taken.add(candidate.casefold())
    return candidate


def _shorten(stem: str) -> str:
    stem = stem[:_MAX_CHARS]
    if len(stem.encode("utf-8")) > _MAX_BYTES:
        stem = stem.encode("utf-8")[:_MAX_BYTES].decode("utf-8", errors="ignore")
    return stem.rstrip(" .")  # Windows drops trailing dots and spaces, so never end with one


def title_from(text: str, limit: int = 80) -> str:
    """The first non-blank line of `text`, cut at a word boundary to `limit` characters with "…"."""
    first = next((line.strip() for line in _LINE_END.split(text) if line.strip()), "")
    if len(first) <= limit:
        return first
    cut = first[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\t"))
    if space > limit // 2:  # a very long first word is cut mid-word rather than left almost empty
        cut = cut[:space]
    return cut.rstrip() + "…"

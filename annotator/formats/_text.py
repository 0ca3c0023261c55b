"""Helpers shared by format modules: decoding text files, safe output names, titles, atomic writes."""

from __future__ import annotations

import codecs
import json
import os
import re
import unicodedata
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any, Iterator

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
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$"} | {f"{d}{i}" for d in ("com", "lpt") for i in range(1, 10)}
# Characters Windows refuses in names, plus both path separators.
_FORBIDDEN = set('<>:"/\\|?*')
# Control, format (bidi overrides, zero-width), surrogate and line/paragraph separator characters.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The decoded text of a file, without BOM; undecodable or binary files raise `BadInput`.

    Without `encoding`: UTF-8 (BOM optional), or UTF-16/UTF-32 when the file starts with their BOM.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BadInput.at(path, None, f"cannot read file: {(exc.strerror or str(exc)).lower()}") from None
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise BadInput.at(path, None, f"unknown encoding {encoding!r}") from None
        text = _decode(path, data, codec, codec, "; check --encoding")
        return text[1:] if text.startswith("\ufeff") else text
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _decode(path, data[len(bom) :], codec, label, "")
    if b"\x00" in data:
        raise BadInput.at(path, None, "binary file, not text")
    return _decode(path, data, "utf-8", "UTF-8", "; pass --encoding if the file uses another encoding")


def _decode(path: str | Path, data: bytes, codec: str, label: str, hint: str) -> str:
    try:
        return data.decode(codec)
    except LookupError:  # a bytes-to-bytes codec such as "base64" named as --encoding
        raise BadInput.at(path, None, f"{codec!r} is not a text encoding") from None
    except UnicodeDecodeError as exc:
        # Locate the first bad byte as an editor would: line and column in characters.
        before = data[: exc.start].decode(codec, errors="replace")
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        byte = data[exc.start] if exc.start < len(data) else 0
        message = f"not valid {label} (byte 0x{byte:02x} at column {column}){hint}"
        raise BadInput.at(path, line, message) from None


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


@contextmanager
def atomic_output(out: Path) -> Iterator[IO[str]]:
    """A UTF-8 text file written beside `out` and moved over it only when complete.

    A failed export then never leaves a truncated file that looks finished.
    """
    out = Path(out)
    part = out.with_name(out.name + ".part")
    try:
        try:
            handle = open(part, "w", encoding="utf-8", newline="")
        except OSError as exc:
            # name the file the user asked for, not our temporary one
            raise type(exc)(exc.errno, exc.strerror, str(out)) from exc
        with handle:
            yield handle
        os.replace(part, out)
    except BaseException:
        with suppress(OSError):  # the folder may not exist at all; the original error is what matters
            part.unlink()
        raise

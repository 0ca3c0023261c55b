"""Hypothesis strategies that damage real files: byte-level mutations, line-level ones, and JSON-aware type changes."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import strategies as st

# Bytes that mean something to one of the formats (separators, brackets, entities, tags, BOMs, escapes).
TOKENS = [
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b" ",
    b"-",
    b"0",
    b"-1",
    b"9" * 25,
    b'"',
    b"'",
    b"\\",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b";",
    b"<",
    b">",
    b"/>",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#xD800;",
    b"&lol;",
    b"<!DOCTYPE x>",
    b"]]>",
    b"<!--",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"T1",
    b"R1",
    b"A1",
    b"#1",
    b"E1",
    b"*",
    b"O",
    b"B-",
    b"I-",
    b"S-",
    b"-DOCSTART-",
    b"\\u0000",
    b"\\ud83d",
    b"1e400",
    b"NaN",
    b"-Infinity",
    b"null",
    b"true",
    b"\xf0\x9f\x98\x80",
    b"\xe2\x80\xa8",
    b"\x85",
    b"\x0b",
    b"\x0c",
]
BAD_UTF8 = [b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\x80"]
NUMBERS = ["0", "-1", "1", "7", "99999999", "1" * 30, "3.5", "", "x", "-0", "1e3", "4294967296"]
JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from([10**30, -(10**30), 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["\ud83d", "\u2028", "\x00", "😀", "", " "]),
    st.lists(st.integers(-5, 50), max_size=4),
    st.dictionaries(st.text(max_size=4), st.integers(-5, 50), max_size=3),
)

XML_VALUES = [
    b"",
    b"0",
    b"-1",
    b"7",
    b"99999",
    b"1" * 30,
    b"x",
    b"2 3",
    b"&#0;",
    b"&#55357;",
    b"&#xD83D;&#xDE00;",
    b"&#13;&#10;",
    b"&lt;&amp;",
    b"&undefined;",
    b"_InitialView",
    b"1 2 3 999",
    b"http:///no/such.ecore",
    b"\xf0\x9f\x98\x80",
    b"a" * 300,
]
BYTE_KINDS = [
    "flip",
    "insert",
    "token",
    "delete",
    "truncate",
    "dup_line",
    "swap_lines",
    "drop_line",
    "digits",
    "nul",
    "bad_utf8",
]
JSON_KINDS = [
    "json_value",
    "json_value",
    "json_drop",
    "json_string",
    "json_string",
    "json_string",
]  # JSON-aware: 2 in 3 mutations of a JSON file
# What a string of a JSON file can hold that a text or a database may not: lone surrogates, NUL, separators, BOM.
POISON = ["\ud83d", "\udc00"] * 3 + ["\x00", "\u2028", "\x85", " ", "\r\n", "\t", "😀", "\ufeff", "\u202e", "=", "'"]


XML_KINDS = ["xml_attribute"] * 6  # an attribute value: offsets, ids, references, character references


def kinds_for(structure: str | None) -> list[str]:
    if structure in ("json", "jsonl"):
        return BYTE_KINDS + JSON_KINDS * 2
    return BYTE_KINDS + (XML_KINDS if structure == "xml" else [])


@st.composite
def mutants(draw, seed: bytes, structure: str | None) -> bytes:
    """`seed` with one to four mutations; `structure` ("json", "jsonl", "xml" or None) enables structure-aware ones."""
    data = seed
    for _ in range(draw(st.sampled_from([1, 1, 2, 2, 3, 4]))):  # mostly few: one change is more likely to get deep
        data = mutate(draw, draw(st.sampled_from(kinds_for(structure))), data, structure)
    return data


def mutate(draw, kind: str, data: bytes, structure: str | None) -> bytes:
    n = len(data)
    position = draw(st.integers(0, n))
    if kind == "flip" and n:
        index = min(position, n - 1)
        return data[:index] + bytes([data[index] ^ (1 << draw(st.integers(0, 7)))]) + data[index + 1 :]
    if kind == "insert":  # NUL has a mutation of its own: here it would make most files binary
        return data[:position] + bytes(draw(st.lists(st.integers(1, 255), min_size=1, max_size=8))) + data[position:]
    if kind == "token":
        return data[:position] + draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3)) + data[position:]
    if kind == "delete":
        return data[:position] + data[position + draw(st.integers(1, 64)) :]
    if kind == "truncate":
        return data[:position]
    if kind == "nul":
        return data[:position] + b"\x00" + data[position:]
    if kind == "bad_utf8":
        return data[:position] + draw(st.sampled_from(BAD_UTF8)) + data[position:]
    if kind == "digits":
        runs = [m.span() for m in re.finditer(rb"[0-9]+", data)]
        if runs:
            start, end = runs[draw(st.integers(0, len(runs) - 1))]
            return data[:start] + draw(st.sampled_from(NUMBERS)).encode() + data[end:]
        return data
    if kind in ("dup_line", "swap_lines", "drop_line"):
        lines = data.splitlines(keepends=True)
        if not lines:
            return data
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        if kind == "dup_line":
            lines.insert(j, lines[i])
        elif kind == "swap_lines":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            del lines[i]
        return b"".join(lines)
    if kind in ("json_value", "json_drop", "json_string"):
        return _json_mutation(draw, kind, data, structure)
    if kind == "xml_attribute":
        values = [m.span(1) for m in re.finditer(rb'="([^"]*)"', data)]
        if values:
            start, end = values[draw(st.integers(0, len(values) - 1))]
            return data[:start] + draw(st.sampled_from(XML_VALUES)) + data[end:]
        return data
    return data


def _json_mutation(draw, kind: str, data: bytes, structure: str | None) -> bytes:
    """Change the type or value of one node of the JSON (of one line, for JSON Lines), or drop it."""
    if structure == "jsonl":
        lines = data.split(b"\n")
        candidates = [i for i, line in enumerate(lines) if line.strip()]
        if not candidates:
            return data
        i = draw(st.sampled_from(candidates))
        changed = _json_mutation(draw, kind, lines[i], "json")
        return b"\n".join([*lines[:i], changed.replace(b"\n", b" "), *lines[i + 1 :]])
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return data  # an earlier mutation broke it: nothing to walk
    paths = list(_paths(document))
    strings = [p for p in paths if p and isinstance(_at(document, p), str)]
    if kind == "json_string" and strings:  # poison one string (a value, or a key's text)
        path = draw(st.sampled_from(strings))
        parent, value = _at(document, path[:-1]), _at(document, path)
        cut = draw(st.integers(0, len(value)))
        poisoned = value[:cut] + draw(st.sampled_from(POISON)) + value[cut:]
        if isinstance(parent, dict) and draw(st.booleans()):
            parent[poisoned] = parent.pop(path[-1])
        else:
            parent[path[-1]] = poisoned
        return _dump(draw, document, data)
    path = draw(st.sampled_from(paths))
    if not path:  # the root itself
        document = draw(JSON_VALUES)
    else:
        parent = _at(document, path[:-1])
        if kind == "json_drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON_VALUES)
    return _dump(draw, document, data)


def _dump(draw, document: Any, original: bytes) -> bytes:
    """JSON laid out as the original was (pretty-printed or one line); lone surrogates escaped or raw."""
    indent = 2 if b"\n " in original.strip() else None
    return json.dumps(document, ensure_ascii=draw(st.booleans()), indent=indent, allow_nan=True).encode(
        "utf-8", "surrogatepass"
    )


def _paths(node: Any, prefix: tuple = (), depth: int = 0):
    yield prefix
    if depth > 12:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key), depth + 1)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index), depth + 1)


def _at(node: Any, path: tuple) -> Any:
    for key in path:
        node = node[key]
    return node

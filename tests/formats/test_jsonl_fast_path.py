"""Native JSONL read and written through orjson: the same records and the same bytes as through json, errors unchanged."""

from __future__ import annotations

import json

import pytest

from annotator.formats import _json_values, jsonl
from annotator.formats._json_lines import _compact

TEXT = "Zelensky 👋🏽 said: «Ukraine» is\r\nready — كييف e\u0301 ok"


def line(**fields) -> str:
    record = {
        "id": "d1",
        "title": "Vilnius",
        "text": TEXT,
        "meta": {"date": "2023-06-16"},
        "status": {"olena": "done"},
        "annotations": [
            {"id": "a1", "analyst": "olena", "label": "actor", "start": 0, "end": 8, "text": "Zelensky"},
            {"id": 2, "label": "quote", "start": 20, "end": 27, "attributes": {"mode": "direct"}, "note": "n"},
        ],
        "relations": [{"id": "r1", "analyst": "olena", "type": "speaker", "from": 2, "to": "a1"}],
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


def read_both(text: str, monkeypatch) -> tuple[tuple, tuple]:
    """The record and errors of one line read with orjson first, and read by json alone."""

    def read() -> tuple:
        errors: list[str] = []
        record = jsonl._document(text, 7, errors)
        return (repr(record), errors)

    fast = read()
    monkeypatch.setattr(jsonl, "parse_fast", lambda _line: _json_values.INVALID)
    slow = read()
    return fast, slow


CASES = {
    "plain": line(),
    "no optional fields": json.dumps({"text": "Kyiv"}),
    "integer document id": line(id=42),
    "number in meta": line(meta={"n": 10**30, "x": 1.5, "none": None}),
    "long integer offset": line(annotations=[{"label": "actor", "start": 0, "end": 10**30}], relations=[]),
    "float offset": line(annotations=[{"label": "actor", "start": 0.0, "end": 3}], relations=[]),
    "duplicate annotation id": line(
        annotations=[{"id": "a", "label": "x", "start": 0, "end": 1}, {"id": "a", "label": "x", "start": 1, "end": 2}],
        relations=[],
    ),
    "relation to nothing": line(relations=[{"type": "speaker", "from": "a1", "to": "zz"}]),
    "empty label": line(annotations=[{"label": " ", "start": 0, "end": 1}], relations=[]),
    "lone surrogate escape": line(title="\\ud83d").replace("\\\\ud83d", "\\ud83d"),
    "not an object": "[1, 2]",
    "not JSON": '{"text": ',
    "NaN": '{"text": "a", "meta": {"x": NaN}}',
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_line_reads_the_same_with_or_without_orjson(name, monkeypatch):
    fast, slow = read_both(CASES[name], monkeypatch)
    assert fast == slow


def test_a_long_integer_stays_whole(monkeypatch):
    errors: list[str] = []
    record = jsonl._document(CASES["number in meta"], 1, errors)
    assert record is not None and record.meta["n"] == "1" + "0" * 30


def test_a_lone_surrogate_is_still_refused():
    errors: list[str] = []
    jsonl._document(CASES["lone surrogate escape"], 1, errors)
    assert errors and "surrogate" in errors[0]


@pytest.mark.parametrize(
    "value",
    [
        {"t": "".join(chr(c) for c in range(0x800)) + "\u2028\u2029\x7f👋🏽e\u0301", "n": [0, -1, 2**63 - 1, None]},
        {"big": 2**64, "nested": {"k": [True, False, {}]}},  # past 64 bits: json writes it
        {"half": "\ud83d"},  # half of a surrogate pair: json writes it (the file write then refuses it)
    ],
)
def test_compact_json_is_what_json_writes(value):
    assert _compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))

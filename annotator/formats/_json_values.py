"""JSON values in error messages (what kind of value, a short excerpt) and one line parsed with a plain error."""

from __future__ import annotations

import json
from typing import Any

import orjson

INVALID = object()  # what `parse_line` returns for a line that is not JSON (its error is already told)


# orjson reads a str through its UTF-8 form, which Python keeps beside a non-ASCII str while it lives:
# a line past this many characters is left to json, so that a huge line is not held twice
FAST_LIMIT = 1 << 24


def parse_fast(line: str | bytes) -> Any:
    """The JSON value of one line by orjson (several times faster than json), or INVALID if it refuses it.

    Its strings never hold half of a surrogate pair (it refuses them). It reads integers past 64 bits
    as floats, where json keeps them whole: a caller takes only values of the types it expects from
    it, and gives anything else to `parse_line`, whose errors are worded as ever. Lines past
    `FAST_LIMIT` characters (or bytes) are INVALID here: orjson builds a long string in a buffer of its own
    before making it a str, so a huge line would be held three times.
    """
    if len(line) > FAST_LIMIT:
        return INVALID
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return INVALID


def parse_line(line: str, errors: list[str]) -> Any:
    """The JSON value of one line, or INVALID with the reason appended to `errors`."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        errors.append(f"line is not valid JSON: {exc.msg} (column {exc.colno})")
    except ValueError:  # Python refuses integers of more than 4300 digits
        errors.append("line is not valid JSON: a number is too long")
    except RecursionError:
        errors.append("line is not valid JSON: nested too deeply")
    return INVALID


def kind(value: Any) -> str:
    """What a JSON value is, for "… is not a list but a string"."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def show(value: Any) -> str:
    """A JSON value as a message quotes it: its JSON text, cut at 30 characters."""
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 30 else shown[:29] + "…"

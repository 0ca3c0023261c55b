"""JSON values in error messages (what kind of value, a short excerpt) and one line parsed with a plain error."""

from __future__ import annotations

import json
from typing import Any

INVALID = object()  # what `parse_line` returns for a line that is not JSON (its error is already told)


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

"""Odd header lines: what is understood becomes metadata, nothing is guessed, and a line not understood stays text."""

from __future__ import annotations

import pytest

from annotator.formats import get
from annotator.formats.txt import parse_header


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" date 2023-06-16 Kyiv, Ukraine", {"date": "2023-06-16", "location": "Kyiv, Ukraine"}),  # no time
        (" date 2023-06-16 09:52", {"date": "2023-06-16", "time": "09:52"}),  # no location
        (" date 2023-06-16 09:52 08 June", {"date": "2023-06-16", "time": "09:52"}),  # day and month only
        (" DATE 2023-06-16 Київ 🇺🇦", {"date": "2023-06-16", "location": "Київ 🇺🇦"}),
        (" date 16.06.2023 09:52 Kyiv", None),  # another date format: not guessed
        (" date 16 June 2023 Kyiv", None),
        (" date 2023-06 Kyiv", None),
        (" date 2023-02-30 Kyiv", None),  # no such day
        (" date 2023-06-16 25:61 Kyiv", None),  # no such time
        (" date", None),
        ("", None),
    ],
)
def test_odd_header_lines(line, expected):
    assert parse_header(line) == expected


def test_a_header_line_not_understood_stays_in_the_text(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text(" date 16.06.2023 Kyiv\n\nTroops may be sent.\n", encoding="utf-8")
    (record,) = get("txt").read(path)
    assert record.meta == {}
    assert record.text == " date 16.06.2023 Kyiv\n\nTroops may be sent."


def test_a_header_with_crlf_keeps_its_location_whole(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b" date 2023-06-16 Kyiv, Ukraine\r\n\r\nTroops may be sent.\r\n")
    (record,) = get("txt").read(path)
    assert record.meta == {"date": "2023-06-16", "location": "Kyiv, Ukraine"}
    assert record.text == "Troops may be sent."

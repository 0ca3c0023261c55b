"""How user-facing errors render: one line naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, BadInput, NotFound, Problem, StoreError, UnknownFormat


def test_problem_with_line():
    assert str(Problem("data/a.jsonl", 12, "offset beyond the text")) == "data/a.jsonl:12: offset beyond the text"


def test_problem_without_line():
    assert str(Problem("data/a.csv", None, "no header row")) == "data/a.csv: no header row"


def test_problem_without_path_or_line_is_just_the_message():
    assert str(Problem("", None, "nothing to import")) == "nothing to import"


def test_line_zero_is_still_shown():
    assert str(Problem("f.txt", 0, "m")) == "f.txt:0: m"


def test_bad_input_single_problem():
    err = BadInput(Problem("a.ann", 3, "unknown label 'foo'"))
    assert str(err) == "a.ann:3: unknown label 'foo'"
    assert err.problems == [Problem("a.ann", 3, "unknown label 'foo'")]
    assert isinstance(err, AnnotatorError)


def test_bad_input_at_accepts_a_path():
    err = BadInput.at(Path("dir") / "b.conll", 7, "bad tag")
    assert str(err) == f"{Path('dir') / 'b.conll'}:7: bad tag"
    assert err.problems[0].line == 7


def test_bad_input_at_without_line():
    assert str(BadInput.at("c.json", None, "not JSON")) == "c.json: not JSON"


def test_bad_input_counts_further_problems():
    problems = [Problem("x.jsonl", n, f"problem {n}") for n in (2, 5, 9)]
    err = BadInput(problems)
    assert str(err) == "x.jsonl:2: problem 2 (and 2 more problems)"
    assert len(err.problems) == 3


def test_bad_input_one_more_problem_is_singular():
    err = BadInput([Problem("x.jsonl", 1, "a"), Problem("x.jsonl", None, "b")])
    assert str(err) == "x.jsonl:1: a (and 1 more problem)"


def test_bad_input_keeps_its_own_list():
    problems = [Problem("x", 1, "a")]
    err = BadInput(problems)
    problems.append(Problem("x", 2, "b"))
    assert len(err.problems) == 1


def test_bad_input_without_problems():
    assert str(BadInput([])) == "bad input"


def test_bad_input_is_raised_and_caught_as_annotator_error():
    with pytest.raises(AnnotatorError, match=r"^f\.txt:4: broken$"):
        raise BadInput.at("f.txt", 4, "broken")


@pytest.mark.parametrize("kind", [UnknownFormat, NotFound, StoreError])
def test_other_kinds_are_annotator_errors(kind):
    assert issubclass(kind, AnnotatorError)
    assert str(kind("message")) == "message"

"""Every bad input of the catalogue, through the real command line: one error line naming the file (and line),
exit status 1, no traceback, bounded memory, and the project exactly as it was."""

from __future__ import annotations

import hashlib
import inspect
import re
import sqlite3
from pathlib import Path

import pytest

from tests.badinput.cases import CASES, Case
from tests.badinput.runner import run
from tests.cli.helpers import Cli

PREFIX = "annotator: error: "
MAX_RSS_MB = 600
TABLES = ("documents", "annotations", "relations", "analysts")


def project_state(db: Path) -> tuple:
    """The file's bytes and its row counts (read through `immutable`, which writes nothing beside it)."""
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)
    try:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
    finally:
        conn.close()
    return digest, counts


def sidecars(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-"))


def build(builder, folder: Path, template: Path) -> Case:
    takes_template = len(inspect.signature(builder).parameters) == 2
    return builder(folder, template) if takes_template else builder(folder)


def test_the_catalogue_is_large_and_its_names_unique():
    names = [builder.__name__ for builder in CASES]
    assert len(names) >= 35
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("builder", CASES, ids=[builder.__name__ for builder in CASES])
def test_bad_input_is_refused_and_changes_nothing(builder, project, seeded_template, tmp_path):
    folder = (tmp_path / "input").resolve()
    folder.mkdir()
    case = build(builder, folder, seeded_template)
    if case.skip:
        pytest.skip(case.skip)
    target = case.db or project
    before = project_state(project)
    target_bytes = target.read_bytes()
    assert before[1]["documents"] == 1 and before[1]["annotations"] == 2
    try:
        result = run(Cli(tmp_path), "import", *case.args, "--db", target)
    finally:
        for path in case.cleanup:
            path.unlink(missing_ok=True)

    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.err_lines
    assert lines, "no error message"
    assert all(line.startswith(PREFIX) and len(line) > len(PREFIX) for line in lines), lines
    messages = [line[len(PREFIX) :] for line in lines]
    if case.file is None:
        assert any(re.search(case.message, m) for m in messages), (case.message, lines)
    else:
        where = f"{case.file}:{case.line}: " if case.line is not None else f"{case.file}: "
        named = [m[len(where) :] for m in messages if m.startswith(where)]
        assert named, f"no error line starts with {where!r}: {lines}"
        assert any(re.search(case.message, m) for m in named), (case.message, lines)
        # every problem is located in the input the user named (or the database given as --db)
        assert all(m.startswith(str(folder)) for m in messages), lines
    assert result.max_rss_mb < MAX_RSS_MB, f"peak memory {result.max_rss_mb:.0f} MB"
    if case.secret is not None:
        assert case.secret not in result.stdout + result.stderr

    assert project_state(project) == before
    assert sidecars(project) == []
    if case.db is not None:
        assert case.db.read_bytes() == target_bytes, "a database that is not a usable project must be left untouched"
        assert sidecars(case.db) == []

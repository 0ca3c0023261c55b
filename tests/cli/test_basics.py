"""`--version`, start-up imports, `documents`, the default project and importing an article twice."""

from __future__ import annotations

import sys

import pytest

import annotator
from tests.cli.helpers import HEADER, SAMPLE

SAMPLE_ID = SAMPLE.stem
SAMPLE_TITLE_START = "Some NATO member countries may consider sending troops to Ukraine"


def test_version_prints_the_package_version(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout == f"annotator {annotator.__version__}\n"
    assert annotator.__version__ == "0.1.0"


def test_the_command_line_never_imports_qt(cli, tmp_path, project_db):
    for args in (["--version"], ["documents", "--db", project_db]):
        result = cli(*args, python_flags=("-X", "importtime"))
        assert result.returncode == 0, result.stderr
        imported = [line.rsplit("|", 1)[-1].strip() for line in result.err_lines if line.startswith("import time:")]
        assert "annotator.cli" in imported  # the import log is really there
        qt = [name for name in imported if name.split(".")[0] in {"PySide6", "shiboken6"}]
        assert qt == [], f"`annotator {' '.join(map(str, args))}` imported {qt}"


def test_listing_documents_loads_neither_the_orm_nor_the_editing_services(cli, tmp_path, project_db):
    db = project_db
    cli.ok("import", SAMPLE, "--db", db)
    result = cli("documents", "--db", db, python_flags=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2  # the header and the sample article
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.err_lines if line.startswith("import time:")}
    assert "annotator.store.catalog" in imported
    heavy = sorted(imported & {"sqlalchemy.orm", "annotator.store.rows", "annotator.services.project", "alembic"})
    assert heavy == [], f"`annotator documents` imported {heavy}: each costs start-up time"


def test_import_an_article_then_again_without_duplicating_it(cli, tmp_path, project_db):
    db = project_db
    first = cli.ok("import", SAMPLE, "--db", db)
    assert first.stdout == "imported 1 file: 1 new document, 0 already present, 0 annotations added\n"
    assert first.stderr == ""
    rows = cli.documents(db)
    assert len(rows) == 1
    _id, external_id, annotations, characters, title = rows[0]
    assert external_id == SAMPLE_ID
    assert annotations == "0"
    assert int(characters) > 3000
    assert title.startswith(SAMPLE_TITLE_START)  # the first line of the body, not the date header

    again = cli.ok("import", SAMPLE, "--db", db)
    assert again.stdout == "imported 1 file: 0 new documents, 1 already present, 0 annotations added\n"
    assert cli.documents(db) == rows


def test_a_new_db_path_starts_empty(cli, tmp_path):
    db = tmp_path / "new" / "empty.sqlite"
    result = cli.ok("documents", "--db", db)
    assert result.stdout == HEADER + "\n"
    assert db.is_file()
    # the default project was not created on the way
    assert not (cli.data / "annotator" / "annotator.sqlite").exists()


@pytest.mark.skipif(
    sys.platform in ("darwin", "win32"), reason="the default project follows XDG_DATA_HOME only on Linux/BSD"
)
def test_without_db_the_default_project_is_seeded_with_the_sample_article(cli):
    default = cli.data / "annotator" / "annotator.sqlite"
    assert not default.exists()
    rows = cli.documents()
    assert default.is_file()
    assert [(r[1], r[2]) for r in rows] == [(SAMPLE_ID, "0")]
    assert rows[0][4].startswith(SAMPLE_TITLE_START)
    assert cli.documents() == rows  # seeded once, not on every start

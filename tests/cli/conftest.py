"""Fixtures of the command-line tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import Cli, Populated, jsonl_documents, write_jsonl
from tests.server_fixtures import create_database, drop_database


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def populated(request, tmp_path_factory) -> Iterator[Populated]:
    """A project holding the sample JSONL (read only: tests export from it), in a SQLite file and on the test server."""
    root = tmp_path_factory.mktemp("populated")
    cli = Cli(root)
    jsonl = write_jsonl(root / "articles.jsonl", jsonl_documents())
    server = template = None
    db: Path | str = root / "p.sqlite"
    if request.param == "postgresql":
        server, template = request.getfixturevalue("postgres_server"), request.getfixturevalue("postgres_template")
        db = create_database(server, template)
    result = cli.ok("import", jsonl, "--db", db)
    assert (
        result.stdout.strip()
        == "imported 1 file: 2 new documents, 0 already present, 3 annotations added, 1 relations added"
    )
    yield Populated(cli, db, jsonl)
    if server is not None:
        drop_database(server, str(db))

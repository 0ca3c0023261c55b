"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from tests.cli.helpers import Cli, Populated, jsonl_documents, write_jsonl


@pytest.fixture
def cli(tmp_path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture(scope="module")
def populated(tmp_path_factory) -> Populated:
    """A project holding the sample JSONL (read only: tests export from it)."""
    root = tmp_path_factory.mktemp("populated")
    cli = Cli(root)
    jsonl = write_jsonl(root / "articles.jsonl", jsonl_documents())
    db = root / "p.sqlite"
    result = cli.ok("import", jsonl, "--db", db)
    assert (
        result.stdout.strip()
        == "imported 1 file: 2 new documents, 0 already present, 3 annotations added, 1 relations added"
    )
    return Populated(cli, db, jsonl)

"""Keep every test away from the real user folders and from a real screen."""

from __future__ import annotations

import os

import pytest

# the throwaway PostgreSQL and `project_db`, the project database fixture run on SQLite and on it
from tests.server_fixtures import (  # noqa: F401
    empty_postgres_db,
    postgres_db,
    postgres_server,
    postgres_template,
    project_db,
    pytest_generate_tests,
)

# Qt must never try to open a window on the developer's display or fail on a headless CI box.
os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path, monkeypatch):
    """Settings and the default project go to folders inside the test's tmp_path."""
    config, data = tmp_path / "xdg-config", tmp_path / "xdg-data"
    config.mkdir()
    data.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return config, data

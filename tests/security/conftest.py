"""Security tests reuse the GUI fixtures: a real project file and isolated user settings."""

from tests.gui.conftest import db_path, settings  # noqa: F401

"""Per-user settings (analyst name, zoom) in a JSON file in the platform's config folder."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from annotator.core.errors import AnnotatorError
from annotator.core.safe_text import name_problem

APP = "annotator"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_database() -> Path:
    """Where the default project lives: the platform's user data folder."""
    return data_dir() / "annotator.sqlite"


class UserSettings:
    """A small JSON dictionary saved atomically on every change."""

    def __init__(self, path: Path | None = None):
        self.path = path or Path(platformdirs.user_config_dir(APP, appauthor=False)) / "settings.json"
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            self._values: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self._values = {}  # missing or damaged settings: start from defaults, never fail start-up

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self._values, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.path)  # atomic: a crash leaves the old file or the new one


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "analyst"


def resolve_analyst(explicit: str | None, settings: UserSettings) -> str:
    """The session's analyst: --analyst, else the saved setting, else the login name.

    A blank --analyst, or one holding control characters (an ESC sequence would rewrite the
    screen of whoever lists the analysts), is refused; such a saved setting is passed over.
    """
    if explicit is not None:
        problem = name_problem(explicit)
        if problem is not None:
            raise AnnotatorError(f"--analyst: {problem}")
        return explicit.strip()
    saved = settings.get("analyst")
    if isinstance(saved, str) and name_problem(saved) is None:
        return saved.strip()
    return login_name()

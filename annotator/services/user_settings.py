"""Per-user settings (analyst name, zoom) in a JSON file in the platform's config folder."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import platformdirs

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
    """The session's analyst: --analyst, else the saved setting, else the login name."""
    for candidate in (explicit, settings.get("analyst")):
        if isinstance(candidate, str) and candidate.strip():
            return candidate.strip()
    return login_name()

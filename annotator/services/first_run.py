"""Whether to greet a first start (the bundled app, no settings yet), and saving what the greeting chose."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.safe_text import name_problem
from annotator.services.user_settings import UserSettings

PROJECT = "project"  # the setting: the project the app opens when started without --db


def should_greet(
    db: str | Path | None, settings: UserSettings, *, forced: bool = False, frozen: bool | None = None
) -> bool:
    """Ask for a name and a project when asked to (--first-run), or on the first start of the bundled app:
    no --db and no settings file yet. A Python install (scripts/start.sh, pip) never asks by itself, so it
    keeps opening the default project with the sample article as it always has."""
    if forced:
        return True
    bundled = bool(getattr(sys, "frozen", False)) if frozen is None else frozen  # PyInstaller sets sys.frozen
    return bundled and db is None and not settings.path.exists()


def remembered_project(settings: UserSettings) -> str | None:
    """The project chosen at the first start (opening or creating one), which later starts open again."""
    value = settings.get(PROJECT)
    return value if isinstance(value, str) and value.strip() else None


def remember_choice(settings: UserSettings, analyst: str, project: str | Path | None) -> None:
    """Save the analyst name and the chosen project (None: the default project with the sample article)."""
    problem = name_problem(analyst)
    if problem is not None:
        raise AnnotatorError(problem)
    settings.set("analyst", analyst.strip())
    settings.set(PROJECT, str(project) if project is not None else None)

"""What Help → About and the window title say about the running app and its project (never a password)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from annotator import __version__
from annotator.services.user_settings import data_dir


@dataclass(frozen=True)
class AboutFacts:
    version: str
    python: str
    project: str  # the project file, or the server's URL with its password hidden; "" before one is open
    data_folder: Path
    backup_folder: Path | None  # None for a server project: its backups are the server's business


def is_server(location: str) -> bool:
    return "://" in location


def shown_location(location: str) -> str:
    """The project file as it is, or its server URL with the password replaced by ***."""
    if not is_server(location):
        return location
    parts = urlsplit(location)
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username or ''}:***@{host}")
    # a driver also takes ?password=… in the query
    query = [(k, "***" if k.lower() == "password" else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def project_name(location: str) -> str:
    """A short name for the window title: the file's name, or 'database on host' for a server."""
    if not is_server(location):
        return Path(location).name
    parts = urlsplit(location)
    database = parts.path.lstrip("/") or "database"
    return f"{database} on {parts.hostname}" if parts.hostname else database


def about_facts(location: str | None) -> AboutFacts:
    backup_folder = None
    if location and not is_server(location):
        from annotator.services.backups import backup_folder as folder_of  # loads the database layer: only here

        backup_folder = folder_of(Path(location))
    return AboutFacts(__version__, platform.python_version(), shown_location(location or ""), data_dir(), backup_folder)

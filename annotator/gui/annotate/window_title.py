"""The main window's title: the open article, the project's name, the app, and whether edits are refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.services.app_info import project_name

if TYPE_CHECKING:
    from annotator.services.project import Project


def window_title(project: Project, document: str | None = None) -> str:
    """ "Some article — project.sqlite — Annotator", most specific first as desktops title their windows;
    the project is named by its file or, on a server, by 'database on host' (never a password)."""
    parts = [document] if document else []
    parts += [project_name(project.location), "Annotator"]
    return " — ".join(parts) + (" (read-only)" if project.read_only else "")

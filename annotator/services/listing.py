"""The document list of a project, read without the editing machinery (the command line's quick path)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import DocumentSummary
from annotator.services.roles import reviewer_role, visible_analysts
from annotator.services.team import server_session
from annotator.services.user_settings import UserSettings, default_database, resolve_analyst
from annotator.store.engine import open_catalog


def document_listing(
    db: str | Path | None = None,
    analyst: str | None = None,
    reviewer: bool | None = None,
    settings: UserSettings | None = None,
) -> list[DocumentSummary]:
    """What `Project.open(...).document_summaries()` answers, without loading the ORM or the services
    that edit, import and review: the same checks on opening, the same blind-mode scope."""
    settings = settings or UserSettings()
    if db is None and not default_database().exists():
        # a first start: the full Project creates the default project and seeds the sample article
        from annotator.services.project import Project

        project = Project.open(None, analyst=analyst, settings=settings, reviewer=reviewer)
        try:
            return project.document_summaries()
        finally:
            project.close()
    catalog = open_catalog(default_database() if db is None else db)
    try:
        blind = bool(catalog.setting("blind_mode", False))
        who, role = resolve_analyst(analyst, settings), reviewer_role(reviewer, settings)
        if db is not None and "://" in str(db):  # a server with team roles: the login decides
            who, role = server_session(catalog, analyst, reviewer) or (who, role)
        scope = visible_analysts(role, blind, who)
        return catalog.document_summaries(analysts=scope)
    finally:
        catalog.close()

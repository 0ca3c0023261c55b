"""Who sees what: the reviewer role of a session and the annotation sets blind mode lets it see."""

from __future__ import annotations

from annotator.services.user_settings import UserSettings


def reviewer_role(reviewer: bool | None, settings: UserSettings) -> bool:
    """The role asked for on the command line, else the saved "reviewer" setting."""
    return bool(settings.get("reviewer", False)) if reviewer is None else reviewer


def visible_analysts(reviewer: bool, blind: bool, analyst: str) -> list[str] | None:
    """All annotation sets (None), or in blind mode, for an analyst, only their own."""
    return None if reviewer or not blind else [analyst]

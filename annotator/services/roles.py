"""Who sees what: the reviewer role of a session and the annotation sets blind mode lets it see."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.errors import AnnotatorError, NotFound
from annotator.services.user_settings import UserSettings


def reviewer_role(reviewer: bool | None, settings: UserSettings) -> bool:
    """The role asked for on the command line, else the saved "reviewer" setting."""
    return bool(settings.get("reviewer", False)) if reviewer is None else reviewer


def visible_analysts(reviewer: bool, blind: bool, analyst: str) -> list[str] | None:
    """All annotation sets (None), or in blind mode, for an analyst, only their own."""
    return None if reviewer or not blind else [analyst]


def scoped_analysts(visible: list[str] | None, analysts: Sequence[str] | None, analyst: str) -> list[str] | None:
    """The sets a query of `analysts` (None: all) may read, given what the session may see; asking for a hidden one is refused."""
    if visible is None:
        return None if analysts is None else list(analysts)
    if analysts is None:
        return visible
    hidden = [a for a in analysts if a not in visible]
    if hidden:
        raise AnnotatorError(f"blind mode: {analyst} cannot see the annotations of {', '.join(hidden)}")
    return list(analysts)


def require_known(known: Sequence[str], names: Sequence[str]) -> None:
    """Refuse names with no annotations this session can see (`known`), saying which analysts there are."""
    missing = [name for name in names if name not in known]
    if missing:
        raise NotFound(
            f"no annotations by {', '.join(missing)} in this project (analysts: {', '.join(known) or 'none'})"
        )


def the_one_set(sets: Sequence[str], holder: str, fallback: str) -> str:
    """The one annotation set among `sets` for something that holds one (`holder`, e.g. "the brat format holds"),
    `fallback` when there is none yet, or an error asking which."""
    if len(sets) > 1:
        raise AnnotatorError(
            f"{holder} one annotation set and this project has {len(sets)} "
            f"({', '.join(sets)}): choose one with --analyst NAME or --gold"
        )
    return sets[0] if sets else fallback

"""How a review decision reads in a table cell and its tooltip, for the span and relation difference lists, and which
one R explains."""

from __future__ import annotations

from typing import TypeVar

from annotator.core.model import Decision

Row = TypeVar("Row")

ACTION_NAMES = {
    "take_a": "took A",
    "take_b": "took B",
    "accept": "accepted",
    "edit": "edited",
    "reject": "rejected",
    "accept_all": "accepted (all)",
}


def decision_text(decision: Decision | None) -> str:
    """What was decided ("took A"), marked ✎ when it has a rationale; empty when nothing was."""
    if decision is None:
        return ""
    return ACTION_NAMES.get(decision.action, decision.action) + (" ✎" if decision.rationale else "")


def decision_tooltip(decision: Decision | None) -> str | None:
    """Who decided and why, when a rationale was given."""
    return f"{decision.reviewer}: {decision.rationale}" if decision and decision.rationale else None


def rationale_order(last: Row | None, current: Row | None, moved_on_by_itself: bool) -> list[Row]:
    """The rows whose decision R may explain, first the one to try: the one just decided while the list only moved
    on from it by itself, else the selected one (whose decision was chosen), else, undecided, the one just decided."""
    order = [last, current] if moved_on_by_itself else [current, last]
    return [row for row in order if row is not None]

"""How a review decision reads in a table cell and its tooltip, for the span and relation difference lists."""

from __future__ import annotations

from annotator.core.model import Decision

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

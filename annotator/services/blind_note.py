"""What blind mode amounts to: an agreement on a project file, access control on a team server."""

from __future__ import annotations

LOCAL_BLIND_NOTE = (
    "On a project file, blind mode is a working agreement, not access control: anyone who has the file can open it "
    "as any analyst or as the reviewer (--analyst, --reviewer) and see everyone's work. A team that needs it "
    "enforced keeps the project on a PostgreSQL server (README: Team server), where the database itself keeps each "
    "analyst's work from the others."
)
SERVER_BLIND_NOTE = (
    "On this server the database enforces blind mode: an analyst's login cannot read, count or change the other "
    "analysts' annotations, relations or statuses, whatever program it connects with."
)


def blind_mode_note(location: str) -> str:
    """What blind mode amounts to for the project at `location`: an agreement on a file, access control on a server."""
    return SERVER_BLIND_NOTE if "://" in location and not location.startswith("sqlite") else LOCAL_BLIND_NOTE

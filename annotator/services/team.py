"""A team on a server project: setting it up (annotator server …), and who a session is when it opens one."""

from __future__ import annotations

from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.core.safe_text import name_problem
from annotator.store.engine import open_engine
from annotator.store.team_roles import ANALYST, REVIEWER, Member, add_login, identity, initialise, members, name_refusal

__all__ = [
    "ANALYST",
    "REVIEWER",
    "Member",
    "add_member",
    "init_server",
    "server_session",
    "team_members",
]


def _server_only(db: str) -> None:
    if "://" not in db or db.startswith("sqlite"):
        raise AnnotatorError(
            f"{db}: team roles need a PostgreSQL project (--db postgresql+psycopg://ADMIN@HOST/DB); "
            "a project file has no logins"
        )


def init_server(db: str) -> dict[str, str]:
    """Apply the migrations to the server database `db`, then create its group roles and policies: the groups."""
    _server_only(db)
    engine = open_engine(db, initialise=True)
    try:
        return initialise(engine)
    finally:
        engine.dispose()


def add_member(db: str, name: str, role: str, password: str | None) -> bool:
    """Give the login `name` the project's `role` (analyst or reviewer): whether the login was created."""
    _server_only(db)
    problem = name_problem(name, "login name") or name_refusal(name)
    if problem is not None:
        raise AnnotatorError(f"{name}: {problem}" if name.strip() else problem)
    engine = open_engine(db)
    try:
        return add_login(engine, name, role, password)
    finally:
        engine.dispose()


def team_members(db: str) -> list[Member]:
    _server_only(db)
    engine = open_engine(db)
    try:
        return members(engine)
    finally:
        engine.dispose()


def server_session(repository, asked_analyst: str | None, asked_reviewer: bool | None) -> tuple[str, bool] | None:
    """(analyst, reviewer) of a session on a server project with team roles: the login decides both. None elsewhere.

    Naming another analyst, or asking to review without the reviewer role, is refused: the database would refuse
    the edits anyway, and the session should not pretend otherwise.
    """
    if repository.engine.dialect.name == "sqlite":
        return None
    who = identity(repository.engine)
    if not who.team:
        return None
    if asked_analyst is not None and asked_analyst.strip() != who.login:
        raise AnnotatorError(
            f"on this server you annotate as your login, {who.login}: --analyst {asked_analyst.strip()} "
            f"is someone else (connect as {asked_analyst.strip()}@… to work as them)"
        )
    if asked_reviewer and not who.reviewer:
        raise AnnotatorError(
            f"{who.login} is not a reviewer of this project: an administrator adds reviewers "
            "(annotator server add-reviewer NAME --db URL)"
        )
    return who.login, who.reviewer


def read_password_file(path: Path) -> str | None:
    """The password in `path` (its first line; an empty file: none, for a server that trusts local logins)."""
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot read the password file: {exc.strerror or exc}") from exc
    lines = content.splitlines()
    return lines[0] if lines and lines[0] else None

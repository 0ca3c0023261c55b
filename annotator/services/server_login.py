"""Opening a project on a PostgreSQL server from its parts (host, port, database, user): what the dialog needs.

The password is never stored by Annotator: libpq finds it in PGPASSFILE or ~/.pgpass, or the user types it for
this one opening. The parts without it are remembered for the next time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from annotator.core.errors import AnnotatorError
from annotator.services.project import Project
from annotator.services.user_settings import UserSettings, login_name
from annotator.store import server

SETTING = "server_login"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerLogin:
    """Where a server project is and who logs in: everything but the password."""

    host: str = "localhost"
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""

    def url(self, password: str | None = None) -> str:
        return server.server_url(self.host.strip(), self.port, self.database.strip(), self.user.strip(), password)

    def shown(self, password: str | None = None) -> str:
        """The URL as the window shows it: never with the password."""
        return server.shown_url(self.url(password))

    def missing(self) -> str | None:
        """What must still be filled in before connecting, else None."""
        for name, value in (("host", self.host), ("database", self.database), ("user", self.user)):
            if not value.strip():
                return f"the {name} is missing"
        return None


def remembered(settings: UserSettings) -> ServerLogin:
    """The parts used the last time (the login name as the user, the first time)."""
    saved = settings.get(SETTING)
    if isinstance(saved, dict):
        try:
            return ServerLogin(str(saved["host"]), int(saved["port"]), str(saved["database"]), str(saved["user"]))
        except (KeyError, TypeError, ValueError):
            pass  # a hand-edited setting: start from the defaults
    return ServerLogin(user=login_name())


def open_project(login: ServerLogin, settings: UserSettings, password: str | None = None) -> Project:
    """Open the server project as `annotator --db URL` does, and remember the parts (not the password)."""
    problem = login.missing()
    if problem is not None:
        raise AnnotatorError(problem)
    project = Project.open(login.url(password), settings=settings)
    settings.set(SETTING, asdict(login))
    return project


def asks_for_password(error: AnnotatorError) -> bool:
    """Whether the server wants a password that libpq did not find (the user may type one)."""
    return server.ASKS_FOR_PASSWORD in str(error)


def reason(error: AnnotatorError, login: ServerLogin, password: str | None = None) -> str:
    """The one line to show beside the fields: why it failed, without the URL they already show."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    prefix = f"{login.shown(password)}: "
    return message[len(prefix) :] if message.startswith(prefix) else message

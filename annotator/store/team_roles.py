"""A team on a PostgreSQL project: its group roles, their logins, grants and row-level security policies.

`annotator server init` sets these up rather than a migration: the group roles are named after the database (two
projects on one server must not share them), which a migration run the same way on SQLite and on every server does
not know, and policies naming roles need the roles first. Init can be run again (after an upgrade adds a table).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from annotator.core.errors import StoreError
from annotator.core.model import GOLD

ANALYST, REVIEWER = "analyst", "reviewer"
MAX_NAME = 63  # PostgreSQL's longest identifier, in bytes

# what each analyst's connection may see and write: the rows of its own analyst, and in blind mode nothing else
OWN = "analyst_id = (SELECT id FROM analysts WHERE name = current_user)"
# blind mode as the app stores it: a JSON value in settings (true, or the file it came from), absent when off
BLIND = "COALESCE((SELECT value FROM settings WHERE key = 'blind_mode'), 'false') NOT IN ('false', '0', 'null', '\"\"')"
ANALYST_TABLES = ("annotations", "relations", "document_status")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a server connection is: its login, and whether the project's team roles decide what it may do."""

    login: str
    team: bool  # server init has run: the login is the analyst, and row-level security applies
    reviewer: bool  # a member of the reviewer group, or the tables' owner (the administrator)


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    role: str  # analyst, reviewer, or "no login" (an analyst whose work was imported)
    annotations: int
    in_progress: int
    done: int


@contextmanager
def _one_line(engine: Engine) -> Iterator[None]:
    """The server's refusal (no privilege to create roles, …) as one line naming the database."""
    try:
        yield
    except DBAPIError as exc:
        message = str(exc.orig or exc).strip().splitlines()
        raise StoreError(f"{engine.url.database}: the server refused: {message[0] if message else exc}") from exc


def group_names(database: str) -> dict[str, str]:
    """The project's group roles, prefixed with its database's name."""
    names = {ANALYST: f"{database}_{ANALYST}", REVIEWER: f"{database}_{REVIEWER}"}
    for name in names.values():
        if len(name.encode()) > MAX_NAME:
            raise StoreError(f"{database}: the database name is too long for its roles ({name}): at most 54 bytes")
    return names


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _database(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_database()")).scalar_one())


def _require_server(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise StoreError("team roles live on a PostgreSQL server (--db postgresql+psycopg://ADMIN@HOST/DB)")


def _require_admin(conn: Connection, database: str, owner: bool) -> None:
    """Refuse a login that cannot create roles (or, for init, does not own the project's tables)."""
    row = conn.execute(
        text(
            "SELECT current_user, r.rolsuper OR r.rolcreaterole, "
            "pg_has_role(current_user, c.relowner, 'MEMBER') "
            "FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'public.documents'::regclass"
        )
    ).one()
    login, creates_roles, owns = row
    if not creates_roles or (owner and not owns):
        raise StoreError(
            f"{login} is not an administrator of {database}: this needs the login that set the database up "
            "(one that may create roles, such as postgres)"
        )


def identity(engine: Engine) -> Identity:
    """Who the engine's connections are, and what the project's team roles let them do."""
    with engine.connect() as conn:
        database = _database(conn)
        groups = group_names(database)
        login, team, reviewer = conn.execute(
            text(
                "SELECT current_user, c.relrowsecurity, "
                "COALESCE(pg_has_role(current_user, to_regrole(:reviewer), 'MEMBER'), false) "
                "OR pg_has_role(current_user, c.relowner, 'MEMBER') "
                "FROM pg_class c WHERE c.oid = 'public.annotations'::regclass"
            ),
            {"reviewer": quoted(groups[REVIEWER])},
        ).one()
    return Identity(str(login), bool(team), bool(reviewer))


def initialise(engine: Engine) -> dict[str, str]:
    """Create the group roles, grant them the tables and turn row-level security on: the group names."""
    _require_server(engine)
    with _one_line(engine), engine.begin() as conn:
        database = _database(conn)
        _require_admin(conn, database, owner=True)
        groups = group_names(database)
        for group in groups.values():
            if conn.execute(text("SELECT to_regrole(:g) IS NULL"), {"g": group}).scalar_one():
                conn.exec_driver_sql(f"CREATE ROLE {quoted(group)} NOLOGIN")
        analyst, reviewer = quoted(groups[ANALYST]), quoted(groups[REVIEWER])
        for statement in _grants(quoted(database), analyst, reviewer):
            conn.exec_driver_sql(statement)
        for table, rules in _policies(analyst).items():
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            existing = text("SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = :t")
            for (policy,) in conn.execute(existing, {"t": table}).all():  # init again: the policies anew
                conn.exec_driver_sql(f"DROP POLICY {quoted(policy)} ON {table}")
            rules = [*rules, f"FOR ALL TO {reviewer} USING (true) WITH CHECK (true)"]
            for n, rule in enumerate(rules):
                conn.exec_driver_sql(f"CREATE POLICY team_{n} ON {table} {rule}")
    return groups


def _grants(database: str, analyst: str, reviewer: str) -> list[str]:
    both = f"{analyst}, {reviewer}"
    return [
        f"GRANT CONNECT ON DATABASE {database} TO {both}",
        f"GRANT USAGE ON SCHEMA public TO {both}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {both}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {both}",
        # reviewers add documents, adjudicate, decide and set blind mode; nobody but the administrator alters the schema
        f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {reviewer}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {reviewer}",
        # analysts write their own annotations, relations and statuses, and settings other than blind mode
        f"GRANT INSERT, UPDATE, DELETE ON annotations, relations, document_status, settings TO {analyst}",
        f"GRANT INSERT ON analysts TO {analyst}",
    ]


def _policies(analyst: str) -> dict[str, list[str]]:
    """The analysts' policies of each table, as CREATE POLICY takes them after the table's name."""
    policies: dict[str, list[str]] = {
        table: [
            f"FOR SELECT TO {analyst} USING ({OWN} OR NOT ({BLIND}))",
            f"FOR INSERT TO {analyst} WITH CHECK ({OWN})",
            f"FOR UPDATE TO {analyst} USING ({OWN}) WITH CHECK ({OWN})",
            f"FOR DELETE TO {analyst} USING ({OWN})",
        ]
        for table in ANALYST_TABLES
    }
    # the decision log shows every analyst's spans; analysts never write it (no grant)
    policies["decisions"] = [f"FOR SELECT TO {analyst} USING (NOT ({BLIND}))"]
    # an analyst's row is made on their first edit, under their login only; the gold set's by a reviewer
    policies["analysts"] = [
        f"FOR SELECT TO {analyst} USING (true)",
        f"FOR INSERT TO {analyst} WITH CHECK (name = current_user)",
    ]
    not_blind_key = "key <> 'blind_mode'"
    policies["settings"] = [
        f"FOR SELECT TO {analyst} USING (true)",
        f"FOR INSERT TO {analyst} WITH CHECK ({not_blind_key})",
        f"FOR UPDATE TO {analyst} USING ({not_blind_key}) WITH CHECK ({not_blind_key})",
        f"FOR DELETE TO {analyst} USING ({not_blind_key})",
    ]
    return policies


def name_refusal(name: str) -> str | None:
    """Why `name` cannot be a login of the project, else None."""
    if name == GOLD:
        return f"{GOLD} is the adjudicated set's name, not a person's"
    if name.startswith("pg_"):
        return "names starting with pg_ are PostgreSQL's own"
    if len(name.encode()) > MAX_NAME:
        return f"a login name is at most {MAX_NAME} bytes"
    return None


def add_login(engine: Engine, name: str, role: str, password: str | None) -> bool:
    """Give `name` the project's `role` (creating the login, with `password` if given): whether the login is new."""
    _require_server(engine)
    with _one_line(engine), engine.begin() as conn:
        database = _database(conn)
        _require_admin(conn, database, owner=False)
        if not identity_team(conn):
            raise StoreError(f"{database}: no team roles yet: run annotator server init --db URL first")
        groups = group_names(database)
        exists = conn.execute(text("SELECT to_regrole(:n) IS NOT NULL"), {"n": quoted(name)}).scalar_one()
        if exists:
            for held, group in groups.items():
                member = conn.execute(
                    text("SELECT pg_has_role(:n, :g, 'MEMBER')"), {"n": name, "g": group}
                ).scalar_one()
                if member:
                    raise StoreError(f"{name} is already {'an' if held == ANALYST else 'a'} {held} of {database}")
            conn.exec_driver_sql(f"GRANT {quoted(groups[role])} TO {quoted(name)}")
            return False
        clause = ""
        if password:
            # the server gets the SCRAM verifier, never the password: it would show in its logs and statistics
            driver = conn.connection.driver_connection
            assert driver is not None, "a connection in use has its driver's connection"
            verifier = driver.pgconn.encrypt_password(password.encode(), name.encode()).decode()
            clause = f" PASSWORD '{verifier}'"
        conn.exec_driver_sql(f"CREATE ROLE {quoted(name)} LOGIN{clause} IN ROLE {quoted(groups[role])}")
    return True


def identity_team(conn: Connection) -> bool:
    return bool(
        conn.execute(text("SELECT relrowsecurity FROM pg_class WHERE oid = 'public.annotations'::regclass")).scalar()
    )


def members(engine: Engine) -> list[Member]:
    """The project's logins and the analysts it holds work of, with their annotation and status counts."""
    _require_server(engine)
    with _one_line(engine), engine.connect() as conn:
        groups = group_names(_database(conn))
        logins = {
            str(name): ANALYST if group == groups[ANALYST] else REVIEWER
            for name, group in conn.execute(
                text(
                    "SELECT m.rolname, g.rolname FROM pg_auth_members am "
                    "JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid "
                    "WHERE g.rolname IN (:a, :r)"
                ),
                {"a": groups[ANALYST], "r": groups[REVIEWER]},
            )
        }
        counts = {
            str(name): (int(annotations), int(in_progress), int(done))
            for name, annotations, in_progress, done in conn.execute(
                text(
                    "SELECT a.name, "
                    "(SELECT count(*) FROM annotations n WHERE n.analyst_id = a.id), "
                    "(SELECT count(*) FROM document_status s WHERE s.analyst_id = a.id AND s.status = 'in_progress'), "
                    "(SELECT count(*) FROM document_status s WHERE s.analyst_id = a.id AND s.status = 'done') "
                    "FROM analysts a"
                )
            )
        }
    names = sorted(set(logins) | set(counts), key=lambda n: (n not in logins, logins.get(n, ""), n))
    return [Member(n, logins.get(n, "no login"), *counts.get(n, (0, 0, 0))) for n in names]

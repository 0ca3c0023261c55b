"""A team project on the test server: set up by `server init`, two analysts and a reviewer, one document of work each."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy.engine import make_url

from annotator.services.records import text_sha256
from annotator.services.team import add_member, init_server
from tests.server_fixtures import admin, create_database, drop_database, libpq

TEXT = "Kyiv \U0001f600 asks NATO for guarantees."


@dataclass(frozen=True)
class Team:
    server: str
    db: str  # the administrator's URL
    alice: str
    bob: str
    rita: str  # the reviewer

    def url(self, login: str) -> str:
        return make_url(self.db).set(username=login).render_as_string(hide_password=False)

    def connect(self, login: str) -> psycopg.Connection:
        """A plain psycopg connection as `login` (not through Annotator), committing each statement."""
        return psycopg.connect(libpq(self.url(login)), autocommit=True)

    def rows(self, sql: str) -> list[tuple]:
        """What the administrator (the tables' owner, whom no policy limits) reads."""
        with psycopg.connect(libpq(self.db)) as conn:
            return [tuple(row) for row in conn.execute(sql.encode())]

    def set_blind(self, on: bool) -> None:
        with psycopg.connect(libpq(self.db), autocommit=True) as conn:
            conn.execute("UPDATE settings SET value = %s WHERE key = 'blind_mode'", ["true" if on else "false"])


@pytest.fixture
def team(postgres_server: str) -> Iterator[Team]:
    """A database set up by `server init` with analysts alice_… and bob_… and reviewer rita_… (logins unique to the
    test: roles belong to the whole server), each analyst holding two annotations, a relation and a status, the
    gold set one annotation and the decision that made it; blind mode on."""
    db = create_database(postgres_server)
    suffix = uuid.uuid4().hex[:6]
    found = Team(postgres_server, db, f"alice_{suffix}", f"bob_{suffix}", f"rita_{suffix}")
    database = str(make_url(db).database)
    try:
        init_server(db)
        add_member(db, found.alice, "analyst", None)
        add_member(db, found.bob, "analyst", None)
        add_member(db, found.rita, "reviewer", None)
        _seed(found)
        yield found
    finally:
        drop_database(postgres_server, db)
        for role in (found.alice, found.bob, found.rita, f"{database}_analyst", f"{database}_reviewer"):
            admin(postgres_server, f'DROP ROLE IF EXISTS "{role}"')


def _seed(team: Team) -> None:
    with psycopg.connect(libpq(team.db), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO documents (external_id, title, text, sha256, length, meta, imported_at) "
            "VALUES ('d1', 'guarantees', %s, %s, %s, '{}', now())",  # id 1: the first of the sequence
            [TEXT, text_sha256(TEXT), len(TEXT)],
        )
        for who in (team.alice, team.bob, "gold"):
            (analyst,) = conn.execute("INSERT INTO analysts (name) VALUES (%s) RETURNING id", [who]).fetchone()
            spans = [("actor", 0, 4), ("quote", 7, 11)] if who != "gold" else [("actor", 0, 4)]
            ids = []
            for label, start, end in spans:
                (annotation,) = conn.execute(
                    "INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, "
                    "note, created_at, updated_at) VALUES (1, %s, %s, %s, %s, '{}', '', now(), now()) RETURNING id",
                    [analyst, label, start, end],
                ).fetchone()
                ids.append(annotation)
            if who == "gold":
                conn.execute(
                    "INSERT INTO decisions (document_id, reviewer, decided_at, action, sources, gold_annotation_id, "
                    "label, start_offset, end_offset, rationale) VALUES (1, %s, now(), 'accept', '[]', %s, 'actor', "
                    "0, 4, 'both agree')",
                    [team.rita, ids[0]],
                )
                continue
            conn.execute(
                "INSERT INTO relations (document_id, analyst_id, type, source_id, target_id) "
                "VALUES (1, %s, 'speaker', %s, %s)",
                [analyst, ids[1], ids[0]],
            )
            conn.execute(
                "INSERT INTO document_status (document_id, analyst_id, status, updated_at) "
                "VALUES (1, %s, 'in_progress', now())",
                [analyst],
            )
        conn.execute("INSERT INTO settings (key, value) VALUES ('blind_mode', 'true')")

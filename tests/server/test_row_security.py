"""Row-level security on a team project, proved by connecting as each role with plain psycopg (not through Annotator)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from tests.server.conftest import Team

WORK_TABLES = ("annotations", "relations", "document_status")


def owners(conn: psycopg.Connection, table: str) -> list[str]:
    """The analysts whose rows of `table` this connection can read."""
    sql = f"SELECT a.name FROM {table} t JOIN analysts a ON a.id = t.analyst_id ORDER BY a.name"
    return [name for (name,) in conn.execute(sql.encode())]


def count(conn: psycopg.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()[0]


@pytest.mark.parametrize("table", WORK_TABLES)
def test_in_blind_mode_an_analyst_reads_and_counts_only_their_own_rows(team: Team, table: str):
    with team.connect(team.alice) as alice:
        assert set(owners(alice, table)) == {team.alice}
        assert count(alice, table) == (2 if table == "annotations" else 1)
    team.set_blind(False)  # the policy follows the stored setting: the same login now sees the others' work
    with team.connect(team.alice) as alice:
        assert team.bob in owners(alice, table)


@pytest.mark.parametrize("blind", [True, False])
def test_an_analyst_can_neither_change_nor_delete_anothers_rows(team: Team, blind: bool):
    team.set_blind(blind)
    before = team.rows("SELECT id, label, start_offset FROM annotations ORDER BY id")
    others = f"analyst_id <> (SELECT id FROM analysts WHERE name = '{team.alice}')"
    with team.connect(team.alice) as alice:
        for table in WORK_TABLES:
            changed = alice.execute(f"UPDATE {table} SET analyst_id = analyst_id WHERE {others}".encode())
            assert changed.rowcount == 0, table
        assert alice.execute(f"UPDATE annotations SET label = 'forged' WHERE {others}".encode()).rowcount == 0
        for table in ("relations", "document_status", "annotations"):
            assert alice.execute(f"DELETE FROM {table} WHERE {others}".encode()).rowcount == 0, table
        # their own rows they may change
        assert alice.execute(f"UPDATE annotations SET note = 'mine' WHERE NOT ({others})".encode()).rowcount == 2
    assert team.rows("SELECT id, label, start_offset FROM annotations ORDER BY id") == before
    assert team.rows(f"SELECT count(*) FROM relations WHERE {others}") == [(1,)]  # bob's
    assert team.rows(f"SELECT count(*) FROM document_status WHERE {others}") == [(1,)]


def test_an_analyst_cannot_annotate_as_somebody_else(team: Team):
    bob = team.rows(f"SELECT id FROM analysts WHERE name = '{team.bob}'")[0][0]
    with team.connect(team.alice) as alice:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                "INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, "
                "note, created_at, updated_at) VALUES (1, %s, 'actor', 0, 4, '{}', '', now(), now())",
                [bob],
            )
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                "INSERT INTO document_status (document_id, analyst_id, status, updated_at) "
                "VALUES (1, %s, 'done', now())",
                [bob],
            )
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute("INSERT INTO analysts (name) VALUES ('mallory')")
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):  # handing one's span over
            alice.execute("UPDATE annotations SET analyst_id = %s", [bob])
    assert team.rows("SELECT count(*) FROM annotations") == [(5,)]


def test_the_gold_set_and_decisions_are_read_only_to_analysts(team: Team):
    gold = "analyst_id = (SELECT id FROM analysts WHERE name = 'gold')"
    with team.connect(team.alice) as alice:
        assert count(alice, "decisions") == 0  # blind mode: the log shows everyone's spans
    team.set_blind(False)
    with team.connect(team.alice) as alice:
        assert owners(alice, "annotations").count("gold") == 1 and count(alice, "decisions") == 1
        assert alice.execute(f"UPDATE annotations SET label = 'quote' WHERE {gold}".encode()).rowcount == 0
        assert alice.execute(f"DELETE FROM annotations WHERE {gold}".encode()).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            alice.execute(
                b"INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, "
                b"note, created_at, updated_at) SELECT 1, id, 'actor', 5, 6, '{}', '', now(), now() "
                b"FROM analysts WHERE name = 'gold'"
            )
        for sql in ("UPDATE decisions SET rationale = 'mine'", "DELETE FROM decisions"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                alice.execute(sql.encode())
    assert team.rows(f"SELECT label FROM annotations WHERE {gold}") == [("actor",)]
    assert team.rows("SELECT rationale FROM decisions") == [("both agree",)]


def test_only_reviewers_change_blind_mode(team: Team):
    with team.connect(team.alice) as alice:
        assert alice.execute("UPDATE settings SET value = 'false' WHERE key = 'blind_mode'").rowcount == 0
        assert alice.execute("DELETE FROM settings WHERE key = 'blind_mode'").rowcount == 0
    assert team.rows("SELECT value FROM settings WHERE key = 'blind_mode'") == [("true",)]
    with team.connect(team.rita) as rita:
        assert rita.execute("UPDATE settings SET value = 'false' WHERE key = 'blind_mode'").rowcount == 1
    with team.connect(team.alice) as alice:
        assert team.bob in owners(alice, "annotations")


def test_analysts_cannot_add_documents_and_reviewers_can(team: Team):
    insert = (
        "INSERT INTO documents (external_id, title, text, sha256, length, meta, imported_at) "
        "VALUES (%s, 't', 'new text', 'y', 8, '{}', now())"
    )
    with team.connect(team.alice) as alice:
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute(insert, ["by-alice"])
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            alice.execute("DELETE FROM documents")
    with team.connect(team.rita) as rita:
        rita.execute(insert, ["by-rita"])
    assert team.rows("SELECT external_id FROM documents ORDER BY id") == [("d1",), ("by-rita",)]


def test_a_reviewer_sees_and_adjudicates_everything(team: Team):
    with team.connect(team.rita) as rita:
        assert set(owners(rita, "annotations")) == {team.alice, team.bob, "gold"}
        assert count(rita, "relations") == 2 and count(rita, "document_status") == 2 and count(rita, "decisions") == 1
        gold = rita.execute("SELECT id FROM analysts WHERE name = 'gold'").fetchone()[0]
        rita.execute(
            "INSERT INTO annotations (document_id, analyst_id, label, start_offset, end_offset, attributes, note, "
            "created_at, updated_at) VALUES (1, %s, 'quote', 7, 11, '{}', '', now(), now())",
            [gold],
        )
        rita.execute(
            "INSERT INTO decisions (document_id, reviewer, decided_at, action, sources, label, rationale) "
            "VALUES (1, current_user, now(), 'accept', '[]', 'quote', '')"
        )
    assert team.rows("SELECT count(*) FROM annotations WHERE label = 'quote'") == [(3,)]
    assert team.rows("SELECT count(*) FROM decisions") == [(2,)]


def test_an_analysts_import_by_copy_is_refused_so_the_app_inserts_instead(team: Team):
    """PostgreSQL refuses COPY FROM where a policy applies: the app's bulk import must not take that path."""
    with team.connect(team.alice) as alice, pytest.raises(errors.FeatureNotSupported, match="row-level security"):
        with alice.cursor() as cursor, cursor.copy("COPY document_status FROM STDIN") as copy:
            copy.write_row((1, 1, "done", "2026-01-01"))

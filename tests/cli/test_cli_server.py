"""The command line on a PostgreSQL project: each way of failing to reach or use the server is one line."""

from __future__ import annotations

import socket
import uuid

import pytest
from sqlalchemy.engine import make_url

from tests.cli.helpers import SAMPLE
from tests.server_fixtures import admin, sql_rows


def one_error(result) -> str:
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.err_lines) == 1, result.stderr
    return result.stderr


@pytest.fixture
def password_role(postgres_server, postgres_db):
    """A login that must give its password ('right'), allowed to read postgres_db (the server trusts other logins)."""
    name = f"pw_{uuid.uuid4().hex[:8]}"
    admin(postgres_server, f"CREATE ROLE {name} LOGIN PASSWORD 'right' IN ROLE password_login")
    admin(postgres_db, f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {name}")
    yield name
    admin(postgres_db, f"DROP OWNED BY {name}")
    admin(postgres_server, f"DROP ROLE {name}")


def as_user(url: str, user: str, password: str | None = None) -> str:
    return make_url(url).set(username=user, password=password).render_as_string(hide_password=False)


def test_import_documents_export_on_the_server(cli, postgres_db, tmp_path):
    assert cli.ok("import", SAMPLE, "--db", postgres_db).stdout.startswith("imported 1 file: 1 new document")
    assert [row[1] for row in cli.documents(postgres_db)] == [SAMPLE.stem]
    out = tmp_path / "out.jsonl"
    cli.ok("export", "--format", "jsonl", "--out", out, "--db", postgres_db)
    assert SAMPLE.stem in out.read_text(encoding="utf-8")
    assert sql_rows(postgres_db, "SELECT external_id FROM documents") == [(SAMPLE.stem,)]  # really on the server


def test_a_plain_postgresql_url_goes_through_psycopg(cli, postgres_db):
    plain = make_url(postgres_db).set(drivername="postgresql").render_as_string(hide_password=False)
    assert plain.startswith("postgresql://")
    assert cli.ok("import", SAMPLE, "--db", plain).stdout.startswith("imported 1 file: 1 new document")
    assert [row[1] for row in cli.documents(postgres_db)] == [SAMPLE.stem]


def test_wrong_password(cli, postgres_db, password_role):
    line = one_error(cli("documents", "--db", as_user(postgres_db, password_role, "wrong")))
    assert "wrong password for " + password_role in line
    assert "wrong" not in line.replace("wrong password", "")  # the password itself is never shown


def test_no_password_anywhere_says_where_libpq_looks(cli, postgres_db, password_role, tmp_path):
    cli.env["PGPASSFILE"] = str(tmp_path / "no-such-pgpass")
    line = one_error(cli("documents", "--db", as_user(postgres_db, password_role)))
    assert f"asks {password_role} for a password: put it in ~/.pgpass" in line


def test_the_password_comes_from_the_pgpass_file(cli, postgres_db, password_role, tmp_path):
    url = make_url(postgres_db)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{url.host}:{url.port}:*:{password_role}:right\n", encoding="utf-8")
    pgpass.chmod(0o600)
    cli.env["PGPASSFILE"] = str(pgpass)
    assert cli("documents", "--db", as_user(postgres_db, password_role)).returncode == 0


def test_unknown_host(cli):
    line = one_error(cli("documents", "--db", "postgresql+psycopg://someone@no-such-host.invalid/team"))
    assert line == (
        "annotator: error: postgresql+psycopg://someone@no-such-host.invalid/team: "
        "unknown host no-such-host.invalid: no such server name\n"
    )


def test_server_down(cli):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    line = one_error(cli("documents", "--db", f"postgresql+psycopg://someone@127.0.0.1:{port}/team"))
    assert line.endswith(f"no database server answers at 127.0.0.1:{port} (is it running?)\n")


def test_a_login_without_access_to_the_project(cli, postgres_db, postgres_server):
    name = f"nobody_{uuid.uuid4().hex[:8]}"
    admin(postgres_server, f"CREATE ROLE {name} LOGIN")
    try:
        line = one_error(cli("documents", "--db", as_user(postgres_db, name)))
        assert f"{name} may not use this project (permission denied for table alembic_version)" in line
    finally:
        admin(postgres_server, f"DROP ROLE {name}")


def test_no_such_database(cli, postgres_server):
    url = make_url(postgres_server).set(database="no_such_project").render_as_string(hide_password=False)
    assert "there is no database no_such_project on " in one_error(cli("documents", "--db", url))


def test_a_database_never_set_up_is_refused_and_left_empty(cli, empty_postgres_db):
    for args in (["documents"], ["import", SAMPLE]):
        line = one_error(cli(*args, "--db", empty_postgres_db))
        assert "never set up as an Annotator project" in line
    assert sql_rows(empty_postgres_db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_a_database_of_a_newer_version_is_refused(cli, postgres_db):
    admin(postgres_db, "UPDATE alembic_version SET version_num = '9999'")
    line = one_error(cli("documents", "--db", postgres_db))
    assert "made by a newer version of Annotator (schema 9999)" in line


def test_backups_are_for_project_files(cli, postgres_db):
    line = one_error(cli("backup", "--db", postgres_db))
    assert "backups are made of project files" in line

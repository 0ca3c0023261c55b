"""`annotator server …` and a team project through the command line, each login in its own process."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.cli.helpers import Cli
from tests.server.conftest import TEXT, Team
from tests.server_fixtures import admin, create_database, drop_database, libpq


def one_error(result) -> str:
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.err_lines) == 1, result.stderr
    return result.stderr.strip()


def as_login(url: str, login: str) -> str:
    return make_url(url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_init_add_analysts_and_a_reviewer_then_list_them(cli: Cli, postgres_server: str, tmp_path: Path):
    db = create_database(postgres_server)
    database = make_url(db).database
    tag = uuid.uuid4().hex[:6]
    ana, ben, rev = f"ana_{tag}", f"ben_{tag}", f"rev_{tag}"
    try:
        assert cli.ok("server", "init", "--db", db).stdout.splitlines()[0] == (
            f"set up: analysts join {database}_analyst, reviewers join {database}_reviewer"
        )
        assert cli.ok("server", "init", "--db", db).returncode == 0  # again (after an upgrade): the same result
        empty = tmp_path / "empty"
        empty.write_text("")
        secret = tmp_path / "secret"
        secret.write_text("s3cret pass\n")
        assert (
            cli.ok("server", "add-analyst", ana, "--db", db, "--no-password").stdout == f"{ana} created as an analyst\n"
        )
        cli.ok("server", "add-analyst", ben, "--db", db, "--password-file", secret)
        cli.ok("server", "add-reviewer", rev, "--db", db, "--password-file", empty)

        assert one_error(cli("server", "add-analyst", ana, "--db", db, "--no-password")) == (
            f"annotator: error: {ana} is already an analyst of {database}"
        )
        assert one_error(cli("server", "add-analyst", rev, "--db", db, "--no-password")) == (
            f"annotator: error: {rev} is already a reviewer of {database}"
        )
        assert one_error(cli("server", "add-analyst", "gold", "--db", db, "--no-password")) == (
            "annotator: error: gold: gold is the adjudicated set's name, not a person's"
        )
        assert one_error(cli("server", "add-analyst", "x", "--db", as_login(db, ana), "--no-password")) == (
            f"annotator: error: {ana} is not an administrator of {database}: this needs the login that set the "
            "database up (one that may create roles, such as postgres)"
        )
        assert "is not an administrator" in one_error(cli("server", "init", "--db", as_login(db, rev)))
        assert one_error(cli("server", "list", "--db", tmp_path / "p.sqlite")).startswith(
            "annotator: error: " + str(tmp_path / "p.sqlite") + ": team roles need a PostgreSQL project"
        )

        # the password file's password is the login's (the test server asks members of password_login for one)
        admin(postgres_server, f'GRANT password_login TO "{ben}"')
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(libpq(as_login(db, ben)), password="wrong").close()
        psycopg.connect(libpq(as_login(db, ben)), password="s3cret pass").close()

        assert cli.ok("server", "list", "--db", db).stdout.splitlines() == [
            "name\trole\tannotations\tin progress\tdone",
            f"{ana}\tanalyst\t0\t0\t0",
            f"{ben}\tanalyst\t0\t0\t0",
            f"{rev}\treviewer\t0\t0\t0",
        ]
    finally:
        drop_database(postgres_server, db)
        for role in (ana, ben, rev, f"{database}_analyst", f"{database}_reviewer"):
            admin(postgres_server, f'DROP ROLE IF EXISTS "{role}"')


def test_list_shows_each_analysts_status_counts(cli: Cli, team: Team):
    rows = cli.ok("server", "list", "--db", team.db).stdout.splitlines()
    assert rows[1:] == [
        f"{team.alice}\tanalyst\t2\t1\t0",
        f"{team.bob}\tanalyst\t2\t1\t0",
        f"{team.rita}\treviewer\t0\t0\t0",
        "gold\tno login\t1\t0\t0",
    ]


def record(who: str, start: int = 0, end: int = 4, doc: str = "d1", text: str = TEXT) -> str:
    return json.dumps(
        {"id": doc, "text": text, "annotations": [{"start": start, "end": end, "label": "actor", "analyst": who}]}
    )


def test_an_analysts_import_naming_another_analyst_is_refused_with_file_and_line(cli: Cli, team: Team, tmp_path):
    before = team.rows("SELECT count(*) FROM annotations")
    mixed = tmp_path / "offline.jsonl"
    mixed.write_text(record(team.alice, 12, 16) + "\n" + record(team.bob, 12, 16) + "\n", encoding="utf-8")
    assert one_error(cli("import", mixed, "--db", team.url(team.alice))) == (
        f"annotator: error: {mixed}:2: this record names {team.bob}: as {team.alice} you may import only "
        "your own annotations"
    )
    assert team.rows("SELECT count(*) FROM annotations") == before  # nothing, not even alice's line

    new = tmp_path / "new.jsonl"
    new.write_text(record(team.alice, doc="d2", text="Another article.") + "\n", encoding="utf-8")
    assert one_error(cli("import", new, "--db", team.url(team.alice))) == (
        f"annotator: error: {new}:1: document 'd2' is not in the project; only reviewers add documents"
    )

    own = tmp_path / "own.jsonl"
    own.write_text(record(team.alice, 12, 16) + "\n", encoding="utf-8")  # emoji before: code points, not bytes
    assert "1 annotation added" in cli.ok("import", own, "--db", team.url(team.alice)).stdout
    assert team.rows(
        f"SELECT n.start_offset, n.end_offset FROM annotations n JOIN analysts a ON a.id = n.analyst_id "
        f"WHERE a.name = '{team.alice}' ORDER BY n.id"
    )[-1] == (12, 16)
    assert TEXT[12:16] == "NATO"

    # a reviewer brings in a colleague's work and new documents
    cli.ok("import", new, "--db", team.url(team.rita))
    assert team.rows("SELECT count(*) FROM documents") == [(2,)]


def test_a_reviewer_sees_both_analysts_and_an_analyst_only_themself(cli: Cli, team: Team, tmp_path):
    def exported(login: str) -> set[str]:
        out = tmp_path / f"{login}.jsonl"
        cli.ok("export", "--format", "jsonl", "--out", out, "--db", team.url(login))
        return {a["analyst"] for line in out.read_text().splitlines() for a in json.loads(line)["annotations"]}

    assert exported(team.rita) == {team.alice, team.bob, "gold"}
    assert exported(team.alice) == {team.alice}
    assert exported(team.bob) == {team.bob}


def test_on_the_server_the_login_is_the_analyst(cli: Cli, team: Team):
    alice = team.url(team.alice)
    assert one_error(cli("documents", "--db", alice, "--analyst", team.bob)) == (
        f"annotator: error: on this server you annotate as your login, {team.alice}: --analyst {team.bob} is "
        f"someone else (connect as {team.bob}@… to work as them)"
    )
    assert one_error(cli("export", "--out", "x.jsonl", "--db", alice, "--analyst", team.bob)).startswith(
        "annotator: error: on this server you annotate as your login"
    )
    assert one_error(cli("documents", "--db", alice, "--reviewer")) == (
        f"annotator: error: {team.alice} is not a reviewer of this project: an administrator adds reviewers "
        "(annotator server add-reviewer NAME --db URL)"
    )
    assert one_error(cli("blind", "off", "--db", alice)).startswith("annotator: error: only a reviewer")
    cli.ok("documents", "--db", alice, "--analyst", team.alice)  # naming oneself is fine
    assert cli.ok("blind", "off", "--db", team.url(team.rita)).stdout == "blind mode is off\n"
    assert team.rows("SELECT value FROM settings WHERE key = 'blind_mode'") == [("false",)]


def test_the_readme_way_an_owner_with_createrole_not_a_superuser_sets_up_the_team(cli: Cli, postgres_server: str):
    """README: `createuser --createrole admin`, `createdb --owner admin news`, then init and add-analyst as admin."""
    tag = uuid.uuid4().hex[:6]
    boss, name, olena = f"boss_{tag}", f"news_{tag}", f"olena_{tag}"
    admin(postgres_server, f'CREATE ROLE "{boss}" LOGIN CREATEROLE')
    admin(postgres_server, f'CREATE DATABASE "{name}" OWNER "{boss}"')
    db = as_login(make_url(postgres_server).set(database=name).render_as_string(hide_password=False), boss)
    try:
        cli.ok("server", "init", "--db", db)
        cli.ok("server", "add-analyst", olena, "--db", db, "--no-password")
        assert cli.ok("server", "list", "--db", db).stdout.splitlines()[1:] == [f"{olena}\tanalyst\t0\t0\t0"]
        assert cli.ok("documents", "--db", as_login(db, olena)).stdout.startswith("id\t")
    finally:
        drop_database(postgres_server, db)
        for role in (olena, f"{name}_analyst", f"{name}_reviewer", boss):
            admin(postgres_server, f'DROP ROLE IF EXISTS "{role}"')


def test_a_password_asked_for_twice_must_match(cli: Cli, team: Team):
    """Without --password-file the password is asked for (getpass reads standard input when there is no terminal)."""

    def add(name: str, typed: str):
        return subprocess.run(
            [sys.executable, "-m", "annotator", "server", "add-analyst", name, "--db", team.db],
            input=typed,
            env=cli.env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    name = f"dora_{uuid.uuid4().hex[:6]}"
    differ = add(name, "one\ntwo\n")
    assert differ.returncode == 1
    assert differ.stderr.splitlines()[-1] == "annotator: error: the two passwords differ; nothing was created"
    try:
        assert add(name, "same pw\nsame pw\n").stdout.splitlines()[-1] == f"{name} created as an analyst"
        admin(team.server, f'GRANT password_login TO "{name}"')
        psycopg.connect(libpq(team.url(name)), password="same pw").close()
    finally:
        admin(team.server, f'DROP ROLE IF EXISTS "{name}"')

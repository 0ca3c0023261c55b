"""`annotator server …`: set up a team on a PostgreSQL project (init, add-analyst, add-reviewer, list)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from annotator.core.errors import AnnotatorError


def add_parser(sub) -> None:
    """The `server` command and its subcommands, under the command line's subparsers `sub`."""
    server = sub.add_parser("server", help="set up a team on a PostgreSQL project: roles, logins, who exists")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    url_help = "the project's database: postgresql+psycopg://ADMIN@HOST/DB"
    init = actions.add_parser("init", help="set up the database: schema, team roles, row-level security")
    init.add_argument("--db", required=True, help=url_help)
    for role in ("analyst", "reviewer"):
        add = actions.add_parser(f"add-{role}", help=f"create a login (or give an existing one) the {role} role")
        add.add_argument("name", metavar="NAME", help="the login name, which is also the analyst's name")
        add.add_argument("--db", required=True, help=url_help)
        source = add.add_mutually_exclusive_group()
        source.add_argument(
            "--password-file", type=Path, metavar="FILE", help="read the password from FILE (empty: no password)"
        )
        source.add_argument(
            "--no-password", action="store_true", help="no password (a server that trusts local connections)"
        )
        add.set_defaults(role=role)
    listing = actions.add_parser("list", help="the project's analysts and reviewers, with their status counts")
    listing.add_argument("--db", required=True, help=url_help)


def run(args: argparse.Namespace) -> int:
    from annotator.services import team

    action = args.server_command
    if action == "init":
        groups = team.init_server(args.db)
        print(f"set up: analysts join {groups[team.ANALYST]}, reviewers join {groups[team.REVIEWER]}")
        print("next: annotator server add-analyst NAME --db URL (and add-reviewer)")
        return 0
    if action == "list":
        members = team.team_members(args.db)
        print("name\trole\tannotations\tin progress\tdone")
        for m in members:
            print(f"{m.name}\t{m.role}\t{m.annotations}\t{m.in_progress}\t{m.done}")
        return 0
    created = team.add_member(args.db, args.name, args.role, _password(args))
    how = "created as" if created else "already had a login on the server; now"
    print(f"{args.name} {how} {'an' if args.role == team.ANALYST else 'a'} {args.role}")
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """The new login's password: from --password-file, none with --no-password, else asked for (twice)."""
    from annotator.services.team import read_password_file

    if args.no_password:
        return None
    if args.password_file is not None:
        return read_password_file(args.password_file)
    try:
        first = getpass.getpass(f"password for {args.name} (empty: none): ")
        if not first:
            return None
        if getpass.getpass("again: ") != first:
            raise AnnotatorError("the two passwords differ; nothing was created")
    except EOFError:
        raise AnnotatorError("no password given: use --password-file FILE or --no-password") from None
    return first

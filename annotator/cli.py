"""The command line: argparse subcommands that call the services and print one-line errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator import __version__
from annotator.core.errors import AnnotatorError, BadInput, NotFound

MAX_PROBLEMS_SHOWN = 50
STDOUT = "-"  # as --out: standard output


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        default=default,
        help="project database: a file path or a SQLAlchemy URL (default: your default project)",
    )
    parser.add_argument(
        "--analyst", default=default, help="analyst name (default: saved setting, else your login name)"
    )
    parser.add_argument(
        "--reviewer",
        action="store_true",
        default=default or False,
        help="work as the reviewer: see every analyst in blind mode, compare, adjudicate, measure agreement",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator", description="Annotate news articles: quotes, conditions, actors, security guarantees."
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    # hidden: open the window offscreen, tag one span and quit (packaging/smoke.sh checks a bundled app with it)
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="ask for your name and the project to open, as the bundled app does when first started",
    )
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the desktop application (the default)")
    _common(gui, suppress=True)

    imp = sub.add_parser("import", help="import articles or annotations from files and folders")
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--format", help="format name (default: from each file's extension)")
    imp.add_argument("--encoding", help="text encoding of the files (default: UTF-8, or UTF-16 with a BOM)")
    _common(imp, suppress=True)

    exp = sub.add_parser("export", help="export documents and annotations")
    exp.add_argument("--format", help="format name (default: from the extension of --out)")
    exp.add_argument("--out", required=True, type=Path, help="output file, or folder for per-document formats")
    exp.add_argument("--gold", action="store_true", help="export the adjudicated gold set")
    _common(exp, suppress=True)

    docs = sub.add_parser("documents", help="list the documents of the project")
    _common(docs, suppress=True)

    agree = sub.add_parser("agreement", help="inter-annotator agreement of two analysts")
    agree.add_argument("--analysts", nargs=2, required=True, metavar=("A", "B"))
    agree.add_argument("--documents", nargs="+", metavar="ID", help="only these documents (external ids)")
    agree.add_argument("--json", action="store_true", help="print the report as JSON")
    agree.add_argument("--csv", type=Path, metavar="FILE", help="also write the report as CSV")
    agree.add_argument("--html", type=Path, metavar="FILE", help="also write the report as a self-contained HTML page")
    _common(agree, suppress=True)

    claims = sub.add_parser("claims", help="write one row per guarantee: providers, recipients, conditions, quote")
    claims.add_argument("--out", required=True, type=Path, help="output file (- for standard output)")
    claims.add_argument(
        "--format", choices=["csv", "jsonl"], help="default: from the extension of --out (.csv or .jsonl; csv for -)"
    )
    claims.add_argument("--gold", action="store_true", help="the claims of the adjudicated gold set")
    _common(claims, suppress=True)

    log = sub.add_parser("decisions", help="export the reviewer's decision log as CSV")
    log.add_argument("--out", required=True, type=Path)
    _common(log, suppress=True)

    backup = sub.add_parser("backup", help="back the project up now, list its backups, or restore one")
    backup.add_argument("--list", action="store_true", help="list the backups, newest first")
    backup.add_argument("--restore", metavar="BACKUP", help="restore this backup (a path, or a number from --list)")
    _common(backup, suppress=True)

    schema = sub.add_parser("schema", help="export the label schema to a JSON file, or replace it with one")
    direction = schema.add_mutually_exclusive_group(required=True)
    direction.add_argument("--out", type=Path, metavar="FILE", help="write the project's label schema here")
    direction.add_argument("--in", dest="source", type=Path, metavar="FILE", help="replace the schema with this one")
    _common(schema, suppress=True)

    search = sub.add_parser("search", help="find text, whole words, a regular expression or spans across all articles")
    search.add_argument(
        "query", nargs="?", default="", metavar="QUERY", help="text to find (inside the spans, with filters)"
    )
    search.add_argument("--regex", action="store_true", help="QUERY is a Python regular expression")
    search.add_argument("--whole-word", action="store_true", help="only whole words")
    search.add_argument("--label", action="append", metavar="L", help="spans of this label (repeatable)")
    search.add_argument("--attribute", metavar="NAME=VALUE", help="spans with this attribute value")
    search.add_argument("--json", action="store_true", help="one JSON object per hit")
    _common(search, suppress=True)

    blind = sub.add_parser("blind", help="turn blind mode on or off (reviewer only)")
    blind.add_argument("state", choices=["on", "off"])
    _common(blind, suppress=True)

    from annotator import cli_server

    cli_server.add_parser(sub)
    return parser


def _open(args):
    from annotator.services import Project

    project = Project.open(args.db, analyst=args.analyst, reviewer=True if args.reviewer else None)
    if project.read_only is not None and args.command in ("export", "agreement", "decisions"):
        # a command that edits is refused with the reason in its own one line instead
        print(
            f"annotator: warning: {project.location}: opened read-only ({project.read_only}); edits are refused",
            file=sys.stderr,
        )
    return project


def _cmd_import(args) -> int:
    project = _open(args)
    try:
        report = project.import_paths(args.paths, format_name=args.format, analyst=args.analyst, encoding=args.encoding)
    finally:
        project.close()
    for warning in report.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    if report.added_labels:
        print(f"annotator: added to the label schema: {', '.join(report.added_labels)}", file=sys.stderr)
    print(f"imported {report.files} file{'s' if report.files != 1 else ''}: {report.summary()}")
    return 0


def _cmd_export(args) -> int:
    from annotator import formats

    format_name = args.format or formats.for_path(args.out).name
    analysts = ["gold"] if args.gold else ([args.analyst] if args.analyst else None)
    project = _open(args)
    try:
        report = _export(project, format_name, args.out, analysts)
    finally:
        project.close()
    for line in [*report.notices, *report.summary()]:
        print(f"annotator: warning: {line}", file=sys.stderr)
    _done(f"exported {report.documents} documents and {report.annotations} annotations to", args.out)
    return 0


def _export(project, format_name: str, out: Path, analysts):
    """Export to `out`, or with `--out -` a single-file format to standard output."""
    from annotator import formats

    fmt = formats.get(format_name)
    to_stdout = str(out) == STDOUT
    if to_stdout and fmt.writes_folder:
        raise AnnotatorError(f"the {fmt.name} format writes a folder of files, not one stream: give a folder as --out")
    report = _write(out, fmt.extensions[0], lambda path: project.export(format_name, path, analysts=analysts))
    for extra in report.files[1:] if to_stdout else ():  # Label Studio's labelling config beside its tasks
        print(
            f"annotator: warning: {extra.name.removeprefix('out')} not written: standard output holds one file",
            file=sys.stderr,
        )
    return report


def _cmd_documents(args) -> int:
    from annotator.services.listing import document_listing

    summaries = document_listing(args.db, analyst=args.analyst, reviewer=True if args.reviewer else None)
    print("id\texternal_id\tannotations\tcharacters\ttitle")
    from annotator.core.safe_text import escape_all_controls as cell  # a tab or line end in an id would break the table

    for s in summaries:
        print(f"{s.id}\t{cell(s.external_id)}\t{s.annotation_count}\t{s.length}\t{cell(s.title)}")
    return 0


def _cmd_agreement(args) -> int:
    import json

    from annotator.services import agreement_report

    project = _open(args)
    try:
        project.require_all_visible()
        ids = None
        if args.documents:
            by_external = {s.external_id: s.id for s in project.document_summaries()}
            unknown = [d for d in args.documents if d not in by_external]
            if unknown:
                raise NotFound(f"no document with id {', '.join(unknown)} in this project")
            ids = [by_external[d] for d in args.documents]
        a, b = args.analysts
        project.require_analysts((a, b))
        if str(args.csv) == str(args.html) == STDOUT:
            raise AnnotatorError("--csv - and --html - cannot both go to standard output")
        report = project.review.agreement(a, b, ids)
        names = {label.key: label.name for label in project.schema}
        external = {s.id: s.external_id for s in project.document_summaries()}
    finally:
        project.close()
    if args.csv:
        _write(args.csv, ".csv", lambda out: agreement_report.to_csv(report, out, external, project=project.location))
    if args.html:
        _write(
            args.html,
            ".html",
            lambda out: agreement_report.to_html(report, a, b, out, names, external, project=project.location),
        )
    # standard output holds one thing: a table or page sent there moves the summary to stderr
    summary = sys.stderr if STDOUT in (str(args.csv), str(args.html)) else sys.stdout
    if args.json:
        print(
            json.dumps({"analysts": {"a": a, "b": b}, **report.to_dict()}, ensure_ascii=False, indent=2), file=summary
        )
    else:
        print(agreement_report.to_text(report, a, b, names), file=summary)
    return 0


def _done(what: str, out: str | Path) -> None:
    """Say what was written where; with `--out -` on stderr, as standard output holds the file itself."""
    to_stdout = str(out) == STDOUT
    print(f"{what} {'standard output' if to_stdout else out}", file=sys.stderr if to_stdout else sys.stdout)


def _write(out: str | Path, suffix: str, write):
    """`write(out)`, or with `out` "-" what `write` writes, sent to standard output once complete."""
    if str(out) != STDOUT:
        return write(out)
    from annotator.services.outputs import to_stream

    return to_stream(write, suffix, sys.stdout.buffer)


def _cmd_decisions(args) -> int:
    project = _open(args)
    try:
        count = _write(args.out, ".csv", project.review.export_decisions)
    finally:
        project.close()
    _done(f"wrote {count} decisions to", args.out)
    return 0


def _claims_source(args):
    """The project as the claims export reads it: without the ORM, unless the default project is yet to be made."""
    from annotator.services.claims import ClaimsSource
    from annotator.services.user_settings import default_database

    if args.db is None and not default_database().exists():
        return _open(args)  # a first start: the full Project creates the default project with its sample
    return ClaimsSource(args.db, args.analyst, True if args.reviewer else None)


def _cmd_claims(args) -> int:
    from annotator.services.claims import write_claims

    format_name = args.format or {".csv": "csv", ".jsonl": "jsonl", "": "csv"}.get(args.out.suffix.lower())
    if format_name is None:
        raise AnnotatorError(f"{args.out}: claims are written as csv or jsonl; choose one with --format")
    project = _claims_source(args)
    try:
        report = _write(
            args.out,
            f".{format_name}",
            lambda out: write_claims(project, out, format_name, "gold" if args.gold else args.analyst),
        )
    finally:
        project.close()
    for notice in report.notices:
        print(f"annotator: warning: {notice}", file=sys.stderr)
    _done(f"wrote {report.claims} claims of {report.analyst} to", args.out)
    return 0


def _cmd_backup(args) -> int:
    from annotator.services import backups
    from annotator.services.user_settings import default_database

    if args.db is not None and "://" in str(args.db):
        raise AnnotatorError("backups are made of project files; back up a database server with its own tools")
    db = Path(args.db) if args.db else default_database()
    if not db.exists():
        raise NotFound(f"{db}: no such project file")
    if args.list:
        found = backups.list_backups(db)
        for number, b in enumerate(found, 1):
            print(f"{number}\t{b.taken_at.astimezone():%Y-%m-%d %H:%M:%S}\t{b.size:,} bytes\t{b.kind}\t{b.path}")
        if not found:
            print("no backups yet")
        return 0
    if args.restore is not None:  # "" too: refused below, never taken as "make a backup"
        if not args.restore.strip():
            raise AnnotatorError("--restore needs a backup: a path, or a number from annotator backup --list")
        found = backups.list_backups(db)
        chosen = Path(args.restore)
        if args.restore.isdigit():
            number = int(args.restore)
            if not 1 <= number <= len(found):
                raise NotFound(f"no backup number {number} (see annotator backup --list)")
            chosen = found[number - 1].path
        safety = backups.restore_backup(db, chosen)
        kept = f"; the state before was backed up to {safety.path} (kept until you delete it)" if safety else ""
        print(f"restored {chosen} into {db}{kept}")
        return 0
    made = backups.make_backup(db)  # a file that is no project is refused with the reason
    if made is None:
        raise AnnotatorError(f"{db}: not a project file; nothing backed up")
    print(f"backed up {db} to {made.path}")
    return 0


def _cmd_server(args) -> int:
    from annotator import cli_server

    return cli_server.run(args)


def _cmd_blind(args) -> int:
    project = _open(args)
    try:
        project.set_blind(args.state == "on")
    finally:
        project.close()
    print(f"blind mode is {args.state}")
    return 0


def _cmd_schema(args) -> int:
    project = _open(args)
    try:
        if args.out is not None:
            project.schema_editor.export_file(args.out)
            _done("exported the label schema to", args.out)
            return 0
        changes = project.schema_editor.import_file(args.source)
    finally:
        project.close()
    for line in changes:
        print(line)
    print(f"schema replaced from {args.source}: {len(changes)} change{'' if len(changes) == 1 else 's'}")
    return 0


def _cmd_search(args) -> int:
    import json

    from annotator.core.search_text import one_line
    from annotator.services.search import CorpusSearch, Mode, Query, parse_attribute

    mode = Mode.REGEX if args.regex else Mode.WORD if args.whole_word else Mode.TEXT
    attribute = parse_attribute(args.attribute) if args.attribute else None
    # --analyst opens the session as NAME (as in every command) and makes this a search of her spans
    spans = bool(args.label or attribute or args.analyst)
    analysts = (args.analyst,) if args.analyst else ()
    query = Query(args.query, mode, tuple(args.label or ()), analysts if spans else (), attribute)
    project = _open(args)
    try:
        for hit in CorpusSearch(project).hits(query):
            if args.json:
                print(json.dumps(hit.as_json(), ensure_ascii=False))
            else:
                context = one_line(f"{hit.before}[{hit.text}]{hit.after}")
                extra = f"\t{hit.label}\t{hit.analyst}" if hit.annotation_id is not None else ""
                print(f"{hit.document}\t{hit.start}\t{hit.end}\t{context}{extra}")
    finally:
        project.close()
    return 0


def _cmd_gui(args) -> int:
    from annotator.gui.app import run  # Qt is imported only here

    if getattr(args, "smoke", False):
        from annotator.gui.smoke import run_smoke

        return run_smoke(args.db, args.analyst)
    return run(
        db=args.db,
        analyst=args.analyst,
        reviewer=True if args.reviewer else None,
        first_run=getattr(args, "first_run", False),
    )


COMMANDS = {
    "import": _cmd_import,
    "export": _cmd_export,
    "documents": _cmd_documents,
    "search": _cmd_search,
    "agreement": _cmd_agreement,
    "decisions": _cmd_decisions,
    "claims": _cmd_claims,
    "blind": _cmd_blind,
    "server": _cmd_server,
    "schema": _cmd_schema,
    "backup": _cmd_backup,
    "gui": _cmd_gui,
    None: _cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    from annotator.core.safe_text import TerminalText

    args = build_parser().parse_args(argv)
    streams = sys.stdout, sys.stderr
    # titles, ids and names come from imported files: their control characters (ESC) are printed as escapes
    sys.stdout, sys.stderr = (TerminalText(s) if s is not None else None for s in streams)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = streams


def _run(args) -> int:
    try:
        return COMMANDS[args.command](args)
    except BadInput as exc:
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"annotator: error: {problem}", file=sys.stderr)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            print(
                f"annotator: error: … and {len(exc.problems) - MAX_PROBLEMS_SHOWN} more problems; nothing was imported",
                file=sys.stderr,
            )
        return 1
    except AnnotatorError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader went away (`annotator documents | head`): stop quietly, as other tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:
        name = exc.filename2 or exc.filename  # os.replace(part, out) fails on `out`, the file the user named
        where = f"{name}: " if name else ""
        print(f"annotator: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130

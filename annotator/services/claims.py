"""The project's claims, streamed for one annotation set (an analyst's or gold), and written as CSV or JSONL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from annotator.core.claims import Claim, ClaimRecord, Part, PartRow, claim_of_record
from annotator.core.errors import AnnotatorError
from annotator.core.memory import paused_gc
from annotator.formats.csv_cells import SafeWriter
from annotator.formats.output import atomic_output
from annotator.services.in_two import can_fork, write_in_two
from annotator.services.outputs import check_output
from annotator.services.roles import require_known, scoped_analysts, the_one_set, visible_analysts

if TYPE_CHECKING:
    from annotator.store.claim_rows import ClaimsCatalog
    from annotator.store.claims_file import ClaimsFile

FORMATS = ("csv", "jsonl")
PARALLEL_FROM = 5_000  # guarantees: below this a second process costs more than it saves
Writer = Callable[..., int]  # writes records to a handle (`header=False`: the part after the first), returns the count
COLUMNS = (
    "document_id",
    "document_title",
    "document_date",
    "document_location",
    "analyst",
    "guarantee_type",
    "guarantee_text",
    "guarantee_start",
    "guarantee_end",
    "providers",
    "recipients",
    "conditions",
    "quote_text",
    "quote_start",
    "quote_end",
    "speakers",
)
JOIN = " | "  # between the texts of several parts in one CSV cell
# the CSV columns holding text (the others hold offsets: numbers, or empty)
_TEXT_COLUMNS = tuple(i for i, name in enumerate(COLUMNS) if not name.endswith(("_start", "_end")))


@dataclass(frozen=True, slots=True)
class DocumentClaim:
    """A claim with the document it comes from."""

    document_id: int
    external_id: str
    title: str
    date: str
    location: str
    claim: Claim


@dataclass(slots=True)
class ClaimsReport:
    """What a claims export wrote, and what the user should know about it."""

    claims: int = 0
    analyst: str = ""
    notices: list[str] = field(default_factory=list)


def claims_set(project, analyst: str | None) -> str:
    """The one annotation set claims are drawn from: `analyst`, else the project's only one, else an error asking."""
    visible = project.visible_analysts()
    if analyst is not None:
        if visible is None:
            project.require_analysts([analyst])  # a mistyped name would give no claims without a word
        scoped_analysts(visible, [analyst], project.analyst)  # in blind mode, another's set is refused
        return analyst
    return project.only_set("claims come from")


def iter_claim_records(project, analyst: str) -> Iterator[ClaimRecord]:
    """The claims of `analyst`'s set as plain tuples (store/claim_rows.py), by document, in text order."""
    return project.repository.iter_claim_records(analyst)


def document_claim(record: ClaimRecord) -> DocumentClaim:
    """The DocumentClaim a claim record stands for."""
    return DocumentClaim(record[0], record[1], record[2], record[3], record[4], claim_of_record(record))


def claim_record(row: DocumentClaim) -> ClaimRecord:
    """The record of a DocumentClaim (as `iter_claim_records` gives it)."""
    c = row.claim

    def parts(found: tuple[Part, ...]) -> tuple[PartRow, ...]:
        return tuple((p.annotation_id, p.text, p.start, p.end) for p in found)

    g, q = c.guarantee, c.quote
    return (
        row.document_id,
        row.external_id,
        row.title,
        row.date,
        row.location,
        c.analyst,
        c.guarantee_type,
        (g.annotation_id, g.text, g.start, g.end),
        parts(c.providers),
        parts(c.recipients),
        parts(c.conditions),
        None if q is None else (q.annotation_id, q.text, q.start, q.end),
        parts(c.speakers),
    )


def iter_claims(project, analyst: str) -> Iterator[DocumentClaim]:
    """The claims of every document in the set of `analyst`, document by document, streamed."""
    return map(document_claim, iter_claim_records(project, analyst))


class ClaimsSource:
    """What the claims export asks of a project, answered without the ORM (the command line's quick path).

    `annotator claims` needs the analysts, the blind-mode setting and one streamed read: loading
    the ORM and the editing services with `Project` would cost it about as much as the export. A
    SQLite project file is read with plain sqlite3 (`store/claims_file.py`), anything else over
    SQLAlchemy Core (`store/claim_rows.py`).
    The answers and refusals are those of `Project` (same helpers, same messages).
    """

    def __init__(self, db: str | Path | None, analyst: str | None, reviewer: bool | None) -> None:
        from annotator.services.roles import reviewer_role
        from annotator.services.user_settings import UserSettings, default_database, resolve_analyst
        from annotator.store.claims_file import open_claims_file

        settings = UserSettings()
        path = default_database() if db is None else Path(db) if "://" not in str(db) else None
        self.analyst = resolve_analyst(analyst, settings)
        # a SQLite project of this version is read with plain sqlite3; a server, or a file to upgrade or refuse, through the engine
        reader = None if path is None else open_claims_file(path)
        if reader is None:
            from annotator.store.claim_rows import ClaimsCatalog
            from annotator.store.engine import open_engine

            self.catalog: ClaimsFile | ClaimsCatalog = ClaimsCatalog(open_engine(path if path is not None else str(db)))
        else:
            self.catalog = reader
        self.location = str(path or db)
        self.reviewer = reviewer_role(reviewer, settings)
        if path is None:  # a server with team roles: the login decides
            from annotator.services.team import server_session

            self.analyst, self.reviewer = server_session(self.catalog, analyst, reviewer) or (
                self.analyst,
                self.reviewer,
            )
        self.repository = self.catalog  # where `iter_claim_records` reads, as a Project's repository

    def visible_analysts(self) -> list[str] | None:
        return visible_analysts(self.reviewer, bool(self.catalog.setting("blind_mode", False)), self.analyst)

    def analysts(self) -> list[str]:
        visible = self.visible_analysts()
        found = self.catalog.analysts()
        return found if visible is None else [a for a in found if a in visible]

    def require_analysts(self, names: Sequence[str]) -> None:
        require_known(self.analysts(), names)

    def only_set(self, holder: str) -> str:
        return the_one_set(self.analysts(), holder, self.analyst)

    def close(self) -> None:
        self.catalog.close()


def write_claims(project, out: Path, format_name: str, analyst: str | None) -> ClaimsReport:
    """Write the claims of one annotation set to `out` as CSV or JSONL, complete or not at all."""
    write = _writer(format_name)
    check_output(out, project.location)
    report = ClaimsReport(analyst=claims_set(project, analyst))
    with atomic_output(Path(out)) as handle, paused_gc():  # rows and claims hold no cycles: no collections
        halves = _halves(project, report.analyst)
        if halves is None:
            report.claims = write(iter_claim_records(project, report.analyst), handle)
        else:
            report.claims = _write_in_two(project.repository, report.analyst, write, handle, halves)
    if project.visible_analysts() is not None:
        report.notices.append(f"blind mode: only {project.analyst}'s claims were written")
    return report


def write_claim_records(project, records: Sequence[ClaimRecord], out: Path, format_name: str) -> int:
    """Write these claims (those a window shows, in its order) to `out` as CSV or JSONL, complete or not at all;
    returns how many were written."""
    write = _writer(format_name)
    check_output(out, project.location)
    with atomic_output(Path(out)) as handle:
        return write(iter(records), handle)


def _writer(format_name: str) -> Writer:
    """The writer of claims in `format_name`, or the one-line reason there is none."""
    if format_name not in FORMATS:
        raise AnnotatorError(f"claims are written as {' or '.join(FORMATS)}, not {format_name}")
    return _write_csv if format_name == "csv" else _write_jsonl


def _halves(project, analyst: str) -> tuple[int, int, int] | None:
    """Where a large export of a project file splits in two, to be written by two processes side by side;
    None where it is written in one (small, not a file, or no fork: see `in_two.can_fork`)."""
    from annotator.store.claims_file import ClaimsFile

    reader = getattr(project, "repository", None)
    if not isinstance(reader, ClaimsFile) or not can_fork():
        return None
    return reader.halves(analyst) if reader.guarantees(analyst) >= PARALLEL_FROM else None


def _write_in_two(
    reader: ClaimsFile, analyst: str, write: Writer, handle: IO[str], halves: tuple[int, int, int]
) -> int:
    """The claims of the first half's documents written here, the second half's by a forked process on a
    connection of its own: the same bytes as one process writes."""
    from annotator.store.claims_file import ClaimsFile

    first, middle, last = halves

    def second(out: IO[str]) -> int:
        return write(ClaimsFile(reader.path).iter_claim_records(analyst, middle + 1, last), out, header=False)

    mine, theirs = write_in_two(
        lambda out: write(reader.iter_claim_records(analyst, first, middle), out), second, handle
    )
    return mine + theirs


def _write_csv(records: Iterator[ClaimRecord], handle: IO[str], *, header: bool = True) -> int:
    writer = SafeWriter(handle)
    if header:
        writer.writerow(COLUMNS)
    count = 0

    def rows() -> Iterator[tuple[object, ...]]:
        nonlocal count
        join = JOIN.join
        for (
            _id,
            external_id,
            title,
            date,
            location,
            analyst,
            kind,
            g,
            providers,
            recipients,
            conditions,
            q,
            speakers,
        ) in records:
            count += 1
            yield (
                external_id,
                title,
                date,
                location,
                analyst,
                kind,
                g[1],
                g[2],
                g[3],
                join([p[1] for p in providers]) if providers else "",
                join([p[1] for p in recipients]) if recipients else "",
                join([p[1] for p in conditions]) if conditions else "",
                "" if q is None else q[1],
                "" if q is None else q[2],
                "" if q is None else q[3],
                join([p[1] for p in speakers]) if speakers else "",
            )

    writer.writerows_with_text_at(rows(), _TEXT_COLUMNS)
    return count


def _parts(parts: tuple[PartRow, ...]) -> list[dict[str, object]]:
    return [{"text": p[1], "start": p[2], "end": p[3]} for p in parts]


def _write_jsonl(records: Iterator[ClaimRecord], handle: IO[str], *, header: bool = True) -> int:
    count = 0
    for (
        _id,
        external_id,
        title,
        date,
        location,
        analyst,
        kind,
        guarantee,
        providers,
        recipients,
        conditions,
        quote,
        speakers,
    ) in records:
        count += 1
        line = {
            "document_id": external_id,
            "document_title": title,
            "document_date": date,
            "document_location": location,
            "analyst": analyst,
            "guarantee_type": kind,
            "guarantee_text": guarantee[1],
            "guarantee_start": guarantee[2],
            "guarantee_end": guarantee[3],
            "providers": _parts(providers),
            "recipients": _parts(recipients),
            "conditions": _parts(conditions),
            "quote_text": None if quote is None else quote[1],
            "quote_start": None if quote is None else quote[2],
            "quote_end": None if quote is None else quote[3],
            "speakers": _parts(speakers),
        }
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return count

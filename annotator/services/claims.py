"""The project's claims, streamed for one annotation set (an analyst's or gold), and written as CSV or JSONL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from annotator.core.claims import Claim, Part, claims_of
from annotator.core.errors import AnnotatorError
from annotator.core.memory import paused_gc
from annotator.formats.csv_cells import SafeWriter
from annotator.formats.output import atomic_output
from annotator.services.outputs import check_output
from annotator.services.roles import scoped_analysts

FORMATS = ("csv", "jsonl")
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


def iter_claims(project, analyst: str) -> Iterator[DocumentClaim]:
    """The claims of every document in the set of `analyst`, document by document, streamed."""
    for document_id, external_id, title, meta, text, spans, links in project.repository.iter_claim_rows(analyst):
        date, location = meta.get("date", ""), meta.get("location", "")
        for claim in claims_of(document_id, analyst, text, spans, links):
            yield DocumentClaim(document_id, external_id, title, date, location, claim)


def write_claims(project, out: Path, format_name: str, analyst: str | None) -> ClaimsReport:
    """Write the claims of one annotation set to `out` as CSV or JSONL, complete or not at all."""
    if format_name not in FORMATS:
        raise AnnotatorError(f"claims are written as {' or '.join(FORMATS)}, not {format_name}")
    check_output(out, project.location)
    report = ClaimsReport(analyst=claims_set(project, analyst))
    with atomic_output(Path(out)) as handle, paused_gc():  # rows and claims hold no cycles: no collections
        write = _write_csv if format_name == "csv" else _write_jsonl
        report.claims = write(iter_claims(project, report.analyst), handle)
    if project.visible_analysts() is not None:
        report.notices.append(f"blind mode: only {project.analyst}'s claims were written")
    return report


def _texts(parts: tuple[Part, ...]) -> str:
    return JOIN.join(p.text for p in parts)


def _write_csv(claims: Iterator[DocumentClaim], handle: IO[str]) -> int:
    writer = SafeWriter(handle)
    writer.writerow(COLUMNS)
    count = 0
    for row in claims:
        count += 1
        c, quote = row.claim, row.claim.quote
        writer.writerow(
            (
                row.external_id,
                row.title,
                row.date,
                row.location,
                c.analyst,
                c.guarantee_type,
                c.guarantee.text,
                c.guarantee.start,
                c.guarantee.end,
                _texts(c.providers),
                _texts(c.recipients),
                _texts(c.conditions),
                "" if quote is None else quote.text,
                "" if quote is None else quote.start,
                "" if quote is None else quote.end,
                _texts(c.speakers),
            )
        )
    return count


def _part(part: Part) -> dict[str, object]:
    return {"text": part.text, "start": part.start, "end": part.end}


def _write_jsonl(claims: Iterator[DocumentClaim], handle: IO[str]) -> int:
    count = 0
    for row in claims:
        count += 1
        c = row.claim
        line = {
            "document_id": row.external_id,
            "document_title": row.title,
            "document_date": row.date,
            "document_location": row.location,
            "analyst": c.analyst,
            "guarantee_type": c.guarantee_type,
            "guarantee_text": c.guarantee.text,
            "guarantee_start": c.guarantee.start,
            "guarantee_end": c.guarantee.end,
            "providers": [_part(p) for p in c.providers],
            "recipients": [_part(p) for p in c.recipients],
            "conditions": [_part(p) for p in c.conditions],
            "quote_text": None if c.quote is None else c.quote.text,
            "quote_start": None if c.quote is None else c.quote.start,
            "quote_end": None if c.quote is None else c.quote.end,
            "speakers": [_part(p) for p in c.speakers],
        }
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return count

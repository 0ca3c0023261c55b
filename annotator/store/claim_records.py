"""The claims' rows as the database gives them (guarantees, links, documents) made into claim records, in plain Python.

Shared by the SQLAlchemy queries (`claim_rows`, any database) and the plain-sqlite3 reader of a
project file (`claims_file`): both run the same three queries and hand their rows here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from annotator.core.claims import (
    ACTOR,
    CONDITION,
    CONDITION_OF,
    GUARANTEE,
    PROVIDER,
    QUOTE,
    RECIPIENT,
    SPEAKER,
    TYPE_ATTRIBUTE,
    ClaimRecord,
    PartRow,
)

# (id, start, end) of one end of a link
End = tuple[int, int, int]
# (providers by guarantee, recipients by guarantee, conditions by guarantee, quotes by condition, speakers by quote)
Links = tuple[
    dict[int, list[End]], dict[int, list[End]], dict[int, list[End]], dict[int, list[End]], dict[int, list[End]]
]
# (type, source id, source label, source start, source end, target id, target label, target start, target end)
LinkRow = tuple[str, int, str, int, int, int, str, int, int]
# (document id, guarantee id, start, end, attributes, innermost quote's id, start, end: None when in no quote)
GuaranteeRow = tuple[int, int, int, int, object, int | None, int | None, int | None]
# (document id, external id, title, meta, text)
DocumentRow = tuple[int, str | None, str | None, object, str | None]


def decoded(raw: object) -> dict[str, str]:
    """A JSON column's object: SQLite gives its text, PostgreSQL the decoded dict."""
    if isinstance(raw, dict):
        return raw
    if raw is None or raw in ("", "{}"):
        return {}
    found = json.loads(str(raw))
    return found if isinstance(found, dict) else {}


def links_of(rows: Iterable[LinkRow]) -> Links:
    """The set's claim links, sorted by what they join (the rows: the set's own links of the claims' types)."""
    providers: dict[int, list[End]] = {}
    recipients: dict[int, list[End]] = {}
    conditions: dict[int, list[End]] = {}
    condition_quotes: dict[int, list[End]] = {}
    speakers: dict[int, list[End]] = {}
    for kind, s_id, s_label, s_start, s_end, t_id, t_label, t_start, t_end in rows:
        if kind == PROVIDER or kind == RECIPIENT:
            if s_label == GUARANTEE and t_label == ACTOR:
                (providers if kind == PROVIDER else recipients).setdefault(s_id, []).append((t_id, t_start, t_end))
        elif kind == CONDITION_OF:
            if s_label == CONDITION and t_label == GUARANTEE:
                conditions.setdefault(t_id, []).append((s_id, s_start, s_end))
            elif s_label == CONDITION and t_label == QUOTE:
                condition_quotes.setdefault(s_id, []).append((t_id, t_start, t_end))
        elif kind == SPEAKER and s_label == QUOTE and t_label == ACTOR:
            speakers.setdefault(s_id, []).append((t_id, t_start, t_end))
    return providers, recipients, conditions, condition_quotes, speakers


def records(
    analyst: str, links: Links, guarantees: Iterable[GuaranteeRow], documents: Iterable[DocumentRow]
) -> Iterator[ClaimRecord]:
    """The claim records of the guarantees (in document order), reading `documents` (in id order) alongside."""
    providers, recipients, conditions, condition_quotes, speakers = links
    documents = iter(documents)
    found = next(documents, None)  # the next document not yet used
    kinds: dict[object, str] = {}
    empty: tuple[PartRow, ...] = ()
    document: tuple[object, str, str, str, str, str] = (None, "", "", "", "", "")
    for document_id, g_id, g_start, g_end, raw, q_id, q_start, q_end in guarantees:
        if document[0] != document_id:
            while found is not None and found[0] < document_id:
                found = next(documents, None)
            if found is not None and found[0] == document_id:
                meta = decoded(found[3])
                document = (
                    document_id,
                    found[1] or "",
                    found[2] or "",
                    meta.get("date", ""),
                    meta.get("location", ""),
                    found[4] or "",
                )
                found = next(documents, None)
            else:  # gone since the guarantees were read (another window deleted it): a claim without its document
                document = (document_id, "", "", "", "", "")
        text = document[5]
        # SQLite gives the JSON text (memoised: a corpus repeats a few values), PostgreSQL the decoded dict
        kind = kinds.get(raw) if isinstance(raw, str) else None
        if kind is None:
            kind = decoded(raw).get(TYPE_ATTRIBUTE, "")
            if isinstance(raw, str) and len(kinds) < 4096:
                kinds[raw] = kind
        found_conditions = conditions.get(g_id)
        quote = None if q_id is None or q_start is None or q_end is None else (q_id, q_start, q_end)
        if quote is None and found_conditions:
            linked = [q for c in found_conditions for q in condition_quotes.get(c[0], ())]
            if linked:
                quote = min(linked, key=lambda e: (e[1], e[2], e[0]))
        spoken = None if quote is None else speakers.get(quote[0])
        found_providers, found_recipients = providers.get(g_id), recipients.get(g_id)
        yield (
            document_id,
            document[1],
            document[2],
            document[3],
            document[4],
            analyst,
            kind,
            (g_id, text[g_start:g_end], g_start, g_end),
            empty if found_providers is None else parts(text, found_providers),
            empty if found_recipients is None else parts(text, found_recipients),
            empty if found_conditions is None else parts(text, found_conditions),
            None if quote is None else (quote[0], text[quote[1] : quote[2]], quote[1], quote[2]),
            empty if spoken is None else parts(text, spoken),
        )


def parts(text: str, ends: list[End]) -> tuple[PartRow, ...]:
    """Unique by id, in text order (start, end, id), with their texts, as `claims_of` lists a claim's parts."""
    if len(ends) > 1:
        ends = sorted({e[0]: e for e in ends}.values(), key=lambda e: (e[1], e[2], e[0]))
    return tuple([(e[0], text[e[1] : e[2]], e[1], e[2]) for e in ends])

"""Which claims of a set a reader's filters leave (guarantee type, provider, recipient, dates, text), and what the
charts count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from annotator.core.claims import ClaimRecord, PartRow

# fields of a ClaimRecord (Final: mypy then knows each one's type)
_DATE: Final = 3
_TYPE: Final = 6
_PROVIDERS: Final = 8
_RECIPIENTS: Final = 9

Chart = Literal["kind", "provider", "recipient"]  # what a chart counts, and the filter it leaves aside


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What a reader asks for; each part left empty (or None) lets every claim through."""

    kind: str | None = None  # a guarantee type ("" : claims whose guarantee has none)
    text: str = ""  # held by some cell, ignoring case
    date_from: str = ""  # YYYY-MM-DD: claims of articles dated on or after this day
    date_to: str = ""  # … on or before
    provider: str | None = None  # a provider's name, its spaces made plain ("" : claims with no provider)
    recipient: str | None = None  # a recipient's name, likewise


def plain(text: str) -> str:
    """`text` on one line, runs of spaces and line ends made one space (as a cell shows it)."""
    return " ".join(text.split())


def _party_names(parts: tuple[PartRow, ...]) -> set[str]:
    """The names of a claim's providers (or recipients) as a chart counts them; {""} for a claim with none."""
    return {plain(p[1]) for p in parts} if parts else {""}


def provider_names(record: ClaimRecord) -> set[str]:
    return _party_names(record[_PROVIDERS])


def recipient_names(record: ClaimRecord) -> set[str]:
    return _party_names(record[_RECIPIENTS])


_NAMES: dict[Chart, Callable[[ClaimRecord], set[str]]] = {
    "kind": lambda r: {r[_TYPE]},
    "provider": provider_names,
    "recipient": recipient_names,
}


def _names_hold(names: Callable[[ClaimRecord], set[str]], name: str) -> Callable[[ClaimRecord], bool]:
    """A test of whether `name` is among the names `names` gives a claim."""
    return lambda record: name in names(record)


class ClaimSelection:
    """The claims one filter leaves, found in one pass per change, and the charts' counts: claims per type among
    those the other filters leave (the type filter aside, so every type stays in view to be picked), and per
    provider and per recipient likewise (each one's own filter aside)."""

    def __init__(self, haystack: Callable[[ClaimRecord], str]) -> None:
        """`haystack`: a claim's cells as one text, for the text filter (made at its first use, then kept)."""
        self._haystack = haystack
        self.records: list[ClaimRecord] = []
        self.filter = ClaimFilter()
        self._haystacks: list[str] | None = None  # each record's cells, case-folded
        self._base: list[int] | None = None  # the records the text and dates leave (None: every record)
        self.shown: list[int] | None = None  # every filter (None: every record)

    def set_records(self, records: Iterable[ClaimRecord]) -> None:
        self.records = list(records)
        self._haystacks = None
        self.apply(self.filter)

    def extend(self, records: Sequence[ClaimRecord]) -> None:
        self.records.extend(records)
        if self._haystacks is not None:
            self._haystacks.extend(self._haystack(r).casefold() for r in records)
        self.apply(self.filter)

    @property
    def narrowed(self) -> bool:
        """Whether any filter is set (else every claim is shown, in order)."""
        return self.filter != ClaimFilter()

    def apply(self, wanted: ClaimFilter) -> None:
        self.filter = wanted
        records = self.records
        rows: list[int] | None = None
        if wanted.text:
            if self._haystacks is None:
                self._haystacks = [self._haystack(r).casefold() for r in records]
            needle = wanted.text.casefold()
            rows = [i for i, h in enumerate(self._haystacks) if needle in h]
        if wanted.date_from or wanted.date_to:
            low, high = wanted.date_from or "0000", wanted.date_to or "9999"
            dated = (i for i in (range(len(records)) if rows is None else rows) if records[i][_DATE])
            rows = [i for i in dated if low <= records[i][_DATE][:10] <= high]
        self._base = rows
        self.shown = self._passing(None)

    def _tests(self, aside: Chart | None) -> list[Callable[[ClaimRecord], bool]]:
        """The tests of the type, provider and recipient filters set, but the one of `aside`."""
        wanted, tests = self.filter, []
        if wanted.kind is not None and aside != "kind":
            kind = wanted.kind
            tests.append(lambda r: r[_TYPE] == kind)
        parties: tuple[tuple[Chart, str | None], ...] = (("provider", wanted.provider), ("recipient", wanted.recipient))
        for chart, name in parties:
            if name is not None and aside != chart:
                tests.append(_names_hold(_NAMES[chart], name))
        return tests

    def _passing(self, aside: Chart | None) -> list[int] | None:
        """The records every filter but the one of `aside` leaves (None: every record, nothing filtered)."""
        tests = self._tests(aside)
        if not tests:
            return self._base
        records = self.records
        rows = range(len(records)) if self._base is None else self._base
        return [i for i in rows if all(test(records[i]) for test in tests)]

    def counts(self, chart: Chart) -> list[tuple[str, int]]:
        """Claims per type, provider or recipient ("" for none) among those the other filters leave; a claim counts
        once per name it has there."""
        records, rows = self.records, self._passing(chart)
        picked = records if rows is None else (records[i] for i in rows)
        if chart == "kind":
            return list(Counter([r[_TYPE] for r in picked]).items())
        providers = chart == "provider"
        counts: Counter[str] = Counter()
        for r in picked:
            parts = r[_PROVIDERS] if providers else r[_RECIPIENTS]
            # most claims have one or none: no set to build (tens of thousands are counted at each filter)
            if not parts:
                counts[""] += 1
            elif len(parts) == 1:
                counts[plain(parts[0][1])] += 1
            else:
                counts.update(_party_names(parts))
        return list(counts.items())

    def type_counts(self) -> list[tuple[str, int]]:
        return self.counts("kind")

    def provider_counts(self) -> list[tuple[str, int]]:
        return self.counts("provider")

    def recipient_counts(self) -> list[tuple[str, int]]:
        return self.counts("recipient")

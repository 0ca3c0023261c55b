"""Which claims of a set a reader's filters leave (guarantee type, provider, date range, text), and what the charts count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from annotator.core.claims import ClaimRecord

# fields of a ClaimRecord (Final: mypy then knows each one's type)
_DATE: Final = 3
_TYPE: Final = 6
_PROVIDERS: Final = 8


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What a reader asks for; each part left empty (or None) lets every claim through."""

    kind: str | None = None  # a guarantee type ("" : claims whose guarantee has none)
    text: str = ""  # held by some cell, ignoring case
    date_from: str = ""  # YYYY-MM-DD: claims of articles dated on or after this day
    date_to: str = ""  # … on or before
    provider: str | None = None  # a provider's name, its spaces made plain ("" : claims with no provider)


def plain(text: str) -> str:
    """`text` on one line, runs of spaces and line ends made one space (as a cell shows it)."""
    return " ".join(text.split())


def provider_names(record: ClaimRecord) -> set[str]:
    """The names of a claim's providers as the chart counts them; {""} for a claim with none."""
    providers = record[_PROVIDERS]
    return {plain(p[1]) for p in providers} if providers else {""}


class ClaimSelection:
    """The claims one filter leaves, found in one pass per change, and the charts' counts: claims per type among
    those the other filters leave (the type filter aside, so every type stays in view to be picked), and per
    provider likewise (the provider filter aside)."""

    def __init__(self, haystack: Callable[[ClaimRecord], str]) -> None:
        """`haystack`: a claim's cells as one text, for the text filter (made at its first use, then kept)."""
        self._haystack = haystack
        self.records: list[ClaimRecord] = []
        self.filter = ClaimFilter()
        self._haystacks: list[str] | None = None  # each record's cells, case-folded
        self._by_provider: list[int] | None = None  # all but the type filter (None: every record)
        self._by_kind: list[int] | None = None  # all but the provider filter
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
        self._by_kind = self._by_provider = rows
        if wanted.kind is not None:
            self._by_kind = self._keep(rows, lambda r: r[_TYPE] == wanted.kind)
        if wanted.provider is not None:
            name = wanted.provider
            self._by_provider = self._keep(rows, lambda r: name in provider_names(r))
        if wanted.kind is None:
            self.shown = self._by_provider
        else:
            self.shown = self._keep(self._by_provider, lambda r: r[_TYPE] == wanted.kind)

    def _keep(self, rows: list[int] | None, test: Callable[[ClaimRecord], bool]) -> list[int]:
        records = self.records
        return [i for i in (range(len(records)) if rows is None else rows) if test(records[i])]

    def _rows(self, picked: list[int] | None) -> Iterable[ClaimRecord]:
        records = self.records
        return records if picked is None else (records[i] for i in picked)

    def type_counts(self) -> list[tuple[str, int]]:
        """Claims per guarantee type among those the other filters leave."""
        return list(Counter([r[_TYPE] for r in self._rows(self._by_provider)]).items())

    def provider_counts(self) -> list[tuple[str, int]]:
        """Claims per provider ("" for none) among those the other filters leave; a claim counts once per name."""
        counts: Counter[str] = Counter()
        for r in self._rows(self._by_kind):
            providers = r[_PROVIDERS]
            if len(providers) == 1:  # most claims: no set to build (tens of thousands are counted at each filter)
                counts[plain(providers[0][1])] += 1
            else:
                counts.update(provider_names(r))
        return list(counts.items())

"""The claims a reader's filters leave, and the charts' counts beside them, on hand-made claim records."""

from __future__ import annotations

from annotator.core.claim_filter import ClaimFilter, ClaimSelection, provider_names


def record(n: int, kind: str, date: str, providers: tuple[str, ...], text: str = "guarantee", recipients=("Ukraine",)):
    """A claim record of document n: its guarantee `text` of type `kind`, given by `providers` to `recipients`."""
    parts = tuple((n * 100 + i, name, 0, len(name)) for i, name in enumerate(providers))
    to = tuple((n * 100 + 50 + i, name, 0, len(name)) for i, name in enumerate(recipients))
    return (
        n,
        f"doc-{n}",
        f"Article {n}",
        date,
        "Kyiv",
        "olena",
        kind,
        (n, text, 0, len(text)),
        parts,
        to,
        (),
        None,
        (),
    )


CLAIMS = [
    record(1, "membership", "2023-06-16", ("NATO",)),
    record(2, "troop_deployment", "2023-07-11T09:30", ("Poland", "Lithuania")),
    record(3, "troop_deployment", "", ("Poland",), text="troops on the ground"),
    record(4, "", "2023-05-01", (), recipients=()),
    record(5, "membership", "2023-07-12", ("the  Alliance\ncountries",), recipients=("Ukraine", "Moldova")),
]


def selection(wanted: ClaimFilter | None = None) -> ClaimSelection:
    chosen = ClaimSelection(lambda r: " ".join([r[6], r[7][1], *(p[1] for p in r[8])]))
    chosen.set_records(CLAIMS)
    chosen.apply(wanted or ClaimFilter())
    return chosen


def shown(chosen: ClaimSelection) -> list[int]:
    return [CLAIMS[i][0] for i in chosen.shown] if chosen.shown is not None else [r[0] for r in CLAIMS]


def test_no_filter_shows_every_claim_in_order():
    chosen = selection()
    assert not chosen.narrowed and chosen.shown is None and shown(chosen) == [1, 2, 3, 4, 5]


def test_each_filter_alone():
    assert shown(selection(ClaimFilter(kind="troop_deployment"))) == [2, 3]
    assert shown(selection(ClaimFilter(kind=""))) == [4]  # a guarantee without a type
    assert shown(selection(ClaimFilter(provider="Poland"))) == [2, 3]
    assert shown(selection(ClaimFilter(provider=""))) == [4]  # no provider
    assert shown(selection(ClaimFilter(provider="the Alliance countries"))) == [5]  # spaces made plain
    assert shown(selection(ClaimFilter(text="TROOPS"))) == [3]  # any case
    # a day range takes the day of a date with a time; an undated article is outside any range
    assert shown(selection(ClaimFilter(date_from="2023-06-16", date_to="2023-07-11"))) == [1, 2]
    assert shown(selection(ClaimFilter(date_from="2023-07-01"))) == [2, 5]
    assert shown(selection(ClaimFilter(date_to="2023-06-01"))) == [4]


def test_filters_together_and_the_counts_each_chart_shows():
    chosen = selection(ClaimFilter(kind="troop_deployment", provider="Poland", date_from="2023-06-01"))
    assert shown(chosen) == [2]
    # per type: the other filters (provider, dates) apply, the type filter does not, so each type can be picked
    assert sorted(chosen.type_counts()) == [("troop_deployment", 1)]
    # per provider: the type and dates apply, the provider filter does not; a claim counts once per provider
    assert sorted(chosen.provider_counts()) == [("Lithuania", 1), ("Poland", 1)]
    wider = selection(ClaimFilter(provider="Poland"))
    assert sorted(wider.type_counts()) == [("troop_deployment", 2)]
    assert sorted(wider.provider_counts()) == [
        ("", 1),
        ("Lithuania", 1),
        ("NATO", 1),
        ("Poland", 2),
        ("the Alliance countries", 1),
    ]


def test_claims_read_later_join_the_filter_already_set():
    chosen = ClaimSelection(lambda r: r[7][1])
    chosen.set_records(CLAIMS[:2])
    chosen.apply(ClaimFilter(text="ground"))
    assert chosen.shown == []
    chosen.extend(CLAIMS[2:])
    assert chosen.shown == [2]


def test_provider_names_of_a_claim_without_providers_is_the_empty_name():
    assert provider_names(CLAIMS[3]) == {""}
    assert provider_names(CLAIMS[1]) == {"Poland", "Lithuania"}


def test_the_recipient_filter_and_its_counts():
    assert shown(selection(ClaimFilter(recipient="Moldova"))) == [5]
    assert shown(selection(ClaimFilter(recipient=""))) == [4]  # no recipient
    chosen = selection(ClaimFilter(recipient="Ukraine", kind="membership"))
    assert shown(chosen) == [1, 5]
    # per recipient: the type filter applies, the recipient filter does not
    assert sorted(chosen.recipient_counts()) == [("Moldova", 1), ("Ukraine", 2)]
    assert sorted(chosen.provider_counts()) == [("NATO", 1), ("the Alliance countries", 1)]
    assert sorted(chosen.type_counts()) == [("membership", 2), ("troop_deployment", 2)]

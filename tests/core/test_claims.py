"""Claims built from hand-made annotations and relations: what is linked shows, what is not stays empty."""

from __future__ import annotations

from annotator.core.claims import Part, build_claims
from annotator.core.model import Annotation, Relation

TEXT = 'Rasmussen said: "Poland may send troops to Ukraine if Vilnius fails." Kyiv wants weapons.'


class Tagger:
    """Annotations and relations of one document, spans found in TEXT by their words."""

    def __init__(self) -> None:
        self.annotations: list[Annotation] = []
        self.relations: list[Relation] = []

    def tag(self, label: str, words: str, analyst: str = "olena", **attributes: str) -> Annotation:
        start = TEXT.index(words)
        a = Annotation(len(self.annotations) + 1, 1, analyst, label, start, start + len(words), attributes)
        self.annotations.append(a)
        return a

    def link(self, kind: str, source: Annotation, target: Annotation) -> None:
        self.relations.append(Relation(len(self.relations) + 1, 1, source.analyst, kind, source.id, target.id))

    def claims(self):
        return build_claims(TEXT, self.annotations, self.relations)


def texts(parts: tuple[Part, ...]) -> list[str]:
    return [p.text for p in parts]


def test_a_fully_linked_guarantee_gives_its_providers_recipients_condition_quote_and_speaker():
    t = Tagger()
    speaker = t.tag("actor", "Rasmussen")
    quote = t.tag("quote", "Poland may send troops to Ukraine if Vilnius fails.")
    poland = t.tag("actor", "Poland")
    guarantee = t.tag("guarantee_type", "send troops", type="troop_deployment")
    ukraine = t.tag("actor", "Ukraine")
    condition = t.tag("condition", "if Vilnius fails")
    t.link("speaker", quote, speaker)
    t.link("provider", guarantee, poland)
    t.link("recipient", guarantee, ukraine)
    t.link("condition_of", condition, guarantee)

    (claim,) = t.claims()
    assert claim.guarantee_type == "troop_deployment"
    assert claim.guarantee == Part(
        guarantee.id, "send troops", TEXT.index("send troops"), TEXT.index("send troops") + 11
    )
    assert texts(claim.providers) == ["Poland"]
    assert texts(claim.recipients) == ["Ukraine"]
    assert texts(claim.conditions) == ["if Vilnius fails"]
    assert claim.quote is not None and claim.quote.start == quote.start and claim.quote.end == quote.end
    assert texts(claim.speakers) == ["Rasmussen"]
    assert claim.analyst == "olena" and claim.document_id == 1


def test_an_unlinked_guarantee_has_empty_parts_even_beside_actors_and_conditions():
    t = Tagger()
    t.tag("actor", "Kyiv")
    t.tag("condition", "if Vilnius fails")
    t.tag("guarantee_type", "weapons")  # no type attribute either, and outside the quote

    (claim,) = t.claims()
    assert claim.guarantee.text == "weapons" and claim.guarantee_type == ""
    assert claim.providers == claim.recipients == claim.conditions == claim.speakers == ()
    assert claim.quote is None


def test_several_providers_and_conditions_are_lists_in_text_order():
    t = Tagger()
    guarantee = t.tag("guarantee_type", "send troops")
    ukraine = t.tag("actor", "Ukraine")
    poland = t.tag("actor", "Poland")
    kyiv = t.tag("actor", "Kyiv")
    late = t.tag("condition", "Vilnius fails")
    early = t.tag("condition", "Rasmussen said")
    for target in (kyiv, poland):
        t.link("provider", guarantee, target)
    t.link("provider", guarantee, kyiv)  # the same link twice counts once
    t.link("recipient", guarantee, ukraine)
    t.link("condition_of", late, guarantee)
    t.link("condition_of", early, guarantee)

    (claim,) = t.claims()
    assert texts(claim.providers) == ["Poland", "Kyiv"]
    assert texts(claim.conditions) == ["Rasmussen said", "Vilnius fails"]


def test_the_quote_of_a_guarantee_outside_it_comes_from_a_condition_linked_to_a_quote():
    t = Tagger()
    speaker = t.tag("actor", "Rasmussen")
    quote = t.tag("quote", "Poland may send troops")
    condition = t.tag("condition", "if Vilnius fails")
    guarantee = t.tag("guarantee_type", "weapons")
    t.link("condition_of", condition, guarantee)
    t.link("condition_of", condition, quote)
    t.link("speaker", quote, speaker)

    (claim,) = t.claims()
    assert claim.quote is not None and claim.quote.text == "Poland may send troops"
    assert texts(claim.speakers) == ["Rasmussen"]


def test_the_innermost_containing_quote_is_taken_and_another_analysts_quote_never():
    t = Tagger()
    t.tag("quote", TEXT[TEXT.index('"') :])
    inner = t.tag("quote", "send troops to Ukraine")
    t.tag("quote", "troops", analyst="ivan")
    t.tag("guarantee_type", "troops")

    (claim,) = t.claims()
    assert claim.quote is not None and (claim.quote.start, claim.quote.end) == (inner.start, inner.end)


def test_links_between_analysts_are_not_followed_and_each_analysts_guarantee_is_a_claim():
    t = Tagger()
    mine = t.tag("guarantee_type", "send troops")
    theirs = t.tag("guarantee_type", "send troops", analyst="ivan")
    ivans_poland = t.tag("actor", "Poland", analyst="ivan")
    t.relations.append(Relation(9, 1, "olena", "provider", mine.id, ivans_poland.id))
    t.link("provider", theirs, ivans_poland)

    claims = t.claims()
    assert [(c.analyst, texts(c.providers)) for c in claims] == [("olena", []), ("ivan", ["Poland"])]


def test_a_relation_to_an_annotation_of_the_wrong_label_is_not_a_part():
    t = Tagger()
    guarantee = t.tag("guarantee_type", "send troops")
    condition = t.tag("condition", "if Vilnius fails")
    t.link("provider", guarantee, condition)  # not an actor: no provider

    (claim,) = t.claims()
    assert claim.providers == ()


def test_the_database_query_gives_the_claims_core_builds_on_a_tricky_case(tmp_path):
    """store/claim_rows.py (and store/claims_file.py) find quotes and follow links in SQL: they must agree with `claims_of` here.

    Nested quotes (the innermost wins), a second analyst with a quote round the same guarantee and
    links of their own, and a guarantee in no quote whose condition is linked to a quote.
    """
    import json

    from annotator.core.claims import claim_of_record
    from annotator.services import Project
    from annotator.services.claims import iter_claim_records
    from annotator.store.claims_file import open_claims_file

    t = Tagger()
    outer = t.tag("quote", '"Poland may send troops to Ukraine if Vilnius fails."')
    inner = t.tag("quote", "send troops to Ukraine if Vilnius")
    speaker = t.tag("actor", "Rasmussen")
    poland, ukraine = t.tag("actor", "Poland"), t.tag("actor", "Ukraine")
    troops = t.tag("guarantee_type", "troops", type="troop_deployment")
    weapons = t.tag("guarantee_type", "weapons", type="weapons")
    condition = t.tag("condition", "if Vilnius fails")
    t.link("speaker", inner, speaker)
    t.link("speaker", outer, poland)
    t.link("provider", troops, poland)
    t.link("recipient", troops, ukraine)
    t.link("condition_of", condition, weapons)
    t.link("condition_of", condition, outer)
    ivans_quote = t.tag("quote", "troops", analyst="ivan")  # tighter than olena's, but ivan's
    ivans_troops = t.tag("guarantee_type", "troops", analyst="ivan")
    ivans_kyiv = t.tag("actor", "Kyiv", analyst="ivan")
    t.link("provider", ivans_troops, ivans_kyiv)
    t.relations.append(Relation(99, 1, "ivan", "speaker", ivans_quote.id, ivans_kyiv.id))
    line = {
        "id": "doc",
        "text": TEXT,
        "annotations": [
            {
                "id": f"a{a.id}",
                "analyst": a.analyst,
                "label": a.label,
                "start": a.start,
                "end": a.end,
                "attributes": a.attributes,
            }
            for a in t.annotations
        ],
        "relations": [
            {"id": f"r{r.id}", "analyst": r.analyst, "type": r.type, "from": f"a{r.source_id}", "to": f"a{r.target_id}"}
            for r in t.relations
        ],
    }
    source = tmp_path / "tricky.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    project = Project.open(tmp_path / "project.sqlite", analyst="olena", reviewer=True)
    try:
        project.import_paths([source])
        (document,) = project.document_summaries()
        stored = project.annotations(document.id)
        relations = project.relations(document.id)
        reader = open_claims_file(tmp_path / "project.sqlite")  # the command line's plain-sqlite3 reader
        assert reader is not None, "a project of this version is read without SQLAlchemy"
        try:
            for analyst in ("olena", "ivan"):
                from_sql = [claim_of_record(r) for r in iter_claim_records(project, analyst)]
                from_file = [claim_of_record(r) for r in reader.iter_claim_records(analyst)]
                from_core = [c for c in build_claims(TEXT, stored, relations) if c.analyst == analyst]
                assert from_sql == from_core, analyst
                assert from_file == from_core, analyst
        finally:
            reader.close()
        olena = {c.guarantee.text: c for c in build_claims(TEXT, stored, relations) if c.analyst == "olena"}
    finally:
        project.close()
    # the case is as tricky as it says: each rule decided something
    assert olena["troops"].quote is not None and olena["troops"].quote.text == "send troops to Ukraine if Vilnius"
    assert texts(olena["troops"].speakers) == ["Rasmussen"]
    assert not outer.start <= TEXT.index("weapons") < outer.end  # in no quote: its condition's quote is taken
    assert olena["weapons"].quote is not None and olena["weapons"].quote.start == outer.start
    assert texts(olena["weapons"].speakers) == ["Poland"]

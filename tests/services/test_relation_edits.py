"""Relations made, changed, deleted and put back through the Project: checked against the schema, saved at once."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError
from annotator.services import Project

from .helpers import ann, write_jsonl

TEXT = "Rasmussen said a group of NATO member countries may send troops to Ukraine if the summit in Vilnius fails."
OTHER = "Stoltenberg said guarantees will be discussed."

PARTS = {
    "rasmussen": ("Rasmussen", "actor"),
    "quote": ("a group of NATO member countries may send troops to Ukraine", "quote"),
    "nato": ("a group of NATO member countries", "actor"),
    "troops": ("send troops", "guarantee_type"),
    "ukraine": ("Ukraine", "actor"),
    "condition": ("if the summit in Vilnius fails", "condition"),
}


@pytest.fixture
def db(tmp_path, project_db):
    path = project_db
    source = write_jsonl(
        tmp_path / "articles.jsonl",
        {
            "id": "rasmussen",
            "text": TEXT,
            "annotations": [ann(TEXT, needle, label, id=key, analyst="olena") for key, (needle, label) in PARTS.items()]
            + [
                ann(TEXT, "Rasmussen", "actor", id="m-rasmussen", analyst="mykola"),
                ann(TEXT, "NATO member countries may send troops", "quote", id="m-quote", analyst="mykola"),
            ],
            "relations": [{"id": "r", "type": "speaker", "from": "m-quote", "to": "m-rasmussen", "analyst": "mykola"}],
        },
        {"id": "stoltenberg", "text": OTHER, "annotations": [ann(OTHER, "Stoltenberg", "actor", analyst="olena")]},
    )
    setup = Project.open(path, analyst="olena")
    setup.import_paths([source])
    setup.close()
    return path


@pytest.fixture
def olena(db):
    project = Project.open(db, analyst="olena")
    yield project
    project.close()


def doc_id(project, external_id="rasmussen"):
    return next(d.id for d in project.document_summaries() if d.external_id == external_id)


def part(project, key, analyst="olena", external_id="rasmussen"):
    """The id of an annotation by its text (and label, for the two that share one)."""
    needle, label = PARTS.get(key, (key, None))
    return next(
        a.id
        for a in project.annotations(doc_id(project, external_id), [analyst])
        if project.document(a.document_id).text[a.start : a.end] == needle and (label is None or a.label == label)
    )


def links(project, analyst="olena"):
    """The relations of the article as a user reads them: type, source text, target text."""
    document = project.document(doc_id(project))
    by_id = {a.id: document.text[a.start : a.end] for a in project.annotations(document.id)}
    return sorted(
        (r.type, by_id[r.source_id], by_id[r.target_id]) for r in project.relations(document.id) if r.analyst == analyst
    )


def heard(project):
    changes = []
    project.subscribe(changes.append)
    return changes


def test_a_guarantee_gets_its_provider_and_recipient_saved_and_announced(db, olena):
    changes = heard(olena)
    troops, nato, ukraine = part(olena, "troops"), part(olena, "nato"), part(olena, "ukraine")
    provider = olena.add_relation(doc_id(olena), "provider", troops, nato, initiator="view")
    olena.add_relation(doc_id(olena), "recipient", troops, ukraine)
    assert (provider.analyst, provider.type) == ("olena", "provider")
    assert [(c.kind, c.annotation_ids, c.initiator) for c in changes] == [
        ("relations", (troops, nato), "view"),
        ("relations", (troops, ukraine), None),
    ]
    assert changes[0].relation_ids == (provider.id,)
    reopened = Project.open(db, analyst="olena")  # committed: another session sees them
    try:
        assert links(reopened) == [
            ("provider", "send troops", "a group of NATO member countries"),
            ("recipient", "send troops", "Ukraine"),
        ]
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("type_key", "source", "target", "reason"),
    [
        ("speaker", "rasmussen", "quote", "a speaker relation starts at a Quote, not at an Actor"),
        (
            "condition_of",
            "condition",
            "nato",
            "a condition_of relation ends at a Guarantee type or a Quote, not at an Actor",
        ),
        ("founder", "nato", "ukraine", "no relation type 'founder' in this project's schema"),
    ],
)
def test_a_relation_the_schema_does_not_allow_is_refused_with_its_reason(olena, type_key, source, target, reason):
    changes = heard(olena)
    with pytest.raises(AnnotatorError) as refused:
        olena.add_relation(doc_id(olena), type_key, part(olena, source), part(olena, target))
    assert str(refused.value) == reason
    assert links(olena) == [] and changes == []


def test_the_same_relation_twice_is_refused_but_another_type_for_the_pair_is_not(olena):
    troops, nato = part(olena, "troops"), part(olena, "nato")
    olena.add_relation(doc_id(olena), "provider", troops, nato)
    with pytest.raises(AnnotatorError, match="already linked by a provider relation"):
        olena.add_relation(doc_id(olena), "provider", troops, nato)
    olena.add_relation(doc_id(olena), "recipient", troops, nato)
    assert [t for t, _, _ in links(olena)] == ["provider", "recipient"]


def test_ends_that_cannot_be_linked_are_refused(olena):
    here, quote = doc_id(olena), part(olena, "quote")
    elsewhere = part(olena, "Stoltenberg", external_id="stoltenberg")
    with pytest.raises(AnnotatorError, match="two different annotations"):
        olena.add_relation(here, "speaker", quote, quote)
    with pytest.raises(AnnotatorError, match="same document"):
        olena.add_relation(here, "speaker", quote, elsewhere)
    with pytest.raises(AnnotatorError, match=f"annotation {quote} is not in document {doc_id(olena, 'stoltenberg')}"):
        olena.add_relation(doc_id(olena, "stoltenberg"), "speaker", quote, part(olena, "rasmussen"))
    with pytest.raises(AnnotatorError, match="no annotation with id 999999"):
        olena.add_relation(here, "speaker", quote, 999999)
    with pytest.raises(AnnotatorError, match="belong to olena and mykola"):
        olena.add_relation(here, "speaker", quote, part(olena, "Rasmussen", "mykola"))
    with pytest.raises(AnnotatorError, match="belongs to mykola; you can change only your own"):
        olena.add_relation(
            here,
            "speaker",
            part(olena, "NATO member countries may send troops", "mykola"),
            part(olena, "Rasmussen", "mykola"),
        )
    assert links(olena) == []


def test_a_reviewer_links_an_analysts_annotations_as_that_analysts_relation(db):
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    try:
        quote = part(reviewer, "NATO member countries may send troops", "mykola")
        speaker = part(reviewer, "Rasmussen", "mykola")
        reviewer.delete_relation(reviewer.relations(doc_id(reviewer))[0].id)
        relation = reviewer.add_relation(doc_id(reviewer), "speaker", quote, speaker)
        assert relation.analyst == "mykola"
    finally:
        reviewer.close()


def test_a_deleted_relation_comes_back_under_its_id_even_after_a_newer_one(olena):
    here = doc_id(olena)
    speaker = olena.add_relation(here, "speaker", part(olena, "quote"), part(olena, "rasmussen"))
    changes = heard(olena)
    deleted = olena.delete_relation(speaker.id)
    assert deleted == speaker and links(olena) == []
    newer = olena.add_relation(here, "condition_of", part(olena, "condition"), part(olena, "troops"))
    assert newer.id != speaker.id  # the deleted relation's id is kept for its undo
    assert olena.restore_relation(deleted) == speaker
    assert olena.relation(speaker.id) == speaker
    assert [c.relation_ids for c in changes] == [(speaker.id,), (newer.id,), (speaker.id,)]
    assert all(c.kind == "relations" for c in changes)


def test_an_import_never_takes_the_id_of_a_deleted_relation(olena, tmp_path):
    """Delete the newest relation, import more work, then undo the delete: it comes back under its id."""
    here = doc_id(olena)
    speaker = olena.add_relation(here, "speaker", part(olena, "quote"), part(olena, "rasmussen"))
    deleted = olena.delete_relation(speaker.id)
    more = write_jsonl(
        tmp_path / "more.jsonl",
        {
            "id": "more",
            "text": OTHER,
            "annotations": [
                ann(OTHER, "Stoltenberg said guarantees will be discussed", "quote", id="q", analyst="olena"),
                ann(OTHER, "Stoltenberg", "actor", id="s", analyst="olena"),
            ],
            "relations": [{"type": "speaker", "from": "q", "to": "s", "analyst": "olena"}],
        },
    )
    assert olena.import_paths([more]).relations_added == 1
    assert olena.restore_relation(deleted) == speaker


def test_changing_the_type_is_checked_and_saved(olena):
    troops, nato = part(olena, "troops"), part(olena, "nato")
    provider = olena.add_relation(doc_id(olena), "provider", troops, nato)
    olena.add_relation(doc_id(olena), "recipient", troops, part(olena, "ukraine"))
    changed = olena.update_relation(provider.id, type="recipient")
    assert (changed.id, changed.type) == (provider.id, "recipient")
    with pytest.raises(AnnotatorError, match="a speaker relation starts at a Quote"):
        olena.update_relation(provider.id, type="speaker")
    with pytest.raises(AnnotatorError, match="already linked by a recipient relation"):
        olena.add_relation(doc_id(olena), "recipient", troops, nato)
    assert links(olena) == [
        ("recipient", "send troops", "Ukraine"),
        ("recipient", "send troops", "a group of NATO member countries"),
    ]


def test_reversing_is_checked_against_the_schema(olena, tmp_path):
    speaker = olena.add_relation(doc_id(olena), "speaker", part(olena, "quote"), part(olena, "rasmussen"))
    with pytest.raises(AnnotatorError, match="a speaker relation starts at a Quote, not at an Actor"):
        olena.update_relation(speaker.id, reverse=True)
    # a type of the project's own (from an imported file) joins any labels: it can be turned round
    olena.import_paths(
        [
            write_jsonl(
                tmp_path / "ally.jsonl",
                {
                    "id": "rasmussen",
                    "text": TEXT,
                    "annotations": [ann(TEXT, "Ukraine", "actor", id="u"), ann(TEXT, "NATO", "actor", id="n")],
                    "relations": [{"type": "ally_of", "from": "n", "to": "u"}],
                },
            )
        ]
    )
    ally = next(r for r in olena.relations(doc_id(olena)) if r.type == "ally_of")
    turned = olena.update_relation(ally.id, reverse=True)
    assert (turned.source_id, turned.target_id) == (ally.target_id, ally.source_id)
    assert ("ally_of", "Ukraine", "NATO") in links(olena)


def test_a_blind_session_sees_only_its_own_relations_and_cannot_touch_others(db, olena):
    olena.add_relation(doc_id(olena), "speaker", part(olena, "quote"), part(olena, "rasmussen"))
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    reviewer.set_blind(True)
    theirs = next(r for r in reviewer.relations(doc_id(reviewer)) if r.analyst == "mykola")
    reviewer.close()
    assert [r.analyst for r in olena.relations(doc_id(olena))] == ["olena"]
    with pytest.raises(AnnotatorError):
        olena.relation(theirs.id)
    with pytest.raises(AnnotatorError, match="belongs to mykola"):
        olena.delete_relation(theirs.id)
    with pytest.raises(AnnotatorError, match="belongs to mykola"):
        olena.update_relation(theirs.id, type="speaker", reverse=True)

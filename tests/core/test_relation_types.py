"""Relation types in the label schema: which pairs of labels each type may join, and why a relation does not fit."""

from __future__ import annotations

import pytest

from annotator.core.labels import LabelSchema, default_schema


@pytest.fixture(scope="module")
def schema() -> LabelSchema:
    return default_schema()


def test_default_schema_holds_the_four_relation_types_with_their_ends(schema):
    ends = {r.key: (set(r.sources), set(r.targets)) for r in schema.relations}
    assert ends == {
        "speaker": ({"quote"}, {"actor"}),
        "provider": ({"guarantee_type"}, {"actor"}),
        "recipient": ({"guarantee_type"}, {"actor"}),
        "condition_of": ({"condition"}, {"guarantee_type", "quote"}),
    }


@pytest.mark.parametrize(
    ("source", "target", "types"),
    [
        ("guarantee_type", "actor", ["provider", "recipient"]),
        ("quote", "actor", ["speaker"]),
        ("condition", "guarantee_type", ["condition_of"]),
        ("condition", "quote", ["condition_of"]),
        ("actor", "quote", []),  # a speaker relation goes the other way
        ("actor", "actor", []),
    ],
)
def test_fitting_types_of_a_pair(schema, source, target, types):
    assert schema.fitting_types(source, target) == types


@pytest.mark.parametrize(
    ("type_key", "source", "target"),
    [
        ("speaker", "quote", "actor"),
        ("provider", "guarantee_type", "actor"),
        ("recipient", "guarantee_type", "actor"),
        ("condition_of", "condition", "guarantee_type"),
        ("condition_of", "condition", "quote"),
    ],
)
def test_relations_that_fit_have_no_problem(schema, type_key, source, target):
    assert schema.relation_problem(type_key, source, target) is None


def test_an_unknown_type_is_named(schema):
    assert schema.relation_problem("founder", "actor", "actor") == "no relation type 'founder' in this project's schema"


def test_a_source_the_type_does_not_allow_is_named_with_what_it_allows(schema):
    assert (
        schema.relation_problem("speaker", "condition", "actor")
        == "a speaker relation starts at a Quote, not at a Condition"
    )


def test_a_target_the_type_does_not_allow_is_named_with_what_it_allows(schema):
    assert (
        schema.relation_problem("condition_of", "condition", "actor")
        == "a condition_of relation ends at a Guarantee type or a Quote, not at an Actor"
    )


def test_a_reversed_relation_does_not_fit(schema):
    assert schema.relation_problem("provider", "actor", "guarantee_type") is not None


def test_an_added_type_joins_any_labels_and_survives_a_round_trip(schema):
    grown, added = schema.with_relation_type("Family")
    assert added.key == "Family"
    assert schema.relation_type("Family") is None  # the schema itself is unchanged
    assert grown.relation_problem("Family", "PER", "PER") is None
    assert "Family" in grown.fitting_types("actor", "quote")
    assert LabelSchema.from_json(grown.to_json()).relation_problem("Family", "ORG", "LOC") is None


def test_adding_a_type_the_schema_has_under_another_spelling_adds_nothing(schema):
    same, found = schema.with_relation_type("Condition Of")
    assert same is schema
    assert found.key == "condition_of"

"""The label schema: defaults, name resolution, adding unknown labels, serialisation."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.guidelines import Guideline
from annotator.core.labels import AttributeDef, LabelDef, LabelSchema, RelationTypeDef, default_schema

PROPS = settings(max_examples=200, deadline=None)

GUARANTEE_TYPES = {
    "membership",
    "collective_defence",
    "bilateral_assurance",
    "weapons_supply",
    "munitions_production",
    "intelligence_sharing",
    "joint_training",
    "interoperability",
    "troop_deployment",
    "financial_support",
    "other",
}


@pytest.fixture(scope="module")
def schema() -> LabelSchema:
    return default_schema()


# ----------------------------------------------------------------- default schema


def test_default_labels_and_shortcuts(schema):
    assert schema.keys == ["quote", "condition", "actor", "guarantee_type"]
    assert [lb.shortcut for lb in schema] == ["1", "2", "3", "4"]
    for n, key in enumerate(schema.keys, start=1):
        assert schema.by_shortcut(str(n)).key == key
    assert schema.by_shortcut("5") is None
    assert schema.by_shortcut("") is None
    assert schema.get("guarantee_type").name == "Guarantee type"
    assert len(schema) == 4


def test_default_labels_have_colours_and_guidelines(schema):
    colours = [lb.colour for lb in schema]
    assert len(set(colours)) == 4
    assert all(c.startswith("#") and len(c) == 7 for c in colours)
    assert all(lb.guideline.definition.strip() for lb in schema)


def test_default_attributes(schema):
    gt = schema.get("guarantee_type").attribute("type")
    assert gt is not None
    assert len(gt.values) == 11
    assert set(gt.values) == GUARANTEE_TYPES
    assert {"collective_defence", "troop_deployment"} <= set(gt.values)
    assert set(schema.get("actor").attribute("kind").values) == {"person", "state", "organisation", "group"}
    assert set(schema.get("quote").attribute("mode").values) == {"direct", "reported"}
    assert schema.get("condition").attributes == ()
    assert schema.get("quote").attribute("kind") is None


def test_default_relations(schema):
    rel = {r.key: r for r in schema.relations}
    assert set(rel) == {"speaker", "condition_of", "provider", "recipient"}
    assert rel["speaker"].sources == ("quote",) and rel["speaker"].targets == ("actor",)
    assert set(rel["condition_of"].targets) == {"guarantee_type", "quote"}
    for key in ("provider", "recipient"):
        assert rel[key].sources == ("guarantee_type",) and rel[key].targets == ("actor",)
    # relation endpoints name labels of the schema
    for r in schema.relations:
        assert all(schema.get(k) is not None for k in r.sources + r.targets)


def test_default_schema_is_a_fresh_equal_value():
    assert default_schema() == default_schema()


# ----------------------------------------------------------------- resolve


@pytest.mark.parametrize(
    "name,key",
    [
        ("quote", "quote"),
        ("Quote", "quote"),
        ("QUOTE", "quote"),
        ("guarantee_type", "guarantee_type"),
        ("Guarantee type", "guarantee_type"),
        ("guarantee type", "guarantee_type"),
        ("GUARANTEE-TYPE", "guarantee_type"),
        ("Guarantee  Type", "guarantee_type"),
        ("guaranteetype", "guarantee_type"),
        (" actor ", "actor"),
        ("Condition", "condition"),
    ],
)
def test_resolve_by_key_name_case_and_separators(schema, name, key):
    label = schema.resolve(name)
    assert label is not None and label.key == key


@pytest.mark.parametrize("name", ["quotes", "guarantee", "speaker", "", "1", "act or x"])
def test_resolve_unknown_is_none(schema, name):
    assert schema.resolve(name) is None


def test_get_is_exact(schema):
    assert schema.get("Quote") is None
    assert schema.get("quote").key == "quote"


# ----------------------------------------------------------------- with_label


def test_with_label_known_name_returns_same_schema(schema):
    same, label = schema.with_label("Guarantee Type")
    assert same is schema
    assert label.key == "guarantee_type"


def test_with_label_adds_unknown_label(schema):
    new, label = schema.with_label(" Security Guarantee ")
    assert label.key == "Security Guarantee"  # the file's spelling, so exports write it back as it came
    assert label.name == "Security Guarantee"
    assert label.shortcut == "5"
    assert label.colour.startswith("#") and label.colour not in {lb.colour for lb in schema}
    assert new.keys == schema.keys + ["Security Guarantee"]
    assert new.resolve("security guarantee") == label
    assert schema.keys == ["quote", "condition", "actor", "guarantee_type"]  # original untouched


def test_with_label_keeps_the_spelling_of_labels_near_existing_ones(schema):
    # "Quote!" is not the quote label (the "!" is not a separator): it is a label of its own
    new, label = schema.with_label("Quote!")
    assert label.key == "Quote!"
    new2, label2 = new.with_label("Quote?")
    assert label2.key == "Quote?"
    assert label2.shortcut == "6"
    assert new2.keys == schema.keys + ["Quote!", "Quote?"]


def test_shortcuts_run_out_after_nine(schema):
    s = schema
    for n in range(10):
        s, label = s.with_label(f"extra {chr(ord('a') + n)}")
    shortcuts = [lb.shortcut for lb in s]
    assert len(s) == 14
    assert shortcuts[:9] == [str(d) for d in range(1, 10)]
    assert shortcuts[9:] == [""] * 5
    assert len(set(s.keys)) == 14


names = st.text(
    alphabet=st.sampled_from(list("abcXYZ _-!.9") + ["\u0627", "\u05d0", "\U0001f600", "é"]),
    min_size=1,
    max_size=12,
).filter(str.strip)  # whitespace-only names: see the xfail test below


@PROPS
@given(st.lists(names, max_size=12))
def test_with_label_keeps_keys_and_shortcuts_unique(added):
    s = default_schema()
    for name in added:
        before = s
        s, label = s.with_label(name)
        if before.resolve(name) is not None:
            assert s is before and label == before.resolve(name)
            continue
        assert len(s) == len(before) + 1
        assert s.labels[-1] == label
        assert label.key not in before.keys
        assert label.key and label.name
        free = [str(d) for d in range(1, 10) if str(d) not in {lb.shortcut for lb in before}]
        assert label.shortcut == (free[0] if free else "")
        # asking again for the same name finds a label rather than adding one more
        again, found = s.with_label(name)
        assert again is s and found is not None
    keys = s.keys
    assert len(set(keys)) == len(keys)
    shortcuts = [lb.shortcut for lb in s if lb.shortcut]
    assert len(set(shortcuts)) == len(shortcuts)


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_with_label_refuses_blank_names(schema, blank):
    # a blank name could never resolve to the label it created, so each import would add another
    with pytest.raises(ValueError):
        schema.with_label(blank)


# ----------------------------------------------------------------- serialisation


def test_default_round_trip(schema):
    assert LabelSchema.from_dict(schema.to_dict()) == schema
    assert LabelSchema.from_json(schema.to_json()) == schema
    json.loads(schema.to_json())  # valid JSON


def test_from_dict_defaults():
    s = LabelSchema.from_dict({"labels": [{"key": "x", "shortcut": 7}]})
    lb = s.get("x")
    assert lb == LabelDef(key="x", name="x", colour="#999999", shortcut="7")
    assert s.relations == ()
    assert LabelSchema.from_dict({}) == LabelSchema(())


idents = st.text(alphabet=st.sampled_from(list("abcxyz_") + ["é", "\u05d0"]), min_size=1, max_size=8)
free_text = st.text(max_size=20)
attributes = st.builds(AttributeDef, idents, st.lists(idents, max_size=4).map(tuple))
label_defs = st.builds(
    LabelDef,
    key=idents,
    name=free_text,
    colour=st.sampled_from(["#E69F00", "#56B4E9", "#000000"]),
    shortcut=st.sampled_from(["", "1", "9", "q"]),
    guideline=st.builds(Guideline, idents, st.lists(idents, max_size=2).map(tuple)),
    attributes=st.lists(attributes, max_size=3).map(tuple),
)
relation_defs = st.builds(
    RelationTypeDef, idents, st.lists(idents, max_size=3).map(tuple), st.lists(idents, max_size=3).map(tuple)
)
schemas = st.builds(
    LabelSchema, st.lists(label_defs, max_size=6).map(tuple), st.lists(relation_defs, max_size=4).map(tuple)
)


@PROPS
@given(schemas)
def test_round_trip_property(s):
    assert LabelSchema.from_dict(s.to_dict()) == s
    assert LabelSchema.from_json(s.to_json()) == s
    assert LabelSchema.from_dict(json.loads(json.dumps(s.to_dict()))).to_dict() == s.to_dict()

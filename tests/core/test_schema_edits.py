"""Schema edits as pure functions: keys kept, clashes refused, orphans found, changes described; default guidelines."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from annotator.core.guidelines import Guideline
from annotator.core.labels import AttributeDef, LabelSchema, RelationTypeDef, default_schema
from annotator.core.schema_edits import (
    OKABE_ITO,
    SchemaError,
    SchemaUsage,
    add_label,
    changes,
    move_label,
    orphans,
    rekey_label,
    remove_label,
    update_label,
)
from annotator.core.shipped import seeds_folder

SAMPLE = seeds_folder() / "000_846610f6cf9f79d3.txt"


def test_a_new_label_gets_a_key_from_its_name_and_an_unused_okabe_ito_colour():
    schema, label = add_label(default_schema(), "Timeline", "5")
    assert (label.key, label.name, label.shortcut) == ("timeline", "Timeline", "5")
    assert label.colour in dict(OKABE_ITO).values()
    assert label.colour not in {lb.colour for lb in default_schema()}
    assert schema.keys[-1] == "timeline"
    _, again = add_label(schema, "Time-line")
    assert again.key == "time_line"


@pytest.mark.parametrize(
    ("name", "shortcut", "colour", "reason"),
    [
        ("", "5", "", "needs a name"),
        ("actor", "5", "", "already called 'Actor'"),
        ("Timeline", "1", "", "key 1 already tags Quote"),
        ("Timeline", "55", "", "one character"),
        ("Timeline", "5", "red", "#RRGGBB"),
    ],
)
def test_clashing_or_malformed_labels_are_refused_with_the_reason(name, shortcut, colour, reason):
    with pytest.raises(SchemaError, match=re.escape(reason)):
        add_label(default_schema(), name, shortcut, colour)


def test_renaming_keeps_the_key_and_reordering_moves_only_that_label():
    schema = default_schema()
    renamed = update_label(schema, replace(schema.get("quote"), name="Statement", colour="#0072B2"))
    assert renamed.get("quote").name == "Statement"
    assert renamed.keys == schema.keys
    moved = move_label(schema, "actor", 0)
    assert moved.keys == ["actor", "quote", "condition", "guarantee_type"]


def test_removing_a_label_drops_relation_types_left_without_an_end():
    schema = remove_label(default_schema(), "actor")
    assert schema.get("actor") is None
    assert [r.key for r in schema.relations] == ["condition_of"]
    assert remove_label(default_schema(), "quote").relation_type("condition_of").targets == ("guarantee_type",)


def test_orphans_name_labels_values_and_relations_in_use():
    old = default_schema()
    usage = SchemaUsage(
        labels={"actor": 3, "quote": 1},
        values={("actor", "kind", "state"): 2, ("quote", "mode", "direct"): 1},
        relations={("speaker", "quote", "actor"): 1},
    )
    actor = old.get("actor")
    fewer_kinds = replace(actor, attributes=(AttributeDef("kind", ("person",)),))
    new = update_label(old, fewer_kinds)
    assert orphans(old, new, usage) == ["drops value 'state' of actor.kind, used by 2 annotations"]
    assert orphans(old, remove_label(old, "actor"), usage) == [
        "drops label 'actor', used by 3 annotations",
        "drops relation type 'speaker', used by 1 relation",
    ]
    no_mode = update_label(old, replace(old.get("quote"), attributes=()))
    assert orphans(old, no_mode, usage) == ["drops attribute 'mode' of 'quote', holding 'direct' in 1 annotation"]
    narrowed = replace(old, relations=(RelationTypeDef("speaker", ("quote",), ("condition",)),))
    assert "no longer goes from quote to actor" in orphans(old, narrowed, usage)[0]
    assert orphans(old, remove_label(old, "condition"), usage) == []


def test_changes_are_described_one_line_each():
    old = default_schema()
    new, _ = add_label(old, "Timeline", "5")
    new = update_label(new, replace(new.get("actor"), colour="#0072B2"))
    new = move_label(new, "actor", 0)
    assert changes(old, new) == [
        "actor: colour #009E73 -> #0072B2",
        "added label timeline (Timeline, key 5)",
        "labels reordered: actor, quote, condition, guarantee_type, timeline",
    ]
    assert changes(old, old) == []


def test_guidelines_round_trip_and_old_plain_text_guidelines_still_load():
    schema = default_schema()
    assert LabelSchema.from_json(schema.to_json()) == schema
    old = LabelSchema.from_dict({"labels": [{"key": "x", "guideline": "  Mark names. "}]})
    assert old.get("x").guideline == Guideline(definition="Mark names.")
    assert not Guideline()


def test_default_guidelines_cover_every_label_and_guarantee_type_with_examples_from_the_sample():
    schema = default_schema()
    sample = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    types = schema.get("guarantee_type").attribute("type")
    guidelines = [lb.guideline for lb in schema] + [types.guideline_of(v) for v in types.values]
    assert all(g is not None and g.definition and g.include and g.exclude and g.examples for g in guidelines)
    for guideline in guidelines:
        for example in guideline.examples:
            if example.startswith("(none in the sample"):
                continue
            for piece in re.split(r"\.\.\.|\[|\]", example):  # [...] marks the span, ... a cut
                assert piece.strip(' "') in sample, piece


def test_an_unused_label_can_take_a_key_from_its_new_name_and_relation_types_follow():
    schema, label = add_label(default_schema(), "New label", "5")
    schema = replace(schema, relations=(*schema.relations, RelationTypeDef("when", ("new_label",), ("quote",))))
    renamed, key = rekey_label(schema, label.key, "Timeline")
    assert key == "timeline"
    assert renamed.get("new_label") is None and renamed.get("timeline").shortcut == "5"
    assert renamed.relation_type("when").sources == ("timeline",)
    assert rekey_label(renamed, "timeline", "Actor")[1] == "actor_2"  # never another label's key

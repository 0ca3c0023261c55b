"""Tag all occurrences: the places found, in one article or the corpus, and the count of those still to tag."""

from __future__ import annotations

import pytest

from annotator.services import Project
from annotator.services.bulk_tagging import add_annotations, remove_annotations
from annotator.services.tag_all import occurrences, preview

from .helpers import ann, write_jsonl

FIRST = "NATO said so.\r\nThe NATO summit; NATO's allies, NATOs and nato. 🇺🇦 NATO"
SECOND = "Nothing about the alliance here."
THIRD = "שלום NATO עולם, (NATO)."


@pytest.fixture
def project(tmp_path, project_db):
    source = write_jsonl(
        tmp_path / "work.jsonl",
        {"id": "first", "text": FIRST, "annotations": [ann(FIRST, "NATO", "actor", analyst="olena")]},
        {"id": "second", "text": SECOND},
        {"id": "third", "text": THIRD, "annotations": [ann(THIRD, "NATO", "actor", analyst="mykola")]},
    )
    project = Project.open(project_db, analyst="olena")
    project.import_paths([source])
    yield project
    project.close()


def _ids(project):
    return {project.document(d).external_id: d for d in project.document_ids()}


def test_in_one_article_whole_words_and_case_count(project):
    first = _ids(project)["first"]
    text = project.document(first).text  # the CRLF became one line end on import
    places = occurrences(project, "NATO", document_id=first)
    found = [text[s:e] for s, e in places[first]]
    assert found == ["NATO"] * 4  # "NATO's" counts, "NATOs" and "nato" do not
    assert len(occurrences(project, "NATO", document_id=first, match_case=False)[first]) == 5
    emoji_place = text.rindex("NATO")
    assert (emoji_place, emoji_place + 4) in places[first]  # code points, after a flag


def test_across_the_corpus_and_what_is_left_to_tag(project):
    ids = _ids(project)
    places = occurrences(project, "NATO")
    assert sorted(places) == sorted([ids["first"], ids["third"]])
    counted = preview(project, places, "actor")
    assert (counted.found, counted.articles) == (6, 2)
    assert counted.to_tag == 5  # olena tagged the first one; mykola's tag in "third" is not hers


def test_tagging_the_preview_is_one_step_and_undone_in_one(project, tmp_path, project_db):
    places = occurrences(project, "NATO")
    added = add_annotations(project, preview(project, places, "actor").places, "actor", {"kind": "organisation"})
    assert len(added) == 5 and all(a.attributes == {"kind": "organisation"} for a in added)
    assert preview(project, occurrences(project, "NATO"), "actor").to_tag == 0
    again = Project.open(project_db, analyst="reader")  # what another process reads
    assert sum(1 for d in again.document_ids() for a in again.annotations(d, ["olena"]) if a.label == "actor") == 6
    again.close()
    remove_annotations(project, added)
    assert preview(project, occurrences(project, "NATO"), "actor").to_tag == 5


def test_blank_text_finds_nothing(project):
    assert occurrences(project, "  ") == {}

"""The Project facade: opening, the analyst of a session, and edits with their change notices."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.errors import AnnotatorError, NotFound
from annotator.services import Change, Project
from annotator.services.user_settings import UserSettings

from .helpers import write_jsonl

TEXT = "In Vilnius,   Rasmussen said Poland may send troops.\n\nNothing else."


@pytest.fixture
def project(tmp_path, project_db):
    p = Project.open(project_db, analyst="olena")
    write_jsonl(tmp_path / "in.jsonl", {"id": "vilnius", "text": TEXT}, {"id": "second", "text": "A second article."})
    p.import_paths([tmp_path / "in.jsonl"])
    yield p
    p.close()


@pytest.fixture
def doc_id(project):
    return project.repository.document_by_external_id("vilnius").id


@pytest.fixture
def changes(project):
    seen: list[Change] = []
    project.subscribe(seen.append)
    return seen


def test_new_project_file_starts_empty(tmp_path):
    project = Project.open(tmp_path / "fresh.sqlite", analyst="olena")
    try:
        assert project.document_count() == 0
        assert project.document_summaries() == []
        assert project.analysts() == []
        assert project.last_document_id() is None
        assert project.schema.keys == ["quote", "condition", "actor", "guarantee_type"]
    finally:
        project.close()


def test_default_project_is_seeded_once_with_the_sample_article(isolated_user_folders):
    _, data_home = isolated_user_folders
    project = Project.open(None, analyst="olena")
    try:
        assert project.location.startswith(str(data_home))
        assert project.document_count() == 1
        (document_id,) = project.document_ids()
        sample = project.document(document_id)
        assert sample.text.startswith("Some NATO member countries")
        assert sample.meta["date"] == "2023-06-16"
        assert sample.meta["location"] == "Kyiv, Ukraine"
        assert project.annotations(document_id) == []
    finally:
        project.close()

    # The user removes the sample article; opening the default project again must not bring it back.
    with sqlite3.connect(project.location) as conn:
        conn.execute("DELETE FROM documents")
    conn.close()
    again = Project.open(None, analyst="olena")
    try:
        assert again.location == project.location
        assert again.document_count() == 0
    finally:
        again.close()


def test_analyst_is_explicit_then_saved_setting_then_login_name(tmp_path, monkeypatch, project_db):
    monkeypatch.setenv("LOGNAME", "login-user")
    db = project_db

    def analyst_of(explicit=None) -> str:
        project = Project.open(db, analyst=explicit)
        project.close()
        return project.analyst

    assert analyst_of() == "login-user"
    UserSettings().set("analyst", "saved-olena")
    assert analyst_of() == "saved-olena"
    assert analyst_of("  explicit-taras ") == "explicit-taras"
    with pytest.raises(AnnotatorError, match="--analyst: analyst name is blank"):
        analyst_of("   ")  # a blank --analyst is no name: refused, never silently replaced
    UserSettings().set("analyst", "\x1b[31mred")
    assert analyst_of() == "login-user"  # a saved name with an ESC sequence is passed over


def test_add_trims_the_selection_and_notifies(project, doc_id, changes):
    start = TEXT.index("   Rasmussen")
    end = TEXT.index("said")  # the selection is "   Rasmussen " with spaces on both sides
    marker = object()
    added = project.add_annotation(doc_id, "actor", start, end, attributes={"kind": "person"}, initiator=marker)

    assert TEXT[added.start : added.end] == "Rasmussen"
    assert (added.analyst, added.label, dict(added.attributes)) == ("olena", "actor", {"kind": "person"})
    assert project.annotations(doc_id) == [added]
    # the edit itself, then the analyst's status moving to "in progress" with the first annotation
    assert changes == [Change("annotations", doc_id, (added.id,), marker), Change("status", doc_id)]


@pytest.mark.parametrize(
    "label, start, end, error",
    [
        ("threat", 0, 5, NotFound),  # not in the schema
        ("actor", 0, len(TEXT) + 1, AnnotatorError),  # beyond the text
        ("actor", -1, 4, AnnotatorError),
        ("actor", 7, 7, AnnotatorError),  # empty
        (
            "actor",
            TEXT.index(".\n") + 1,
            TEXT.index("Nothing"),
            AnnotatorError,
        ),  # only the blank lines between paragraphs
    ],
)
def test_add_refuses_bad_requests_and_stores_nothing(project, doc_id, changes, label, start, end, error):
    with pytest.raises(error):
        project.add_annotation(doc_id, label, start, end)
    assert project.annotations(doc_id) == []
    assert changes == []


def test_update_delete_restore_round_trip(project, doc_id, changes):
    actor = project.add_annotation(doc_id, "actor", *span("Rasmussen"), attributes={"kind": "person"})
    changes.clear()

    updated = project.update_annotation(
        actor.id,
        label="quote",
        start=span("Rasmussen said")[0],
        end=span("Rasmussen said")[1],
        attributes={"mode": "direct"},
        note="check",
    )
    assert updated.id == actor.id
    assert (TEXT[updated.start : updated.end], updated.label, dict(updated.attributes), updated.note) == (
        "Rasmussen said",
        "quote",
        {"mode": "direct"},
        "check",
    )
    assert project.annotation(actor.id) == updated
    with pytest.raises(NotFound):
        project.update_annotation(actor.id, label="threat")
    with pytest.raises(AnnotatorError):
        project.update_annotation(actor.id, end=len(TEXT) + 10)
    assert project.annotation(actor.id) == updated

    deleted, relations = project.delete_annotation(actor.id)
    assert project.annotations(doc_id) == []
    restored = project.restore_annotation(deleted, relations)
    assert restored == updated
    assert project.annotations(doc_id) == [updated]

    assert [(c.kind, c.document_id, c.annotation_ids) for c in changes] == [("annotations", doc_id, (actor.id,))] * 3


def test_last_document_is_remembered_per_analyst(tmp_path, project):
    first, second = project.document_ids()
    assert project.last_document_id() == first
    project.remember_document(second)
    project.close()

    olena = Project.open(project.location, analyst="olena")
    taras = Project.open(project.location, analyst="taras")
    try:
        assert olena.last_document_id() == second
        assert taras.last_document_id() == first
        taras.remember_document(first)
        assert olena.last_document_id() == second
    finally:
        olena.close()
        taras.close()


def span(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)

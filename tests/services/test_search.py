"""Corpus search: exact hits in code points with context, whole words, regular expressions, spans, blind mode, the index."""

from __future__ import annotations

import re
import sqlite3

import pytest

from annotator.core.errors import AnnotatorError, NotFound
from annotator.services import Project
from annotator.services.bulk_tagging import add_annotations, remove_annotations, restore_annotations
from annotator.services.search import CorpusSearch, Mode, Query

from .helpers import ann, write_jsonl

FIRST = "Rasmussen said NATO's guarantees matter.\r\nNATO guarantee: «Україна» 🇺🇦 guaranteed, reguarantee."
SECOND = "Café and cafe\u0301 and CAFE; Stoltenberg, NATO, NATOs; שלום NATO עולם."


@pytest.fixture
def project(tmp_path, project_db):
    source = write_jsonl(
        tmp_path / "work.jsonl",
        {
            "id": "first",
            "text": FIRST,
            "annotations": [
                ann(FIRST, "Rasmussen", "actor", analyst="olena", attributes={"kind": "person"}),
                ann(FIRST, "NATO's guarantees", "guarantee_type", analyst="olena", attributes={"type": "membership"}),
                ann(FIRST, "NATO guarantee", "guarantee_type", analyst="mykola", attributes={"type": "other"}),
            ],
        },
        {"id": "second", "text": SECOND, "annotations": [ann(SECOND, "Stoltenberg", "actor", analyst="mykola")]},
    )
    project = Project.open(project_db, analyst="olena", reviewer=True)
    project.import_paths([source])
    yield project
    project.close()


def found(project, query: Query) -> list[tuple[str, str, str, str]]:
    return [(h.document, h.text, h.before[-8:], h.after[:8]) for h in CorpusSearch(project).search(query)]


def spans(project, query: Query) -> list[tuple[str, int, int]]:
    return [(h.document, h.start, h.end) for h in CorpusSearch(project).search(query)]


def test_plain_text_finds_words_starting_with_the_query_ignoring_case_in_code_points(project, project_db):
    text = project.document(project.document_ids()[0]).text  # the CRLF became one code point, "\n"
    hits = CorpusSearch(project).search(Query("guarantee"))
    assert [h.text for h in hits] == ["guarantee", "guarantee", "guarantee"]  # not inside "reguarantee"
    assert [text[h.start : h.end] for h in hits] == [h.text for h in hits]
    last = hits[-1]
    assert last.start == text.index("guaranteed")  # after the flag: two code points, not four UTF-16 units
    assert last.before.endswith("«Україна» 🇺🇦 ") and last.after.startswith("d, reguarantee")
    assert CorpusSearch(project).indexed == (not isinstance(project_db, str))  # a server scans the texts


def test_whole_words_only(project):
    assert spans(project, Query("guarantee", Mode.WORD)) == [
        ("first", FIRST.replace("\r\n", "\n").index("guarantee:"), FIRST.replace("\r\n", "\n").index("guarantee:") + 9)
    ]
    assert [h[1] for h in found(project, Query("nato", Mode.WORD))] == ["NATO", "NATO", "NATO", "NATO"]  # not NATOs
    # a combining mark is part of its word: "cafe" + U+0301 is not the word "cafe"
    assert [h[1] for h in found(project, Query("cafe", Mode.WORD))] == ["CAFE"]
    assert [h[1] for h in found(project, Query("café", Mode.WORD))] == ["Café"]
    assert [h[1] for h in found(project, Query("Україна", Mode.WORD))] == ["Україна"]
    rtl = CorpusSearch(project).search(Query("NATO", Mode.WORD))[-1]  # between right-to-left words
    assert (rtl.before[-5:], rtl.after) == ("שלום ", " עולם.")


def test_regular_expressions_scan_every_text(project):
    hits = CorpusSearch(project).search(Query(r"NATO\w*", Mode.REGEX))
    assert [h.text for h in hits] == ["NATO", "NATO", "NATO", "NATOs", "NATO"]
    assert [h.text for h in CorpusSearch(project).search(Query(r"\U0001f1fa\U0001f1e6", Mode.REGEX))] == ["🇺🇦"]
    with pytest.raises(AnnotatorError, match="not a regular expression"):
        CorpusSearch(project).search(Query("(unclosed", Mode.REGEX))


def test_punctuation_only_queries_are_found_without_the_index(project):
    assert [h.text for h in CorpusSearch(project).search(Query(";"))] == [";", ";"]


def test_span_queries_by_label_attribute_analyst_and_text(project):
    assert [(h.analyst, h.text) for h in CorpusSearch(project).search(Query(labels=("Guarantee type",)))] == [
        ("olena", "NATO's guarantees"),
        ("mykola", "NATO guarantee"),
    ]
    assert [h.text for h in CorpusSearch(project).search(Query(attribute=("type", "other")))] == ["NATO guarantee"]
    assert [h.text for h in CorpusSearch(project).search(Query(analysts=("mykola",)))] == [
        "NATO guarantee",
        "Stoltenberg",
    ]
    assert [h.text for h in CorpusSearch(project).search(Query("rasm", labels=("actor",)))] == ["Rasmussen"]
    with pytest.raises(NotFound, match="no label 'speech'.*quote"):
        CorpusSearch(project).search(Query(labels=("speech",)))


def test_blind_mode_shows_an_analyst_only_her_own_spans(tmp_path, project):
    project.set_blind(True)
    path = project.location
    olena = Project.open(path, analyst="olena", reviewer=False)
    try:
        assert [h.analyst for h in CorpusSearch(olena).search(Query(labels=("guarantee_type",)))] == ["olena"]
        with pytest.raises(AnnotatorError, match="blind mode"):
            CorpusSearch(olena).search(Query(analysts=("mykola",)))
        assert len(CorpusSearch(olena).search(Query("guarantee"))) == 3  # the texts are everyone's
    finally:
        olena.close()


@pytest.mark.sqlite_only(reason="checks SQLite's FTS5 index")
def test_index_follows_imports_and_deletes(tmp_path, project):
    more = write_jsonl(tmp_path / "more.jsonl", {"id": "third", "text": "A new guarantee from Kyiv."})
    project.import_paths([more])
    assert [h.document for h in CorpusSearch(project).search(Query("Kyiv"))] == ["third"]
    with sqlite3.connect(project.location) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM documents WHERE external_id = 'first'")
        conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
    assert [h.document for h in CorpusSearch(project).search(Query("guarantee"))] == ["third"]


@pytest.mark.sqlite_only(reason="compares SQLite's FTS5 index with the scan")
def test_index_and_scan_agree_on_random_words(project):
    """The index only narrows: every hit a scan of every text finds, the indexed search finds too."""
    search = CorpusSearch(project)
    words = set(re.findall(r"\w+", FIRST + SECOND))
    for word in sorted(words):
        for size in (2, len(word)):
            query = Query(word[:size])
            search.index._indexed = False
            scanned = search.search(query)
            search.index._indexed = True
            assert search.search(query) == scanned, word[:size]


def test_tagging_a_result_set_is_one_step_and_undoes_in_one(project):
    hits = CorpusSearch(project).search(Query("NATO", Mode.WORD))
    spans_by_document: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        spans_by_document.setdefault(h.document_id, []).append((h.start, h.end))
    added = add_annotations(project, spans_by_document, "actor", {"kind": "organisation"})
    assert len(added) == 4 and {a.attributes["kind"] for a in added} == {"organisation"}
    assert add_annotations(project, spans_by_document, "actor") == []  # already tagged: skipped
    remove_annotations(project, added)
    assert not CorpusSearch(project).search(Query("NATO", labels=("actor",)))
    restore_annotations(project, added)
    assert [h.annotation_id for h in CorpusSearch(project).search(Query("NATO", labels=("actor",)))] == [
        a.id for a in added
    ]

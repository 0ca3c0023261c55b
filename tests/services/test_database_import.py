"""Offline collaboration: each analyst's project file is brought into the reviewer's project.

The colleagues' files are real project files made on "their machines" (separate SQLite
files); the reviewer imports them through the command line and through Project.import_paths.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import AnnotatorError, BadInput
from annotator.services import Project
from tests.cli.helpers import SAMPLE, Cli

from .helpers import write_jsonl

SCHEMA_0001 = Path(__file__).resolve().parent.parent / "data" / "schema_0001.sqlite"

# (label, covered text, attributes) each analyst tags by hand, after a speaker relation
# (quote -> actor) that both drew the same way
WORK = {
    "olena": [
        ("actor", "NATO member countries", {"kind": "group"}),
        ("guarantee_type", "deployment of their troops", {"type": "troop_deployment"}),
        (
            "condition",
            "if the Alliance's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv",
            {},
        ),
    ],
    "mykola": [
        ("actor", "NATO member countries", {"kind": "group"}),
        ("guarantee_type", "security guarantees to Kiev", {"type": "other"}),
    ],
}
SPEAKER_QUOTE = "Some NATO member countries may consider sending troops to Ukraine"
SPEAKER = "Anders Fogh Rasmussen"


def fingerprint(path: Path) -> dict[str, str]:
    """Hashes of a database file and any -wal/-shm beside it: what must not change."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.parent.glob(path.name + "*"))}


def analyst_project(folder: Path, analyst: str, status: str) -> tuple[Path, str]:
    """An analyst's own project: the sample article imported, a speaker relation, then spans tagged by hand."""
    folder.mkdir()
    db = folder / f"{analyst}.sqlite"
    project = Project.open(db, analyst=analyst)
    try:
        project.import_paths([SAMPLE], format_name="txt")
        (doc,) = project.document_ids()
        text = project.document(doc).text
        # the relation comes from the analyst's JSONL of the same article (merged by text)
        q, a = text.index(SPEAKER_QUOTE), text.index(SPEAKER)
        project.import_paths(
            [
                write_jsonl(
                    folder / "relation.jsonl",
                    {
                        "id": "elsewhere",
                        "text": text,
                        "annotations": [
                            {
                                "id": "q",
                                "label": "quote",
                                "start": q,
                                "end": q + len(SPEAKER_QUOTE),
                                "attributes": {"mode": "reported"},
                            },
                            {
                                "id": "a",
                                "label": "actor",
                                "start": a,
                                "end": a + len(SPEAKER),
                                "attributes": {"kind": "person"},
                            },
                        ],
                        "relations": [{"type": "speaker", "from": "q", "to": "a"}],
                    },
                )
            ]
        )
        assert project.document_ids() == [doc]
        for label, needle, attributes in WORK[analyst]:
            start = text.index(needle)
            project.add_annotation(doc, label, start, start + len(needle), attributes=attributes)
        project.review.set_status(doc, status)
    finally:
        project.close()
    return db, text


def spans(project: Project, doc: int, analyst: str, text: str) -> list[tuple]:
    return sorted(
        (a.label, text[a.start : a.end], tuple(sorted(a.attributes.items())))
        for a in project.annotations(doc, [analyst])
    )


def relations(project: Project, doc: int, analyst: str, text: str) -> list[tuple]:
    by_id = {a.id: text[a.start : a.end] for a in project.annotations(doc)}
    return [
        (r.analyst, r.type, by_id[r.source_id], by_id[r.target_id])
        for r in project.relations(doc)
        if r.analyst == analyst
    ]


@pytest.fixture
def colleagues(tmp_path):
    """olena's and mykola's project files, made separately, each from the same sample article."""
    olena, text = analyst_project(tmp_path / "olena-laptop", "olena", "done")
    mykola, same = analyst_project(tmp_path / "mykola-laptop", "mykola", "in_progress")
    assert text == same
    return olena, mykola, text


def expected_spans(analyst: str) -> list[tuple]:
    shared = [("quote", SPEAKER_QUOTE, {"mode": "reported"}), ("actor", SPEAKER, {"kind": "person"})]
    return sorted((label, needle, tuple(sorted(attrs.items()))) for label, needle, attrs in WORK[analyst] + shared)


def check_merged(db: Path | str, text: str) -> None:
    reviewer = Project.open(db, analyst="rita", reviewer=True)
    try:
        assert reviewer.document_count() == 1
        (doc,) = reviewer.document_ids()
        assert reviewer.document(doc).text == text
        assert reviewer.analysts() == ["mykola", "olena"]
        for analyst in ("olena", "mykola"):
            assert spans(reviewer, doc, analyst, text) == expected_spans(analyst)
            assert relations(reviewer, doc, analyst, text) == [(analyst, "speaker", SPEAKER_QUOTE, SPEAKER)]
        assert reviewer.review.statuses() == {(doc, "olena"): "done", (doc, "mykola"): "in_progress"}
        # the two sets are ready to compare: the speaker relation and the group actor agree
        kinds = sorted(p.kind for p in reviewer.review.compare(doc, "olena", "mykola"))
        assert kinds == ["match", "match", "match", "only_a", "only_a", "only_b"]
    finally:
        reviewer.close()


def test_cli_import_of_two_colleagues_databases_merges_by_text(colleagues, tmp_path, project_db):
    olena, mykola, text = colleagues
    before = {p: fingerprint(p) for p in (olena, mykola)}
    cli = Cli(tmp_path)
    review_db = project_db

    first = cli.ok("import", olena, "--db", review_db)
    assert (
        first.stdout == "imported 1 file: 1 new document, 0 already present, 5 annotations added, 1 relations added\n"
    )
    second = cli.ok("import", mykola, "--db", review_db)
    assert (
        second.stdout == "imported 1 file: 0 new documents, 1 already present, 4 annotations added, 1 relations added\n"
    )
    assert second.stderr == ""
    check_merged(review_db, text)

    # importing the same work again adds nothing
    again = cli.ok("import", olena, mykola, "--db", review_db)
    assert (
        again.stdout == "imported 2 files: 0 new documents, 2 already present, 0 annotations added, 9 already present\n"
    )
    check_merged(review_db, text)

    # the colleagues' files were only read
    assert {p: fingerprint(p) for p in (olena, mykola)} == before


def test_import_paths_of_two_databases_at_once(colleagues, tmp_path, project_db):
    olena, mykola, text = colleagues
    before = fingerprint(olena)
    review_db = project_db
    reviewer = Project.open(review_db, analyst="rita", reviewer=True)
    try:
        report = reviewer.import_paths([olena, mykola])
        assert (report.files, report.documents_added, report.documents_matched) == (2, 1, 0)
        assert (report.annotations_added, report.relations_added) == (9, 2)
        repeat = reviewer.import_paths([mykola])
        assert (
            repeat.documents_added,
            repeat.documents_matched,
            repeat.annotations_added,
            repeat.annotations_skipped,
        ) == (0, 1, 0, 4)
        assert repeat.summary() == "0 new documents, 1 already present, 0 annotations added, 4 already present"
    finally:
        reviewer.close()
    check_merged(review_db, text)
    assert fingerprint(olena) == before


def test_import_into_a_project_that_already_has_the_article(colleagues, tmp_path, project_db):
    """The reviewer imported the article herself first: the colleagues' work lands on that document."""
    olena, _, text = colleagues
    review_db = project_db
    reviewer = Project.open(review_db, analyst="rita", reviewer=True)
    try:
        reviewer.import_paths([SAMPLE], format_name="txt")
        (doc,) = reviewer.document_ids()
        report = reviewer.import_paths([olena])
        assert (report.documents_added, report.documents_matched, report.annotations_added) == (0, 1, 5)
        assert reviewer.document_ids() == [doc]
        assert spans(reviewer, doc, "olena", text) == expected_spans("olena")
    finally:
        reviewer.close()


def test_a_database_of_the_first_schema_is_imported_and_left_as_it_was(tmp_path, project_db):
    old = tmp_path / "old-colleague.sqlite"
    shutil.copy(SCHEMA_0001, old)
    before = fingerprint(old)
    cli = Cli(tmp_path)
    review_db = project_db
    result = cli.ok("import", old, "--db", review_db)
    assert (
        result.stdout == "imported 1 file: 2 new documents, 0 already present, 3 annotations added, 1 relations added\n"
    )

    assert fingerprint(old) == before
    with sqlite3.connect(f"file:{old}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    conn.close()

    reviewer = Project.open(review_db, analyst="rita", reviewer=True)
    try:
        docs = {s.external_id: s for s in reviewer.document_summaries()}
        assert {k: v.annotation_count for k, v in docs.items()} == {"rasmussen": 2, "stoltenberg": 1}
        doc = docs["rasmussen"].id
        text = reviewer.document(doc).text
        assert [(a.analyst, a.label, text[a.start : a.end], a.note) for a in reviewer.annotations(doc)] == [
            ("olena", "actor", "Anders Fogh Rasmussen", ""),
            ("olena", "quote", "some NATO countries may send troops to Ukraine 🇺🇦", "check wording"),
        ]
        assert [(r.analyst, r.type) for r in reviewer.relations(doc)] == [("olena", "speaker")]
        assert reviewer.document(doc).meta == {"date": "2023-06-16", "location": "Kyiv, Ukraine"}
    finally:
        reviewer.close()


def _other_program(path: Path) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO recipes (name) VALUES ('borscht')")
    conn.close()
    return path


def test_a_sqlite_file_of_another_program_is_refused_with_one_line(colleagues, tmp_path, project_db):
    olena, _, _ = colleagues
    cli = Cli(tmp_path)
    review_db = project_db
    cli.ok("import", olena, "--db", review_db)
    before = cli.documents(review_db)
    other = _other_program(tmp_path / "recipes.db")
    untouched = fingerprint(other)

    result = cli("import", other, "--db", review_db)
    assert result.returncode == 1
    [line] = result.err_lines
    assert line.startswith(f"annotator: error: {other}: ")
    assert "not an Annotator database" in line
    assert result.stdout == ""
    assert cli.documents(review_db) == before
    assert fingerprint(other) == untouched


def test_a_bad_database_among_good_files_imports_nothing(colleagues, tmp_path, project_db):
    olena, _, _ = colleagues
    other = _other_program(tmp_path / "recipes.sqlite")
    reviewer = Project.open(project_db, analyst="rita", reviewer=True)
    try:
        with pytest.raises(BadInput, match="not an Annotator database") as caught:
            reviewer.import_paths([olena, other])
        assert str(other) in str(caught.value)
        assert reviewer.document_count() == 0
        assert reviewer.analysts() == []
    finally:
        reviewer.close()


def test_a_truncated_database_is_refused(colleagues, tmp_path, project_db):
    olena, _, _ = colleagues
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(olena.read_bytes()[:2048])
    reviewer = Project.open(project_db, analyst="rita", reviewer=True)
    try:
        with pytest.raises(AnnotatorError, match="broken.sqlite"):
            reviewer.import_paths([broken])
        assert reviewer.document_count() == 0
    finally:
        reviewer.close()

"""Tag all occurrences (issue 14) of a word found 2,000 times in the 10,000-article corpus: ≤ 1 s.

The subject is what the window does once the preview is accepted, and the preview itself: find the
whole-word occurrences across the corpus (full-text index, then the exact places), count those not
yet tagged, and tag them in one transaction (committed). Between rounds the tags are taken back, as
an undo does, outside the timing. The baseline is the floor of the finding: the bare FTS5 query and a
plain `re` scan of the texts it returns, through sqlite3.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.bench.conftest import compare, copy_database, record

pytestmark = pytest.mark.bench

ROUNDS = 7
WANTED = 2_000
NATIVE, WORD = "Europe", "Odessa"  # a word of the corpus, and one it lacks, of the same length


def _plant(db, wanted: int) -> None:
    """Write WORD in place of the first NATIVE of `wanted` articles (same length: every stored offset stays
    valid), as a name the corpus's vocabulary lacks; the index follows the texts by its triggers."""
    from annotator.services.records import text_sha256

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT id, text FROM documents WHERE instr(text, ?) > 0 ORDER BY id LIMIT ?", (f" {NATIVE} ", wanted)
        ).fetchall()
        for id_, text in rows:
            changed = text.replace(f" {NATIVE} ", f" {WORD} ", 1)
            conn.execute("UPDATE documents SET text = ?, sha256 = ? WHERE id = ?", (changed, text_sha256(changed), id_))
    conn.close()


@pytest.fixture(scope="module")
def tagging(bench, big_project):
    from annotator.services import Project

    db = copy_database(big_project.db, bench.root / "tag_all.sqlite")
    _plant(db, WANTED)
    phrase = WORD
    project = Project.open(db, analyst="tagger")
    yield project, db, phrase
    project.close()


def _floor(db, phrase: str) -> int:
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT d.id, d.text FROM documents AS d WHERE d.id IN "
            "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) ORDER BY d.id",
            (f'"{phrase}"',),
        ).fetchall()
    conn.close()
    return sum(len(pattern.findall(text)) for _, text in rows)


def test_tag_all_occurrences_across_the_corpus(benchmark, tagging):
    from annotator.services.bulk_tagging import add_annotations, remove_annotations
    from annotator.services.tag_all import occurrences, preview

    project, db, phrase = tagging
    added: list = []
    found: list[int] = []

    def tag_all():
        counted = preview(project, occurrences(project, phrase), "actor")
        added.append(add_annotations(project, counted.places, "actor", {"kind": "organisation"}))

    def undo():
        if added:
            remove_annotations(project, added.pop())

    subject, baseline = compare(
        benchmark, tag_all, lambda: found.append(_floor(db, phrase)), rounds=ROUNDS, before_subject=undo
    )
    tagged = len(added[-1])
    invalid = None if tagged == found[-1] == WANTED else f"tagged {tagged}, the floor found {found[-1]}"
    record(
        benchmark,
        f"tag all occurrences ({tagged:,} of “{phrase}” in 10k articles)",
        subject,
        baseline,
        baseline_name="bare FTS5 query + re scan (sqlite3)",
        max_subject=1.0,
        invalid=invalid,
    )
    undo()
    assert invalid is None, invalid

"""Corpus search (issue 14) over the 10,000-article project (about 20 MB of text), each against a baseline of the same run:

- a word search (`CorpusSearch`, whole word) vs the bare FTS5 query that returns the same documents'
  ids and texts through plain sqlite3 (≤ 3× and ≤ 100 ms): what is left is finding the exact hits
  in code points with their context;
- the same for a single word found in every article, for information (all 20 MB are then read);
- a regular-expression search vs plain sqlite3 reading every text and a Python `re` scan of it (≤ 2×).
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from tests.bench.conftest import compare, record

pytestmark = pytest.mark.bench

ROUNDS = 15
PHRASE = "Vilnius summit"  # two words of the corpus's vocabulary in a row: in a few hundred articles
COMMON = "Vilnius"  # any one word of the vocabulary is in nearly every article
REGEX = r"Article five|troops \w+ Kyiv"


@pytest.fixture(scope="module")
def search(big_project):
    from annotator.services import Project
    from annotator.services.search import CorpusSearch

    project = Project.open(big_project.db, analyst="olena", reviewer=True)
    yield CorpusSearch(project)
    project.close()


def bare_fts(db, query: str) -> list[tuple[int, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT d.id, d.text FROM documents AS d WHERE d.id IN "
            "(SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?) ORDER BY d.id",
            (f'"{query}"',),
        ).fetchall()
    conn.close()
    return rows


def plain_re(db, pattern: str) -> list[tuple[int, int, int]]:
    compiled = re.compile(pattern)
    with sqlite3.connect(db) as conn:
        found = [
            (id_, *m.span())
            for id_, text in conn.execute("SELECT id, text FROM documents ORDER BY id")
            for m in compiled.finditer(text)
        ]
    conn.close()
    return found


def _word(benchmark, big_project, search, word: str, row: str, graded: bool) -> None:
    from annotator.services.search import Mode, Query

    hits: list = []
    documents: list = []
    subject, baseline = compare(
        benchmark,
        lambda: hits.append(search.search(Query(word, Mode.WORD))),
        lambda: documents.append(bare_fts(big_project.db, word)),
        rounds=ROUNDS,
        warmup=1,
    )
    found = hits[-1]
    assert found and {h.document_id for h in found} <= {id_ for id_, _ in documents[-1]}
    assert all(h.text.lower() == word.lower() for h in found)
    record(
        benchmark,
        row,
        subject,
        baseline,
        baseline_name="bare FTS5 query (sqlite3, ids and texts)",
        max_ratio=3 if graded else None,
        max_subject=0.1 if graded else None,
        hits=len(found),
        documents=len({h.document_id for h in found}),
    )


def test_word_search(benchmark, big_project, search):
    _word(benchmark, big_project, search, PHRASE, f"search: words ({PHRASE!r}), 10k articles", graded=True)


def test_common_word_search(benchmark, big_project, search):
    _word(benchmark, big_project, search, COMMON, f"search: a word in every article ({COMMON!r})", graded=False)


def test_regex_search(benchmark, big_project, search):
    from annotator.services.search import Mode, Query

    hits: list = []
    scans: list = []
    subject, baseline = compare(
        benchmark,
        lambda: hits.append(search.search(Query(REGEX, Mode.REGEX))),
        lambda: scans.append(plain_re(big_project.db, REGEX)),
        rounds=5,
        warmup=1,
    )
    assert [(h.document_id, h.start, h.end) for h in hits[-1]] == scans[-1]
    record(
        benchmark,
        "search: regular expression, 10k articles",
        subject,
        baseline,
        baseline_name="sqlite3 + Python re scan of every text",
        max_ratio=2,
        hits=len(hits[-1]),
    )

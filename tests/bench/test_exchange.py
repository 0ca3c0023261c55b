"""Import and export of the big corpus through the command line, against plain sqlite3 + json scripts.

Rows of issue 6: import (≤ 2.5×), export to native JSONL (≤ 2×), export to CSV, brat and
CoNLL against the JSONL export (≤ 1.5× each), and the peak RSS of the import and of the
export (≤ 300 MB each). Rows of issue 17, in the same rounds: the import (≤ 2×) and the JSONL
export (≤ 1.5×) against the bare floor, plain sqlite3 + json with nothing else
(scripts/bare_import.py, bare_export.py). Every run is a whole process, timed from launch to exit.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

from tests.bench import corpus
from tests.bench.conftest import BIG_DOCUMENTS, BIG_SPANS_EACH, MB, SCRIPTS, compare, record, remove

pytestmark = pytest.mark.bench

IMPORT_ROUNDS = 3
EXPORT_ROUNDS = 3


def _counts(db) -> tuple[int, int, int]:
    with sqlite3.connect(db) as con:
        return tuple(
            con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "annotations", "relations")
        )


@pytest.mark.timeout(1800)
def test_import_cli(benchmark, bench, big_corpus):
    folder = bench.root / "import"
    folder.mkdir(exist_ok=True)
    db, baseline_db, bare_db = folder / "project.sqlite", folder / "baseline.sqlite", folder / "bare.sqlite"
    runs, baseline_runs, bare_runs = [], [], []

    def bare_then_clean():  # the bare floor runs in the same round, before the baseline
        remove(bare_db)
        bare_runs.append(bench.python(SCRIPTS / "bare_import.py", big_corpus, bare_db).check())
        remove(baseline_db)

    compare(
        benchmark,
        lambda: runs.append(bench.cli("import", big_corpus, "--db", db, "--analyst", corpus.ANALYST).check()),
        lambda: baseline_runs.append(bench.python(SCRIPTS / "baseline_import.py", big_corpus, baseline_db).check()),
        rounds=IMPORT_ROUNDS,
        before_subject=lambda: remove(db),
        before_baseline=bare_then_clean,
    )
    stored = _counts(db)
    assert stored == _counts(baseline_db) == _counts(bare_db), "Annotator and the baselines must store the same rows"
    assert stored[:2] == (BIG_DOCUMENTS, BIG_DOCUMENTS * BIG_SPANS_EACH)
    record(
        benchmark,
        "import 10k articles / 200k spans (CLI)",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="sqlite3+json script",
        max_ratio=2.5,
        corpus_bytes=big_corpus.stat().st_size,
    )
    record(
        None,
        "import 10k articles / 200k spans (CLI) against the bare floor",
        [r.seconds for r in runs],
        [r.seconds for r in bare_runs],
        baseline_name="bare sqlite3+json",
        max_ratio=2,
    )
    record(
        None,
        "peak RSS of the import",
        max(r.max_rss for r in runs) / MB,
        max(r.max_rss for r in baseline_runs) / MB,
        baseline_name="(script, for scale)",
        unit="MB",
        max_subject=300,
    )


@pytest.mark.timeout(1200)
def test_export_jsonl_cli(benchmark, bench, big_project):
    folder = bench.root / "export"
    folder.mkdir(exist_ok=True)
    out, baseline_out, bare_out = folder / "project.jsonl", folder / "baseline.jsonl", folder / "bare.jsonl"
    runs, baseline_runs, bare_runs = [], [], []

    def bare_then_clean():  # the bare floor reads Annotator's own project, in the same round
        remove(bare_out)
        bare_runs.append(bench.python(SCRIPTS / "bare_export.py", big_project.db, bare_out).check())
        remove(baseline_out)

    compare(
        benchmark,
        lambda: runs.append(bench.cli("export", "--format", "jsonl", "--out", out, "--db", big_project.db).check()),
        lambda: baseline_runs.append(
            bench.python(SCRIPTS / "baseline_export.py", big_project.baseline_db, baseline_out).check()
        ),
        rounds=EXPORT_ROUNDS,
        before_subject=lambda: remove(out),
        before_baseline=bare_then_clean,
    )
    with open(out, encoding="utf-8") as a, open(baseline_out, encoding="utf-8") as b:
        assert sum(1 for _ in a) == sum(1 for _ in b) == BIG_DOCUMENTS
    assert filecmp.cmp(out, bare_out, shallow=False), "the bare floor writes the same bytes as Annotator's export"
    record(
        benchmark,
        "export to native JSONL (CLI)",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="sqlite3+json script",
        max_ratio=2,
        same_bytes_as_baseline=filecmp.cmp(out, baseline_out, shallow=False),
    )
    record(
        None,
        "export to native JSONL (CLI) against the bare floor",
        [r.seconds for r in runs],
        [r.seconds for r in bare_runs],
        baseline_name="bare sqlite3+json",
        max_ratio=1.5,
    )
    record(
        None,
        "peak RSS of the export",
        max(r.max_rss for r in runs) / MB,
        max(r.max_rss for r in baseline_runs) / MB,
        baseline_name="(script, for scale)",
        unit="MB",
        max_subject=300,
    )


def _scratch(bench) -> Path:
    """Where the per-format exports go: memory (/dev/shm) when the machine has it, else the bench folder.

    brat writes 20,000 files. On the ext4 disk of the development machine, creating files costs the
    kernel up to three times more for minutes after many were deleted (pytest removes the temporary
    folders of earlier runs, each with tens of thousands of files): the row then measured the disk's
    history, not the export. In memory, both the subject and its JSONL baseline write without it.
    """
    shm = Path("/dev/shm")
    return Path(
        tempfile.mkdtemp(prefix="annotator-bench-", dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else bench.root)
    )


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("format_name, target", [("csv", "spans.csv"), ("brat", "brat"), ("conll", "tokens.conll")])
def test_export_format_cli(benchmark, bench, big_project, format_name, target):
    folder = _scratch(bench)
    jsonl = folder / "reference.jsonl"
    # every round into a new path, all removed at the end: on ext4, creating files right after
    # deleting 20,000 (brat's folder of the round before) costs the kernel seconds, in no format's code
    outs = [folder / f"round-{i}-{target}" for i in range(EXPORT_ROUNDS + 1)]
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(
            bench.cli("export", "--format", format_name, "--out", outs[len(runs)], "--db", big_project.db).check()
        ),
        lambda: baseline_runs.append(
            bench.cli("export", "--format", "jsonl", "--out", jsonl, "--db", big_project.db).check()
        ),
        rounds=EXPORT_ROUNDS,
        before_baseline=lambda: remove(jsonl),
    )
    assert f"exported {BIG_DOCUMENTS} documents" in runs[-1].stdout
    record(
        benchmark,
        f"export to {format_name} (CLI)",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="JSONL export",
        max_ratio=1.5,
        peak_rss_mb=max(r.max_rss for r in runs) / MB,
    )
    shutil.rmtree(folder)

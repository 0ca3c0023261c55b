"""Property-based fuzzing of every importer with damaged versions of real files.

A reader may refuse its input (`AnnotatorError`, usually `BadInput`), but must never raise anything
else, never hang, and a refused service import must leave the project exactly as it was. The fast
part runs in the default suite; the long one is marked slow (`pytest -m slow tests/fuzz`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import sqlite3
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.errors import AnnotatorError
from annotator.core.model import DocumentRecord
from annotator.services import Project
from tests.fuzz.mutations import mutants
from tests.fuzz.seeds import SEED_ID, SEED_TEXT, SEEDS, Workspace

FORMATS = sorted(SEEDS)
SEEDS_BY_NAME = {fmt: {seed.name: seed for seed in seeds} for fmt, seeds in SEEDS.items()}
READ_DEADLINE_S = 10  # per example; the inputs are at most a few hundred KB
IMPORT_DEADLINE_S = 20
FAST = {"read": 50, "import": 50}
SLOW = {"read": 2000, "import": 2000}
HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.function_scoped_fixture,
    HealthCheck.filter_too_much,
]


def test_every_registered_format_is_fuzzed():
    assert set(FORMATS) == set(formats.names())


class ExampleTimeout(BaseException):
    """An example ran past its deadline (a BaseException, so that no `except Exception` in a reader swallows it)."""


@contextmanager
def deadline(seconds: float):
    """Interrupt the example after `seconds` (SIGALRM), keeping pytest-timeout's own alarm running afterwards."""

    def on_alarm(signum, frame):
        raise ExampleTimeout(f"example ran for more than {seconds} s: a hang?")

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    outer_delay, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_delay:
            signal.setitimer(signal.ITIMER_REAL, max(outer_delay - (time.monotonic() - started), 0.01), outer_interval)
    elapsed = time.monotonic() - started
    if elapsed > seconds:  # stuck in C code, where the alarm cannot interrupt
        raise ExampleTimeout(f"example ran for {elapsed:.1f} s (deadline {seconds} s)")


def check_records(records: list) -> None:
    """What a reader returns is typed as the services expect."""
    for record in records:
        assert isinstance(record, DocumentRecord)
        assert record.text is None or isinstance(record.text, str)
        for a in record.annotations:
            assert isinstance(a.label, str)
            assert type(a.start) is int and type(a.end) is int, (a.start, a.end)


def read_once(fmt: str, path: Path) -> bool:
    """Read a damaged file: records, or a refusal (False); never another exception, never a hang."""
    reader = formats.get(fmt)
    with deadline(READ_DEADLINE_S):
        try:
            records = list(reader.read(path))
        except AnnotatorError:
            return False
    check_records(records)
    return True


# --- the project a service import goes into


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return make_template(tmp_path_factory.mktemp("fuzz-template"))


def make_template(folder: Path) -> Path:
    """A project file holding one document with annotations and a relation."""
    source = folder / "seed.jsonl"
    record = {
        "id": SEED_ID,
        "text": SEED_TEXT,
        "annotations": [
            {"id": "s1", "analyst": "olena", "label": "actor", "start": 14, "end": 18},
            {"id": "s2", "analyst": "olena", "label": "actor", "start": 25, "end": 29},
        ],
        "relations": [{"id": "r1", "analyst": "olena", "type": "asked", "from": "s1", "to": "s2"}],  # a type of its own
    }
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = folder / "template.sqlite"
    project = Project.open(db, analyst="fuzz")
    try:
        project.import_paths([source])
    finally:
        project.close()
    return db


def project_state(db: Path) -> tuple:
    """Row counts, and a digest of every row of every table (the label schema lives in settings)."""
    conn = sqlite3.connect(db)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("documents", "annotations", "relations")
        }
        digest = hashlib.sha256()
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
        return counts, digest.hexdigest()
    finally:
        conn.close()


def check_consistent(db: Path) -> None:
    """After an import that succeeded: the file is intact and every span lies inside its document."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        bad = conn.execute(
            "SELECT a.id, a.start_offset, a.end_offset, d.length FROM annotations a JOIN documents d ON d.id = a.document_id"
            " WHERE a.start_offset < 0 OR a.start_offset >= a.end_offset OR a.end_offset > d.length"
        ).fetchall()
        assert bad == []
        assert (
            conn.execute("SELECT count(*) FROM documents WHERE length(text) != length OR trim(text) = ''").fetchone()[0]
            == 0
        )
    finally:
        conn.close()


def import_once(fmt: str, path: Path, template: Path, db: Path) -> bool:
    """Import a damaged file into a copy of the template: all of it (True), or nothing at all (False)."""
    shutil.copyfile(template, db)
    before = project_state(db)
    refused = None
    with deadline(IMPORT_DEADLINE_S):
        project = Project.open(db, analyst="fuzz")
        try:
            project.import_paths([path], format_name=fmt)
        except AnnotatorError as exc:
            refused = exc
        finally:
            project.close()
    if refused is not None:
        note(f"refused: {refused}")
        assert project_state(db) == before, "a refused import changed the project"
        return False
    check_consistent(db)
    return True


# --- the properties, fast and slow


def _draw(fmt: str, data) -> tuple:
    seed = SEEDS_BY_NAME[fmt][data.draw(st.sampled_from(sorted(SEEDS_BY_NAME[fmt])), label="seed")]
    return seed, data.draw(mutants(seed.files[seed.target], seed.structure), label="mutated")


def fuzz_reads(fmt: str, max_examples: int) -> Counter:
    """Run the reader property; how many examples were read, and how many refused."""
    counts: Counter = Counter()

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=HEALTH)
    @given(data=st.data())
    def run(ws: Workspace, data) -> None:
        seed, mutated = _draw(fmt, data)
        counts["read" if read_once(fmt, ws.put(fmt, seed, mutated)) else "refused"] += 1

    with workspace() as ws:
        run(ws)
    return counts


def fuzz_imports(fmt: str, max_examples: int, template: Path) -> Counter:
    """Run the service-import property; how many examples were imported, and how many refused."""
    counts: Counter = Counter()

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=HEALTH)
    @given(data=st.data())
    def run(ws: Workspace, data) -> None:
        seed, mutated = _draw(fmt, data)
        imported = import_once(fmt, ws.put(fmt, seed, mutated), template, ws.root / "project.sqlite")
        counts["imported" if imported else "refused"] += 1

    with workspace() as ws:
        run(ws)
    return counts


@contextmanager
def workspace():
    with tempfile.TemporaryDirectory(prefix="annotator-fuzz-") as folder:
        yield Workspace(Path(folder))


def report(kind: str, fmt: str, counts: Counter, max_examples: int) -> None:
    print(
        f"fuzz {kind} {fmt}: {sum(counts.values())} examples ({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))})"
    )
    assert sum(counts.values()) >= max_examples // 2, "hypothesis ran far fewer examples than asked"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reader_refuses_or_reads_damaged_files(fmt):
    report("read", fmt, fuzz_reads(fmt, FAST["read"]), FAST["read"])


@pytest.mark.parametrize("fmt", FORMATS)
def test_refused_import_leaves_the_project_unchanged(fmt, template):
    report("import", fmt, fuzz_imports(fmt, FAST["import"], template), FAST["import"])


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("fmt", FORMATS)
def test_reader_refuses_or_reads_damaged_files_long(fmt):
    report("read", fmt, fuzz_reads(fmt, SLOW["read"]), SLOW["read"])


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("fmt", FORMATS)
def test_refused_import_leaves_the_project_unchanged_long(fmt, template):
    report("import", fmt, fuzz_imports(fmt, SLOW["import"], template), SLOW["import"])

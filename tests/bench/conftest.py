"""Benchmark fixtures: generated corpora, whole-process runs, and ratios against a baseline of the same run.

Every benchmark times a *subject* and a *baseline* in the same run, interleaved round by
round (the baseline runs in pytest-benchmark's untimed `setup`), and reports the ratio of
their medians: shared machines drift, ratios much less. Nothing here asserts a timing;
`record()` keeps each row and the session ends with a table of ratios against the goals
of issue 6 (also written as JSON to $BENCH_RESULTS and as a Markdown table for
docs/performance.md to $BENCH_MARKDOWN when those are set).

Run them with `bash scripts/bench.sh` (see docs/performance.md).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median

import pytest

import annotator
from tests.bench import corpus

SCRIPTS = Path(__file__).with_name("scripts")
MB = 1024 * 1024

# --------------------------------------------------------------------------- results


@dataclass
class Result:
    row: str
    subject: float  # median of the subject, in `unit`
    baseline: float | None  # median of the baseline, same unit; None for absolute goals
    baseline_name: str
    unit: str  # "s" or "MB" (MiB)
    ratio: float | None
    goal: str
    ok: bool
    samples: int
    info: dict = field(default_factory=dict)
    invalid: str | None = None  # a sanity check failed: the timing does not measure the real thing


RESULTS: list[Result] = []
NOTES: list[str] = []  # printed under the summary table


def record(
    benchmark,
    row: str,
    subject: Sequence[float] | float,
    baseline: Sequence[float] | float | None,
    *,
    baseline_name: str,
    max_ratio: float | None = None,
    max_subject: float | None = None,
    unit: str = "s",
    invalid: str | None = None,
    **info,
) -> Result:
    """Keep one row of the summary: medians, their ratio, and whether the goal is met (never asserted).

    `invalid` says why the measurement does not count (a sanity check failed); the row then
    shows INVALID and the reason is printed under the table. The caller fails the test after.
    """
    subjects = [subject] if isinstance(subject, (int, float)) else list(subject)
    s = median(subjects)
    b = None if baseline is None else median([baseline] if isinstance(baseline, (int, float)) else list(baseline))
    ratio = s / b if b else None
    goals, ok = [], True
    if max_ratio is not None:
        goals.append(f"≤ {max_ratio:g}×")
        ok = ok and ratio is not None and ratio <= max_ratio
    if max_subject is not None:
        goals.append(f"≤ {max_subject:g} {unit}")
        ok = ok and s <= max_subject
    result = Result(
        row, s, b, baseline_name, unit, ratio, " and ".join(goals), ok and not invalid, len(subjects), info, invalid
    )
    RESULTS.append(result)
    if invalid:
        NOTES.append(f"{row}: INVALID, {invalid}")
    if benchmark is not None:
        benchmark.extra_info.update(
            row=row,
            subject_median=s,
            baseline_median=b,
            baseline=baseline_name,
            unit=unit,
            ratio=ratio,
            goal=result.goal,
            ok=result.ok,
            invalid=invalid,
            **info,
        )
    return result


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value:.0f} MB"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


# rows in the order of the table (prefixes of Result.row); others go last
ORDER = (
    "import",
    "export to native",
    "export to csv",
    "export to brat",
    "export to conll",
    "GUI: open 1M",
    "GUI: add",
    "GUI: scroll",
    "GUI: draw the arrows",
    "GUI: open a project",
    "agreement",
    "`annotator --version`",
    "`annotator documents`",
    "GUI start",
    "peak RSS of the import",
    "peak RSS of the export",
    "GUI peak RSS",
    "claims export",
    "claims window",
    "create a relation",
)


def _rank(result: Result) -> int:
    return next((i for i, prefix in enumerate(ORDER) if result.row.startswith(prefix)), len(ORDER))


def _status(result: Result) -> str:
    """pass, fail, invalid, or info for a row reported without a goal."""
    if result.invalid:
        return "invalid"
    if not result.goal:
        return "info"
    return "pass" if result.ok else "fail"


def summary_lines() -> list[str]:
    rows = [("row", "subject (median)", "baseline (median)", "ratio", "goal", "status")]
    for r in sorted(RESULTS, key=_rank):
        rows.append(
            (
                r.row,
                _fmt(r.subject, r.unit),
                f"{_fmt(r.baseline, r.unit)} {r.baseline_name}".strip(),
                f"{r.ratio:.2f}×" if r.ratio is not None else "—",
                r.goal or "(for information)",
                _status(r).upper(),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def markdown_lines() -> list[str]:
    """The summary as the table of docs/performance.md."""
    lines = [
        "| row | baseline (same run) | measured | baseline | ratio | goal | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(RESULTS, key=_rank):
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        status = {"fail": "**fail**", "invalid": "INVALID"}.get(_status(r), _status(r))
        lines.append(
            f"| {r.row} | {r.baseline_name} | {_fmt(r.subject, r.unit)} | {_fmt(r.baseline, r.unit)} | {ratio} | {r.goal} | {status} |"
        )
    return lines


@pytest.hookimpl(trylast=True)  # after pytest-benchmark's own table: the ratios are the last thing printed
def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    terminalreporter.section("ratios against the baselines of this run (issue 6)")
    for line in summary_lines():
        terminalreporter.write_line(line)
    graded = [r for r in RESULTS if r.goal]
    passed = sum(_status(r) == "pass" for r in graded)
    terminalreporter.write_line(f"{passed} of {len(graded)} rows meet their goal")
    for note in NOTES:
        terminalreporter.write_line(f"note: {note}")
    markdown = os.environ.get("BENCH_MARKDOWN")
    if markdown:
        Path(markdown).write_text("\n".join(markdown_lines()) + "\n", encoding="utf-8")
        terminalreporter.write_line(f"markdown table written to {markdown}")
    out = os.environ.get("BENCH_RESULTS")
    if out:
        data = {
            "results": [asdict(r) for r in sorted(RESULTS, key=_rank)],
            "notes": NOTES,
            "python": sys.version.split()[0],
        }
        Path(out).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        terminalreporter.write_line(f"results written to {out}")


# --------------------------------------------------------------------------- timing helpers


def compare(
    benchmark,
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    rounds: int,
    before_subject: Callable[[], object] | None = None,
    before_baseline: Callable[[], object] | None = None,
    warmup: int = 0,
) -> tuple[list[float], list[float]]:
    """Time `subject` with pytest-benchmark and `baseline` in its untimed setup, alternating round by round.

    Returns (subject seconds, baseline seconds), one per round. `before_*` prepare a run
    (remove an output, open another document) outside the timing.
    """
    subject_times: list[float] = []
    baseline_times: list[float] = []

    def timed(fn, into):
        start = time.perf_counter()
        fn()
        into.append(time.perf_counter() - start)

    for _ in range(warmup):
        for before, fn in ((before_baseline, baseline), (before_subject, subject)):
            if before is not None:
                before()
            fn()

    def setup():
        if before_baseline is not None:
            before_baseline()
        timed(baseline, baseline_times)
        if before_subject is not None:
            before_subject()

    benchmark.pedantic(lambda: timed(subject, subject_times), setup=setup, rounds=rounds, iterations=1)
    return subject_times, baseline_times


@dataclass
class Run:
    seconds: float  # wall time from launch to exit
    max_rss: int  # bytes, peak resident set of this process alone
    started_at: float  # time.time() at launch
    returncode: int
    stdout: str
    stderr: str

    def check(self) -> Run:
        assert self.returncode == 0, f"exit status {self.returncode}: {self.stderr[-2000:]}"
        return self


def run(cmd: Sequence[object], env: dict | None = None, cwd: Path | None = None) -> Run:
    """Run a process to its end through scripts/measure.py: its wall time and its own peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        out, err = Path(folder) / "stdout", Path(folder) / "stderr"
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            returncode = subprocess.call(
                [sys.executable, SCRIPTS / "measure.py", report, *map(str, cmd)],
                stdout=stdout,
                stderr=stderr,
                env=env,
                cwd=cwd,
            )
        measured = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        return Run(
            measured.get("seconds", float("nan")),
            measured.get("max_rss", 0),
            measured.get("started_at", float("nan")),
            measured.get("returncode", returncode),
            out.read_bytes().decode("utf-8", "replace"),
            err.read_bytes().decode("utf-8", "replace"),
        )


def annotator_command() -> list[str]:
    """The installed `annotator` console script next to this Python (what users run), else `python -m annotator`."""
    script = Path(sys.executable).with_name("annotator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "annotator"]


def remove(path: Path) -> None:
    """Remove a file (with its SQLite -wal/-shm companions) or a folder, if present."""
    if path.is_dir():
        shutil.rmtree(path)
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if p.is_file():
            p.unlink()


# --------------------------------------------------------------------------- environment and corpora


@dataclass
class Bench:
    root: Path
    env: dict

    def cli(self, *args: object) -> Run:
        return run([*annotator_command(), *args], env=self.env, cwd=self.root)

    def python(self, *args: object) -> Run:
        return run([sys.executable, *args], env=self.env, cwd=self.root)


@pytest.fixture(scope="session")
def bench(tmp_path_factory) -> Bench:
    """A folder for this run's corpora and projects, and an environment whose settings live inside it."""
    root = tmp_path_factory.mktemp("bench")
    config, data = root / "xdg-config", root / "xdg-data"
    config.mkdir()
    data.mkdir()
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(config),
        "XDG_DATA_HOME": str(data),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONUTF8": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)
    compile_package()
    return Bench(root, env)


def compile_package() -> None:
    """Write the package's bytecode, as `pip install` and the bundle do, so each command starts as it would installed.

    The processes run with PYTHONDONTWRITEBYTECODE (nothing written into the tree while measuring), and
    an editable install from a machine that sets it has no bytecode at all: every command would
    otherwise compile the project's modules from source (about 0.05 s of each GUI start-up).
    """
    package = Path(annotator.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


# The big corpus of the import and export rows: 10,000 articles, 200,000 spans (20 each), 2 relations each.
BIG_DOCUMENTS, BIG_SPANS_EACH, BIG_MEAN_LENGTH, BIG_RELATIONS_EACH, BIG_SEED = 10_000, 20, 3_000, 2, 6


@pytest.fixture(scope="session")
def big_corpus(bench) -> Path:
    """The 10,000-article JSONL (about 70 MB), built once per run."""
    return corpus.write_jsonl(
        bench.root / "big" / "corpus.jsonl",
        corpus.corpus(BIG_SEED, BIG_DOCUMENTS, BIG_SPANS_EACH, BIG_MEAN_LENGTH, BIG_RELATIONS_EACH),
    )


@dataclass
class BigProject:
    db: Path  # imported by `annotator import`
    baseline_db: Path  # imported by the plain sqlite3 script
    corpus: Path


@pytest.fixture(scope="session")
def big_project(bench, big_corpus) -> BigProject:
    """The big corpus imported once by Annotator and once by the baseline script (read only afterwards)."""
    folder = big_corpus.parent
    db, baseline_db = folder / "project.sqlite", folder / "baseline.sqlite"
    bench.cli("import", big_corpus, "--db", db, "--analyst", corpus.ANALYST).check()
    bench.python(SCRIPTS / "baseline_import.py", big_corpus, baseline_db).check()
    return BigProject(db, baseline_db, big_corpus)


# --------------------------------------------------------------------------- Qt


@pytest.fixture(scope="session")
def none_guard(qapp):
    """Keep a Qt binding that loses references to None from aborting the run (see scripts/qt_guard.py)."""
    sys.path.insert(0, str(SCRIPTS))
    from qt_guard import guard

    lost = guard()
    if lost:
        import PySide6

        NOTES.append(
            f"PySide6 {PySide6.__version__} loses {lost:g} reference(s) to None per void QPainter call: on Python "
            f"{sys.version_info.major}.{sys.version_info.minor} the application aborts after enough paints "
            "(the benchmarks guarded None's count to finish)"
        )
    return lost


@pytest.fixture(scope="session")
def small_corpus(bench) -> Path:
    """The first ten articles of the big corpus (same seed), for the 10-article project."""
    return corpus.write_jsonl(
        bench.root / "small" / "corpus.jsonl",
        corpus.corpus(BIG_SEED, 10, BIG_SPANS_EACH, BIG_MEAN_LENGTH, BIG_RELATIONS_EACH),
    )


@pytest.fixture(scope="session")
def small_project(bench, small_corpus) -> Path:
    """A 10-article project imported by the command line (read only afterwards)."""
    db = small_corpus.parent / "project.sqlite"
    bench.cli("import", small_corpus, "--db", db, "--analyst", corpus.ANALYST).check()
    return db


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite project (the backup API, so a WAL file is no concern)."""
    import sqlite3

    target.parent.mkdir(parents=True, exist_ok=True)
    remove(target)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture(scope="session")
def small_project_copy(bench, small_project) -> Path:
    """A copy of the 10-article project for the GUI, which writes settings and backups."""
    return copy_database(small_project, bench.root / "small" / "gui.sqlite")


# The claims corpus of issue 13: the big corpus's articles and spans, 5 relations of the claims' types each (50,000).
CLAIMS_RELATIONS_EACH = 5


@pytest.fixture(scope="session")
def claims_project(bench) -> Path:
    """The claims corpus (10,000 articles, 200,000 spans, 50,000 relations) imported by Annotator, read only afterwards."""
    folder = bench.root / "claims"
    source = corpus.write_jsonl(
        folder / "corpus.jsonl",
        corpus.claims_corpus(BIG_SEED, BIG_DOCUMENTS, BIG_SPANS_EACH, BIG_MEAN_LENGTH, CLAIMS_RELATIONS_EACH),
    )
    db = folder / "project.sqlite"
    bench.cli("import", source, "--db", db, "--analyst", corpus.ANALYST).check()
    return db

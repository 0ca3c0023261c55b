"""Start-up: the command line against `python -c "import sqlalchemy"`, the GUI against a bare PySide6 window.

Rows of issue 6: `annotator --version` and `annotator documents` (≤ 1.5×, no Qt on the
command-line path), and GUI start to the first paint of the window (≤ 2×). Rows of issue 17: a
command on an existing project (≤ 1.2×) and on a new one (≤ 1.3×) against `import sqlalchemy, sqlite3`. Each run is a
fresh process; medians over many runs.
"""

from __future__ import annotations

import pytest

from tests.bench.conftest import SCRIPTS, compare, record

pytestmark = pytest.mark.bench

CLI_ROUNDS = 15
GUI_ROUNDS = 9


def _python_import_sqlalchemy(bench):
    return bench.python("-c", "import sqlalchemy").check()


def _python_import_sqlalchemy_and_sqlite3(bench):
    return bench.python("-c", "import sqlalchemy, sqlite3").check()


def _startup_row(benchmark, subject, baseline, row: str, baseline_name: str, max_ratio: float, **extra):
    """Time `subject` and `baseline` (each a fresh process) alternately, record the row; the subject's last run."""
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(subject()),
        lambda: baseline_runs.append(baseline()),
        rounds=CLI_ROUNDS,
        warmup=2,
    )
    runs, baseline_runs = runs[-CLI_ROUNDS:], baseline_runs[-CLI_ROUNDS:]  # without the warm-up runs
    record(
        benchmark,
        row,
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name=baseline_name,
        max_ratio=max_ratio,
        **extra,
    )
    return runs[-1]


def test_cli_version_startup(benchmark, bench):
    last = _startup_row(
        benchmark,
        lambda: bench.cli("--version").check(),
        lambda: _python_import_sqlalchemy(bench),
        "`annotator --version` start-up",
        "python -c 'import sqlalchemy'",
        1.5,
    )
    assert last.stdout.startswith("annotator ")


def _no_qt_probe(bench, project) -> str:
    """Whether `annotator documents` loaded Qt (it must not: the command line never needs it)."""
    probe = bench.python(
        "-c",
        "import sys; from annotator.cli import main; main(['documents', '--db', sys.argv[1]]); "
        "print('qt loaded' if any(m.startswith('PySide6') for m in sys.modules) else 'no qt', file=sys.stderr)",
        project,
    ).check()
    return probe.stderr.strip().splitlines()[-1]


def test_cli_documents_startup(benchmark, bench, small_project):
    last = _startup_row(
        benchmark,
        lambda: bench.cli("documents", "--db", small_project).check(),
        lambda: _python_import_sqlalchemy(bench),
        "`annotator documents` start-up",
        "python -c 'import sqlalchemy'",
        1.5,
        qt_on_cli_path=_no_qt_probe(bench, small_project),
    )
    assert len(last.stdout.splitlines()) == 11  # header and ten documents


def test_cli_existing_project_startup(benchmark, bench, small_project):
    """Issue 17: a command on an existing project against the bare imports it cannot do without."""
    last = _startup_row(
        benchmark,
        lambda: bench.cli("documents", "--db", small_project).check(),
        lambda: _python_import_sqlalchemy_and_sqlite3(bench),
        "`annotator documents` on an existing project",
        "python -c 'import sqlalchemy, sqlite3'",
        1.2,
    )
    assert len(last.stdout.splitlines()) == 11


def test_cli_new_project_startup(benchmark, bench):
    """Issue 17: a command that creates a new project (its schema made in one step) against the bare imports."""
    folder = bench.root / "new-projects"
    folder.mkdir(exist_ok=True)
    made = iter(range(10_000))
    last = _startup_row(
        benchmark,
        lambda: bench.cli("documents", "--db", folder / f"new-{next(made)}.sqlite").check(),
        lambda: _python_import_sqlalchemy_and_sqlite3(bench),
        "`annotator documents` on a new project (schema created)",
        "python -c 'import sqlalchemy, sqlite3'",
        1.3,
    )
    assert len(last.stdout.splitlines()) == 1  # the header: no documents


def _paints(bench, *args) -> dict[str, float]:
    """Seconds from launching a process to each paint it reports (`first_paint`, and `article_paint` if any)."""
    result = bench.python(*args).check()
    found = dict(
        line.split() for line in result.stdout.splitlines() if line.endswith(tuple("0123456789")) and "_paint " in line
    )
    return {name: float(value) - result.started_at for name, value in found.items()}


def test_gui_first_paint(benchmark, bench, small_project_copy):
    app, bare = [], []
    compare(
        benchmark,
        lambda: app.append(
            _paints(bench, SCRIPTS / "gui_first_paint.py", "--db", small_project_copy, "--analyst", "olena")
        ),
        lambda: bare.append(_paints(bench, SCRIPTS / "bare_window.py")["first_paint"]),
        rounds=GUI_ROUNDS,
        warmup=1,
    )
    runs, bare = app[-GUI_ROUNDS:], bare[-GUI_ROUNDS:]
    assert all(run["article_paint"] >= run["first_paint"] for run in runs)
    record(
        benchmark,
        "GUI start to first paint",
        [run["first_paint"] for run in runs],
        bare,
        baseline_name="bare PySide6 window",
        max_ratio=2,
    )
    # what the user waits for next: the project opened and its article shown in the window
    record(
        None,
        "GUI start until the article is painted",
        [run["article_paint"] for run in runs],
        bare,
        baseline_name="bare PySide6 window",
    )

"""Start-up: the command line against `python -c "import sqlalchemy"`, the GUI against a bare PySide6 window.

Rows of issue 6: `annotator --version` and `annotator documents` (≤ 1.5×, no Qt on the
command-line path), and GUI start to the first paint of the window (≤ 2×). Each run is a
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


def test_cli_version_startup(benchmark, bench):
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("--version").check()),
        lambda: baseline_runs.append(_python_import_sqlalchemy(bench)),
        rounds=CLI_ROUNDS,
        warmup=2,
    )
    assert runs[-1].stdout.startswith("annotator ")
    runs, baseline_runs = runs[-CLI_ROUNDS:], baseline_runs[-CLI_ROUNDS:]  # without the warm-up runs
    record(
        benchmark,
        "`annotator --version` start-up",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="python -c 'import sqlalchemy'",
        max_ratio=1.5,
    )


def test_cli_documents_startup(benchmark, bench, small_project):
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.cli("documents", "--db", small_project).check()),
        lambda: baseline_runs.append(_python_import_sqlalchemy(bench)),
        rounds=CLI_ROUNDS,
        warmup=2,
    )
    assert len(runs[-1].stdout.splitlines()) == 11  # header and ten documents
    probe = bench.python(
        "-c",
        "import sys; from annotator.cli import main; main(['documents', '--db', sys.argv[1]]); "
        "print('qt loaded' if any(m.startswith('PySide6') for m in sys.modules) else 'no qt', file=sys.stderr)",
        small_project,
    ).check()
    runs, baseline_runs = runs[-CLI_ROUNDS:], baseline_runs[-CLI_ROUNDS:]
    record(
        benchmark,
        "`annotator documents` start-up",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="python -c 'import sqlalchemy'",
        max_ratio=1.5,
        qt_on_cli_path=probe.stderr.strip().splitlines()[-1],
    )


def _python_import_sqlalchemy_and_sqlite3(bench):
    return bench.python("-c", "import sqlalchemy, sqlite3").check()


def test_cli_new_project_startup(benchmark, bench):
    """Issue 17: a command that creates a new project (its schema made in one step) against the bare imports."""
    runs, baseline_runs = [], []
    folder = bench.root / "new-projects"
    folder.mkdir(exist_ok=True)
    made = iter(range(10_000))

    def create():
        runs.append(bench.cli("documents", "--db", folder / f"new-{next(made)}.sqlite").check())

    compare(
        benchmark,
        create,
        lambda: baseline_runs.append(_python_import_sqlalchemy_and_sqlite3(bench)),
        rounds=CLI_ROUNDS,
        warmup=2,
    )
    assert runs[-1].stdout.splitlines()[:1] and len(runs[-1].stdout.splitlines()) == 1  # the header: no documents
    runs, baseline_runs = runs[-CLI_ROUNDS:], baseline_runs[-CLI_ROUNDS:]
    record(
        benchmark,
        "`annotator documents` on a new project (schema created)",
        [r.seconds for r in runs],
        [r.seconds for r in baseline_runs],
        baseline_name="python -c 'import sqlalchemy, sqlite3'",
        max_ratio=1.3,
    )


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

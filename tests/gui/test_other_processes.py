"""A window's edits reach the project file while terminal commands and other windows use it too.

Every check reads the file from a fresh process: one in this process would also see what this
process wrote into a write-ahead log that other processes had already deleted.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.annotate.main_window import MainWindow
from annotator.gui.app import open_in
from annotator.services import Project

PHRASES = ("NATO", "Poland", "Ukraine", "Vilnius", "Anders Fogh Rasmussen", "Article 5", "Kyiv", "Moscow")
COUNT = (
    "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM annotations').fetchone()[0])"
)


def count_in_fresh_process(db: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNT, str(db)], capture_output=True, text=True, timeout=60, check=True
    )
    return int(done.stdout)


def cli(*args: object) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def deleted_project_files(db: Path) -> list[str]:
    """This process's open descriptors on the project's files that now point at deleted files (Linux)."""
    folder = Path("/proc/self/fd")
    if not folder.is_dir():
        return []
    found = []
    for fd in folder.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(db)) and target.endswith("(deleted)"):
            found.append(target)
    return found


@pytest.fixture
def opened(qtbot, db_path, settings):
    """The sample project opened by a window exactly as `annotator` opens it (the backup on opening included)."""
    seeded = Project.open(db_path, analyst="olena", settings=settings)
    seeded.import_seeds()
    seeded.close()
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    project, backup = open_in(window, str(db_path), analyst="olena", settings=settings, reviewer=None)
    if backup is not None:
        backup.join()  # the backup reads the project file while the window holds it: the case that lost edits
    yield window
    window.close()
    project.close()


def tag(window, qtbot, phrase: str, *, by_key: bool = True) -> None:
    """Tag the first `phrase` as an actor; `by_key=False` where a warning box (window-modal) may hold the keys."""
    start = window.view.current_document.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    if by_key:
        qtbot.keyClick(window.view, Qt.Key.Key_3)
    else:
        window.tag_selection("actor")


def test_edits_between_terminal_commands_all_reach_the_file(opened, qtbot, db_path, tmp_path):
    window = opened
    tag(window, qtbot, PHRASES[0])
    commands = [
        ("export", "--format", "jsonl", "--out", tmp_path / "out.jsonl", "--db", db_path),
        ("documents", "--db", db_path),
        ("backup", "--list", "--db", db_path),
        ("import", tmp_path / "out.jsonl", "--db", db_path),
        ("backup", "--db", db_path),
    ]
    for n, command in enumerate(commands, start=1):
        cli(*command)
        tag(window, qtbot, PHRASES[n])
        assert count_in_fresh_process(db_path) == n + 1, (
            f"an edit made after `annotator {command[0]}` is not in the file"
        )
        assert Path(f"{db_path}-wal").exists()
        assert deleted_project_files(db_path) == []
    window.undo_stack.undo()
    assert count_in_fresh_process(db_path) == len(commands)
    assert window.project.file_problem() is None
    assert not window.file_warning.isVisible()


def test_two_windows_in_two_processes_and_a_terminal_command_lose_nothing(opened, qtbot, db_path, tmp_path):
    window = opened
    go, stop = tmp_path / "go", tmp_path / "stop"
    script = Path(__file__).with_name("window_process.py")
    other = subprocess.Popen(
        [sys.executable, str(script), str(db_path), "mykola", str(go), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert other.stdout.readline().strip() == "ready"
        tag(window, qtbot, "NATO")
        go.touch()  # the other window tags as it goes
        cli("export", "--format", "jsonl", "--out", tmp_path / "out.jsonl", "--db", db_path)
        tag(window, qtbot, "Poland")
        stop.touch()
        out, err = other.communicate(timeout=120)
    finally:
        if other.poll() is None:
            other.kill()
    assert other.returncode == 0, err
    theirs = int(out.split()[-1])
    assert theirs > 0
    tag(window, qtbot, "Ukraine")
    with sqlite3.connect(db_path) as conn:
        rows = dict(
            conn.execute(
                "SELECT n.name, count(*) FROM annotations a JOIN analysts n ON n.id = a.analyst_id GROUP BY n.name"
            )
        )
    assert rows == {"olena": 3, "mykola": theirs}
    assert count_in_fresh_process(db_path) == 3 + theirs
    assert deleted_project_files(db_path) == []


def test_a_window_says_so_when_its_log_is_deleted_under_it(opened, qtbot, db_path):
    window = opened
    tag(window, qtbot, "NATO")
    Path(f"{db_path}-wal").unlink()  # what another process did when it wrongly believed it was alone
    window.check_external_changes()
    assert window.file_warning.isVisible()
    assert "NOT being saved" in window.file_warning.text()
    assert "write-ahead log" in window.last_error
    tag(window, qtbot, "Poland", by_key=False)
    assert window.unsaved.isVisible() and "NOT saved" in window.unsaved.label.text()
    shown = [window.table_model.data(window.table_model.index(row, 1)) for row in range(window.table_model.rowCount())]
    assert "Poland" not in shown  # the refused edit is never shown as done


def test_a_window_says_so_when_its_project_file_is_replaced(opened, qtbot, db_path, tmp_path):
    window = opened
    other = tmp_path / "other.sqlite"
    Project.open(other, analyst="x").close()
    os.replace(other, db_path)
    tag(window, qtbot, "NATO", by_key=False)
    assert window.unsaved.isVisible()
    assert window.file_warning.isVisible()
    assert "replaced" in window.file_warning.toolTip()
    assert window.table_model.rowCount() == 0

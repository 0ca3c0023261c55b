"""A window editing while terminal commands run on the same project, killed at random: every saved edit is in the file.

The worker opens the project as the app does (a backup made while the project is open) and then
edits; meanwhile `annotator export`, `documents`, `backup --list` and `import` run on the same file
and exit. Each exit must leave the window's write-ahead log alone: when it did not, the window went
on committing into a deleted log, and everything since the command was lost at the kill.
"""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.helpers import ROOT, Worker, check_killed_edits, cli_command, stored_annotations, write_corpus


def terminal_commands(db: Path, folder: Path) -> list[list[str]]:
    small = folder / "small.jsonl"
    if not small.exists():
        write_corpus(small, 2, 3, seed=5, prefix="small")
    return [
        cli_command("export", "--format", "jsonl", "--out", folder / "out.jsonl", "--db", db),
        cli_command("documents", "--db", db),
        cli_command("backup", "--list", "--db", db),
        cli_command("import", small, "--db", db),
    ]


def run_window_and_cli_kills(db: Path, rng: random.Random, kill_points: int) -> tuple[int, int]:
    """Kill points survived and saved edits checked; each round starts from what the last kill left."""
    checked = 0
    commands = terminal_commands(db, db.parent)
    for point in range(kill_points):
        analyst = ("olena", "taras")[point % 2]
        before = stored_annotations(db, analyst)
        worker = Worker(db.parent, f"window-{point}", "edits", db, analyst, str(rng.randrange(10**6)), "--as-window")
        try:
            worker.wait_for("ready")
            for command in rng.sample(commands, rng.randint(1, len(commands))):
                done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
                assert done.returncode == 0, done.stderr
                assert Path(f"{db}-wal").exists(), (
                    f"kill point {point}: the log was deleted under the window by {command[3]}"
                )
            time.sleep(rng.uniform(0.0, 0.3))  # edits after the last command: the ones that were lost
        finally:
            worker.kill()
        checked += check_killed_edits(db, worker, analyst, before, point)
    return kill_points, checked


def test_a_window_s_edits_survive_terminal_commands_and_a_kill(new_project, rng):
    points, checked = run_window_and_cli_kills(new_project(), rng, 3)
    assert points == 3 and checked > 20


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_many_kills_of_a_window_beside_terminal_commands(new_project, rng):
    points, checked = run_window_and_cli_kills(new_project(), rng, 60)
    print(f"\nwindow and terminal commands (slow): {points} kill points survived, {checked} saved edits checked")
    assert points == 60

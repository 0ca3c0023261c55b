"""The foundation's acceptance path: keyboard-only tagging in a real window, then the real CLI export."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt


def export_jsonl(db_path, out, tmp_path):
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--db", str(db_path), "--format", "jsonl", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_keyboard_tag_undo_redo_quit_then_export(window, db_path, tmp_path, qtbot):
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(len("Some NATO member countries ")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_3)

    # committed before anything else happens: another process sees it while the window is still open
    [document] = export_jsonl(db_path, tmp_path / "during.jsonl", tmp_path)
    assert [(a["label"], a["text"]) for a in document["annotations"]] == [("actor", "Some NATO member countries")]

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    window.project.close()

    [document] = export_jsonl(db_path, tmp_path / "after.jsonl", tmp_path)
    [annotation] = document["annotations"]
    assert (annotation["start"], annotation["end"]) == (0, len("Some NATO member countries"))
    assert annotation["text"] == "Some NATO member countries"  # the trailing space was trimmed
    assert annotation["analyst"] == "olena"
    assert document["meta"]["location"] == "Kyiv, Ukraine"

"""File → Restore from backup: a file that is no Annotator project is refused, and the state before a restore stays listed."""

from __future__ import annotations

import sqlite3
from contextlib import closing


def test_restoring_a_foreign_database_is_refused_and_the_project_kept(window, db_path, tmp_path, monkeypatch):
    from annotator.services import backups

    text = window.view.current_document.text
    window.view.select_span(text.index("Poland"), text.index("Poland") + 6)
    window.tag_selection("actor")
    foreign = tmp_path / "foreign.sqlite"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
    shown = []
    monkeypatch.setattr(window, "show_error", shown.append)
    window.file_actions.restore(foreign)
    assert len(shown) == 1 and "not an Annotator database" in shown[0]
    assert [text[a.start : a.end] for a in window.annotations] == ["Poland"]
    assert window.project.document_count() == 1
    assert backups.list_backups(db_path) == []  # nothing was replaced, so nothing needed keeping


def test_the_restore_dialog_lists_the_state_before_a_restore(window, db_path, qtbot):
    from annotator.gui.exchange.restore_dialog import RestoreDialog
    from annotator.services import backups

    earlier = backups.make_backup(db_path)
    window.file_actions.restore(earlier.path)
    for _ in range(6):
        backups.make_backup(db_path)
    dialog = RestoreDialog(backups.list_backups(db_path))
    qtbot.addWidget(dialog)
    rows = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(rows) == 6 and sum("the state before a restore" in row for row in rows) == 1

"""A project that cannot be written: the window says so in its title and status bar, and refuses edits with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from annotator.services import Project
from tests.read_only_media import unwritable

from .conftest import shown_window, stored


def test_a_read_only_project_is_shown_as_such_and_edits_are_refused_with_the_reason(qtbot, tmp_path, settings):
    db = tmp_path / "share" / "p.sqlite"
    writable = Project.open(db, analyst="olena", settings=settings)
    writable.import_seeds()
    (document_id,) = writable.document_ids()
    text = writable.document(document_id).text
    start = text.index("Poland")
    writable.add_annotation(document_id, "actor", start, start + len("Poland"))
    writable.close()
    before = stored(db, settings)

    with unwritable(db.parent) as reason:
        project = Project.open(db, analyst="olena", settings=settings)
        try:
            window = shown_window(qtbot, project)
            assert window.windowTitle().endswith("— Annotator (read-only)")
            badge = window.findChild(QLabel, "readOnlyNotice")
            assert badge.isVisible() and badge.text() == f"Read-only: {reason}; edits are refused"
            assert window.table_model.rowCount() == 1  # browsing works

            refusal = f"{db}: the project is read-only ({reason}); nothing was saved"
            window.view.select_span(start, start + len("Poland"))
            window.tag_selection("quote")
            assert window.statusBar().currentMessage() == refusal
            window.statusBar().clearMessage()

            window.select_annotation(before[0].id)
            window.delete_selected()
            assert window.statusBar().currentMessage() == f"Delete annotation: {refusal}"
            assert window.unsaved.edits == []  # nothing offered for a retry that cannot succeed
            assert window.table_model.rowCount() == 1
        finally:
            window.close()
            project.close()
    assert stored(db, settings) == before

"""Tag all occurrences: Shift + a label's key on a selection, or the context menu on an annotation; a
count first, then one undo step for all of them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.gui.annotate.tag_all_dialog import TagAllDialog
from tests.gui.conftest import stored


def _answer(qtbot, *, corpus: bool = False, accept: bool = True, seen: list | None = None) -> None:
    """When the preview comes up: pick the scope, note its summary, then press Tag (or Cancel)."""

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TagAllDialog)
        if corpus:
            dialog.corpus.setChecked(True)
        if seen is not None:
            seen.append(dialog.summary.text())
            dialog.grab().save("/tmp/tag_all_dialog.png")
        button = QDialogButtonBox.StandardButton.Ok if accept else QDialogButtonBox.StandardButton.Cancel
        dialog.buttons.button(button).click()

    QTimer.singleShot(0, respond)


def _nato(db_path, settings):
    return sorted((a.document_id, a.start) for a in stored(db_path, settings) if a.label == "actor")


def test_shift_and_a_label_key_tags_every_nato_in_the_article_in_one_undo_step(window, qtbot, db_path, settings):
    view = window.view
    text = view.current_document.text
    first = text.index("NATO")
    view.select_span(first, first + 4)
    seen: list[str] = []
    _answer(qtbot, seen=seen)
    qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)  # Shift + the actor key
    every = [i for i in range(len(text)) if text.startswith("NATO", i) and not text[i + 4 : i + 5].isalpha()]
    assert seen == [f"{len(every)} places found; {len(every)} new annotations."]
    assert [start for _, start in _nato(db_path, settings)] == every
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert _nato(db_path, settings) == []
    window.undo_stack.redo()
    assert len(_nato(db_path, settings)) == len(every)


def test_cancel_tags_nothing(window, qtbot, db_path, settings):
    text = window.view.current_document.text
    window.view.select_span(text.index("NATO"), text.index("NATO") + 4)
    _answer(qtbot, accept=False)
    window.tag_all.from_selection("actor")
    assert _nato(db_path, settings) == [] and window.undo_stack.count() == 0


def test_from_an_annotation_across_the_corpus_copies_its_attributes_and_skips_the_tagged(
    window, project, qtbot, db_path, settings, tmp_path
):
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps({"id": "other", "text": "NATO met. NATOs and nato did not."}) + "\n", encoding="utf-8")
    project.import_paths([other])
    QApplication.processEvents()
    text = window.view.current_document.text
    first = text.index("NATO")
    tagged = project.add_annotation(window.document_id, "actor", first, first + 4, attributes={"kind": "organisation"})
    window.select_annotation(tagged.id)
    seen: list[str] = []
    _answer(qtbot, corpus=True, seen=seen)
    window.tag_all.from_annotation()
    in_sample = text.count("NATO")
    assert seen == [
        f"{in_sample + 1} places found in 2 articles; {in_sample} new annotations (1 already tagged, skipped)."
    ]
    actors = [a for a in stored(db_path, settings) if a.label == "actor"]
    assert len(actors) == in_sample + 1
    assert all(a.attributes == {"kind": "organisation"} for a in actors)
    assert "in 2 articles" in window.statusBar().currentMessage()

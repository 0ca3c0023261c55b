"""The schema editor window (Labels → Edit labels…) and the Guidelines panel (F1), on a real project file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.services import Project
from tests.gui.conftest import stored


def select(window, phrase):
    start = window.view.current_document.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    return start


def open_editor(window, qtbot):
    [action] = [a for a in window.labels_menu.actions() if a.objectName() == "editLabels"]  # Labels → Edit labels…
    action.trigger()
    editor = window.schema_launcher.window
    qtbot.waitExposed(editor)
    return editor


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def leave(qtbot, box, text, to):
    """Type into a text box, then move on to `to`, as a user does with Tab or a click."""
    box.setFocus()
    qtbot.keyClicks(box, text)
    to.setFocus()
    QApplication.processEvents()


def test_a_new_label_timeline_with_key_5_and_a_guideline_tags_and_guides(window, qtbot, db_path, settings):
    editor = open_editor(window, qtbot)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    form = editor.form
    type_into(qtbot, form.name, "Timeline")
    type_into(qtbot, form.shortcut, "5")
    leave(qtbot, form.guideline.definition, "When something should happen: a date, a summit, a deadline.", form.name)
    leave(qtbot, form.guideline.examples, "the summit in Vilnius", form.name)

    reader = Project.open(db_path, analyst="reader", settings=settings)  # saved at once, seen by another process
    label = reader.schema.get("timeline")
    reader.close()
    assert (label.name, label.shortcut) == ("Timeline", "5")
    assert label.guideline.definition.startswith("When something should happen")
    assert label.guideline.examples == ("the summit in Vilnius",)
    assert window.label_palette.label_actions["timeline"].text() == "Timeline  [5]"
    assert "When something should happen" in window.label_palette.label_actions["timeline"].toolTip()

    start = select(window, "next year")
    window.activateWindow()  # back to the article, as a user clicks it
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    [annotation] = stored(db_path, settings)
    assert (annotation.label, annotation.start, annotation.end) == ("timeline", start, start + len("next year"))

    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guidelines.isVisible()
    window.select_annotation(annotation.id)
    shown = window.guidelines.browser.toPlainText()
    assert "Timeline" in shown and "When something should happen" in shown and "the summit in Vilnius" in shown


def test_each_change_is_one_undo_step_of_the_editor_window(window, qtbot, project):
    editor = open_editor(window, qtbot)
    editor.labels.setCurrentIndex(editor.label_model.index(2, 0))  # Actor
    type_into(qtbot, editor.form.name, "Participant")
    editor.form.colour.setCurrentIndex(4)
    editor.form.colour.activated.emit(4)  # Okabe–Ito blue, as chosen from the list
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert [lb.name for lb in project.schema] == ["Quote", "Participant", "Condition", "Guarantee type"]
    assert project.schema.get("actor").colour == "#0072B2"
    assert window.label_palette.label_actions["actor"].text() == "Participant  [3]"

    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.labels.setFocus()
    qtbot.keyClick(editor.labels, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.schema.keys == ["quote", "condition", "actor", "guarantee_type"]
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert project.schema.get("actor").name == "Actor"
    assert project.schema.get("actor").colour == "#009E73"
    editor.undo_stack.redo()
    assert project.schema.get("actor").name == "Participant"


def test_a_clashing_key_is_refused_in_the_status_bar_and_nothing_saved(window, qtbot, project):
    editor = open_editor(window, qtbot)
    editor.labels.setCurrentIndex(editor.label_model.index(1, 0))  # Condition, key 2
    type_into(qtbot, editor.form.shortcut, "1")
    assert "key 1 already tags Quote" in editor.statusBar().currentMessage()
    assert project.schema.get("condition").shortcut == "2"
    assert editor.form.shortcut.text() == "2"
    assert editor.undo_stack.count() == 0


def test_deleting_a_used_label_says_how_many_annotations_and_undo_brings_them_back(window, qtbot, db_path, settings):
    select(window, "Anders Fogh Rasmussen")
    window.label_palette.label_actions["actor"].trigger()
    select(window, "Poland")
    window.label_palette.label_actions["actor"].trigger()
    editor = open_editor(window, qtbot)
    asked = []
    editor.confirm_delete = lambda label, count: asked.append((label.name, count)) or answer
    editor.labels.setCurrentIndex(editor.label_model.index(2, 0))

    answer = False
    editor.delete_current()
    assert asked == [("Actor", 2)]
    assert len(stored(db_path, settings)) == 2

    answer = True
    editor.delete_current()
    assert stored(db_path, settings) == []
    assert "actor" not in window.label_palette.label_actions
    assert window.table_model.rowCount() == 0
    editor.undo_stack.undo()
    assert sorted(a.label for a in stored(db_path, settings)) == ["actor", "actor"]
    assert window.table_model.rowCount() == 2


def test_guarantee_type_guideline_follows_the_caret_and_the_chosen_type(window, qtbot, tmp_path):
    select(window, "intelligence sharing")
    window.label_palette.label_actions["guarantee_type"].trigger()
    [annotation] = window.annotations
    window.guidelines.toggle_action.trigger()
    window.select_annotation(None)
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.utf16_map.to_utf16(annotation.start + 3))
    window.view.setTextCursor(cursor)
    assert "A kind of security guarantee" in window.guidelines.browser.toPlainText()
    assert "type = " not in window.guidelines.browser.toPlainText()
    window.select_annotation(annotation.id)
    window.project.update_annotation(annotation.id, attributes={"type": "intelligence_sharing"})
    window.select_annotation(annotation.id)
    shown = window.guidelines.browser.toPlainText()
    assert "type = intelligence_sharing" in shown
    assert "Sharing intelligence, surveillance or reconnaissance information." in shown
    assert window.guidelines.grab().save(str(tmp_path / "guidelines.png"))


def test_the_editor_models_pass_the_model_tester(window, qtbot, qtmodeltester):
    editor = open_editor(window, qtbot)
    qtmodeltester.check(editor.label_model)
    qtmodeltester.check(editor.relation_model)


def test_dragging_a_label_and_editing_relation_types_and_values_are_undoable(window, qtbot, project):
    editor = open_editor(window, qtbot)
    model = editor.label_model
    dragged = model.mimeData([model.index(3, 0)])  # Guarantee type, dropped above Quote
    assert model.dropMimeData(dragged, Qt.DropAction.MoveAction, 0, 0, model.index(-1, -1)) is False
    assert project.schema.keys == ["guarantee_type", "quote", "condition", "actor"]

    relations = editor.relation_model
    assert relations.data(relations.index(0, 2)) == "Actor"  # speaker: quote -> actor
    relations.setData(relations.index(0, 2), "Actor, Condition")
    assert project.schema.relation_type("speaker").targets == ("actor", "condition")
    relations.setData(relations.index(0, 2), "Nobody")
    assert "no label 'Nobody'" in editor.statusBar().currentMessage()

    select(window, "Poland")
    window.label_palette.label_actions["actor"].trigger()
    [annotation] = window.annotations
    project.update_annotation(annotation.id, attributes={"kind": "state"})
    editor.labels.setCurrentIndex(model.index(3, 0))  # Actor
    editor.activateWindow()  # back to the editor, as a user clicks it
    qtbot.waitUntil(editor.isActiveWindow)
    box = editor.form.attributes
    box.setFocus()
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    leave(qtbot, box, "role: speaker, provider", editor.form.name)
    assert project.schema.get("actor").attribute("role").values == ("speaker", "provider")
    editor.form.attributes.setFocus()
    editor.form.attributes.setPlainText("kind: person, organisation")  # drops "state", which Poland has
    editor.form.name.setFocus()
    QApplication.processEvents()
    assert "drops value 'state' of actor.kind, used by 1 annotation" in editor.statusBar().currentMessage()
    assert project.schema.get("actor").attribute("kind").values == ("person", "state", "organisation", "group")

    for _ in range(3):
        editor.undo_stack.undo()
    assert project.schema.keys == ["quote", "condition", "actor", "guarantee_type"]
    assert project.schema.relation_type("speaker").targets == ("actor",)
    assert project.schema.get("actor").attribute("role") is None

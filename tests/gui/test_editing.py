"""Attribute editor, label changes, reopening a project, preferences, navigation and item models."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.gui.annotate.annotation_table_model import AnnotationTableModel
from annotator.gui.annotate.document_list_model import DocumentListModel
from annotator.services import Project
from tests.gui.conftest import shown_window, stored


def tag(window, phrase, label):
    start = window.view.current_document.text.index(phrase)
    window.view.select_span(start, start + len(phrase))
    window.tag_selection(label)
    return window.selected_id


def test_attribute_combo_sets_attribute_and_undo_clears_it(window, db_path, settings):
    tag(window, "Anders Fogh Rasmussen", "actor")
    box = window.editor.attribute_box("kind")
    assert box is not None and box.isVisible()
    box.setCurrentIndex(box.findData("person"))
    [annotation] = stored(db_path, settings)
    assert annotation.attributes == {"kind": "person"}
    assert "kind=person" in window.table_model.data(window.table_model.index(0, 2))
    window.undo_stack.undo()
    [annotation] = stored(db_path, settings)
    assert annotation.attributes == {}


def test_guarantee_type_offers_the_schema_values(window):
    tag(window, "sending troops to Ukraine", "guarantee_type")
    box = window.editor.attribute_box("type")
    values = [box.itemData(i) for i in range(box.count())]
    assert "troop_deployment" in values and "collective_defence" in values and values[0] == ""


def test_changing_the_label_drops_attributes_of_the_old_label_and_undoes(window, db_path, settings):
    tag(window, "Poland", "actor")
    window.editor.attribute_box("kind").setCurrentIndex(window.editor.attribute_box("kind").findData("state"))
    window.editor.label_box.setCurrentIndex(window.editor.label_box.findData("quote"))
    [annotation] = stored(db_path, settings)
    assert (annotation.label, annotation.attributes) == ("quote", {})
    assert window.editor.attribute_box("mode") is not None  # the form now shows quote's attributes
    window.undo_stack.undo()
    [annotation] = stored(db_path, settings)
    assert (annotation.label, annotation.attributes) == ("actor", {"kind": "state"})


def test_clicking_a_table_row_selects_the_annotation_in_the_editor(window):
    first = tag(window, "Some NATO member countries", "actor")
    tag(window, "Poland", "actor")
    window.table.selectRow(0)
    assert window.selected_id == first
    assert window.editor.label_box.currentData() == "actor"


def test_reopening_shows_the_same_annotations_on_the_last_document(qtbot, db_path, settings, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("A second article about Article 5 guarantees.\n", encoding="utf-8")
    project = Project.open(db_path, analyst="olena", settings=settings)
    project.import_seeds()
    project.import_paths([second])
    window = shown_window(qtbot, project)
    window.step_document(1)
    assert window.view.current_document.text.startswith("A second article")
    tag(window, "Article 5", "guarantee_type")
    window.close()
    project.close()

    reopened = Project.open(db_path, analyst="olena", settings=settings)
    again = shown_window(qtbot, reopened)
    assert again.view.current_document.text.startswith("A second article")
    assert again.table_model.rowCount() == 1
    assert again.focusWidget() is again.view  # the widget that has the keyboard when the window is active
    reopened.close()


def test_page_down_and_up_move_between_documents(window, project, tmp_path, qtbot):
    other = tmp_path / "other.txt"
    other.write_text("Another text.\n", encoding="utf-8")
    project.import_paths([other])
    first = window.document_id
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    assert window.document_id != first
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    assert window.document_id == first


def test_emoji_before_the_selection_keeps_offsets_exact(qtbot, db_path, settings, tmp_path):
    article = tmp_path / "emoji.txt"
    article.write_text("Flags 🇺🇦🇵🇱 and 😀 then café́ Poland signed.\n", encoding="utf-8")
    project = Project.open(db_path, analyst="olena", settings=settings)
    project.import_paths([article])
    window = shown_window(qtbot, project)
    window.activateWindow()
    view = window.view
    qtbot.waitUntil(view.hasFocus)
    text = view.current_document.text
    # Qt finds the word in its own UTF-16 positions; the keyboard then selects it, as a user would
    found = view.document().find("Poland")
    cursor = view.textCursor()
    cursor.setPosition(found.selectionStart())
    view.setTextCursor(cursor)
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_3)
    [annotation] = stored(db_path, settings)
    assert text[annotation.start : annotation.end] == "Poland"
    project.close()


def test_preferences_save_the_analyst_name(window, settings, monkeypatch):
    from annotator.gui.annotate import file_actions

    class Accepting(file_actions.PreferencesDialog):
        def exec(self):
            self.analyst_edit.setText("mykola")
            return 1

    monkeypatch.setattr(file_actions, "PreferencesDialog", Accepting)
    window.file_actions.show_preferences()
    assert window.project.analyst == "mykola"
    assert "mykola" in window.status_label.text()
    from annotator.services.user_settings import UserSettings

    assert UserSettings(settings.path).get("analyst") == "mykola"


def test_status_bar_names_the_analyst_and_counts(window):
    tag(window, "Poland", "actor")
    assert "Analyst: olena" in window.status_label.text()
    assert "1 annotation in this document" in window.status_label.text()


def test_ctrl_q_closes_the_window(window, qtbot):
    qtbot.keyClick(window.view, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_zoom_keys_change_the_font_size(window, qtbot):
    before = window.view.font().pointSizeF()
    qtbot.keyClick(window.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() > before
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font().pointSizeF() == before


def test_item_models_pass_the_model_tester(window, project, qtmodeltester):
    tag(window, "Poland", "actor")
    qtmodeltester.check(DocumentListModel(project))
    table = AnnotationTableModel()
    document = window.view.current_document
    table.set_annotations(document.text, project.annotations(document.id), project.schema)
    qtmodeltester.check(table)


def test_tooltip_lists_every_label_at_a_point(window):
    tag(window, "Some NATO member countries", "actor")
    window.editor.attribute_box("kind").setCurrentIndex(window.editor.attribute_box("kind").findData("group"))
    tag(window, "Some NATO member countries may consider sending troops", "quote")
    tip = window.view.tooltip_at(window.view.current_document.text.index("NATO"))
    assert tip.index("Actor") < tip.index("Quote")  # innermost first
    assert "kind: group" in tip and "olena" in tip
    assert window.view.tooltip_at(window.view.current_document.text.index("Vilnius")) == ""


def test_clicking_in_the_text_selects_the_annotation_under_the_mouse(window, qtbot):
    poland = tag(window, "Poland", "actor")
    window.select_annotation(None)
    view = window.view
    offset = view.current_document.text.index("Poland") + 2
    cursor = view.textCursor()
    cursor.setPosition(view._map.to_utf16(offset))
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_id == poland
    assert window.editor.label_box.currentData() == "actor"
    elsewhere = view.cursorRect(view.document().find("Vilnius")).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=elsewhere)
    assert window.selected_id is None

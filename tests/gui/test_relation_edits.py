"""Changing a relation's type and direction from the Relations list, the editor's relation lines, and blind mode."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from annotator.services import Project
from tests.claims_sample import GUARANTEE, PROVIDER
from tests.gui.conftest import shown_window
from tests.gui.test_linking import SPEAKER, open_linking, stored_relations


def _focus_row(window, relation_id):
    panel = window.relations_panel
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(panel.model.row_of(relation_id), 0))
    return panel.table


def _listed(window):
    model = window.relations_panel.model
    return [tuple(model.data(model.index(row, c)) for c in range(3)) for row in range(model.rowCount())]


def test_t_turns_a_provider_into_a_recipient_and_undo_redo_follow(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    relation = project.add_relation(document_id, "provider", spans["guarantee"].id, spans["provider"].id)
    table = _focus_row(window, relation.id)
    qtbot.keyClick(table, Qt.Key.Key_T)
    [stored] = stored_relations(db_path, settings, document_id)
    assert (stored.id, stored.type, stored.source_id, stored.target_id) == (
        relation.id,
        "recipient",
        relation.source_id,
        relation.target_id,
    )
    assert _listed(window) == [("recipient", GUARANTEE, PROVIDER)]
    assert window.undo_stack.undoText() == "Change relation to recipient"
    window.undo_stack.undo()
    assert stored_relations(db_path, settings, document_id) == [relation]
    assert _listed(window) == [("provider", GUARANTEE, PROVIDER)]
    window.undo_stack.redo()
    assert [r.type for r in stored_relations(db_path, settings, document_id)] == ["recipient"]
    assert _listed(window)[0][0] == "recipient"


def test_t_says_when_no_other_type_fits(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    relation = project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    qtbot.keyClick(_focus_row(window, relation.id), Qt.Key.Key_T)
    assert "No other relation type fits" in window.statusBar().currentMessage()
    assert stored_relations(db_path, settings, document_id) == [relation]
    assert window.undo_stack.count() == 0


def test_the_context_menu_offers_the_types_that_fit_and_changes_it(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    relation = project.add_relation(document_id, "provider", spans["guarantee"].id, spans["provider"].id)
    panel = window.relations_panel
    table = panel.table
    table.customContextMenuRequested.emit(table.visualRect(panel.model.index(0, 1)).center())
    menu = panel.menu
    assert menu is not None and menu.isVisible()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["&Set type", "Next &type", "&Reverse", "Delete relation"]
    assert [a.shortcut().toString() for a in menu.actions()[1:]] == ["T", "R", "Del"]
    types = menu.actions()[0].menu()
    assert [(a.text(), a.isChecked()) for a in types.actions()] == [("provider", True), ("recipient", False)]
    QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(table.mapTo(window, table.visualRect(panel.model.index(0, 1)).center()), menu.grab())
    painter.end()
    assert picture.save("/tmp/relations_menu.png")
    next(a for a in types.actions() if a.text() == "recipient").trigger()
    menu.close()
    assert [r.type for r in stored_relations(db_path, settings, document_id)] == ["recipient"]
    window.undo_stack.undo()
    assert stored_relations(db_path, settings, document_id) == [relation]


def test_r_is_refused_with_the_reason_when_the_reverse_does_not_fit(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    relation = project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    qtbot.keyClick(_focus_row(window, relation.id), Qt.Key.Key_R)
    assert window.statusBar().currentMessage() == (
        "Cannot reverse: a speaker relation starts at a Quote, not at an Actor."
    )
    assert stored_relations(db_path, settings, document_id) == [relation]
    assert window.undo_stack.count() == 0


def test_r_reverses_where_the_schema_allows_and_undo_redo_follow(window, project, qtbot, db_path, settings):
    schema, _ = project.schema.with_relation_type("mentions")  # any label at either end
    project.repository.set_setting("schema", schema.to_dict())
    project.reload_schema()
    document_id, spans = open_linking(window, project, qtbot)
    relation = project.add_relation(document_id, "mentions", spans["quote"].id, spans["speaker"].id)
    qtbot.keyClick(_focus_row(window, relation.id), Qt.Key.Key_R)
    [stored] = stored_relations(db_path, settings, document_id)
    assert (stored.id, stored.source_id, stored.target_id) == (relation.id, spans["speaker"].id, spans["quote"].id)
    assert _listed(window)[0][:2] == ("mentions", SPEAKER)
    window.undo_stack.undo()
    assert stored_relations(db_path, settings, document_id) == [relation]
    window.undo_stack.redo()
    assert stored_relations(db_path, settings, document_id)[0].source_id == spans["speaker"].id


def test_the_editor_lists_the_relations_and_jumps_to_the_other_end(window, project, qtbot, tmp_path):
    document_id, spans = open_linking(window, project, qtbot)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    provider = project.add_relation(document_id, "provider", spans["guarantee"].id, spans["provider"].id)
    QApplication.processEvents()
    window.select_annotation(spans["guarantee"].id)
    editor = window.editor
    assert editor.relation_lines() == [f"provider → {PROVIDER}"]
    assert editor.relations_label.isVisible()
    window.select_annotation(spans["speaker"].id)
    assert editor.relation_lines()[0].startswith("← speaker: a group of NATO member countries may")
    QApplication.processEvents()
    assert window.editor.grab().save("/tmp/editor_relations.png")
    window.select_annotation(spans["provider"].id)
    assert editor.relation_lines() == [f"← provider: {GUARANTEE}"]
    editor.relations_label.linkActivated.emit(str(spans["guarantee"].id))  # as a click on the line does
    assert window.selected_id == spans["guarantee"].id
    assert window.view.textCursor().position() == spans["guarantee"].start  # scrolled there
    window.relations_panel.table.setCurrentIndex(
        window.relations_panel.model.index(window.relations_panel.model.row_of(provider.id), 0)
    )
    window.relations_panel.cycle_type()  # a change shows in the editor at once
    assert editor.relation_lines() == [f"recipient → {PROVIDER}"]
    window.undo_stack.undo()
    assert editor.relation_lines() == [f"provider → {PROVIDER}"]
    window.select_annotation(spans["nearer"].id)
    assert editor.relation_lines() == [] and not editor.relations_label.isVisible()


def test_the_status_bar_counts_relations(window, project, qtbot):
    document_id, spans = open_linking(window, project, qtbot)
    assert "0 relations (0 yours)" in window.status_label.text()
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    QApplication.processEvents()
    assert "1 relation (1 yours)" in window.status_label.text()


def test_blind_mode_shows_and_counts_only_the_analysts_own_relations(qtbot, db_path, settings, project):
    document_id, spans = open_linking_headless(project)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    bob = Project.open(db_path, analyst="bob", settings=settings)
    text = bob.document(document_id).text
    start = text.index(GUARANTEE)
    guarantee = bob.add_annotation(document_id, "guarantee_type", start, start + len(GUARANTEE))
    start = text.index(SPEAKER)
    actor = bob.add_annotation(document_id, "actor", start, start + len(SPEAKER))
    bob.add_relation(document_id, "provider", guarantee.id, actor.id)
    bob.close()
    seeing = shown_window(qtbot, project)
    seeing.open_document(document_id)
    assert seeing.relations_panel.model.rowCount() == 2
    assert "2 relations (1 yours)" in seeing.status_label.text()
    seeing.close()
    reviewer = Project.open(db_path, analyst="rev", settings=settings, reviewer=True)
    reviewer.set_blind(True)
    reviewer.close()
    olena = Project.open(db_path, analyst="olena", settings=settings)
    try:
        window = shown_window(qtbot, olena)
        window.open_document(document_id)
        panel = window.relations_panel
        assert [(r.type, r.analyst) for r in map(panel.model.relation, range(panel.model.rowCount()))] == [
            ("speaker", "olena")
        ]
        assert panel.title.text() == "Relations (1)"
        assert "1 relation (1 yours)" in window.status_label.text()
        window.select_annotation(spans["speaker"].id)
        assert len(window.editor.relation_lines()) == 1 and "speaker" in window.editor.relation_lines()[0]
        assert window.select_annotation(guarantee.id) is None and window.selected_id is None  # bob's: not shown
    finally:
        window.close()
        olena.close()


def open_linking_headless(project):
    from tests.gui.test_linking import tagged

    return tagged(project)

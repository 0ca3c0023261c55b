"""Linking annotations with the keyboard, undoing it, and the Relations list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.annotate.relation_table_model import RelationTableModel
from annotator.services import Project
from tests.claims_sample import GUARANTEE, PROVIDER, QUOTE, RECIPIENT

SPEAKER = "Anders Fogh Rasmussen"
NEARER_ACTOR = "The former head of NATO"


def _tag(project, document_id, label, words, after=""):
    text = project.document(document_id).text
    start = text.index(words, text.index(after) if after else 0)
    return project.add_annotation(document_id, label, start, start + len(words))


def tagged(project):
    """The sample article with a quote, three actors and a guarantee tagged: (document id, annotations by name)."""
    document_id = next(d for d in project.document_ids() if SPEAKER in project.document(d).text)
    spans = {
        "quote": _tag(project, document_id, "quote", QUOTE),
        "speaker": _tag(project, document_id, "actor", SPEAKER),
        "nearer": _tag(project, document_id, "actor", NEARER_ACTOR),
        "provider": _tag(project, document_id, "actor", PROVIDER, after=NEARER_ACTOR),
        "guarantee": _tag(project, document_id, "guarantee_type", GUARANTEE),
        "recipient": _tag(project, document_id, "actor", RECIPIENT, after=GUARANTEE),
    }
    return document_id, spans


def stored_relations(db_path, settings, document_id):
    """Relations as another process reads them from the file."""
    p = Project.open(db_path, analyst="reader", settings=settings)
    try:
        return p.relations(document_id)
    finally:
        p.close()


def open_linking(window, project, qtbot):
    document_id, spans = tagged(project)
    window.open_document(document_id)
    window.view.setFocus()
    return document_id, spans


def link_until(window, qtbot, source, target):
    window.select_annotation(source.id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    assert window.link_mode.active
    for _ in range(10):
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        if window.selected_id == target.id:
            return
    raise AssertionError("Tab never reached the target")


def test_l_tab_enter_links_a_quote_to_its_speaker(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    window.select_annotation(spans["quote"].id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    message = window.statusBar().currentMessage()
    assert message.startswith("Link Quote “a group of NATO") and "Tab next" in message and "Esc cancel" in message
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.selected_id != spans["quote"].id  # the nearest target first, shown as it is reached
    reached = [window.selected_id]
    while window.selected_id != spans["speaker"].id:
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        reached.append(window.selected_id)
        assert len(reached) < 10
    assert spans["guarantee"].id not in reached  # a quote links to actors only
    assert SPEAKER in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert not window.link_mode.active
    [relation] = stored_relations(db_path, settings, document_id)
    assert (relation.type, relation.source_id, relation.target_id) == (
        "speaker",
        spans["quote"].id,
        spans["speaker"].id,
    )
    model = window.relations_panel.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(4)]
    assert row[0] == "speaker" and row[1].startswith("a group of NATO") and row[2] == SPEAKER and row[3] == "olena"


def test_tab_goes_nearest_first_and_shift_tab_back(window, project, qtbot):
    _document_id, spans = open_linking(window, project, qtbot)
    window.select_annotation(spans["quote"].id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    first = window.selected_id
    assert first in (spans["provider"].id, spans["recipient"].id, spans["nearer"].id)  # inside or next to the quote
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab)
    assert window.selected_id == first
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)


def test_guarantee_to_actor_asks_provider_or_recipient(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    link_until(window, qtbot, spans["guarantee"], spans["provider"])
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    chooser = window.link_mode.chooser
    assert chooser is not None and chooser.isVisible()
    assert [a.text() for a in chooser.actions()] == ["&Provider", "&Recipient"]
    assert stored_relations(db_path, settings, document_id) == []
    qtbot.keyClick(chooser, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: bool(stored_relations(db_path, settings, document_id)))
    [relation] = stored_relations(db_path, settings, document_id)
    assert (relation.type, relation.source_id, relation.target_id) == (
        "provider",
        spans["guarantee"].id,
        spans["provider"].id,
    )
    assert window.selected_id == spans["guarantee"].id  # back on the source: ready for the next link


def test_escape_cancels_and_saves_nothing(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    link_until(window, qtbot, spans["quote"], spans["speaker"])
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.link_mode.active
    assert window.selected_id == spans["quote"].id
    assert stored_relations(db_path, settings, document_id) == []
    assert window.relations_panel.model.rowCount() == 0
    # outside linking, Tab and Enter are not taken: no link starts or is made
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert stored_relations(db_path, settings, document_id) == []


def test_undo_removes_the_relation_and_redo_brings_it_back_with_its_id(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    link_until(window, qtbot, spans["quote"], spans["speaker"])
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    [relation] = stored_relations(db_path, settings, document_id)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_relations(db_path, settings, document_id) == []
    assert window.relations_panel.model.rowCount() == 0
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored_relations(db_path, settings, document_id) == [relation]
    assert window.relations_panel.model.rowCount() == 1


def test_delete_in_the_relations_list_deletes_and_undoes(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    kept = project.add_relation(document_id, "recipient", spans["guarantee"].id, spans["recipient"].id)
    table = window.relations_panel.table
    assert window.relations_panel.model.rowCount() == 2
    assert window.relations_panel.title.text() == "Relations (2)"
    row = next(r for r in range(2) if window.relations_panel.model.relation(r).type == "speaker")
    table.setFocus()
    table.setCurrentIndex(window.relations_panel.model.index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert stored_relations(db_path, settings, document_id) == [kept]
    assert len(project.annotations(document_id)) == 6  # the annotations stay
    window.undo_stack.undo()
    assert len(stored_relations(db_path, settings, document_id)) == 2


def test_deleting_an_end_takes_its_relation_off_the_list_and_undo_brings_it_back(window, project, qtbot):
    document_id, spans = open_linking(window, project, qtbot)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    window.select_annotation(spans["speaker"].id)
    window.delete_selected()
    assert window.relations_panel.model.rowCount() == 0
    window.undo_stack.undo()
    assert window.relations_panel.model.rowCount() == 1


def test_relation_model_passes_the_model_tester(window, project, qtbot, qtmodeltester):
    document_id, spans = open_linking(window, project, qtbot)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    qtmodeltester.check(window.relations_panel.model)
    qtmodeltester.check(RelationTableModel())


def test_relations_made_elsewhere_are_listed_and_the_window_still_draws(window, project, qtbot, tmp_path):
    document_id, spans = open_linking(window, project, qtbot)
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    project.add_relation(document_id, "provider", spans["guarantee"].id, spans["provider"].id)
    QApplication.processEvents()
    model = window.relations_panel.model
    assert window.relations_panel.title.text() == "Relations (2)"
    assert sorted(model.data(model.index(row, 0)) for row in range(model.rowCount())) == ["provider", "speaker"]
    assert window.grab().save(str(tmp_path / "window.png"))  # a picture to look at when the layout changes


def test_a_target_clicked_while_linking_is_the_one_linked(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    window.select_annotation(spans["quote"].id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    window.select_annotation(spans["speaker"].id)  # as a click on it does
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    [relation] = stored_relations(db_path, settings, document_id)
    assert relation.target_id == spans["speaker"].id


def test_escape_in_the_type_chooser_keeps_the_link_going(window, project, qtbot, tmp_path):
    _document_id, spans = open_linking(window, project, qtbot)
    link_until(window, qtbot, spans["guarantee"], spans["recipient"])
    assert window.grab().save(str(tmp_path / "linking.png"))
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    chooser = window.link_mode.chooser
    assert chooser is not None
    assert chooser.grab().save(str(tmp_path / "chooser.png"))
    qtbot.keyClick(chooser, Qt.Key.Key_Escape)
    assert window.link_mode.active  # the chooser closed: still linking, another target may be picked
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert not window.link_mode.active

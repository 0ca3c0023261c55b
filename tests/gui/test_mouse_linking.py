"""Arrows between linked spans in the article, and linking with the mouse (Link to…, Alt+drag)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from annotator.gui.annotate.relation_arrows import type_colour
from tests.claims_sample import PROVIDER
from tests.gui.test_linking import open_linking, stored_relations


def _painted(window):
    window.view.viewport().repaint()
    QApplication.processEvents()
    return [label for label, _ in window.view.arrow_tags]


def _point(window, annotation, skip: int = 0) -> QPoint:
    """A viewport point on an annotation's second character (or `skip` more), scrolled into view."""
    view = window.view
    view.select_span(annotation.start, annotation.start)
    view.ensureCursorVisible()
    cursor = view.textCursor()
    cursor.setPosition(view.utf16_map.to_utf16(annotation.start + 1 + skip))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 2, rect.center().y())


def _distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def _relate(window, project, document_id, spans):
    project.add_relation(document_id, "speaker", spans["quote"].id, spans["speaker"].id)
    project.add_relation(document_id, "provider", spans["guarantee"].id, spans["provider"].id)
    project.add_relation(document_id, "recipient", spans["guarantee"].id, spans["recipient"].id)
    QApplication.processEvents()


def test_the_selected_annotations_relations_are_drawn_as_labelled_arrows(window, project, qtbot, tmp_path):
    document_id, spans = open_linking(window, project, qtbot)
    _relate(window, project, document_id, spans)
    window.select_annotation(spans["guarantee"].id)
    assert sorted(_painted(window)) == ["provider", "recipient"]
    tags = dict(window.view.arrow_tags)
    assert not tags["provider"].intersects(tags["recipient"])  # tags never cover each other
    # the tag is drawn in its type's colour, where the test expects it
    picture = window.view.viewport().grab().toImage()
    scrolled = window.view.verticalScrollBar().value()
    box = tags["provider"].translated(0, -scrolled).toRect()
    keys = tuple(t.key for t in project.schema.relations)
    wanted = type_colour("provider", keys)
    pixels = [
        QColor(picture.pixel(x, y)) for x in range(box.left(), box.right()) for y in range(box.top(), box.bottom())
    ]
    assert min(_distance(c, wanted) for c in pixels) < 60  # its outline, antialiased
    picture.save(str(tmp_path / "arrows.png"))

    window.select_annotation(spans["speaker"].id)  # the other end of the speaker relation
    assert _painted(window) == ["speaker"]
    window.select_annotation(spans["nearer"].id)  # no relation: no arrow
    assert _painted(window) == []


def test_arrows_follow_undo_of_a_deleted_relation(window, project, qtbot):
    document_id, spans = open_linking(window, project, qtbot)
    _relate(window, project, document_id, spans)
    window.select_annotation(spans["guarantee"].id)
    window.relations_panel.table.selectRow(window.relations_panel.model.row_of(project.relations(document_id)[1].id))
    window.relations_panel.delete_current()
    QApplication.processEvents()
    assert _painted(window) == ["recipient"]
    window.undo_stack.undo()
    QApplication.processEvents()
    assert sorted(_painted(window)) == ["provider", "recipient"]


def _choose_in_menu(object_name: str, seen: list[str]) -> None:
    """When the context menu is up, note its entries and trigger the one named `object_name`."""

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        action = next(a for a in menu.actions() if a.objectName() == object_name)
        menu.close()
        action.trigger()

    QTimer.singleShot(50, pick)


def test_link_to_from_the_context_menu_then_a_click_on_the_target(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    view = window.view
    seen: list[str] = []
    _choose_in_menu("linkTo", seen)
    where = _point(window, spans["quote"], skip=len(PROVIDER) + 2)  # on "may turn": the quote alone
    menu_event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.viewport().mapToGlobal(where))
    QApplication.sendEvent(view.viewport(), menu_event)  # a right-click, as the platform delivers it
    qtbot.waitUntil(lambda: window.link_mode.active)
    assert "Link to…\tL" in seen
    assert window.selected_id == spans["quote"].id
    assert "click a target" in window.statusBar().currentMessage()
    # a click on plain text links nothing and says so
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert window.link_mode.active and "Click a target" in window.statusBar().currentMessage()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, spans["speaker"]))
    assert not window.link_mode.active
    [relation] = stored_relations(db_path, settings, document_id)
    assert (relation.type, relation.source_id, relation.target_id) == (
        "speaker",
        spans["quote"].id,
        spans["speaker"].id,
    )
    assert _painted(window) == ["speaker"]  # the new link is drawn at once


def test_alt_drag_from_a_quote_to_its_speaker_links_them(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    viewport = window.view.viewport()
    start = _point(window, spans["quote"], skip=len(PROVIDER) + 2)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, start)
    end = _point(window, spans["speaker"])
    qtbot.mouseMove(viewport, end)
    assert window.view.textCursor().selectedText() == ""  # dragging a link selects no text
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, end)
    [relation] = stored_relations(db_path, settings, document_id)
    assert (relation.type, relation.source_id, relation.target_id) == (
        "speaker",
        spans["quote"].id,
        spans["speaker"].id,
    )
    assert "Linked Quote" in window.statusBar().currentMessage()


def test_alt_drag_to_something_that_cannot_be_linked_saves_nothing(window, project, qtbot, db_path, settings):
    document_id, spans = open_linking(window, project, qtbot)
    viewport = window.view.viewport()
    start, end = _point(window, spans["speaker"]), _point(window, spans["nearer"])  # actor → actor: no type fits
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, start)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, end)
    assert stored_relations(db_path, settings, document_id) == []
    assert not window.link_mode.active
    assert window.statusBar().currentMessage()  # says why


def test_while_linking_the_reached_target_is_previewed_with_its_type(window, project, qtbot):
    _document_id, spans = open_linking(window, project, qtbot)
    window.select_annotation(spans["guarantee"].id)
    qtbot.keyClick(window.view, Qt.Key.Key_L)
    while window.selected_id != spans["recipient"].id:
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert _painted(window) == ["provider / recipient"]  # the types that fit, still to choose
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    assert _painted(window) == []

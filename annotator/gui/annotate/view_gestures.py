"""What the mouse does in the article view: click to select (again to cycle nested spans), drag to select
(snapped to words), drag a selected span's edge, Alt+drag a link, click a link's target, the context menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QMenu

from annotator.core.word_snap import snap_to_words

if TYPE_CHECKING:
    from annotator.gui.annotate.document_view import DocumentView

EDGE_GRIP = 4  # pixels either side of a selected span's edge where a drag moves that edge
CLICK_SLOP = 3  # pixels a press may move and still be a click
LINK_HINT = "link to…"


class MouseGestures:
    """The view's mouse handlers call these; each says whether it took the event (the view then leaves
    Qt's own handling out)."""

    def __init__(self, view: DocumentView) -> None:
        self.view = view
        self.press_pos: QPoint | None = None
        self.drag_source: int | None = None  # an Alt+drag link from this annotation
        self.edge_drag: tuple[int, str] | None = None  # the selected annotation's edge being dragged
        self.edge_preview: tuple[int, int, str] | None = None  # where that edge would put the span

    # --- where things are

    def ids_at(self, pos: QPoint) -> list[int]:
        """The annotations under a viewport point, innermost first."""
        offset = self.view.code_point_at(pos)
        return [a.id for a in self.view.annotations_at(offset)] if offset is not None else []

    def edge_at(self, pos: QPoint) -> str | None:
        """Which edge of the selected annotation is under a viewport point ("start", "end"), if one is."""
        view = self.view
        rects = view.span_rects(view.shown_annotation(view.selected_id))
        if not rects:
            return None
        x = pos.x() + view.horizontalScrollBar().value()
        y = pos.y() + view.verticalScrollBar().value()
        first, last = rects[0], rects[-1]
        if abs(x - first.left()) <= EDGE_GRIP and first.top() <= y <= first.bottom() + EDGE_GRIP:
            return "start"
        if abs(x - last.right()) <= EDGE_GRIP and last.top() <= y <= last.bottom() + EDGE_GRIP:
            return "end"
        return None

    def gap_at(self, pos: QPoint) -> int:
        """The gap between characters nearest a viewport point, in code points of the shown text."""
        view = self.view
        return min(view.utf16_map.to_code_point(view.cursorForPosition(pos).position()), view.shown_to)

    # --- the handlers

    def press(self, event: QMouseEvent) -> bool:
        view = self.view
        self.press_pos = pos = event.position().toPoint()
        left = event.button() == Qt.MouseButton.LeftButton
        edge = self.edge_at(pos) if left and not view.linking else None
        if edge is not None and view.selected_id is not None:  # a drag of the selected span's edge
            self.edge_drag = (view.selected_id, edge)
            view.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            return True
        if left and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            ids = self.ids_at(pos)
            if ids:  # Alt+drag from an annotation draws a link to where it is dropped
                self.drag_source = view.selected_id if view.selected_id in ids else ids[0]
                view.set_link(self.drag_source, QPointF(pos), LINK_HINT)
                view.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
                return True
        return False

    def move(self, event: QMouseEvent) -> bool:
        view, pos = self.view, event.position().toPoint()
        if self.drag_source is not None:
            view.set_link(self.drag_source, QPointF(pos), LINK_HINT)
            view.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
            return True
        if self.edge_drag is not None:
            self._preview_edge(pos)
            return True
        if not view.linking and not event.buttons():  # an edge of the selected span can be taken
            if self.edge_at(pos) is not None:
                view.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                view.viewport().unsetCursor()
        elif view.link_targets:  # a link being made: show where a click links
            over_target = not view.link_targets.isdisjoint(self.ids_at(pos))
            view.viewport().setCursor(
                Qt.CursorShape.PointingHandCursor if over_target else Qt.CursorShape.ForbiddenCursor
            )
        return False

    def _preview_edge(self, pos: QPoint) -> None:
        if self.edge_drag is None:
            return
        annotation = self.view.shown_annotation(self.edge_drag[0])
        if annotation is None:
            return
        gap = self.gap_at(pos)
        start, end = (gap, annotation.end) if self.edge_drag[1] == "start" else (annotation.start, gap)
        self.edge_preview = (start, end, annotation.label) if start < end else None
        self.view.request_repaint()

    def release_first(self, event: QMouseEvent) -> bool:
        """Before Qt's handling: the end of an edge drag or a link drag."""
        view, pos = self.view, event.position().toPoint()
        if self.edge_drag is not None:
            (annotation_id, edge), self.edge_drag, self.edge_preview = self.edge_drag, None, None
            view.viewport().unsetCursor()
            view.request_repaint()
            view.edge_dragged.emit(annotation_id, edge, self.gap_at(pos))
            return True
        if self.drag_source is not None:
            source, self.drag_source = self.drag_source, None
            view.set_link(None)
            view.link_dragged.emit(source, self.ids_at(pos))
            return True
        return False

    def release_after(self, event: QMouseEvent) -> None:
        """After Qt's handling: snap what the drag selected, or take the click."""
        view, pos = self.view, event.position().toPoint()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        moved = self.press_pos is not None and (pos - self.press_pos).manhattanLength() > CLICK_SLOP
        exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if (moved or event.modifiers() & Qt.KeyboardModifier.ShiftModifier) and view.snap_to_words and not exact:
            self.snap_selection()
        if moved or view.textCursor().hasSelection():
            return
        ids = self.ids_at(pos)
        if view.click_filter is not None and view.click_filter(ids):
            return  # a target clicked while linking
        if ids:
            # clicking again on nested spans cycles from the innermost outwards
            selected = view.selected_id
            view.annotation_clicked.emit(ids[(ids.index(selected) + 1) % len(ids)] if selected in ids else ids[0])
        else:
            view.annotation_clicked.emit(None)

    def snap_selection(self) -> None:
        """Grow the mouse's selection to whole words and drop edge spaces and punctuation, keeping its
        direction (the caret stays at the end the mouse let go)."""
        view = self.view
        cursor, span, document = view.textCursor(), view.selected_span(), view.current_document
        if span is None or document is None:
            return
        snapped = snap_to_words(document.text, *span)  # the text itself: a copy of a long one costs
        if snapped is None or snapped == span:
            return  # nothing but spaces or punctuation: left as selected (tagging refuses or trims it)
        to_utf16 = view.utf16_map.to_utf16
        start, end = to_utf16(snapped[0]), to_utf16(min(snapped[1], view.shown_to))
        backwards = cursor.position() < cursor.anchor()
        cursor.setPosition(end if backwards else start)
        cursor.setPosition(start if backwards else end, QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)

    def context_menu(self, event: QContextMenuEvent) -> None:
        view = self.view
        menu: QMenu = view.createStandardContextMenu(event.pos())
        if view.schema is not None:
            menu.addSeparator()
            tag = menu.addMenu("Tag selection as")
            tag.setEnabled(view.textCursor().hasSelection())
            for label in view.schema:
                action = tag.addAction(f"{label.name}\t{label.shortcut}" if label.shortcut else label.name)
                action.triggered.connect(lambda _=False, key=label.key: view.tag_requested.emit(key))
            every = menu.addMenu("Tag all occurrences as")
            every.setEnabled(view.textCursor().hasSelection())
            for label in view.schema:
                action = every.addAction(
                    f"{label.name}…\tShift+{label.shortcut}" if label.shortcut else f"{label.name}…"
                )
                action.triggered.connect(lambda _=False, key=label.key: view.tag_all_requested.emit(key))
        # the annotation clicked on (the selected one if it is there, else the innermost), else the selected one
        ids, selected = self.ids_at(event.pos()), view.selected_id
        chosen = selected if selected in ids or not ids else ids[0]
        like = menu.addAction("Tag all occurrences of this annotation…")
        like.setObjectName("tagAllLike")
        like.setEnabled(selected is not None)
        like.triggered.connect(view.tag_all_like_requested.emit)
        link = menu.addAction("Link to…\tL")
        link.setObjectName("linkTo")
        link.setEnabled(chosen is not None)
        link.triggered.connect(lambda: view.link_requested.emit(chosen))
        delete = menu.addAction("Delete annotation")
        delete.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        delete.setEnabled(selected is not None)
        delete.triggered.connect(view.delete_requested.emit)
        menu.exec(event.globalPos())

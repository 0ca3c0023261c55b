"""The article view: read-only text with a caret, label highlights drawn as overlays in stacked lanes."""

from __future__ import annotations

import html
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QScrollBar, QTextEdit, QToolTip, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Document
from annotator.core.offsets import Utf16Map
from annotator.core.spans import LiveSpans
from annotator.gui.annotate.highlight_geometry import HighlightGeometry
from annotator.gui.annotate.relation_arrows import Arrow, ArrowLayer, type_colour
from annotator.gui.annotate.view_gestures import MouseGestures

READING_WIDTH_EM = 42  # about 75 characters a line: comfortable reading
LINE_HEIGHT_PERCENT = 175  # leaves room under each line for the underline lanes
FILL_ALPHA = 60
ZOOM_RANGE = (-6, 12)
TOP_MARGIN = 64
FIND_HIT = QColor(255, 213, 79, 150)  # every hit of the find bar, behind the text
FIND_CURRENT = QColor(255, 152, 0, 200)  # the one selected
MAX_FIND_DRAWN = 2_000
SCROLLBAR_STYLE = """
QScrollBar:vertical { background: palette(base); width: 12px; margin: 0; }
QScrollBar::handle:vertical { background: palette(mid); border-radius: 4px; min-height: 32px; margin: 2px; }
QScrollBar::handle:vertical:hover { background: palette(dark); }
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: none; }
"""


WHOLE_KEYS = (
    QKeySequence.StandardKey.MoveToEndOfDocument,
    QKeySequence.StandardKey.SelectEndOfDocument,
    QKeySequence.StandardKey.SelectAll,
)


class _Span(NamedTuple):
    start: int
    end: int
    label: str


class DocumentView(QTextEdit):
    """Shows one document and its annotations; speaks code points to the rest of the app.

    All conversion between Qt's UTF-16 positions and stored code-point offsets happens
    here, through `core.offsets.Utf16Map`.
    """

    annotation_clicked = Signal(object)  # annotation id, or None for a click on plain text
    tag_requested = Signal(str)  # label key, from the context menu
    tag_all_requested = Signal(str)  # label key: every occurrence of the selection (context menu)
    tag_all_like_requested = Signal()  # every occurrence of the selected annotation, tagged like it
    delete_requested = Signal()
    painted = Signal()  # after each paint of the article
    whole_needed = Signal()  # what was asked needs the whole article (find, to its end, select all)
    link_requested = Signal(object)  # annotation id: "Link to…" from its context menu
    link_dragged = Signal(object, object)  # source annotation id, the ids under the drop (innermost first)
    edge_dragged = Signal(object, str, int)  # annotation id, "start" or "end", where it was let go (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # read-only but with a caret, so a keyboard user can select with Shift+arrows
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptRichText(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.5))
        self.setFont(font)
        self.setMouseTracking(True)
        # the margins around the centred column belong to the frame: paint them like the page
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        # a slim flat scroll bar: the platform style's gradients cost a third of every page scrolled
        self.verticalScrollBar().setStyleSheet(SCROLLBAR_STYLE)
        self.zoom_steps = 0
        self._document: Document | None = None
        self._map = Utf16Map("")
        self._shown_to = 0  # code points of the document's text in the view
        self._schema: LabelSchema | None = None
        self._spans: LiveSpans[Annotation] = LiveSpans()  # the shown annotations, by position and lane
        self._selected_id: int | None = None
        self._pending: list[tuple[int, int, str]] = []  # new annotations the database has not accepted yet
        self._highlights = HighlightGeometry(self, parent=self)
        self._colours: dict[str, QColor] = {}
        self._label_brushes: dict[str, tuple[QBrush, QBrush]] = {}
        # relations: the selected annotation's as arrows, and the link being made (source, target or point, hint)
        self._arrows: list[tuple[str, int, int]] = []
        self._link: tuple[int, int | QPointF | None, str] | None = None
        self._link_targets: frozenset[int] = frozenset()
        self._arrow_layer = ArrowLayer(self.font())
        self.arrow_tags: list[tuple[str, QRectF]] = []  # the arrows' type tags of the last paint, with their boxes
        # while a link is being made, a click on the article goes here first (ids under it, innermost
        # first); it returns True when it took the click
        self.click_filter: Callable[[list[int]], bool] | None = None
        self.snap_to_words = True  # a mouse selection grows to whole words (Preferences; Alt: exact)
        self.gestures = MouseGestures(self)
        self._find_hits: list[tuple[int, int]] = []  # what the find bar found, drawn behind the text
        self._find_starts: list[int] = []
        self._find_current: tuple[int, int] | None = None
        # repaint coalescing: many changes in one event-loop turn cost one repaint
        self._repaint = QTimer(self, singleShot=True, interval=0)
        self._repaint.timeout.connect(self.viewport().update)

    # --- content

    @property
    def current_document(self) -> Document | None:
        return self._document

    def set_document(
        self,
        document: Document | None,
        annotations: Sequence[Annotation],
        schema: LabelSchema,
        *,
        shown_to: int | None = None,
    ) -> None:
        """Show `document` with `annotations`; with `shown_to`, only its text up to there for now
        (a long article's first screens), the rest to come through `extend`."""
        self._document = document
        self._schema = schema
        text = document.text if document else ""
        self._shown_to = len(text) if shown_to is None else min(shown_to, len(text))
        if self._shown_to < len(text):
            text = text[: self._shown_to]
        self._map = Utf16Map(text)  # of the text shown: extended with it
        # one insert into a fresh document whose block format already has the reading line
        # height: formatting a million characters after setPlainText costs twenty times more
        fresh = QTextDocument(self)
        fresh.setUndoRedoEnabled(False)
        fresh.setDocumentMargin(24)
        frame = fresh.rootFrame().frameFormat()
        frame.setTopMargin(TOP_MARGIN)  # room above the first line for the arcs of relation arrows
        fresh.rootFrame().setFrameFormat(frame)
        fresh.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))
        fresh.setDefaultFont(self.font())
        cursor = QTextCursor(fresh)
        block = QTextBlockFormat()
        block.setLineHeight(LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor.setBlockFormat(block)
        cursor.insertText(text)
        previous = self.document()
        ours = previous is not None and previous.parent() is self  # Qt deletes the first one itself
        self.setDocument(fresh)
        if ours:
            previous.deleteLater()
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._selected_id = None
        self.set_annotations(annotations, schema)

    @property
    def shown_to(self) -> int:
        """How much of the document's text (code points) the view holds: all of it once loaded."""
        return self._shown_to

    def extend(self, shown_to: int, annotations: Sequence[Annotation]) -> None:
        """Show the document's text up to `shown_to` and more annotations (the next stretch of a long
        article): appended, so what is on screen, the caret and the selection stay where they are."""
        if self._document is not None and shown_to > self._shown_to:
            more = self._document.text[self._shown_to : shown_to]
            self._map.extend(more)
            # the last paragraph may go on in what is added, and what starts there is new
            self._highlights.forget(max(0, self._shown_to - 1), shown_to)
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(more)
            self._shown_to = shown_to
        if annotations:
            self._spans.extend(annotations)
            self._highlights.forget(min(a.start for a in annotations), max(a.end for a in annotations))
            self._repaint.start()

    def set_annotations(self, annotations: Sequence[Annotation], schema: LabelSchema | None = None) -> None:
        """Show these annotations (all of them anew: lanes are packed from scratch)."""
        if schema is not None:
            self._schema = schema
            self._colours.clear()
            self._label_brushes.clear()
        self._spans = LiveSpans(annotations)
        self._highlights.forget_all()
        self._repaint.start()

    def apply_changes(self, changed: Sequence[Annotation], removed: Sequence[int]) -> None:
        """Show a few added, changed or removed annotations without touching the rest."""
        forget = self._highlights.forget
        for annotation_id in removed:
            old = self._spans.get(annotation_id)
            if old is not None:
                forget(old.start, old.end)
            self._spans.remove(annotation_id)
        for annotation in changed:
            old = self._spans.get(annotation.id)
            if old is not None:
                forget(old.start, old.end)
            self._spans.add(annotation)
            forget(annotation.start, annotation.end)
        self._repaint.start()

    @property
    def lanes(self) -> dict[int, int]:
        return self._spans.lanes

    def set_pending(self, spans: Sequence[tuple[int, int, str]]) -> None:
        """Show unsaved new annotations with a dashed outline until they are saved or discarded."""
        self._pending = list(spans)
        self._repaint.start()

    def set_selected_annotation(self, annotation_id: int | None) -> None:
        self._selected_id = annotation_id
        annotation = self._spans.get(annotation_id) if annotation_id is not None else None
        if annotation is not None:
            cursor = self.textCursor()
            cursor.setPosition(self._map.to_utf16(annotation.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._repaint.start()

    def set_find_hits(self, hits: Sequence[tuple[int, int]], current: tuple[int, int] | None = None) -> None:
        """Mark every hit of the find bar (code points), `current` more strongly."""
        self._find_hits = list(hits)
        self._find_starts = [start for start, _ in self._find_hits]
        self._find_current = current
        self._repaint.start()

    def _visible_hits(self) -> list[_Span]:
        """The find hits on screen (at most a screenful's worth is ever drawn)."""
        if not self._find_hits:
            return []
        viewport = self.viewport()
        first = self._map.to_code_point(self.cursorForPosition(QPoint(0, 0)).position())
        last = self._map.to_code_point(self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position())
        lo = max(0, bisect_left(self._find_starts, first) - 1)
        hi = bisect_right(self._find_starts, last + 1)
        return [_Span(start, end, "") for start, end in self._find_hits[lo : min(hi, lo + MAX_FIND_DRAWN)]]

    def set_arrows(self, relations: Sequence[tuple[str, int, int]]) -> None:
        """Draw these relations (type, source id, target id) as arrows; ends not shown are left out."""
        if relations != self._arrows:
            self._arrows = list(relations)
            self._repaint.start()

    def set_link(
        self, source_id: int | None, target: int | QPointF | None = None, hint: str = "", targets=frozenset()
    ) -> None:
        """Show the link being made: a dashed arrow from `source_id` to the `target` annotation (or a
        point of the viewport, while dragging) tagged with `hint`; `targets` get a pointing cursor."""
        self._link = (source_id, target, hint) if source_id is not None else None
        self._link_targets = frozenset(targets)
        if self._link is None:
            self.viewport().unsetCursor()
        self._repaint.start()

    # --- code point <-> Qt position (the one place the app converts)

    @property
    def utf16_map(self) -> Utf16Map:
        """The conversion of the shown text, for the highlight geometry of this view."""
        return self._map

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span of the document text, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.span_to_code_points(cursor.selectionStart(), cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select code points [start, end) as the user would with the mouse."""
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_utf16(start))
        cursor.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def code_point_at(self, pos: QPoint) -> int | None:
        """Code-point offset of the character under a viewport point, if any."""
        if self._document is None or not self._document.text:
            return None
        cursor = self.cursorForPosition(pos)
        rect = self.cursorRect(cursor)
        u16 = cursor.position()
        if pos.x() < rect.x() and u16 > 0:
            u16 -= 1  # cursorForPosition rounds to the nearest gap; we want the character under the point
        cp = self._map.to_code_point(u16)
        return min(cp, self._shown_to - 1)

    @property
    def selected_id(self) -> int | None:
        """The annotation drawn as selected."""
        return self._selected_id

    @property
    def schema(self) -> LabelSchema | None:
        return self._schema

    @property
    def linking(self) -> bool:
        """Whether a link is being made (its dashed arrow shown)."""
        return self._link is not None

    @property
    def link_targets(self) -> frozenset[int]:
        """The annotations a click may link to while a link is being made."""
        return self._link_targets

    def request_repaint(self) -> None:
        """Repaint soon (many requests in one turn of the event loop cost one paint)."""
        self._repaint.start()

    def span_rects(self, annotation: Annotation | None) -> list[QRectF]:
        """The rectangles an annotation covers, in document coordinates (none if it is not laid out)."""
        if annotation is None:
            return []
        [(_, rects)] = self._highlights.rects([annotation])
        return [rect for rect, _ in rects]

    def shown_annotation(self, annotation_id: int | None) -> Annotation | None:
        """The annotation with this id if the view shows it."""
        return self._spans.get(annotation_id) if annotation_id is not None else None

    def annotations_at(self, offset: int) -> list[Annotation]:
        return self._spans.at(offset)

    # --- zoom

    def zoom(self, steps: int) -> None:
        target = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], self.zoom_steps + steps))
        delta = target - self.zoom_steps
        if delta > 0:
            self.zoomIn(delta)
        elif delta < 0:
            self.zoomOut(-delta)
        self.zoom_steps = target
        self._arrow_layer = ArrowLayer(self.font())
        self._fit_reading_width()

    def reset_zoom(self) -> None:
        self.zoom(-self.zoom_steps)

    def screenful(self) -> int:
        """About how many characters of text one screen of this view holds (at its size and zoom)."""
        lines = self.viewport().height() / (self.fontMetrics().lineSpacing() * LINE_HEIGHT_PERCENT / 100)
        per_line = self.lineWrapColumnOrWidth() / max(1, self.fontMetrics().averageCharWidth())
        return int(lines * per_line)

    # --- layout

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_reading_width()

    def _fit_reading_width(self) -> None:
        """Keep the text column at a readable width, centred in wide windows."""
        scrollbar = self.verticalScrollBar().sizeHint().width()
        available = max(200, self.width() - scrollbar - 2 * self.frameWidth())
        column = min(available, int(self.fontMetrics().averageCharWidth() * READING_WIDTH_EM * 2))
        side = (available - column) // 2
        if self.lineWrapColumnOrWidth() != column:
            self.setLineWrapColumnOrWidth(column)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, 0, 0)

    # --- painting

    def prepare_highlights(self) -> None:
        """Compute now the highlights that idle time would prepare (for measuring a settled view)."""
        self._highlights.prepare_all()

    def _colour(self, label: str) -> QColor:
        colour = self._colours.get(label)
        if colour is None:
            definition = self._schema.get(label) if self._schema else None
            colour = self._colours[label] = QColor(definition.colour if definition else "#999999")
        return QColor(colour)  # a copy: callers change its alpha

    def _brushes(self, label: str) -> tuple[QBrush, QBrush]:
        """The fill (translucent) and underline brushes of a label, made once per schema."""
        brushes = self._label_brushes.get(label)
        if brushes is None:
            fill = self._colour(label)
            fill.setAlpha(FILL_ALPHA)
            brushes = self._label_brushes[label] = (QBrush(fill), QBrush(self._colour(label)))
        return brushes

    def _document_painter(self) -> QPainter:
        """A painter on the viewport in document coordinates (the highlights' are kept in those)."""
        painter = QPainter(self.viewport())
        painter.translate(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())
        painter.setPen(Qt.PenStyle.NoPen)
        return painter

    def paintEvent(self, event) -> None:
        fills, underlines = self._highlights.visible(self._spans)
        painter = self._document_painter()
        for label, rects in fills.items():  # one call per label: a page holds dozens of spans
            painter.setBrush(self._brushes(label)[0])
            painter.drawRects(rects)
        for span, outline in self._highlights.rects(self._visible_hits()):
            current = (span.start, span.end) == self._find_current
            painter.setBrush(FIND_CURRENT if current else FIND_HIT)
            painter.drawRects([rect for rect, _ in outline])
        painter.end()
        super().paintEvent(event)
        painter = self._document_painter()
        for label, rects in underlines.items():
            painter.setBrush(self._brushes(label)[1])
            painter.drawRects(rects)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        selected = self._spans.get(self._selected_id) if self._selected_id is not None else None
        if selected is not None:
            painter.setPen(QPen(self._colour(selected.label).darker(160), 2))
            for _, outline in self._highlights.rects([selected]):
                for rect, _ in outline:
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        preview = self.gestures.edge_preview
        dashed = self._pending + ([preview] if preview is not None else [])
        for span, outline in self._highlights.rects([_Span(*pending) for pending in dashed]) if dashed else ():
            painter.setPen(QPen(self._colour(span.label).darker(130), 2, Qt.PenStyle.DashLine))
            for rect, _ in outline:
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        arrows = self._arrows_to_draw()
        self.arrow_tags = (
            self._arrow_layer.paint(painter, arrows, self.palette().color(QPalette.ColorRole.Base)) if arrows else []
        )
        painter.end()
        self.painted.emit()

    def _arrows_to_draw(self) -> list[Arrow]:
        """The selected annotation's relations and the link being made, with their ends' line pieces."""
        if not self._arrows and self._link is None:
            return []
        get = self._spans.get
        keys = tuple(t.key for t in self._schema.relations) if self._schema is not None else ()
        wanted: list[tuple[str, QColor, Annotation, Annotation | QPointF, bool]] = []
        for type_key, source_id, target_id in self._arrows:
            source, target = get(source_id), get(target_id)
            if source is not None and target is not None:
                wanted.append((type_key, type_colour(type_key, keys), source, target, False))
        if self._link is not None:
            link_source, link_end, hint = self._link
            start = get(link_source)
            point = get(link_end) if isinstance(link_end, int) else link_end
            if start is not None and point is not None:
                wanted.append((hint or "…", self.palette().color(QPalette.ColorRole.Text), start, point, True))
        ends: dict[int, Annotation] = {}
        for *_, first, last, _ in wanted:
            ends[first.id] = first
            if isinstance(last, Annotation):
                ends[last.id] = last
        pieces = {span.id: rects for span, rects in self._highlights.rects(list(ends.values()))}
        scrolled = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return [
            Arrow(label, colour, pieces[s.id], t + scrolled if isinstance(t, QPointF) else pieces[t.id], dashed)
            for label, colour, s, t, dashed in wanted
        ]

    # --- mouse and tooltips

    def tooltip_at(self, offset: int) -> str:
        """Every label at a character, innermost first, with analyst and attributes (rich text)."""
        lines = []
        for a in self.annotations_at(offset):
            definition = self._schema.get(a.label) if self._schema else None
            extra = ", ".join(f"{k}: {v}" for k, v in sorted(a.attributes.items()) if v)
            name = html.escape(definition.name if definition else a.label)
            lines.append(f"<b>{name}</b> — {html.escape(a.analyst)}" + (f" ({html.escape(extra)})" if extra else ""))
        return "<br>".join(lines)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            offset = self.code_point_at(self.viewport().mapFromGlobal(event.globalPos()))
            tip = self.tooltip_at(offset) if offset is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _partial(self) -> bool:
        """Whether part of the document's text is still to come (a long article arriving)."""
        return self._document is not None and self._shown_to < len(self._document.text)

    # QTextEdit.find, an instance method, hides QWidget's static find(WId) (in Qt too); the stubs keep both
    def find(self, *args: Any) -> bool:  # type: ignore[override]
        if self._partial():
            self.whole_needed.emit()  # search all of the article, not what has arrived so far
        return super().find(*args)

    def keyPressEvent(self, event) -> None:
        if self._partial() and any(map(event.matches, WHOLE_KEYS)):
            self.whole_needed.emit()  # to its real end, all of it: bring in the rest first
        # PgDown and PgUp go to the next and previous document (DESIGN.md); a long article is paged
        # with Space and Shift+Space, as in a browser (the view is read-only: a space types nothing)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Space and modifiers in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        ):
            action = (
                QScrollBar.SliderAction.SliderPageStepSub if modifiers else QScrollBar.SliderAction.SliderPageStepAdd
            )
            self.verticalScrollBar().triggerAction(action)
            return
        super().keyPressEvent(event)

    # --- the mouse (annotator.gui.annotate.view_gestures)

    def mousePressEvent(self, event) -> None:
        if not self.gestures.press(event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if not self.gestures.move(event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if not self.gestures.release_first(event):
            super().mouseReleaseEvent(event)
            self.gestures.release_after(event)

    def contextMenuEvent(self, event) -> None:
        self.gestures.context_menu(event)
